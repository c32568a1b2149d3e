/** Per-statement evaluation: actions x resources, conditions (A-3..A-6, A-10), Deny overriding Allow. */
import type { CapabilityGrant, NetworkPin, Principal } from '../../model/index.js';
import type { CatalogAction } from './action-catalog.js';
import { actionMatched, matchActions } from './actions.js';
import {
  type AllowEntryOutcome,
  allowEntryOutcome,
  bpaPins,
  type DenyRoute,
  denyEntryAlwaysTrue,
  escapingPrincipals,
  keyClass,
} from './conditions.js';
import { globCovers, globMatch } from './glob.js';
import type { ParsedStatement } from './policy-parse.js';
import { accountOfArn, classifyAllowPrincipal, denyCoversAnonymous, denyCoversEveryone } from './principals.js';
import { reachedKeyPatterns, reachesBucket, scopeOfKeyPattern, type Target } from './resources.js';

/** One (action, resource) pair a route can exercise; `key` is the object key pattern for object actions. */
export interface ActionEntry {
  action: CatalogAction;
  key?: string;
}

/** A-8 x A-9: the catalog actions of a statement that meet a matching resource of the target. */
export function statementEntries(st: ParsedStatement, t: Target): ActionEntry[] {
  const out: ActionEntry[] = [];
  const acts = matchActions(st.actions, st.notAction);
  const bucketHit = reachesBucket(st.resources, st.notResource, t);
  const keys = acts.some((a) => a.kind === 'object') ? reachedKeyPatterns(st.resources, st.notResource, t) : [];
  for (const a of acts) {
    if (a.kind === 'bucket') {
      if (bucketHit) out.push({ action: a });
    } else for (const key of keys) out.push({ action: a, key });
  }
  return out;
}

function denyReaches(d: ParsedStatement, e: ActionEntry, t: Target): boolean {
  if (!actionMatched(d.actions, d.notAction, e.action.name)) return false;
  // NotResource in a Deny is not credited (conservative: keeps the capability).
  if (d.notResource) return false;
  if (e.action.kind === 'bucket') return d.resources.some((p) => globMatch(p, t.base));
  return d.resources.some((p) => globCovers(p, `${t.objectBase}${e.key ?? '*'}`));
}

export interface DenyResult {
  kept: ActionEntry[];
  /** Statement indexes of Denies that removed something. */
  deniedBy: number[];
}

/** the Deny covers every caller on the route (its principal, and each of its conditions). */
function denyApplies(d: ParsedStatement, route: DenyRoute, now: Date, principalAccount?: string): boolean {
  return (
    d.effect === 'Deny' &&
    (route === 'anonymous-internet' ? denyCoversAnonymous(d) : denyCoversEveryone(d)) &&
    d.conditions.every((c) => denyEntryAlwaysTrue(c, route, now, principalAccount))
  );
}

/** remove the entries an applicable Deny covers for every caller on the route. */
export function applyDenies(
  entries: readonly ActionEntry[],
  denies: readonly ParsedStatement[],
  route: DenyRoute,
  t: Target,
  now: Date,
  /** The one account every caller on the route belongs to (a grant to a fixed account or IAM identity). */
  principalAccount?: string,
): DenyResult {
  const applicable = denies.filter((d) => denyApplies(d, route, now, principalAccount));
  const deniedBy = new Set<number>();
  const kept = entries.filter((e) => {
    const d = applicable.find((x) => denyReaches(x, e, t));
    if (d) deniedBy.add(d.index);
    return !d;
  });
  return { kept, deniedBy: [...deniedBy] };
}

/**
 * Who a Deny that stopped anonymous callers leaves out among authenticated ones: nobody ([]), some, or all. Its
 * conditions were all true for anonymous callers; those on where a request comes from (network, VPC endpoint, access
 * point), on time, or on a calling service (keys an IAM principal's request lacks, as an anonymous one does) are as
 * true for an authenticated caller: only the caller's identity keys, and NotPrincipal, can let one out.
 */
function escapingDeny(d: ParsedStatement): Principal[] | 'authenticated' {
  const byCondition = escapingPrincipals(d.conditions.filter((c) => keyClass(c.key) === 'principal'));
  if (!d.notPrincipal || byCondition === 'authenticated') return byCondition;
  // Deny to everyone but the listed principals (never "*" here: denyCoversAnonymous): those escape it too (the
  // conditions are AND-ed with it).
  const pc = classifyAllowPrincipal({ ...d, principal: d.notPrincipal, notPrincipal: undefined });
  return pc.anonymous || pc.federated.length > 0 ? 'authenticated' : [...pc.fixed, ...byCondition];
}

const principalKey = (p: Principal): string => `${p.type}:${'id' in p ? p.id : ''}`;

/**
 * A-10 for a grant to "*": the entries Denies removed for anonymous callers may still be allowed to authenticated
 * ones ("Deny when aws:PrincipalType is Anonymous" or "Null aws:PrincipalArn" leaves every AWS account in; "Deny
 * unless aws:PrincipalOrgID is o-x" leaves that organisation in). Grouped by who remains: every authenticated
 * principal, or the principals named; entries no authenticated caller keeps are left out.
 */
export function authenticatedRemainder(
  removed: readonly ActionEntry[],
  denies: readonly ParsedStatement[],
  t: Target,
  now: Date,
): { entries: ActionEntry[]; to: Principal[] | 'authenticated'; deniedBy: number[] }[] {
  // only the Denies that stopped anonymous callers (a Deny on, say, aws:SecureTransport did not), each with who escapes it
  const stopping = denies.filter((d) => denyApplies(d, 'anonymous-internet', now)).map((d) => ({ d, escapes: escapingDeny(d) }));
  const groups = new Map<string, { entries: ActionEntry[]; to: Principal[] | 'authenticated'; deniedBy: number[] }>();
  for (const e of removed) {
    let to: Principal[] | 'authenticated' = 'authenticated';
    const by: number[] = [];
    for (const { d, escapes } of stopping) {
      if (!denyReaches(d, e, t)) continue;
      by.push(d.index);
      // A caller must escape every Deny. Two named sets are kept together (an account may belong to the organisation
      // the other names: reporting both over-states the audience, never hides it).
      if (escapes === 'authenticated') continue;
      if (escapes.length === 0) {
        to = [];
        break;
      }
      to = to === 'authenticated' ? escapes : [...to, ...escapes];
    }
    if (to !== 'authenticated' && to.length === 0) continue;
    const named = to === 'authenticated' ? undefined : new Map(to.map((p) => [principalKey(p), p]));
    const key = named ? [...named.keys()].sort().join('\n') : '*';
    const g = groups.get(key) ?? { entries: [], to: named ? [...named.values()] : 'authenticated', deniedBy: [] };
    g.entries.push(e);
    for (const i of by) if (!g.deniedBy.includes(i)) g.deniedBy.push(i);
    groups.set(key, g);
  }
  return [...groups.values()];
}

export function capabilitiesOf(entries: readonly ActionEntry[]): CapabilityGrant[] {
  const seen = new Map<string, CapabilityGrant>();
  for (const e of entries) {
    const scope = e.action.kind === 'bucket' ? 'bucket' : scopeOfKeyPattern(e.key ?? '*');
    seen.set(`${e.action.cls}|${scope}`, { capability: e.action.cls, scope });
  }
  return [...seen.values()];
}

/* ------------------------------------------------------------- Allow routes ------------------------------------------------------------- */

/** Who an Allow statement effectively reaches, before Deny and guardrails. */
export type RouteSubject =
  | { kind: 'anonymous'; pin?: NetworkPin; pinWhy?: string }
  | { kind: 'authenticated'; detail: string; pin?: NetworkPin; pinWhy?: string }
  | {
      kind: 'principal';
      principal: Principal;
      /**
       * The account of every caller on the route, when the Principal element names it (an account or IAM/STS ARN):
       * their aws:PrincipalAccount. Not set for principals inferred from conditions (aws:SourceAccount names the
       * account a service acts for, not the caller's).
       */
      callerAccount?: string;
    };

export interface AllowAnalysis {
  /** A-1..A-6: the statement is public in the BPA sense. */
  bpaPublic: boolean;
  /** Rule ids that applied. */
  rules: string[];
  /** Credited pins and why a pin was not credited (evidence text). */
  conditionNotes: string[];
  /** Unsupported constructs / worst-case evaluations. */
  unsupported: string[];
  /** Effective subjects (empty when the statement can never apply). */
  subjects: RouteSubject[];
  /** Why the statement can never apply (expired time window, impossible condition, AP-only). */
  inert?: string;
  /** s3:DataAccessPoint* delegation: applies only to requests through access points of these accounts. */
  delegation?: string[] | '*';
}

const PIN_STRENGTH: NetworkPin[] = ['public-cidr', 'private-cidr', 'vpc', 'vpce'];

/** The strongest network pin among a statement's condition outcomes (AND-ed: the narrowest origin wins). */
export function strongestPin(outcomes: readonly AllowEntryOutcome[]): { pin?: NetworkPin; pinWhy?: string } {
  const pins = outcomes.filter((o): o is Extract<AllowEntryOutcome, { t: 'pin' }> => o.t === 'pin');
  const best = [...pins].sort((a, b) => PIN_STRENGTH.indexOf(b.pin) - PIN_STRENGTH.indexOf(a.pin))[0];
  return best ? { pin: best.pin, pinWhy: best.why } : {};
}

export function analyzeAllow(st: ParsedStatement, policyKind: 'bucket' | 'access-point', now: Date): AllowAnalysis {
  const pc = classifyAllowPrincipal(st);
  const rules = new Set<string>();
  const notes: string[] = [];
  const publicPrincipal = pc.anonymous || pc.federated.length > 0;
  if (publicPrincipal) rules.add('A-1');
  if (st.notPrincipal) rules.add('A-2');
  let pinned = false;
  for (const c of st.conditions) {
    const r = bpaPins(c, policyKind);
    if (r.pins) {
      pinned = true;
      notes.push(`${c.operator} ${c.key} pins the statement${r.inferred ? ' (inferred pinning key, open point 2)' : ''}`);
    } else if (r.why) notes.push(r.why);
  }
  if (publicPrincipal && st.conditions.length > 0) {
    for (const x of ['A-3', 'A-4', 'A-5']) rules.add(x);
  }
  if (st.conditions.some((c) => c.key.toLowerCase() === 'aws:sourceip')) rules.add('A-6');
  const bpaPublic = publicPrincipal && !pinned;

  const outcomes: AllowEntryOutcome[] = st.conditions.map((c) => allowEntryOutcome(c, now, policyKind));
  for (const o of outcomes) if (o.t === 'any' && o.note) notes.push(o.note);
  const never = outcomes.find((o) => o.t === 'never');
  const analysis: AllowAnalysis = { bpaPublic, rules: [], conditionNotes: notes, unsupported: pc.unsupported, subjects: [] };
  if (st.conditions.length > 0) rules.add('A-10');
  if (never && never.t === 'never') {
    analysis.inert = never.why;
    analysis.rules = [...rules];
    return analysis;
  }
  const subjects: RouteSubject[] = [];
  if (publicPrincipal) {
    const viaAps = outcomes.filter((o): o is Extract<AllowEntryOutcome, { t: 'via-ap' }> => o.t === 'via-ap');
    const viaAp = viaAps[0];
    if (viaAp) {
      // Condition entries are AND-ed: the delegation reaches only accounts every entry admits.
      analysis.delegation = viaAps.reduce<string[] | '*'>(
        (acc, o) => (acc === '*' ? o.accounts : o.accounts === '*' ? acc : acc.filter((a) => o.accounts.includes(a))),
        '*',
      );
      analysis.inert = `applies only to requests through access points (${viaAp.why})`;
      rules.add('A-17');
    } else {
      const narrows = outcomes.filter((o): o is Extract<AllowEntryOutcome, { t: 'narrow' }> => o.t === 'narrow');
      const fixed = narrows.find((n) => n.to !== 'authenticated');
      const pin = strongestPin(outcomes);
      if (fixed && fixed.to !== 'authenticated') {
        for (const p of fixed.to) subjects.push({ kind: 'principal', principal: p });
      } else if (narrows.length > 0) {
        subjects.push({ kind: 'authenticated', detail: `any AWS principal matching ${narrows[0]!.why}`, ...pin });
      } else {
        if (pc.anonymous) subjects.push({ kind: 'anonymous', ...pin });
        else
          for (const f of pc.federated) subjects.push({ kind: 'authenticated', detail: `web-identity federation ${f}`, ...pin });
      }
    }
  }
  if (!pc.anonymous)
    for (const p of pc.fixed) {
      const callerAccount = p.type === 'account' ? p.id : p.type === 'identity' ? accountOfArn(p.id) : undefined;
      subjects.push({ kind: 'principal', principal: p, ...(callerAccount ? { callerAccount } : {}) });
    }
  analysis.subjects = subjects;
  analysis.rules = [...rules];
  return analysis;
}
