import type { Command } from 'commander';
import { defaultContext } from '../../analyzer/context.js';
import { audit } from '../../audit.js';
import { applySuppressions, loadTerraform } from '../../terraform/index.js';
import { globalsOf, httpUrl } from '../globals.js';
import type { CliRuntime } from '../main.js';
import { emitReport } from '../output.js';
import { prepareWorkflow, type WorkflowFlags } from '../workflow.js';

const collectRepeat = (v: string, prev: string[] = []) => [...prev, v];

interface TerraformCliOptions extends WorkflowFlags {
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
    .option('-c, --config <file>', 'bucketaudit.yaml: trust zone, allowlist, outputs, failOn (flags win)')
    .option('--baseline <report.json>', 'previous JSON report: mark findings new/unchanged; --fail-on gates on new ones only')
    .option(
      '--notify-webhook <url>',
      'POST a Slack-compatible summary of new exposures after the run',
      httpUrl('--notify-webhook'),
    )
    .addHelpText(
      'after',
      `
Inline suppression (on the comment line(s) directly above a resource block; a reason is required):
  # bucketaudit:ignore BA-AWS-001 reason: public website bucket, approved in SEC-123`,
    )
    .action(async (paths: string[], opts: TerraformCliOptions, cmd: Command) => {
      const g0 = globalsOf(cmd);
      const wf = await prepareWorkflow(opts, rt.io, new Date());
      const g = wf.globals(g0);
      const load = await loadTerraform(paths, rt.io.cwd);
      const ctx = defaultContext({
        trust: {
          awsAccounts: opts.trustAccount ?? wf.config?.trustZone.awsAccounts ?? [],
          awsOrgIds: opts.trustOrg ?? wf.config?.trustZone.awsOrgIds ?? [],
          gcpDomains: opts.trustDomain ?? wf.config?.trustZone.gcpDomains ?? [],
          gcpProjects: opts.trustProject ?? wf.config?.trustZone.gcpProjects ?? [],
        },
      });
      const { report } = await audit({
        command: 'terraform',
        resources: load.resources,
        errors: load.errors,
        ctx,
        enrich: async (a) => wf.enrich(a),
        postProcess: (findings, assessments) => wf.postProcess(applySuppressions(findings, load.suppressions), assessments),
        finalize: wf.finalize,
        keepAssessments: false,
        keepPassed: wf.keepPassed(g),
      });
      const final = wf.finish(report);
      rt.exitCode = await emitReport(final, g, rt.io);
      await wf.after(final, g, rt.io);
    });
}
