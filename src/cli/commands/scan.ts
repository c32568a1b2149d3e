import type { Command } from 'commander';
import { BucketAuditError } from '../../errors.js';
import type { CliRuntime } from '../main.js';

// PLACEHOLDER: wired when its issue lands.
export function registerScan(program: Command, _rt: CliRuntime): void {
  program
    .command('scan')
    .description('scan (not available yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new BucketAuditError('NOT_AVAILABLE', 'scan is not available yet');
    });
}
