import type { Command } from 'commander';
import { BucketAuditError } from '../../errors.js';
import type { CliRuntime } from '../main.js';

// PLACEHOLDER: wired when its issue lands.
export function registerTerraform(program: Command, _rt: CliRuntime): void {
  program
    .command('terraform')
    .description('terraform (not available yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new BucketAuditError('NOT_AVAILABLE', 'terraform is not available yet');
    });
}
