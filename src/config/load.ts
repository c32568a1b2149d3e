import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
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
    throw inputError(`invalid YAML: ${yamlErr.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
  }
  const raw = doc.toJS() ?? {};
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as ZodIssue;
  const line =
    issue.code === 'unrecognized_keys'
      ? (keyLine(doc, lc, issue.path, issue.keys[0]) ?? lineOf(doc, lc, issue.path))
      : lineOf(doc, lc, issue.path);
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  throw new BucketAuditError('CONFIG', `${where}: ${describeIssue(issue)}`, { file, ...(line ? { line } : {}) });
}

function describeIssue(issue: ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${issue.received}`;
  if (issue.code === 'invalid_enum_value') return `expected one of ${issue.options.join(', ')}, got "${String(issue.received)}"`;
  return issue.message;
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
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw inputError(`cannot read config: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  return parseConfig(text, file);
}
