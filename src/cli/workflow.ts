import { resolve } from 'node:path';
import { applyBaseline, baselineOf, readReport } from '../baseline/index.js';
import { acknowledge, applyAllowlist, entryMatches } from '../config/allowlist.js';
import { loadConfig } from '../config/load.js';
import type { AllowlistEntry, BucketAuditConfig } from '../config/schema.js';
import type { AllowlistUse, Assessment, AuditReport, BaselineSummary, Finding } from '../model/index.js';
import { postWebhook } from '../notify/webhook.js';
import type { GlobalOptions } from './globals.js';
import { type CliIo, type CliRuntime, setExitCode } from './io.js';
import { emitReport, exitCodeFor, writeReportFile } from './output.js';

/** Options shared by scan and terraform for scheduled/CI use: config, allowlist, baseline, extra outputs, webhook. */
export interface WorkflowFlags {
  config?: string;
  baseline?: string;
  notifyWebhook?: string;
}

export interface Workflow {
  config?: BucketAuditConfig;
  /** The command's global options with the config's failOn where no --fail-on was given. */
  globals: (g: GlobalOptions) => GlobalOptions;
  /** Keep passing findings: --include-passed, or a junit report (main output or config outputs). */
  keepPassed: (g: GlobalOptions) => boolean;
  enrich: (a: Assessment[]) => Assessment[];
  postProcess: (findings: Finding[], assessments: Assessment[]) => Finding[];
  finalize: (findings: Finding[]) => Finding[];
  /** Attach baseline / allowlist summaries gathered during postProcess. */
  finish: (report: AuditReport) => AuditReport;
  /** Write config outputs and send the webhook; problems are reported on stderr, never fail the run. */
  after: (report: AuditReport, g: GlobalOptions, io: CliIo) => Promise<void>;
}

export async function prepareWorkflow(flags: WorkflowFlags, io: CliIo, now: Date): Promise<Workflow> {
  const config = flags.config ? await loadConfig(resolve(io.cwd, flags.config)) : undefined;
  // Only what gating needs is kept through the scan (a previous 100k report's resources would stay in memory).
  const previous = flags.baseline ? baselineOf(await readReport(resolve(io.cwd, flags.baseline))) : undefined;
  const entries = config?.allowlist ?? [];
  const applied = new Map<string, AllowlistUse>();
  const expired = new Map<string, AllowlistUse>();
  let baseline: BaselineSummary | undefined;
  // Entries that matched at least one resource: one that matches none is most likely a typo in its pattern.
  const matched = new Set<AllowlistEntry>();
  const merge = (into: Map<string, AllowlistUse>, uses: AllowlistUse[]) => {
    for (const u of uses) {
      const have = into.get(u.pattern);
      if (have) have.resourceIds = [...new Set([...have.resourceIds, ...u.resourceIds])].sort();
      else into.set(u.pattern, { ...u, resourceIds: [...u.resourceIds] });
    }
  };
  return {
    ...(config ? { config } : {}),
    globals: (g) => (g.failOn === undefined && config?.failOn ? { ...g, failOn: config.failOn } : g),
    keepPassed: (g) =>
      Boolean(g.includePassed) || g.format === 'junit' || (config?.outputs ?? []).some((o) => o.format === 'junit'),
    enrich: (a) => {
      if (!entries.length) return a;
      for (const e of entries) if (!matched.has(e) && a.some((x) => entryMatches(e, x))) matched.add(e);
      return acknowledge(a, entries, now);
    },
    // Per chunk of resources: allowlist uses accumulate across chunks.
    postProcess: (findings, assessments) => {
      if (!entries.length) return findings;
      const r = applyAllowlist(findings, assessments, entries, now);
      merge(applied, r.applied);
      merge(expired, r.expired);
      return r.findings;
    },
    // Once over the whole run: "resolved" only means something against every finding.
    finalize: (findings) => {
      if (!previous) return findings;
      const b = applyBaseline(findings, previous);
      baseline = b.summary;
      return b.findings;
    },
    finish: (report) => ({
      ...report,
      ...(baseline ? { baseline } : {}),
      ...(entries.length ? { allowlist: { applied: [...applied.values()], expired: [...expired.values()] } } : {}),
    }),
    after: async (report, g, io2) => {
      for (const o of config?.outputs ?? []) {
        try {
          await writeReportFile(resolve(io2.cwd, o.path), report, o.format);
          if (!g.quiet) io2.stderr.write(`bucketaudit: wrote ${o.format} report to ${o.path}\n`);
        } catch (err) {
          io2.stderr.write(
            `bucketaudit: ${o.path}: cannot write ${o.format} report (${(err as NodeJS.ErrnoException).code ?? String(err)})\n`,
          );
        }
      }
      for (const e of report.allowlist?.expired ?? []) {
        io2.stderr.write(
          `bucketaudit: allowlist entry "${e.pattern}" (owner ${e.owner}) expired on ${e.expires}; it no longer suppresses ${e.resourceIds.join(', ')}\n`,
        );
      }
      for (const e of entries) {
        if (matched.has(e)) continue;
        const what = e.resource !== undefined ? `resource "${e.resource}"` : `tag "${e.tag}"`;
        io2.stderr.write(
          `bucketaudit: ${flags.config}: allowlist entry ${what} (owner ${e.owner}) matched no resource; check its pattern (matched against resource ids, names and Terraform addresses)\n`,
        );
      }
      const hook = flags.notifyWebhook ?? config?.notify?.webhook;
      if (hook) {
        const err = await postWebhook(hook, report, io2.signal);
        io2.stderr.write(err ? `bucketaudit: ${err}\n` : g.quiet ? '' : 'bucketaudit: notification sent\n');
      }
    },
  };
}

/**
 * The end of scan and terraform: the baseline and allowlist summaries attached, the exit code handed over, the
 * report written, then the config's extra outputs and the webhook.
 */
export async function publishReport(rt: CliRuntime, wf: Workflow, report: AuditReport, g: GlobalOptions): Promise<void> {
  const final = wf.finish(report);
  setExitCode(rt, exitCodeFor(final, g));
  await emitReport(final, g, rt.io);
  await wf.after(final, g, rt.io);
}
