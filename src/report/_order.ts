import { severityRank } from '../analyzer/severity.js';
import type { Finding } from '../model/index.js';

const STATUS_ORDER: Record<string, number> = { fail: 0, unknown: 1, pass: 2, 'not-applicable': 3 };

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings: severity (critical first), then check id, resource id, status. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.checkId, b.checkId) ||
    cmp(a.resourceId, b.resourceId) ||
    (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}
