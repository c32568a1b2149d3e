import type { Command } from 'commander';
import { audit } from '../../audit.js';
import { compact } from '../../runtime/compact.js';
import { globalsOf } from '../globals.js';
import type { CliRuntime } from '../io.js';
import {
  addTrustOptions,
  addWorkflowOptions,
  analyzerContextFor,
  collectRepeat,
  type TrustCliOptions,
} from '../shared-options.js';
import { prepareWorkflow, publishReport, type WorkflowFlags } from '../workflow.js';

interface TerraformCliOptions extends WorkflowFlags, TrustCliOptions {
  varFile?: string[];
}

export function registerTerraform(program: Command, rt: CliRuntime): void {
  const tf = program
    .command('terraform')
    .description('audit Terraform: plan/state JSON (terraform show -json) and .tf files or directories, no cloud access needed')
    .argument('<paths...>', '*.json plan/state files, *.tf files, or directories (all .tf recursively, plan.json / *.plan.json)');
  tf.option(
    '--var-file <file>',
    'variable values for .tf files, as terraform plan -var-file (repeatable; after terraform.tfvars and *.auto.tfvars)',
    collectRepeat,
  );
  addTrustOptions(tf);
  addWorkflowOptions(tf, 'bucketaudit.yaml: trust zone, allowlist, outputs, failOn (flags win)');
  tf.addHelpText(
    'after',
    `
Inline suppression (on the comment line(s) directly above a resource block; a reason is required):
  # bucketaudit:ignore BA-AWS-001 reason: public website bucket, approved in SEC-123`,
  ).action(async (paths: string[], opts: TerraformCliOptions, cmd: Command) => {
    const g0 = globalsOf(cmd);
    const wf = await prepareWorkflow(opts, rt.io, new Date());
    const g = wf.globals(g0);
    // The Terraform reader (and its HCL parser) only for this command.
    const { applySuppressions, loadTerraform } = await import('../../terraform/index.js');
    const load = await loadTerraform(paths, rt.io.cwd, compact({ varFiles: opts.varFile, env: rt.io.env }));
    const ctx = analyzerContextFor(opts, wf.config);
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
    await publishReport(rt, wf, report, g);
  });
}
