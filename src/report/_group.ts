import { severityRank } from '../analyzer/severity.js';
import type { AuditReport, Finding, ReportResource, Severity } from '../model/index.js';

export interface ResourceRow {
  resource: ReportResource;
  /** Non-suppressed failing findings, most severe first. */
  fails: Finding[];
  unknowns: Finding[];
  /** Highest severity among failing findings (or the resource severity when none fail). */
  worst: Severity;
}

/** Resources with their active fail/unknown findings, most severe first, then provider/name order. */
export function resourceRows(report: AuditReport): ResourceRow[] {
  // One pass over the findings, not one per resource (100k resources x millions of findings).
  const byResource = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.suppressed) continue;
    const list = byResource.get(f.resourceId);
    if (list) list.push(f);
    else byResource.set(f.resourceId, [f]);
  }
  const rows = report.resources.map((resource) => {
    const mine = byResource.get(resource.id) ?? [];
    const fails = mine.filter((f) => f.status === 'fail');
    const unknowns = mine.filter((f) => f.status === 'unknown');
    const worst = fails.reduce<Severity>(
      (w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w),
      fails.length > 0 ? 'info' : resource.severity,
    );
    return { resource, fails, unknowns, worst };
  });
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => severityRank(b.r.worst) - severityRank(a.r.worst) || a.i - b.i)
    .map((x) => x.r);
}

export function failCountsBySeverity(report: AuditReport): Record<Severity, number> {
  const out: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of report.findings) if (f.status === 'fail' && !f.suppressed) out[f.severity]++;
  return out;
}
