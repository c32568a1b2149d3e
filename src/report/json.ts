import type { AuditReport } from '../model/index.js';

/** Pretty JSON with a trailing newline; the report is already deterministically ordered by buildReport. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const indent = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);

/**
 * The same text as renderJson, in pieces: one per top-level key, and one per element of the top-level arrays
 * (resources, findings, errors). A 100k-bucket report is hundreds of MB as one string; written piece by piece it
 * never exists whole in memory. Pure; `renderJsonChunks(r).join('') === renderJson(r)` (tested).
 */
export function* renderJsonChunks(report: AuditReport): Generator<string> {
  const entries = Object.entries(report as unknown as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  );
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i] as [string, unknown];
    const sep = i < entries.length - 1 ? ',\n' : '\n';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++) {
        const el: unknown = value[j];
        // JSON.stringify writes null for array holes, undefined and functions
        const text =
          el === undefined || typeof el === 'function' || typeof el === 'symbol' ? 'null' : JSON.stringify(el, null, 2);
        yield `    ${indent(text, '    ')}${j < value.length - 1 ? ',\n' : '\n'}`;
      }
      yield `  ]${sep}`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${sep}`;
    }
  }
  yield '}\n';
}
