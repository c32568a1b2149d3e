import { readText } from '../runtime/text.js';
import { isMap, isNode, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { ZodIssue } from 'zod';
import { BucketAuditError, inputError } from '../errors.js';
import { type BucketAuditConfig, configSchema } from './schema.js';

/** Parse and validate bucketaudit.yaml text. Errors name the file, the line and what was expected. */
export function parseConfig(text: string, file: string): BucketAuditConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const yamlErr = doc.errors[0];
  if (yamlErr) {
    const pos = lc.linePos(yamlErr.pos[0]);
    const message =
      yamlErr.code === 'MULTIPLE_DOCS'
        ? 'a config file holds one YAML document (remove the second "---")'
        : yamlErr.message.split('\n')[0];
    throw inputError(`invalid YAML: ${message}`, { file, line: pos.line, column: pos.col });
  }
  if (doc.contents === null)
    throw new BucketAuditError('CONFIG', 'the config file is empty (expected at least "version: 1"; see bucketaudit init)', {
      file,
      line: 1,
    });
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // An alias to an anchor defined later or nowhere (*x without &x) is found only when the value is built.
    const alias = unresolvedAlias(doc, lc);
    throw inputError(`invalid YAML: ${err instanceof Error ? err.message : String(err)}`, {
      file,
      ...(alias ? { line: alias.line, column: alias.col } : {}),
    });
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // A misspelled key is the cause of the "required" error it leaves behind (allowlist[0].expire): say it first.
  const issues = parsed.error.issues as ZodIssue[];
  const issue = (issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]) as ZodIssue;
  const line =
    issue.code === 'unrecognized_keys'
      ? (keyLine(doc, lc, issue.path, issue.keys[0]) ?? lineOf(doc, lc, issue.path))
      : lineOf(doc, lc, issue.path);
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  throw new BucketAuditError('CONFIG', `${where}: ${describeIssue(issue)}`, { file, ...(line ? { line } : {}) });
}

function describeIssue(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `required (expected ${issue.expected})`;
  if (issue.code === 'invalid_type' && issue.expected === 'string' && issue.received === 'number')
    return 'expected string, got number (quote it: YAML reads 012345678901 as a number and drops the leading 0)';
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${issue.received}`;
  if (issue.code === 'invalid_union') {
    // expires: a string or a date; say what the value should look like.
    const inner = issue.unionErrors.flatMap((e) => e.issues).find((i) => i.code !== 'invalid_type');
    return inner ? describeIssue(inner) : 'expected a date YYYY-MM-DD';
  }
  if (issue.code === 'invalid_enum_value') return `expected one of ${issue.options.join(', ')}, got "${String(issue.received)}"`;
  return issue.message;
}

/** Position of the first alias with no anchor before it. */
function unresolvedAlias(doc: ReturnType<typeof parseDocument>, lc: LineCounter): { line: number; col: number } | undefined {
  let at: { line: number; col: number } | undefined;
  visit(doc, {
    Alias(_k, node) {
      if (node.resolve(doc) !== undefined || !node.range) return undefined;
      at = lc.linePos(node.range[0]);
      return visit.BREAK;
    },
  });
  return at;
}

/** 1-based line of an (unknown) key inside the map at `path`. */
function keyLine(
  doc: ReturnType<typeof parseDocument>,
  lc: LineCounter,
  path: (string | number)[],
  key: string | undefined,
): number | undefined {
  const map = path.length ? doc.getIn(path, true) : doc.contents;
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]).line : undefined;
}

/** 1-based line of the deepest YAML node that exists on the issue's path. */
function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

export async function loadConfig(file: string): Promise<BucketAuditConfig> {
  let text: string;
  try {
    text = await readText(file); // UTF-8, or UTF-16 with a BOM (Windows PowerShell's Out-File)
  } catch (err) {
    throw inputError(`cannot read config: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  return parseConfig(text, file);
}
