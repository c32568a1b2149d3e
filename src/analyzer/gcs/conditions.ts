/** G-3: reading of an IAM condition expression on a bucket binding. */
export type ConditionReading =
  /** The binding can never apply now (expired request.time bound, or a resource.name outside this bucket). */
  | { kind: 'inert'; why: string }
  /** Fully understood: applies now, narrowed to `prefix` (undefined = whole bucket). */
  | { kind: 'credited'; prefix?: string; notes: string[] }
  /** Not understood: keep the unconditional reading (never below HIGH). */
  | { kind: 'uncredited'; why: string };

const STARTS_WITH = /^resource\.name\.startsWith\(\s*(["'])(.*)\1\s*\)$/;
const TIME = /^request\.time\s*(<=|<|>=|>)\s*timestamp\(\s*(["'])([^"']+)\2\s*\)$/;
const RESOURCE_TYPE = /^resource\.type\s*==\s*(["'])storage\.googleapis\.com\/(Object|Bucket|ManagedFolder)\1$/;

function stripParens(t: string): string {
  let s = t.trim();
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Split on top-level `&&` (outside quotes/parentheses); undefined when the expression has `||` or `!`. */
function conjuncts(expr: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let cur = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i] as string;
    if (quote) {
      cur += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '|' && expr[i + 1] === '|') return undefined;
    if (ch === '!' && expr[i + 1] !== '=') return undefined;
    if (depth === 0 && ch === '&' && expr[i + 1] === '&') {
      parts.push(cur);
      cur = '';
      i++;
      continue;
    }
    cur += ch;
  }
  if (quote || depth !== 0) return undefined;
  parts.push(cur);
  return parts.map(stripParens);
}

export function readCondition(expression: string, bucket: string, now: Date): ConditionReading {
  const terms = conjuncts(stripParens(expression));
  if (!terms || terms.length === 0 || terms.some((t) => t === '')) {
    return { kind: 'uncredited', why: `condition "${expression}" is not a plain conjunction` };
  }
  let prefix: string | undefined;
  const notes: string[] = [];
  let uncredited: string | undefined;
  const base = `projects/_/buckets/${bucket}/objects/`;
  for (const t of terms) {
    const sw = STARTS_WITH.exec(t);
    if (sw) {
      const path = sw[2] ?? '';
      let p: string | undefined;
      if (path.startsWith(base)) p = path.slice(base.length);
      else if (base.startsWith(path)) p = '';
      else return { kind: 'inert', why: `resource.name.startsWith("${path}") never matches bucket ${bucket}` };
      if (p === '') continue;
      if (prefix === undefined || p.startsWith(prefix)) prefix = p;
      else if (!prefix.startsWith(p)) return { kind: 'inert', why: `prefixes "${prefix}" and "${p}" exclude each other` };
      continue;
    }
    const tm = TIME.exec(t);
    if (tm) {
      const op = tm[1];
      const at = Date.parse(tm[3] ?? '');
      if (Number.isNaN(at)) {
        uncredited ??= `unparseable timestamp in "${t}"`;
        continue;
      }
      const expired = op === '<' ? at <= now.getTime() : op === '<=' ? at < now.getTime() : false;
      if (expired) return { kind: 'inert', why: `request.time ${op} ${tm[3]} has expired` };
      notes.push(op === '<' || op === '<=' ? `time-bound until ${tm[3]}` : `active from ${tm[3]} (treated as active)`);
      continue;
    }
    if (RESOURCE_TYPE.test(t)) {
      notes.push(t);
      continue;
    }
    uncredited ??= `condition term "${t}" is not evaluated`;
  }
  if (uncredited) return { kind: 'uncredited', why: uncredited };
  return { kind: 'credited', ...(prefix !== undefined ? { prefix } : {}), notes };
}
