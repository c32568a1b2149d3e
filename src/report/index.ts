import type { Format } from '../cli/globals.js';
import type { AuditReport } from '../model/index.js';

// PLACEHOLDER: JSON only until the writers land.
export function renderReport(report: AuditReport, _format: Format, _opts: { color: boolean }): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
