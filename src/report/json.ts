import type { AuditReport } from '../model/index.js';

/** Pretty JSON with a trailing newline; the report is already deterministically ordered by buildReport. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
