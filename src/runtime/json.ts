import { type ParseError, type ParseOptions, parse } from 'jsonc-parser';
import { inputError } from '../errors.js';

/** jsonc-parser options for strict JSON (no comments, no trailing commas). */
export const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false };

/** 1-based line and column of a 0-based offset in `text` (lines end at "\n"). */
export function lineColAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.min(offset, text.length);
  let line = 1;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    line++;
    start = nl + 1;
  }
  return { line, column: end - start + 1 };
}

/**
 * Offset of the first syntax error: V8's own position when its message states one, else jsonc-parser's first error
 * ("Unexpected token" and "Unexpected end" messages carry none), else 0. Runs only when JSON.parse has failed.
 */
function errorOffset(text: string, message: string): number {
  const m = /at position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  const errors: ParseError[] = [];
  try {
    parse(text, errors, STRICT_JSON);
  } catch {
    return 0; // nesting deeper than jsonc-parser's recursion allows (JSON.parse has no such limit)
  }
  return errors[0]?.offset ?? 0;
}

/** JSON.parse with file:line:column of the first syntax error as a BucketAuditError INPUT. */
export function parseJsonWithLocation(text: string, file: string, what = 'invalid JSON'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const { line, column } = lineColAt(text, errorOffset(text, msg));
    // V8 quotes the text near the error, cut with "..." when long: `Unexpected token 'x', ..."[[x"... is not valid JSON`.
    const short = msg
      .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')
      .replace(/ in JSON at position \d+.*$/, '');
    throw inputError(`${what}: ${short}`, { file, line, column });
  }
}

/** A JSON path as people read it: planned_values.root_module.child_modules[0].resources[2], variables["my-var"]. */
export function jsonPathText(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}
