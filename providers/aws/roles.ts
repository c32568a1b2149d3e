/**
 * Pure helpers for the "assumable role" input: IAM roles whose trust policy lets ANY AWS principal
 * assume them, and the S3 statements of their permission policies that reach a bucket. These are facts
 * handed to the analyzer (which decides exposure); nothing here scores anything.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement | PolicyStatement[];
}

/** IAM returns policy documents URL-encoded (RFC 3986); some SDK paths already decode them. */
export function parsePolicyDocument(text: string | undefined): PolicyDocument | undefined {
  if (!text) return undefined;
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === undefined) continue;
    try {
      const doc = JSON.parse(candidate) as unknown;
      if (doc && typeof doc === 'object') return doc as PolicyDocument;
    } catch {
      /* try the next reading */
    }
  }
  return undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function statementsOf(doc: PolicyDocument | undefined): PolicyStatement[] {
  if (!doc?.Statement) return [];
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Glob (IAM `*` and `?`) to an anchored, case-insensitive-or-not regex. */
export function globToRegExp(pattern: string, caseInsensitive = false): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

function isAnyPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object') {
    const aws = (p as Record<string, unknown>).AWS;
    return list(aws).includes('*');
  }
  return false;
}

const PIN_KEYS = new Set([
  'sts:externalid',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgpaths',
]);
const PIN_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);
const isFixed = (v: string) => !/[*?]|\$\{/.test(v);

/** A condition entry pins the caller when a positive operator tests a pin key against fixed values only. */
function pinned(cond: PolicyStatement['Condition']): boolean {
  if (!cond) return false;
  for (const [rawOp, entries] of Object.entries(cond)) {
    const op = rawOp.toLowerCase().replace(/^forany?value:/, '');
    if (!PIN_OPERATORS.has(op) || rawOp.toLowerCase().startsWith('forallvalues:')) continue;
    for (const [key, values] of Object.entries(entries ?? {})) {
      const vs = list(values);
      if (PIN_KEYS.has(key.toLowerCase()) && vs.length > 0 && vs.every(isFixed)) return true;
    }
  }
  return false;
}

function allowsAssumeRole(s: PolicyStatement): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((a) => globToRegExp(a, true).test('sts:AssumeRole'));
  return list(s.Action).some((a) => globToRegExp(a, true).test('sts:AssumeRole'));
}

/**
 * Path of the first trust statement that lets any AWS principal assume the role without a fixed
 * sts:ExternalId / aws:PrincipalOrgID (or principal account/ARN) pin; undefined when the trust is closed.
 */
export function openTrustEvidence(trust: PolicyDocument | undefined): string | undefined {
  const stmts = statementsOf(trust);
  for (const [i, s] of stmts.entries()) {
    if (s.Effect !== 'Allow' || !allowsAssumeRole(s)) continue;
    const anyone = isAnyPrincipal(s.Principal) || s.NotPrincipal !== undefined;
    if (anyone && !pinned(s.Condition)) {
      return `AssumeRolePolicyDocument.Statement[${i}]${s.Sid ? ` (Sid ${s.Sid})` : ''} allows sts:AssumeRole to Principal "*" without an ExternalId/PrincipalOrgID pin`;
    }
  }
  return undefined;
}

/** Statements (Allow or Deny) whose actions can touch S3. */
export function s3Statements(doc: PolicyDocument | undefined): PolicyStatement[] {
  return statementsOf(doc).filter((s) => {
    if (s.NotAction !== undefined) return true; // NotAction covers every S3 action it does not name
    return list(s.Action).some((a) => {
      const l = a.toLowerCase();
      return l === '*' || l.startsWith('s3:') || l.startsWith('s3*') || l === 's*';
    });
  });
}

/** Does a statement's Resource reach the bucket or any of its objects? NotResource counts as broad. */
export function reachesBucket(s: PolicyStatement, bucket: string): boolean {
  if (s.NotResource !== undefined) return true;
  const arn = `arn:aws:s3:::${bucket}`;
  return list(s.Resource).some((pattern) => {
    const p = pattern.replace(/^arn:aws[a-z-]*:s3:::/, 'arn:aws:s3:::');
    const re = globToRegExp(p);
    if (re.test(arn) || re.test(`${arn}/x`)) return true;
    const slash = p.startsWith('arn:aws:s3:::') ? p.indexOf('/', 'arn:aws:s3:::'.length) : -1;
    return slash > 0 && globToRegExp(p.slice(0, slash)).test(arn);
  });
}
