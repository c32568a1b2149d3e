/**
 * A small evaluator for the HCL expression language, enough for what decides storage exposure:
 * literals, objects/tuples, string templates, jsonencode/jsondecode and common pure functions,
 * var./local./each./count. and references to other resources, conditionals and for expressions.
 * Anything it cannot decide becomes a `Computed` value (never a guess, never a pass).
 */

/** A value Terraform knows only after apply, or this evaluator cannot resolve statically. */
export class Computed {
  constructor(
    readonly detail: string,
    /** Module-relative resource addresses the value depends on, e.g. "aws_s3_bucket.b". */
    readonly refs: readonly string[] = [],
    /**
     * The expression fails in Terraform (a missing attribute or key, an index out of range, a function
     * error): try() moves on to its next argument. Otherwise the value is only unknown, and try() of it is
     * unknown too (Terraform cannot tell yet whether it would fail).
     */
    readonly error = false,
  ) {}
}

/** An expression Terraform rejects with an error (try() falls back past it). */
const failure = (detail: string) => new Computed(detail, [], true);

/** True when evaluating the value failed somewhere (deep). */
function hasError(v: unknown): boolean {
  if (v instanceof Computed) return v.error;
  if (Array.isArray(v)) return v.some(hasError);
  if (v && typeof v === 'object') return Object.values(v).some(hasError);
  return false;
}

/** True when the value (deeply) contains a Computed part. */
export function hasComputed(v: unknown): boolean {
  if (v instanceof Computed) return true;
  if (Array.isArray(v)) return v.some(hasComputed);
  if (v && typeof v === 'object') return Object.values(v).some(hasComputed);
  return false;
}

/** First Computed found inside a value (deep), merged refs. */
export function firstComputed(v: unknown): Computed | undefined {
  const found: Computed[] = [];
  const walk = (x: unknown) => {
    if (x instanceof Computed) found.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(v);
  if (found.length === 0) return undefined;
  const failed = found.find((c) => c.error);
  return new Computed((failed ?? found[0]!).detail, [...new Set(found.flatMap((c) => c.refs))], Boolean(failed));
}

export type Step = { kind: 'attr'; name: string } | { kind: 'index'; value: unknown };

/** What an expression can see. */
export interface Scope {
  /** Resolve a traversal root (var, local, each, count, data, module, or a resource type) with its steps. */
  traverse(root: string, steps: Step[]): unknown;
  /** file(path): the text of a file read beforehand (relative paths from the root module), else Computed. */
  readFile?(path: string): string | Computed;
}

/* ------------------------------------------------------------------ lexer ------------------------------------------------------------------ */

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; parts: (string | Node)[] }
  | { t: 'id'; v: string }
  | { t: 'p'; v: string }
  | { t: 'eof' };

class ExprError extends Error {}

const PUNCT = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '...',
  '[',
  ']',
  '{',
  '}',
  '(',
  ')',
  ',',
  '.',
  '?',
  ':',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      // More than 15 significant digits: JavaScript rounds (9007199254740993), Terraform keeps the number exactly.
      const digits = m[0]
        .replace(/[eE].*$/, '')
        .replace('.', '')
        .replace(/^0+/, '')
        .replace(/0+$/, '');
      toks.push({ t: 'num', v: digits.length > 15 ? Number.NaN : Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      let id = m[0];
      // "a-b" is an identifier in HCL, but "x -1" is not: only keep '-' when followed by an identifier char.
      id = id.replace(/-+$/, '');
      toks.push({ t: 'id', v: id });
      i += id.length;
      continue;
    }
    if (c === '"') {
      const { parts, end } = lexTemplate(src, i + 1, '"');
      toks.push({ t: 'str', parts });
      i = end + 1;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') {
      const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(src.slice(i));
      if (m) {
        const bodyStart = i + m[0].length;
        const re = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, 'm');
        const rest = src.slice(bodyStart);
        const em = re.exec(rest);
        if (!em) throw new ExprError('unterminated heredoc');
        let body = rest.slice(0, em.index);
        if (m[1] === '-') {
          const lines = body.split('\n');
          const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
          body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
        }
        toks.push({ t: 'str', parts: lexTemplate(`${body}\u0000`, 0, '\u0000').parts });
        i = bodyStart + em.index + em[0].length;
        continue;
      }
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    if (!p) throw new ExprError(`unexpected character ${JSON.stringify(c)}`);
    toks.push({ t: 'p', v: p });
    i += p.length;
  }
  toks.push({ t: 'eof' });
  return toks;
}

/** Split a template into literal strings and parsed interpolations; returns the index of the closing delimiter. */
function lexTemplate(src: string, start: number, close: string): { parts: (string | Node)[]; end: number } {
  const parts: (string | Node)[] = [];
  let buf = '';
  let i = start;
  while (i < src.length) {
    const c = src[i]!;
    if (c === close) {
      if (buf) parts.push(buf);
      return { parts, end: i };
    }
    if (close === '"' && c === '\\') {
      const n = src[i + 1];
      const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
      if (n === 'u' || n === 'U') {
        // \uNNNN and \UNNNNNNNN (HCL); \U was read as "U" and the digits as text.
        const len = n === 'u' ? 4 : 8;
        const hex = src.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(hex) || Number.parseInt(hex, 16) > 0x10ffff)
          throw new ExprError('invalid escape sequence');
        buf += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 2 + len;
      } else {
        buf += n !== undefined && n in esc ? esc[n] : (n ?? '');
        i += 2;
      }
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      buf += `${c}{`;
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      const end = matchBrace(src, i + 1);
      if (c === '%') throw new ExprError('template directives are not evaluated');
      const inner = src.slice(i + 2, end);
      // "${~ x ~}" strips the whitespace before and after it (the markers were removed, the whitespace kept).
      if (inner.startsWith('~')) buf = buf.replace(/[ \t\r\n]+$/, '');
      if (buf) parts.push(buf);
      buf = '';
      parts.push(parseExpression(inner.replace(/^~|~$/g, '')));
      i = end + 1;
      if (inner.endsWith('~')) while (i < src.length && /[ \t\r\n]/.test(src[i]!)) i++;
      continue;
    }
    buf += c;
    i++;
  }
  throw new ExprError('unterminated string');
}

/** Index of the '}' matching the '{' at `open`, skipping strings. */
function matchBrace(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') i++;
        else if (src[i] === '$' && src[i + 1] === '{') i = matchBrace(src, i + 1);
        i++;
      }
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new ExprError('unbalanced braces');
}

/* ------------------------------------------------------------------ parser ------------------------------------------------------------------ */

export type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'tpl'; parts: (string | Node)[] }
  | { k: 'trav'; root: string; steps: ({ kind: 'attr'; name: string } | { kind: 'index'; expr: Node } | { kind: 'splat' })[] }
  | { k: 'call'; name: string; args: Node[]; expand: boolean }
  | { k: 'tuple'; items: Node[] }
  | { k: 'object'; items: { key: Node; value: Node }[] }
  | { k: 'un'; op: string; x: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'post'; x: Node; steps: ({ kind: 'attr'; name: string } | { kind: 'index'; expr: Node } | { kind: 'splat' })[] }
  | { k: 'for'; obj: boolean; keyVar?: string; valVar: string; coll: Node; key?: Node; value: Node; cond?: Node; group: boolean };

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok {
    return this.toks[this.i]!;
  }
  private isP(v: string): boolean {
    const t = this.peek();
    return t.t === 'p' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.isP(v)) throw new ExprError(`expected "${v}"`);
    this.i++;
  }
  parseAll(): Node {
    const n = this.expr();
    if (this.peek().t !== 'eof') throw new ExprError('unexpected trailing tokens');
    return n;
  }
  expr(): Node {
    const c = this.binary(0);
    if (this.isP('?')) {
      this.i++;
      const a = this.expr();
      this.eat(':');
      const b = this.expr();
      return { k: 'cond', c, a, b };
    }
    return c;
  }
  private static readonly LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
  private binary(level: number): Node {
    if (level >= Parser.LEVELS.length) return this.unary();
    let a = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.t === 'p' && Parser.LEVELS[level]!.includes(t.v)) {
        this.i++;
        a = { k: 'bin', op: t.v, a, b: this.binary(level + 1) };
      } else return a;
    }
  }
  private unary(): Node {
    if (this.isP('!') || this.isP('-')) {
      const op = (this.peek() as { v: string }).v;
      this.i++;
      return { k: 'un', op, x: this.unary() };
    }
    return this.postfix(this.primary());
  }
  private steps(): ({ kind: 'attr'; name: string } | { kind: 'index'; expr: Node } | { kind: 'splat' })[] {
    const steps: ({ kind: 'attr'; name: string } | { kind: 'index'; expr: Node } | { kind: 'splat' })[] = [];
    for (;;) {
      if (this.isP('.')) {
        this.i++;
        const t = this.peek();
        if (t.t === 'id') steps.push({ kind: 'attr', name: t.v });
        else if (t.t === 'num') steps.push({ kind: 'index', expr: { k: 'lit', v: t.v } });
        else if (t.t === 'p' && t.v === '*') steps.push({ kind: 'splat' });
        else throw new ExprError('bad attribute access');
        this.i++;
      } else if (this.isP('[')) {
        this.i++;
        if (this.isP('*')) {
          this.i++;
          steps.push({ kind: 'splat' });
        } else steps.push({ kind: 'index', expr: this.expr() });
        this.eat(']');
      } else return steps;
    }
  }
  private postfix(x: Node): Node {
    const steps = this.steps();
    if (steps.length === 0) return x;
    if (x.k === 'trav') return { ...x, steps: [...x.steps, ...steps] };
    return { k: 'post', x, steps };
  }
  private primary(): Node {
    const t = this.peek();
    if (t.t === 'num') {
      this.i++;
      return { k: 'lit', v: Number.isNaN(t.v) ? new Computed('a number with more than 15 digits') : t.v };
    }
    if (t.t === 'str') {
      this.i++;
      if (t.parts.length === 0) return { k: 'lit', v: '' };
      if (t.parts.length === 1 && typeof t.parts[0] === 'string') return { k: 'lit', v: t.parts[0] };
      return { k: 'tpl', parts: t.parts };
    }
    if (t.t === 'id') {
      this.i++;
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (this.isP('(')) {
        this.i++;
        const args: Node[] = [];
        let expand = false;
        while (!this.isP(')')) {
          args.push(this.expr());
          if (this.isP('...')) {
            this.i++;
            expand = true;
          }
          if (this.isP(',')) this.i++;
          else break;
        }
        this.eat(')');
        return { k: 'call', name: t.v.replace(/^provider::[^:]+::/, ''), args, expand };
      }
      return { k: 'trav', root: t.v, steps: [] };
    }
    if (t.t === 'p' && t.v === '(') {
      this.i++;
      const e = this.expr();
      this.eat(')');
      return e;
    }
    if (t.t === 'p' && t.v === '[') {
      this.i++;
      if (this.peek().t === 'id' && (this.peek() as { v: string }).v === 'for') return this.forExpr(false);
      const items: Node[] = [];
      while (!this.isP(']')) {
        items.push(this.expr());
        if (this.isP(',')) this.i++;
        else break;
      }
      this.eat(']');
      return { k: 'tuple', items };
    }
    if (t.t === 'p' && t.v === '{') {
      this.i++;
      if (this.peek().t === 'id' && (this.peek() as { v: string }).v === 'for') return this.forExpr(true);
      const items: { key: Node; value: Node }[] = [];
      while (!this.isP('}')) {
        const kt = this.peek();
        let key: Node;
        // Bare identifiers as keys are literal names; anything else is an expression.
        if (
          kt.t === 'id' &&
          this.toks[this.i + 1]?.t === 'p' &&
          ['=', ':'].includes((this.toks[this.i + 1] as { v: string }).v)
        ) {
          this.i++;
          key = { k: 'lit', v: kt.v };
        } else key = this.expr();
        if (this.isP('=') || this.isP(':')) this.i++;
        else throw new ExprError('expected "=" in object');
        items.push({ key, value: this.expr() });
        if (this.isP(',')) this.i++;
      }
      this.eat('}');
      return { k: 'object', items };
    }
    throw new ExprError('unexpected token');
  }
  private forExpr(obj: boolean): Node {
    this.i++; // for
    const a = this.peek();
    if (a.t !== 'id') throw new ExprError('bad for expression');
    this.i++;
    let keyVar: string | undefined;
    let valVar = a.v;
    if (this.isP(',')) {
      this.i++;
      const b = this.peek();
      if (b.t !== 'id') throw new ExprError('bad for expression');
      this.i++;
      keyVar = a.v;
      valVar = b.v;
    }
    const inTok = this.peek();
    if (inTok.t !== 'id' || inTok.v !== 'in') throw new ExprError('expected "in"');
    this.i++;
    const coll = this.expr();
    this.eat(':');
    let key: Node | undefined;
    let value = this.expr();
    if (obj) {
      this.eat('=>');
      key = value;
      value = this.expr();
    }
    let group = false;
    if (this.isP('...')) {
      this.i++;
      group = true;
    }
    let cond: Node | undefined;
    const ift = this.peek();
    if (ift.t === 'id' && ift.v === 'if') {
      this.i++;
      cond = this.expr();
    }
    this.eat(obj ? '}' : ']');
    return {
      k: 'for',
      obj,
      ...(keyVar ? { keyVar } : {}),
      valVar,
      coll,
      ...(key ? { key } : {}),
      value,
      ...(cond ? { cond } : {}),
      group,
    };
  }
}

export function parseExpression(src: string): Node {
  return new Parser(lex(src)).parseAll();
}

/* ------------------------------------------------------------------ evaluation ------------------------------------------------------------------ */

function index(v: unknown, key: unknown): unknown {
  if (v instanceof Computed) return v;
  if (key instanceof Computed) return key;
  if (Array.isArray(v)) {
    // A list index is a whole number (a numeric string converts); "length" or 1.5 is an error, not an array property.
    const i = typeof key === 'string' && /^[0-9]+$/.test(key) ? Number(key) : key;
    if (typeof i !== 'number' || !Number.isInteger(i)) return failure(`a list index must be a whole number`);
    return Object.hasOwn(v, i) ? v[i] : failure(`index ${i} out of range`);
  }
  if (v && typeof v === 'object' && (typeof key === 'string' || typeof key === 'number')) {
    const o = v as Record<string, unknown>;
    // Own keys only: "constructor" or "toString" are not attributes of every object.
    if (Object.hasOwn(o, String(key))) return o[String(key)];
    // A nested block read as an object (e.g. website.0.index_document in plan/HCL JSON is [ {...} ]).
    return failure(`attribute ${String(key)} not set`);
  }
  if (v === null || v === undefined) return failure(`attribute access on null`);
  return failure(`cannot index ${typeof v}`);
}

export function applySteps(v: unknown, steps: readonly Step[]): unknown {
  let cur = v;
  for (const s of steps) {
    if (cur instanceof Computed) return cur;
    cur = index(cur, s.kind === 'attr' ? s.name : s.value);
  }
  return cur;
}

class LocalScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly vars: Record<string, unknown>,
  ) {}
  traverse(root: string, steps: Step[]): unknown {
    if (root in this.vars) return applySteps(this.vars[root], steps);
    return this.parent.traverse(root, steps);
  }
  readFile(path: string): string | Computed {
    return this.parent.readFile?.(path) ?? new Computed(`file(${JSON.stringify(path)}) not read`);
  }
}

/** file(path) / templatefile(path, vars) (a template without %{ } directives). */
function fileCall(name: string, args: unknown[], scope: Scope): unknown {
  const c = firstComputed(args);
  if (c) return c;
  if (typeof args[0] !== 'string') return failure(`${name}(): the path is not a string`);
  const text = scope.readFile?.(args[0]) ?? new Computed(`${name}(${JSON.stringify(args[0])}) not read`);
  if (text instanceof Computed || name === 'file') return text;
  return renderTemplate(text, args[1], `templatefile(${JSON.stringify(args[0])})`);
}

/** A template (templatefile, data "template_file") rendered with `vars`; %{ } directives stay unknown. */
export function renderTemplate(text: string, vars: unknown, what: string): unknown {
  const c = firstComputed(vars);
  if (c) return c;
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return failure(`${what}: vars is not an object`);
  const only: Scope = {
    traverse: (root, steps) =>
      root in vars ? applySteps((vars as Record<string, unknown>)[root], steps) : failure(`${what}: no variable ${root}`),
  };
  try {
    const { parts } = lexTemplate(`${text}\u0000`, 0, '\u0000');
    return evaluate({ k: 'tpl', parts }, only);
  } catch (err) {
    return new Computed(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A condition or logical operand as Terraform converts it: a bool, or the string "true"/"false" (a TF_VAR_ value,
 * a tfvars string); anything else is an error, not JavaScript truthiness ("false" was true).
 */
function asBool(v: unknown): boolean | Computed {
  if (v instanceof Computed || typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return failure(`a bool is required, got ${JSON.stringify(v) ?? 'nothing'}`);
}

/** An arithmetic or comparison operand as Terraform converts it: a number or a numeric string; else an error (not NaN). */
function asNumber(v: unknown): number | Computed {
  if (v instanceof Computed || typeof v === 'number') return v;
  // Terraform parses decimal only (Go big.Float, base 10): no "0x10", " 5", "Infinity" (JavaScript's Number() took them).
  if (typeof v === 'string' && /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(v) && Number.isFinite(Number(v)))
    return Number(v);
  return failure(`a number is required, got ${JSON.stringify(v) ?? 'nothing'}`);
}

/** A number as Terraform writes it as a string (never JavaScript's exponent form "1e+21"). */
function numStr(n: number): string | Computed {
  const s = String(n);
  return /e/i.test(s) ? new Computed(`number ${s} as a string not evaluated`) : s;
}

function str(v: unknown): string | Computed {
  if (v instanceof Computed) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numStr(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return failure('null in string template');
  return failure('non-string value in template');
}

/** A string argument of function `fn`: numbers and bools convert, null and collections fail (String(null) was "null"). */
function strArg(v: unknown, fn: string): string {
  if (v === null || v === undefined) throw new Error(`${fn}: argument must not be null`);
  const s = str(v);
  if (s instanceof Computed) {
    if (!s.error) throw new Unknown(s);
    throw new Error(`${fn}: a string is required`);
  }
  return s;
}

/** Thrown inside a function body: the result is this (non-failing) unknown value. */
class Unknown extends Error {
  constructor(readonly value: Computed) {
    super(value.detail);
  }
}

/**
 * Go's strings.ToUpper/ToLower map each code point alone (simple case mapping): "ß" stays "ß", "İ" becomes "i".
 * JavaScript applies full mappings ("SS", "i̇"); where they differ the result is unknown, not JavaScript's.
 */
function caseMap(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    if ([...m].length !== 1)
      throw new Unknown(new Computed(`${upper ? 'upper' : 'lower'}(): case mapping of ${ch} not evaluated`));
    out += m;
  }
  return out;
}

/** Unicode grapheme clusters, as Terraform's length() counts a string. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Go's unicode.IsSpace set (strings.TrimSpace): JavaScript's trim() also strips U+FEFF and keeps U+0085. */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM_SPACE = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

function list(v: unknown, fn: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${fn}: a list is required`);
  return v;
}

function obj(v: unknown, fn: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Computed)
    throw new Error(`${fn}: a map or object is required`);
  return v as Record<string, unknown>;
}

/** Set an own key, also "__proto__" (an assignment would change the prototype and drop the key). */
function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function build(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) setKey(o, k, v);
  return o;
}

/** A value's identity for equality: JSON with sorted keys (Terraform compares by value, object keys unordered). */
function valueKey(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${valueKey((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

function sameValue(a: unknown, b: unknown): boolean {
  return valueKey(a) === valueKey(b);
}

function dedupe(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = valueKey(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Elements converted to one type as Terraform does for a list, set, map or coalesce(): numbers and bools become
 * strings beside a string; a number beside a bool has no common type (an error). Collections are left as they are.
 */
function unify(items: unknown[]): unknown[] {
  const kinds = new Set(items.filter((x) => x !== null).map((x) => (typeof x === 'object' ? 'collection' : typeof x)));
  if (kinds.has('collection') || kinds.size <= 1) return items;
  if (kinds.has('number') && kinds.has('boolean') && !kinds.has('string')) throw new Error('no common type for number and bool');
  return items.map((x) => (x === null ? x : strArg(x, 'conversion')));
}

/** Code point order (Go compares strings by UTF-8 bytes; JavaScript's sort by UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** toset(): unique values; Terraform orders a set of strings lexically, of numbers numerically, false before true. */
function toSet(items: unknown[]): unknown[] {
  const u = dedupe(unify(items));
  if (u.every((x) => typeof x === 'string')) return (u as string[]).sort(byCodePoint);
  if (u.every((x) => typeof x === 'number')) return (u as number[]).sort((a, b) => a - b);
  if (u.every((x) => typeof x === 'boolean')) return (u as boolean[]).sort((a, b) => Number(a) - Number(b));
  return u;
}

/**
 * format(): %s %v (primitives) %d %t %% consume arguments in order; other verbs, flags, widths and explicit
 * indexes are unknown (they stayed in the text literally); a missing argument or an impossible conversion fails.
 */
function format(spec: string, args: unknown[]): string {
  let i = 0;
  let out = '';
  const re = /%(.)/gs;
  let last = 0;
  for (let m = re.exec(spec); m; m = re.exec(spec)) {
    out += spec.slice(last, m.index);
    last = re.lastIndex;
    const verb = m[1]!;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!'sdtv'.includes(verb)) throw new Unknown(new Computed(`format(): %${verb} not evaluated`));
    if (i >= args.length) throw new Error(`format(): not enough arguments for %${verb}`);
    const a = args[i++];
    if (verb === 'v' && (a === null || typeof a === 'object'))
      throw new Unknown(new Computed('format(): %v of a null or collection not evaluated'));
    if (verb === 't') {
      const b = asBool(a);
      if (b instanceof Computed || a === null) throw new Error('format(): %t requires a bool');
      out += String(b);
    } else if (verb === 'd') {
      const n = a === null ? failure('null') : asNumber(a);
      if (n instanceof Computed || !Number.isInteger(n)) throw new Error('format(): %d requires a whole number');
      out += strArg(n, 'format');
    } else out += strArg(a, 'format');
  }
  out += spec.slice(last);
  if (i < args.length) throw new Unknown(new Computed('format(): more arguments than verbs not evaluated'));
  return out;
}

/** Go's encoding/json escapes these in strings (jsonencode("<") is "\\u003c"). */
const GO_JSON_ESCAPES = /[<>&\u2028\u2029]/g;

/** jsonencode() as Terraform writes it: object keys sorted, Go's string escapes, numbers without exponent. */
function jsonEncode(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string')
    return JSON.stringify(v).replace(GO_JSON_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number') {
    const s = numStr(v);
    if (s instanceof Computed) throw new Unknown(s);
    return s;
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort(byCodePoint)
    .map((k) => `${jsonEncode(k)}:${jsonEncode(o[k])}`)
    .join(',')}}`;
}

/**
 * An arithmetic result Terraform computes exactly (arbitrary precision): a fraction JavaScript rounded (0.1 + 0.2)
 * or an integer past 2^53 is unknown rather than a different number.
 */
function exact(n: number, what: string): number | Computed {
  if (!Number.isFinite(n)) return failure(`${what}: no finite result`);
  if (Number.isInteger(n) ? Number.isSafeInteger(n) : Number(n.toPrecision(15)) === n) return n;
  return new Computed(`${what}: ${n} is not exact in JavaScript numbers`);
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  jsonencode: ([v]) => jsonEncode(v),
  jsondecode: ([v]) => (typeof v === 'string' ? JSON.parse(v) : failure('jsondecode of non-string')),
  tostring: ([v]) => (v === null ? null : strArg(v, 'tostring')),
  tonumber: ([v]) => (v === null ? null : asNumber(v)),
  tobool: ([v]) => (v === null ? null : asBool(v)),
  tolist: ([v]) => (v === null ? null : unify(list(v, 'tolist'))),
  toset: ([v]) => (v === null ? null : toSet(list(v, 'toset'))),
  tomap: ([v]) => {
    if (v === null) return null;
    const o = obj(v, 'tomap');
    const keys = Object.keys(o);
    const vals = unify(keys.map((k) => o[k]));
    return build(keys.map((k, i) => [k, vals[i]]));
  },
  lower: ([v]) => caseMap(strArg(v, 'lower'), false),
  upper: ([v]) => caseMap(strArg(v, 'upper'), true),
  trimspace: ([v]) => strArg(v, 'trimspace').replace(TRIM_SPACE, ''),
  join: ([sep, ...lists]) => {
    const s = strArg(sep, 'join');
    if (lists.length === 0) throw new Error('join: at least one list is required');
    return lists.flatMap((l) => list(l, 'join').map((x) => strArg(x, 'join'))).join(s);
  },
  split: ([sep, s]) => {
    const text = strArg(s, 'split');
    const by = strArg(sep, 'split');
    // Go's strings.Split with an empty separator splits after each code point (JavaScript: UTF-16 units).
    return by === '' ? [...text] : text.split(by);
  },
  concat: (args) => args.flatMap((a) => [list(a, 'concat')]).flat(),
  flatten: ([v]) => list(v, 'flatten').flat(Number.POSITIVE_INFINITY),
  distinct: ([v]) => dedupe(list(v, 'distinct')),
  compact: ([v]) =>
    list(v, 'compact')
      .flatMap((x) => (x === null ? [] : [strArg(x, 'compact')]))
      .filter((x) => x !== ''),
  // null arguments are skipped; a list is an error (Object.assign made {0: ...} of it); "__proto__" is a key.
  merge: (args) => build(args.flatMap((a) => (a === null ? [] : Object.entries(obj(a, 'merge'))))),
  // Terraform orders map keys by code point (Go strings), as jsonencode here does: not by UTF-16 unit.
  keys: ([v]) => Object.keys(obj(v, 'keys')).sort(byCodePoint),
  values: ([v]) => {
    const o = obj(v, 'values');
    return Object.keys(o)
      .sort(byCodePoint)
      .map((k) => o[k]);
  },
  length: ([v]) => {
    if (typeof v === 'string') return [...graphemes.segment(v)].length;
    if (isList(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    throw new Error('length: a string or collection is required');
  },
  lookup: ([m, k, d]) => {
    const o = obj(m, 'lookup');
    const key = strArg(k, 'lookup');
    return Object.hasOwn(o, key) ? o[key] : d === undefined ? failure(`lookup: no key ${key}`) : d;
  },
  element: ([l, i]) => {
    const items = list(l, 'element');
    const n = asNumber(i);
    // Terraform: a negative or fractional index is an error (-3 % 3 was -0, the first element).
    if (n instanceof Computed || !Number.isInteger(n) || n < 0) throw new Error('element: the index must be a whole number >= 0');
    return items[n % items.length];
  },
  contains: ([l, v]) => list(l, 'contains').some((x) => sameValue(x, v)),
  replace: ([s, a, b]) => {
    const src = strArg(s, 'replace');
    const pat = strArg(a, 'replace');
    const by = strArg(b, 'replace');
    if (pat.length > 1 && pat.startsWith('/') && pat.endsWith('/')) return new Computed('regex replace not evaluated');
    // Go's strings.Replace with an empty search string inserts before each code point and at the end.
    if (pat === '') return `${by}${[...src].join(by)}${by}`;
    return src.split(pat).join(by);
  },
  format: ([f, ...rest]) => format(strArg(f, 'format'), rest),
  // The arguments are converted to one type first (coalesce("", 1) is "1"); the first not null nor "" wins.
  coalesce: (args) => unify(args).find((a) => a !== null && a !== '') ?? failure('coalesce: no value'),
  range: (args) => {
    const nums = args.map((x) => {
      const n = asNumber(x);
      if (n instanceof Computed) throw new Error('range: numbers are required');
      return n;
    });
    const [a, b, s] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
    if (s === 0) throw new Error('step must not be zero');
    const out: number[] = [];
    for (let x = a; s > 0 ? x < b : x > b; x += s) {
      // Terraform's own limit (it kept a range(100000000) in memory until the process died).
      if (out.length === 1024) throw new Error('more than 1024 values were generated');
      out.push(x);
    }
    return out;
  },
  zipmap: ([k, v]) => {
    const keys = list(k, 'zipmap');
    const vals = list(v, 'zipmap');
    if (keys.length !== vals.length) throw new Error('zipmap: the lists differ in length');
    return build(keys.map((kk, i) => [strArg(kk, 'zipmap'), vals[i]]));
  },
};

const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'self', 'path', 'terraform', 'module']);

/** The resource or data source a traversal reads ("aws_s3_bucket.b", "data.x.y"), none for var./local./... */
function resourceRef(root: string, steps: readonly Step[]): string[] {
  const names = steps.map((s) => (s.kind === 'attr' ? s.name : undefined));
  if (NOT_RESOURCES.has(root)) return [];
  if (root === 'data') return names[0] && names[1] ? [`data.${names[0]}.${names[1]}`] : [];
  return names[0] ? [`${root}.${names[0]}`] : [];
}

/** Evaluate a parsed expression. Never throws for unresolvable input: returns Computed instead. */
export function evaluate(n: Node, scope: Scope): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'tpl': {
      let out = '';
      for (const p of n.parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = str(evaluate(p, scope));
          if (v instanceof Computed) return v;
          out += v;
        }
      }
      return out;
    }
    case 'trav':
    case 'post': {
      let base: unknown;
      let steps = n.steps;
      const simple: Step[] = [];
      let k = 0;
      for (; k < steps.length; k++) {
        const s = steps[k]!;
        if (s.kind === 'splat') break;
        if (s.kind === 'attr') simple.push(s);
        else {
          const v = evaluate(s.expr, scope);
          if (v instanceof Computed) {
            base = n.k === 'trav' ? scope.traverse(n.root, simple) : v;
            // aws_s3_bucket.b[each.key].id with each.key unknown still depends on aws_s3_bucket.b.
            const refs = base instanceof Computed ? base.refs : n.k === 'trav' ? resourceRef(n.root, simple) : [];
            return refs.length > 0 ? new Computed(v.detail, [...refs, ...v.refs], v.error) : v;
          }
          simple.push({ kind: 'index', value: v });
        }
      }
      base = n.k === 'trav' ? scope.traverse(n.root, simple) : applySteps(evaluate(n.x, scope), simple);
      steps = steps.slice(k);
      if (steps.length > 0) {
        // Splat: apply the remaining attribute steps to each element.
        if (base instanceof Computed) return base;
        const rest = steps.slice(1).map((s) => (s.kind === 'attr' ? s : null));
        if (rest.some((s) => s === null) || !Array.isArray(base)) return new Computed('splat expression not evaluated');
        return base.map((el) => applySteps(el, rest as Step[]));
      }
      return base;
    }
    case 'call': {
      const args = n.args.map((a) => evaluate(a, scope));
      // try(): the first argument that does not fail; an unknown one makes the result unknown (no fallback guessed).
      // (findIndex: a null result is a result, find()'s undefined-or-null ?? took the fallback after it.)
      if (n.name === 'try') {
        const ok = args.findIndex((a) => !hasError(a));
        return ok >= 0 ? args[ok] : args[args.length - 1];
      }
      if (n.name === 'can') return hasError(args[0]) ? false : (firstComputed(args[0]) ?? true);
      if (n.name === 'file' || n.name === 'templatefile') return fileCall(n.name, args, scope);
      const f = FUNCS[n.name];
      if (!f) return new Computed(`function ${n.name}() not evaluated`);
      const c = firstComputed(args);
      if (c) return c;
      const real =
        n.expand && Array.isArray(args[args.length - 1]) ? [...args.slice(0, -1), ...(args[args.length - 1] as unknown[])] : args;
      try {
        // No value (element() of an empty list, an index past the end): Terraform fails, it is not "not set".
        const v = f(real);
        return v === undefined ? failure(`${n.name}(): no value`) : v;
      } catch (err) {
        if (err instanceof Unknown) return err.value;
        return failure(`${n.name}(): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    case 'tuple':
      return n.items.map((x) => evaluate(x, scope));
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const it of n.items) {
        const k = evaluate(it.key, scope);
        if (k instanceof Computed) return k;
        setKey(o, String(k), evaluate(it.value, scope));
      }
      return o;
    }
    case 'un': {
      const x = evaluate(n.x, scope);
      if (x instanceof Computed) return x;
      const y = n.op === '!' ? asBool(x) : asNumber(x);
      return y instanceof Computed ? y : typeof y === 'boolean' ? !y : -y;
    }
    case 'bin': {
      const a = evaluate(n.a, scope);
      if (n.op === '&&' || n.op === '||') {
        const x = asBool(a);
        if (x === (n.op === '||')) return x; // false && ..., true || ...
        const y = asBool(evaluate(n.b, scope));
        return x instanceof Computed ? x : y;
      }
      const b = evaluate(n.b, scope);
      if (a instanceof Computed) return a;
      if (b instanceof Computed) return b;
      if (n.op === '==' || n.op === '!=') {
        // An unknown inside a collection makes the comparison unknown (it was serialised and compared).
        const c = firstComputed([a, b]);
        if (c) return c;
        const same = sameValue(a, b);
        // Terraform compares types too: equal-looking collections differ as list vs tuple or map vs object.
        if (same && a !== null && typeof a === 'object') return new Computed(`${n.op} of two collections depends on their types`);
        return n.op === '==' ? same : !same;
      }
      const x = asNumber(a);
      if (x instanceof Computed) return x;
      const y = asNumber(b);
      if (y instanceof Computed) return y;
      switch (n.op) {
        case '<':
          return x < y;
        case '>':
          return x > y;
        case '<=':
          return x <= y;
        case '>=':
          return x >= y;
        case '+':
          return exact(x + y, '+');
        case '-':
          return exact(x - y, '-');
        case '*':
          return exact(x * y, '*');
        case '/':
          return y === 0 ? failure('division by zero') : exact(x / y, '/');
        case '%':
          if (y === 0) return failure('modulo by zero');
          // Whole non-negative operands only: Terraform's remainder of negatives and fractions is not JavaScript's for sure.
          if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0) return new Computed('% of a negative or fraction');
          return x % y;
      }
      return new Computed(`operator ${n.op}`);
    }
    case 'cond': {
      const c = asBool(evaluate(n.c, scope));
      if (c instanceof Computed) return c;
      const chosen = evaluate(c ? n.a : n.b, scope);
      const other = evaluate(c ? n.b : n.a, scope);
      // Terraform converts the result to the type both branches share (true ? 1 : "x" is "1"); none is an error.
      if (chosen instanceof Computed || other instanceof Computed || chosen === null || other === null) return chosen;
      const prim = (x: unknown) => typeof x !== 'object';
      if (prim(chosen) !== prim(other)) return failure('the conditional branches have no common type');
      if (!prim(chosen)) return chosen;
      try {
        return unify([chosen, other])[0];
      } catch (err) {
        return failure(err instanceof Error ? err.message : String(err));
      }
    }
    case 'for': {
      const coll = evaluate(n.coll, scope);
      if (coll instanceof Computed) return coll;
      // null, a string or a number is an error, not an empty collection.
      if (coll === null || typeof coll !== 'object') return failure('a for expression iterates a collection only');
      const entries: [unknown, unknown][] = Array.isArray(coll)
        ? coll.map((v, i) => [i, v])
        : coll && typeof coll === 'object'
          ? Object.keys(coll)
              .sort()
              .map((k) => [k, (coll as Record<string, unknown>)[k]])
          : [];
      const outList: unknown[] = [];
      const outObj: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const s = new LocalScope(scope, { ...(n.keyVar ? { [n.keyVar]: k } : {}), [n.valVar]: v });
        if (n.cond) {
          const c = asBool(evaluate(n.cond, s));
          if (c instanceof Computed) return c;
          if (!c) continue;
        }
        const val = evaluate(n.value, s);
        if (n.obj) {
          const key = evaluate(n.key!, s);
          if (key instanceof Computed) return key;
          const ks = str(key);
          if (ks instanceof Computed) return ks;
          if (n.group) {
            const list = Object.hasOwn(outObj, ks) ? (outObj[ks] as unknown[]) : [];
            list.push(val);
            setKey(outObj, ks, list);
          } else if (Object.hasOwn(outObj, ks)) return failure(`duplicate object key ${JSON.stringify(ks)} (use ... to group)`);
          else setKey(outObj, ks, val);
        } else outList.push(val);
      }
      return n.obj ? outObj : outList;
    }
  }
}

/**
 * hcl2json gives attribute values as JSON where expressions are strings "${...}" (or templates mixing
 * literal text and interpolations). Evaluate such a value deeply.
 */
export function evaluateHclJson(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') {
    if (!v.includes('${') && !v.includes('%{')) return v;
    try {
      const { parts } = lexTemplate(`${v}\u0000`, 0, '\u0000');
      // A single "${expr}" keeps the expression's type (object, number, bool), not its string form.
      if (parts.length === 1 && typeof parts[0] !== 'string') return evaluate(parts[0]!, scope);
      return evaluate({ k: 'tpl', parts }, scope);
    } catch (err) {
      return new Computed(`expression not evaluated: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (Array.isArray(v)) return v.map((x) => evaluateHclJson(x, scope));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    const generated: [string, unknown[]][] = [];
    for (const [k, x] of Object.entries(v)) {
      if (k === 'dynamic' && isDynamicBlocks(x)) {
        for (const [type, specs] of Object.entries(x))
          for (const spec of Array.isArray(specs) ? specs : [specs]) generated.push([type, expandDynamic(type, spec, scope)]);
      } else o[k] = evaluateHclJson(x, scope);
    }
    // Generated blocks join the static blocks of the same type (hcl2json keeps no order between the two).
    for (const [type, list] of generated) o[type] = [...(Array.isArray(o[type]) ? o[type] : []), ...list];
    return o;
  }
  return v;
}

type DynamicSpec = Record<string, unknown> & { for_each: unknown; content: unknown };

/**
 * hcl2json's form of `dynamic "T" { for_each = ... content { ... } }` blocks: { T: [{ for_each, content: [{...}] }] };
 * .tf.json may also give { T: { for_each, content: {...} } }.
 */
function isDynamicBlocks(x: unknown): x is Record<string, DynamicSpec | DynamicSpec[]> {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const isSpec = (s: unknown) => s !== null && typeof s === 'object' && !Array.isArray(s) && 'for_each' in s && 'content' in s;
  return Object.values(x).every((list) => (Array.isArray(list) ? list.every(isSpec) : isSpec(list)));
}

/**
 * The blocks one `dynamic` block generates: its content once per element of for_each, with the iterator
 * (`iterator = name`, else the block type) bound to { key, value }. A for_each not known statically is one
 * Computed element, so the block list, and what it feeds (a policy document), is unknown, never empty.
 */
function expandDynamic(type: string, spec: DynamicSpec, scope: Scope): unknown[] {
  const it = typeof spec.iterator === 'string' ? spec.iterator.replace(/^\$\{\s*|\s*\}$/g, '') : type;
  const fe = evaluateHclJson(spec.for_each, scope);
  if (fe instanceof Computed) return [new Computed(`dynamic "${type}": ${fe.detail}`, fe.refs)];
  if (fe === null || typeof fe !== 'object' || (Array.isArray(fe) && fe.some(hasComputed)))
    return [firstComputed(fe) ?? new Computed(`dynamic "${type}": for_each is not a collection`)];
  const content = Array.isArray(spec.content) ? spec.content[0] : spec.content;
  const entries: [unknown, unknown][] = Array.isArray(fe)
    ? fe.map((x, i) => [i, x])
    : Object.keys(fe)
        .sort()
        .map((k) => [k, (fe as Record<string, unknown>)[k]]);
  return entries.map(([key, value]) => evaluateHclJson(content ?? {}, new LocalScope(scope, { [it]: { key, value } })));
}
