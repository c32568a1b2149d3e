import type { Command } from 'commander';
import { defaultContext } from '../../analyzer/context.js';
import { audit } from '../../audit.js';
import { applySuppressions, loadTerraform } from '../../terraform/index.js';
import { globalsOf } from '../globals.js';
import type { CliRuntime } from '../main.js';
import { emitReport } from '../output.js';

const collectRepeat = (v: string, prev: string[] = []) => [...prev, v];

interface TerraformCliOptions {
  trustAccount?: string[];
  trustOrg?: string[];
  trustDomain?: string[];
  trustProject?: string[];
}

export function registerTerraform(program: Command, rt: CliRuntime): void {
  program
    .command('terraform')
    .description('audit Terraform: plan/state JSON (terraform show -json) and .tf files or directories, no cloud access needed')
    .argument('<paths...>', '*.json plan/state files, *.tf files, or directories (all .tf recursively, plan.json / *.plan.json)')
    .option('--trust-account <id>', 'AWS account inside the trust zone, e.g. the owner account (repeatable)', collectRepeat)
    .option('--trust-org <id>', 'AWS organization id inside the trust zone (repeatable)', collectRepeat)
    .option('--trust-domain <domain>', 'GCP domain inside the trust zone (repeatable)', collectRepeat)
    .option('--trust-project <id>', 'GCP project inside the trust zone (repeatable)', collectRepeat)
    .addHelpText(
      'after',
      `
Inline suppression (on the comment line(s) directly above a resource block; a reason is required):
  # bucketaudit:ignore BA-AWS-001 reason: public website bucket, approved in SEC-123`,
    )
    .action(async (paths: string[], opts: TerraformCliOptions, cmd: Command) => {
      const g = globalsOf(cmd);
      const load = await loadTerraform(paths, rt.io.cwd);
      const ctx = defaultContext({
        trust: {
          awsAccounts: opts.trustAccount ?? [],
          awsOrgIds: opts.trustOrg ?? [],
          gcpDomains: opts.trustDomain ?? [],
          gcpProjects: opts.trustProject ?? [],
        },
      });
      const { report } = await audit({
        command: 'terraform',
        resources: load.resources,
        errors: load.errors,
        ctx,
        postProcess: (findings) => applySuppressions(findings, load.suppressions),
      });
      rt.exitCode = await emitReport(report, g, rt.io);
    });
}
