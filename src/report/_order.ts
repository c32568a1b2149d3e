import type { Finding, Severity } from '../model/index.js';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export const STATUS_ORDER: Record<string, number> = { fail: 0, unknown: 1, pass: 2, 'not-applicable': 3 };

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings: severity (critical first), then check id, resource id, status. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
    cmp(a.checkId, b.checkId) ||
    cmp(a.resourceId, b.resourceId) ||
    (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}
