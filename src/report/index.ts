import type { Format } from '../cli/globals.js';
import { BucketAuditError } from '../errors.js';
import type { AuditReport } from '../model/index.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export type { BuildReportInput } from './build.js';
export { buildReport } from './build.js';
export { reportSchema } from './schema.js';
export { renderHtml, renderJson, renderJsonChunks, renderJunit, renderMarkdown, renderSarif, renderTable };

/** Dispatch to the writer of `format`. Pure: returns the text; the CLI writes it. */
export function renderReport(report: AuditReport, format: Format, opts: { color: boolean }): string {
  switch (format) {
    case 'table':
      return renderTable(report, opts);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'junit':
      return renderJunit(report);
    default: {
      const never: never = format;
      throw new BucketAuditError('USAGE', `unknown format ${String(never)}`);
    }
  }
}

/** The report text in pieces: JSON streams per element (reports of 100k buckets), other formats are one piece. */
export function renderReportChunks(report: AuditReport, format: Format, opts: { color: boolean }): Iterable<string> {
  return format === 'json' ? renderJsonChunks(report) : [renderReport(report, format, opts)];
}
