import type { Command } from 'commander';
import { BucketAuditError } from '../../errors.js';
import type { CliRuntime } from '../main.js';

// PLACEHOLDER: wired when its issue lands.
export function registerProbe(program: Command, _rt: CliRuntime): void {
  program
    .command('probe')
    .description('probe (not available yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new BucketAuditError('NOT_AVAILABLE', 'probe is not available yet');
    });
}
