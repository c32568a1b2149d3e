/**
 * Condition handling for S3 policies:
 *  - A-3..A-6: does a condition entry "pin" a public statement (BPA definition of non-public)?
 *  - A-10: can an Allow apply to an anonymous internet caller, and is a Deny true for every such caller?
 */
import type { NetworkPin, Principal } from '../../model/index.js';
import { type Cidr, isBroad, isNonRoutable, isWholeSpace, parseCidr } from './cidr.js';
import { globMatch, hasWildcard } from './glob.js';
import type { ConditionEntry } from './policy-parse.js';
import { accountOfArn } from './principals.js';

export type OpFamily = 'string' | 'arn' | 'ip' | 'numeric' | 'date' | 'bool' | 'binary' | 'null';

export interface OperatorInfo {
  set?: 'any' | 'all';
  /** Lower-case base operator without set prefix and IfExists suffix, e.g. "stringequals". */
  base: string;
  family?: OpFamily;
  negated: boolean;
  ifExists: boolean;
  /** false when the operator is not a known IAM operator (then evaluated worst case). */
  known: boolean;
}

const OPS: Record<string, { family: OpFamily; negated: boolean }> = {
  stringequals: { family: 'string', negated: false },
  stringnotequals: { family: 'string', negated: true },
  stringequalsignorecase: { family: 'string', negated: false },
  stringnotequalsignorecase: { family: 'string', negated: true },
  stringlike: { family: 'string', negated: false },
  stringnotlike: { family: 'string', negated: true },
  arnequals: { family: 'arn', negated: false },
  arnlike: { family: 'arn', negated: false },
  arnnotequals: { family: 'arn', negated: true },
  arnnotlike: { family: 'arn', negated: true },
  ipaddress: { family: 'ip', negated: false },
  notipaddress: { family: 'ip', negated: true },
  numericequals: { family: 'numeric', negated: false },
  numericnotequals: { family: 'numeric', negated: true },
  numericlessthan: { family: 'numeric', negated: false },
  numericlessthanequals: { family: 'numeric', negated: false },
  numericgreaterthan: { family: 'numeric', negated: false },
  numericgreaterthanequals: { family: 'numeric', negated: false },
  dateequals: { family: 'date', negated: false },
  datenotequals: { family: 'date', negated: true },
  datelessthan: { family: 'date', negated: false },
  datelessthanequals: { family: 'date', negated: false },
  dategreaterthan: { family: 'date', negated: false },
  dategreaterthanequals: { family: 'date', negated: false },
  bool: { family: 'bool', negated: false },
  binaryequals: { family: 'binary', negated: false },
  null: { family: 'null', negated: false },
};

const PARSED_OPERATORS = new Map<string, Readonly<OperatorInfo>>();

/**
 * The operator parsed once per spelling: every condition entry is evaluated per route, per Deny, per bucket (and
 * evalTime / trueForValue by callers that parsed it already); a scan sees a handful of spellings. The cache stops
 * growing at 1,024 of them (arbitrary operator strings in hostile policies).
 */
export function parseOperator(op: string): Readonly<OperatorInfo> {
  let info = PARSED_OPERATORS.get(op);
  if (info === undefined) {
    info = Object.freeze(parseOperatorText(op));
    if (PARSED_OPERATORS.size < 1024) PARSED_OPERATORS.set(op, info);
  }
  return info;
}

function parseOperatorText(op: string): OperatorInfo {
  let rest = op.toLowerCase();
  let set: OperatorInfo['set'];
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('ifexists') && rest !== 'ifexists') {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const def = OPS[rest];
  const info: OperatorInfo = { base: rest, negated: def?.negated ?? false, ifExists, known: def !== undefined };
  if (set) info.set = set;
  if (def) info.family = def.family;
  // Null cannot carry IfExists / set prefixes in valid IAM.
  if (def?.family === 'null' && (ifExists || set)) info.known = false;
  return info;
}

/* ------------------------------------------------------------------ keys ------------------------------------------------------------------ */

export type KeyClass = 'principal' | 'source' | 'vpc' | 'vpce' | 'source-ip' | 'access-point' | 'time' | 'caller';

const PRINCIPAL_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:username',
  'aws:principaltype',
  'aws:principalisawsservice',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:federatedprovider',
  'aws:sourceidentity',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
  'aws:viaawsservice',
]);
const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceowner', 'aws:sourceorgid', 'aws:sourceorgpaths']);
/**
 * Network-perimeter keys that, like aws:SourceVpce, exist only on requests through a VPC endpoint (IAM global
 * condition keys: aws:VpceAccount / aws:VpceOrgID / aws:VpceOrgPaths "not included for requests made through public
 * service endpoints"; S3 supports them). They name the endpoint's owner, which a caller chooses by using an endpoint
 * of their own: the same foreign-id reasoning as aws:SourceVpce applies.
 */
const VPCE_OWNER_KEYS = new Set(['aws:vpceaccount', 'aws:vpceorgid', 'aws:vpceorgpaths']);
const AP_KEYS = new Set(['s3:dataaccesspointarn', 's3:dataaccesspointaccount', 's3:accesspointnetworkorigin']);

export function keyClass(key: string): KeyClass {
  const k = key.toLowerCase();
  if (k === 'aws:currenttime' || k === 'aws:epochtime') return 'time';
  if (k === 'aws:sourceip') return 'source-ip';
  if (k === 'aws:sourcevpc' || k === 'aws:sourcevpcarn') return 'vpc';
  if (k === 'aws:sourcevpce' || VPCE_OWNER_KEYS.has(k)) return 'vpce';
  if (AP_KEYS.has(k)) return 'access-point';
  if (SOURCE_KEYS.has(k)) return 'source';
  if (PRINCIPAL_KEYS.has(k) || k.startsWith('aws:principaltag/')) return 'principal';
  // aws:SecureTransport, aws:Referer, aws:UserAgent, aws:VpcSourceIp (attacker-owned VPC), s3:prefix, s3:x-amz-acl,
  // tags, KMS key id, ...: present or absent at the caller's will.
  return 'caller';
}

/** A-4: fixed iff no `*`, `?`, `${`. */
export function isFixedValue(v: string): boolean {
  return !hasWildcard(v) && !v.includes('${');
}

/* ------------------------------------------------------------- BPA pinning ------------------------------------------------------------- */

/** A-3 pinning keys. `inferred` = not stated verbatim by AWS (open point 2); credited, and said so in evidence. */
export const BPA_PINNING_KEYS: Readonly<Record<string, { inferred: boolean }>> = {
  'aws:principalorgid': { inferred: false },
  'aws:principalaccount': { inferred: true },
  'aws:principalarn': { inferred: true },
  'aws:principalorgpaths': { inferred: true },
  'aws:sourceip': { inferred: false },
  'aws:sourcearn': { inferred: false },
  'aws:sourceaccount': { inferred: false },
  'aws:sourceowner': { inferred: false },
  'aws:sourcevpc': { inferred: false },
  'aws:sourcevpce': { inferred: false },
  'aws:userid': { inferred: false },
  's3:dataaccesspointarn': { inferred: false },
  's3:dataaccesspointaccount': { inferred: false },
};

/** A-5 eligible positive operators. */
const ELIGIBLE = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

const AP_ARN_ACCOUNT_WILDCARD = /^arn:aws[a-z-]*:s3:[a-z0-9-]+:\d{12}:accesspoint\/\*$/;

export interface PinCheck {
  pins: boolean;
  inferred: boolean;
  /** Why the entry does not pin (for evidence), when it names a pinning key. */
  why?: string;
}

function parseAll(values: readonly string[]): Cidr[] | undefined {
  const out: Cidr[] = [];
  for (const v of values) {
    const c = parseCidr(v);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

/** A-3..A-6 for one entry. `policyKind` matters for s3:DataAccessPointArn (A-3 exception). */
export function bpaPins(e: ConditionEntry, policyKind: 'bucket' | 'access-point'): PinCheck {
  const k = e.key.toLowerCase();
  const def = BPA_PINNING_KEYS[k];
  if (!def) return { pins: false, inferred: false };
  // An empty value list pins nothing (vacuous "every value is fixed" must not credit it).
  if (e.values.length === 0) return { pins: false, inferred: false, why: `${e.key} has an empty value list (A-4)` };
  const op = parseOperator(e.operator);
  if (!op.known || !ELIGIBLE.has(op.base) || op.ifExists || op.set === 'all') {
    return { pins: false, inferred: false, why: `${e.operator} is not an eligible pinning operator (A-5)` };
  }
  for (const v of e.values) {
    if (isFixedValue(v)) continue;
    if (k === 's3:dataaccesspointarn' && policyKind === 'bucket' && AP_ARN_ACCOUNT_WILDCARD.test(v)) continue;
    return { pins: false, inferred: false, why: `${e.key} value ${JSON.stringify(v)} is not fixed (A-4)` };
  }
  if (k === 'aws:sourceip') {
    const cidrs = parseAll(e.values);
    if (!cidrs) return { pins: false, inferred: false, why: 'aws:SourceIp value is not a valid CIDR' };
    const broad = e.values.find((_, i) => isBroad(cidrs[i]!));
    if (broad !== undefined)
      return { pins: false, inferred: false, why: `aws:SourceIp ${broad} is broader than /8 (IPv4) or /32 (IPv6) (A-6)` };
  }
  return { pins: true, inferred: def.inferred };
}

/* --------------------------------------------------------------- time keys --------------------------------------------------------------- */

function timeValueMs(v: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** aws:CurrentTime / aws:EpochTime at `now`: true/false, undefined when not evaluable. */
export function evalTime(e: ConditionEntry, now: Date): boolean | undefined {
  const op = parseOperator(e.operator);
  if (!op.known) return undefined;
  if (op.family === 'null') {
    const want = e.values.map((v) => v.toLowerCase());
    if (want.every((v) => v === 'false')) return true;
    if (want.every((v) => v === 'true')) return false;
    return undefined;
  }
  if (op.family !== 'date' && op.family !== 'numeric') return undefined;
  const nowMs = now.getTime();
  const cmp = op.base.replace(/^(date|numeric)/, '');
  const vals = e.values.map((v) =>
    op.family === 'numeric' ? (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : undefined) : timeValueMs(v),
  );
  if (vals.some((v) => v === undefined)) return undefined;
  const nowCmp = op.family === 'numeric' ? Math.floor(nowMs / 1000) * 1000 : nowMs;
  const test = (v: number): boolean => {
    switch (cmp) {
      case 'equals':
      case 'notequals':
        return nowCmp === v;
      case 'lessthan':
        return nowCmp < v;
      case 'lessthanequals':
        return nowCmp <= v;
      case 'greaterthan':
        return nowCmp > v;
      case 'greaterthanequals':
        return nowCmp >= v;
      default:
        return false;
    }
  };
  const anyHit = (vals as number[]).some(test);
  return op.negated ? !anyHit : anyHit;
}

/* ------------------------------------------------------- A-10 Allow (anonymous) ------------------------------------------------------- */

/**
 * Principal keys an anonymous S3 request carries, with their value. IAM's global condition keys reference says
 * aws:PrincipalAccount, aws:PrincipalType and aws:userid are "included in the request context for all requests,
 * including anonymous requests" (aws:PrincipalAccount: "For anonymous requests, the request context returns
 * anonymous"); the principal key table of "IAM policy elements: Variables and tags" gives, for an "Anonymous caller
 * (Amazon SQS, Amazon SNS, and Amazon S3 only)", aws:userid = anonymous and aws:PrincipalType = Anonymous.
 * Every other principal key (aws:PrincipalArn, aws:PrincipalOrgID, aws:username, tags, ...) is absent.
 */
export const ANONYMOUS_KEY_VALUES: Readonly<Record<string, string>> = {
  'aws:principalaccount': 'anonymous',
  'aws:principaltype': 'Anonymous',
  'aws:userid': 'anonymous',
};

/**
 * The entry (its operator parsed by the caller) evaluated against a request that carries the key with `value`
 * (single-valued: IfExists and the set prefixes reduce to the base operator). undefined when not decidable here
 * (non-string operator, policy variable in a value): an Allow then reads the key as absent, a Deny is not credited.
 */
function trueForValue(op: OperatorInfo, e: ConditionEntry, value: string): boolean | undefined {
  if (!op.known) return undefined;
  if (op.family === 'null') {
    const wantsAbsent = nullWantsAbsent(e);
    return wantsAbsent === undefined ? undefined : !wantsAbsent;
  }
  if (op.family !== 'string' || e.values.length === 0 || e.values.some((v) => v.includes('${'))) return undefined;
  const positive = op.base.replace('not', '');
  const hit = e.values.some((v) =>
    positive === 'stringequals'
      ? v === value
      : positive === 'stringequalsignorecase'
        ? v.toLowerCase() === value.toLowerCase()
        : globMatch(v, value),
  );
  return op.negated ? !hit : hit;
}

export type AllowEntryOutcome =
  | { t: 'any'; note?: string }
  | { t: 'never'; why: string }
  | { t: 'pin'; pin: NetworkPin; why: string }
  | { t: 'narrow'; to: Principal[] | 'authenticated'; why: string }
  | { t: 'via-ap'; accounts: string[] | '*'; why: string };

function nullWantsAbsent(e: ConditionEntry): boolean | undefined {
  const vs = e.values.map((v) => v.toLowerCase());
  if (vs.every((v) => v === 'true')) return true;
  if (vs.every((v) => v === 'false')) return false;
  return undefined;
}

/** Evaluated against an absent key: positive => false, negated / IfExists / ForAllValues / Null:true => true. */
function trueWhenAbsent(op: OperatorInfo, e: ConditionEntry): boolean {
  if (op.family === 'null') return nullWantsAbsent(e) === true;
  if (op.set === 'all') return true;
  if (op.set === 'any') return false;
  return op.ifExists || op.negated;
}

function narrowPrincipals(e: ConditionEntry): Principal[] | 'authenticated' {
  const k = e.key.toLowerCase();
  const out: Principal[] = [];
  for (const v of e.values) {
    if (k === 'aws:principalorgid' || k === 'aws:sourceorgid') {
      if (!isFixedValue(v)) return 'authenticated';
      out.push({ type: 'org', id: v });
    } else if (k === 'aws:principalorgpaths' || k === 'aws:sourceorgpaths') {
      const org = v.split('/')[0] ?? '';
      if (!isFixedValue(org) || org === '') return 'authenticated';
      out.push({ type: 'org', id: org });
    } else if (k === 'aws:principalaccount' || k === 'aws:sourceaccount' || k === 'aws:sourceowner') {
      if (!isFixedValue(v)) return 'authenticated';
      out.push({ type: 'account', id: v });
    } else if (k === 'aws:principalarn' || k === 'aws:sourcearn' || k === 'aws:userid') {
      if (isFixedValue(v)) {
        const acct = accountOfArn(v);
        out.push(acct && v.endsWith(':root') ? { type: 'account', id: acct } : { type: 'identity', id: v });
      } else {
        // arn:aws:iam::111122223333:role/* => every role of that account
        const m = /^arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/.exec(v);
        if (!m) return 'authenticated';
        out.push({ type: 'account', id: m[1]! });
      }
    } else if (k === 'aws:principalisawsservice') {
      // true only for a service principal calling directly; false for every signed request made with an IAM
      // principal's credentials (any account): only "true" narrows to AWS services.
      if (v.toLowerCase() !== 'true') return 'authenticated';
      out.push({ type: 'service', id: 'any AWS service' });
    } else if (k === 'aws:principalservicename' || k === 'aws:principalservicenameslist') {
      out.push({ type: 'service', id: v });
    } else {
      return 'authenticated';
    }
  }
  return out.length > 0 ? out : 'authenticated';
}

/**
 * Authenticated callers a Deny with these conditions does not reach (its conditions are AND-ed: a caller escapes it
 * by making any one of them false). Only negated equality on a caller's own account / organization / ARN names who
 * that is (`StringNotEquals aws:PrincipalOrgID o-x`: members of o-x escape); any other condition can be made false by
 * some caller, or is not understood: every authenticated caller ('authenticated').
 */
export function escapingPrincipals(conditions: readonly ConditionEntry[]): Principal[] | 'authenticated' {
  if (conditions.length === 0) return [];
  const out: Principal[] = [];
  for (const e of conditions) {
    const op = parseOperator(e.operator);
    const k = e.key.toLowerCase();
    const callerKey =
      k === 'aws:principalorgid' || k === 'aws:principalaccount' || k === 'aws:principalarn' || k === 'aws:userid';
    const negatedMatch = op.known && op.negated && op.set === undefined && (op.family === 'string' || op.family === 'arn');
    if (!callerKey || !negatedMatch || e.values.length === 0) return 'authenticated';
    const who = narrowPrincipals(e);
    if (who === 'authenticated') return 'authenticated';
    out.push(...who);
  }
  return out;
}

function apAccounts(e: ConditionEntry): string[] | '*' {
  const k = e.key.toLowerCase();
  const out: string[] = [];
  for (const v of e.values) {
    if (k === 's3:dataaccesspointaccount') {
      if (!isFixedValue(v)) return '*';
      out.push(v);
    } else if (k === 's3:dataaccesspointarn') {
      const m = /^arn:aws[a-z-]*:s3:[^:]*:(\d{12}):accesspoint\//.exec(v);
      if (!m) return '*';
      out.push(m[1]!);
    } else return '*';
  }
  return out;
}

/**
 * A-10 for one condition entry of an Allow whose principal covers anonymous callers: can it be true for an
 * anonymous internet caller, only from a pinned network, only for narrower principals, or only via an AP?
 */
export function allowEntryOutcome(
  e: ConditionEntry,
  now: Date,
  policyKind: 'bucket' | 'access-point' = 'bucket',
): AllowEntryOutcome {
  const op = parseOperator(e.operator);
  const cls = keyClass(e.key);
  const label = `${e.operator} ${e.key} ${JSON.stringify(e.values.length === 1 ? e.values[0] : e.values)}`;
  if (!op.known)
    return { t: 'any', note: `unknown condition operator ${JSON.stringify(e.operator)} evaluated worst case (true)` };
  if (e.values.length === 0 && op.family !== 'null')
    return { t: 'any', note: `${e.operator} ${e.key} has an empty value list; evaluated worst case (true)` };
  switch (cls) {
    case 'time': {
      const r = evalTime(e, now);
      if (r === undefined) return { t: 'any', note: `time condition ${label} could not be evaluated; assumed true` };
      return r ? { t: 'any' } : { t: 'never', why: `${label} is false at ${now.toISOString()}` };
    }
    case 'principal':
    case 'source': {
      // Keys anonymous callers carry are compared with their anonymous value; an operator that cannot be decided
      // on it (IpAddress, Arn*, ... on a string key) keeps the absent-key reading below.
      // When false for anonymous callers, only (some) authenticated principals remain.
      const anonValue = ANONYMOUS_KEY_VALUES[e.key.toLowerCase()];
      const forAnonymous = anonValue === undefined ? undefined : trueForValue(op, e, anonValue);
      if (forAnonymous ?? trueWhenAbsent(op, e)) return { t: 'any' };
      if (op.family === 'null' || op.negated) return { t: 'narrow', to: 'authenticated', why: label };
      return { t: 'narrow', to: narrowPrincipals(e), why: label };
    }
    case 'vpc':
    case 'vpce': {
      if (trueWhenAbsent(op, e)) return { t: 'any' };
      // Requires the key: only via a VPC endpoint. Attacker-owned endpoints match any non-fixed value.
      if (op.family === 'null' || op.negated || !e.values.every(isFixedValue)) {
        return { t: 'any', note: `${label} is satisfiable through a VPC endpoint the caller owns` };
      }
      return { t: 'pin', pin: cls, why: label };
    }
    case 'source-ip': {
      // aws:SourceIp is present for internet callers, absent via a VPC endpoint (the caller may own one):
      // IfExists / ForAllValues / Null forms therefore never pin (A-5; documented choice for open point 1).
      if (op.family === 'null' || op.ifExists || op.set === 'all') return { t: 'any' };
      // A positive string or ARN operator on aws:SourceIp is credited like IpAddress: BPA treats both as eligible
      // pins (A-5), and the effective evaluation must agree with that or RestrictPublicBuckets would not apply to a
      // grant the evaluator calls public (found by the BPA property test).
      const ipLike = op.family === 'ip' || ((op.family === 'string' || op.family === 'arn') && !op.negated);
      if (!ipLike) return { t: 'any', note: `${label}: non-IP operator on aws:SourceIp evaluated worst case` };
      const cidrs = parseAll(e.values);
      if (!cidrs) return { t: 'any', note: `${label}: unparsable CIDR evaluated worst case` };
      if (op.negated) {
        const v4 = cidrs.some((c) => c.version === 4 && isWholeSpace(c));
        const v6 = cidrs.some((c) => c.version === 6 && isWholeSpace(c));
        if (!(v4 && v6)) return { t: 'any' };
        // Excludes every address, but a request through a VPC endpoint (the caller may own one) carries no
        // aws:SourceIp, and a negated operator on an absent key is true: the Allow still applies there.
        if (op.set === 'any') return { t: 'never', why: `${label} excludes every address` };
        return {
          t: 'any',
          note: `${label} excludes every address but is true through a VPC endpoint the caller owns (no aws:SourceIp)`,
        };
      }
      if (cidrs.some(isBroad)) return { t: 'any' };
      return { t: 'pin', pin: cidrs.every(isNonRoutable) ? 'private-cidr' : 'public-cidr', why: label };
    }
    case 'access-point': {
      // In an access point policy every request carries the AP keys (of this AP): evaluated worst case (true).
      if (policyKind === 'access-point') return { t: 'any' };
      if (trueWhenAbsent(op, e)) return { t: 'any' };
      if (op.family === 'null' || op.negated) return { t: 'via-ap', accounts: '*', why: label };
      return { t: 'via-ap', accounts: apAccounts(e), why: label };
    }
    default:
      return { t: 'any' };
  }
}

/* ------------------------------------------------------- A-10 Deny (anonymous) ------------------------------------------------------- */

/**
 * Is the entry true when the key carries an id the caller chose by owning the resource (their own VPC, VPC
 * endpoint or access point)? Such an id equals no fixed value of the policy but may match any pattern.
 * Only negated operators qualify, and a negated *Like / Arn operator only when every value is fixed.
 * Null:true is false (the key is present), positive operators are not provably true.
 */
function trueForForeignId(op: OperatorInfo, e: ConditionEntry): boolean {
  if (op.family === 'null' || !op.negated) return false;
  const patternOp = op.family === 'arn' || op.base.includes('like'); // ArnEquals/ArnNotEquals also take wildcards
  return !patternOp || e.values.every(isFixedValue);
}

export type DenyRoute = 'anonymous-internet' | 'other';

/**
 * A-10: a Deny entry counts only when it is true for EVERY caller on the route. For anonymous internet
 * callers: keys they lack (principal, source, VPC, AP keys) make negated / IfExists / ForAllValues /
 * Null:true entries always true, while the principal keys they do carry (ANONYMOUS_KEY_VALUES) are compared
 * with their anonymous value; keys they control (Referer, SecureTransport, ...) never are; aws:SourceIp
 * entries are always true only for NotIpAddress over non-routable ranges (or IfExists over all space).
 * For other routes (pinned, authenticated, shared) only time entries are credited (conservative), plus
 * aws:PrincipalAccount entries when the route reaches principals of one known account (`principalAccount`).
 */
export function denyEntryAlwaysTrue(e: ConditionEntry, route: DenyRoute, now: Date, principalAccount?: string): boolean {
  const op = parseOperator(e.operator);
  if (!op.known) return false;
  if (e.values.length === 0 && op.family !== 'null') return false;
  const cls = keyClass(e.key);
  if (cls === 'time') return evalTime(e, now) === true;
  if (route !== 'anonymous-internet') {
    // A route to principals of one known account: aws:PrincipalAccount is that account for every caller on it.
    if (principalAccount !== undefined && e.key.toLowerCase() === 'aws:principalaccount')
      return trueForValue(op, e, principalAccount) === true;
    return false;
  }
  switch (cls) {
    case 'principal':
    case 'source': {
      const anonValue = ANONYMOUS_KEY_VALUES[e.key.toLowerCase()];
      if (anonValue !== undefined) return trueForValue(op, e, anonValue) === true;
      return trueWhenAbsent(op, e);
    }
    case 'vpc':
    case 'vpce':
    case 'access-point':
      // Absent from the internet, but the caller can send the same anonymous request through a VPC endpoint
      // (or cross-account access point) they own: the entry must also be true for such a foreign id.
      return trueWhenAbsent(op, e) && trueForForeignId(op, e);
    case 'source-ip': {
      if (op.family !== 'ip') return false;
      const cidrs = parseAll(e.values);
      if (!cidrs) return false;
      // present (a public address) ...
      const presentTrue = op.negated
        ? cidrs.every(isNonRoutable)
        : cidrs.some((c) => c.version === 4 && isWholeSpace(c)) && cidrs.some((c) => c.version === 6 && isWholeSpace(c));
      // ... and absent (request through a VPC endpoint)
      const absentTrue = op.set === 'all' ? true : op.set === 'any' ? false : op.ifExists || op.negated;
      return presentTrue && absentTrue;
    }
    default:
      return false;
  }
}
