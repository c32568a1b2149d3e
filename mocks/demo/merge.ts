import type { AuditReport } from '../../src/model/index.js';

/** Concatenate reports (the demo's live scan and Terraform audit) into one, recounting the summary. */
export function mergeReports(command: string, reports: readonly AuditReport[]): AuditReport {
  const first = reports[0];
  if (!first) throw new Error('nothing to merge');
  const resources = reports.flatMap((r) => r.resources);
  const findings = reports.flatMap((r) => r.findings);
  const count = <K extends string>(keys: K[]) =>
    keys.reduce<Partial<Record<K, number>>>((acc, k) => {
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  return {
    ...first,
    command,
    resources,
    findings,
    errors: reports.flatMap((r) => r.errors),
    summary: {
      resources: resources.length,
      byVerdict: count(resources.map((r) => r.verdict)),
      bySeverity: count(resources.map((r) => r.severity)),
      // Summed from the summaries: passing checks are counted there even when not listed as findings.
      findings: {
        fail: sum(reports, 'fail'),
        unknown: sum(reports, 'unknown'),
        pass: sum(reports, 'pass'),
        suppressed: sum(reports, 'suppressed'),
      },
      partial: reports.some((r) => r.summary.partial),
    },
  };
}

const sum = (reports: readonly AuditReport[], k: keyof AuditReport['summary']['findings']) =>
  reports.reduce((n, r) => n + r.summary.findings[k], 0);
