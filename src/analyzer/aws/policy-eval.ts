/** Evaluate one resource policy (bucket or access point) into grants: A-1..A-10, A-19. */
import type { AccessGrant, Evidence, GrantVia, Principal } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { allowEntryOutcome, type DenyRoute } from './conditions.js';
import type { ParsedStatement } from './policy-parse.js';
import { describePrincipal } from './principals.js';
import type { Target } from './resources.js';
import {
  type ActionEntry,
  type AllowAnalysis,
  analyzeAllow,
  type RouteSubject,
  applyDenies,
  authenticatedRemainder,
  capabilitiesOf,
  statementEntries,
  strongestPin,
} from './statements.js';
import { inTrustZone, type Owner } from './trust.js';

export interface PolicyEvalInput {
  statements: readonly ParsedStatement[];
  policyKind: 'bucket' | 'access-point';
  target: Target;
  /** JSON path prefix, e.g. "policy" or "accessPoints[web].policy". */
  path: string;
  via: GrantVia;
  owner: Owner;
  ctx: AnalyzerContext;
  /** Denies of another policy that also govern these requests (the bucket policy for access point routes). */
  extraDenies?: { statements: readonly ParsedStatement[]; target: Target };
  /** Restrict route entries (A-17: an AP request also needs the bucket policy to allow it). */
  filter?: (e: ActionEntry) => boolean;
}

export interface StatementInfo {
  st: ParsedStatement;
  analysis: AllowAnalysis;
  entries: ActionEntry[];
}

export interface PolicyEvalResult {
  /** A-7: any Allow statement is BPA-public. */
  bpaPublic: boolean;
  publicStatements: number[];
  grants: AccessGrant[];
  context: Evidence[];
  allows: StatementInfo[];
}

function list(xs: readonly string[], max = 3): string {
  const shown = xs.slice(0, max).join(', ');
  return xs.length > max ? `${shown} (+${xs.length - max} more)` : shown;
}

export function statementSummary(st: ParsedStatement): string {
  const sid = st.sid ? ` (Sid ${st.sid})` : '';
  const acts = st.notAction ? `every action except ${list(st.actions)}` : list(st.actions);
  const res = st.notResource ? `every resource except ${list(st.resources)}` : list(st.resources);
  const cond =
    st.conditions.length > 0
      ? ` when ${st.conditions
          .slice(0, 3)
          .map((c) => `${c.operator} ${c.key} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`)
          .join(' and ')}`
      : '';
  const verb = st.effect === 'Allow' ? 'allows' : 'denies';
  return `Statement[${st.index}]${sid} ${verb} ${acts} on ${res} to ${describePrincipal(st)}${cond}`;
}

/**
 * Subjects of a bucket-policy delegation to access points owned by someone other than the bucket owner. Other
 * conditions of the statement still apply (AND): a fixed principal narrowing keeps only those principals.
 */
export function foreignDelegationSubjects(
  st: ParsedStatement,
  delegation: string[] | '*',
  owner: Owner,
  now: Date,
): RouteSubject[] {
  const outcomes = st.conditions.map((c) => allowEntryOutcome(c, now, 'bucket'));
  const fixed = outcomes.find((o) => o.t === 'narrow' && o.to !== 'authenticated');
  if (fixed && fixed.t === 'narrow' && fixed.to !== 'authenticated')
    return fixed.to.map((principal) => ({ kind: 'principal', principal }));
  if (delegation === '*')
    return [
      {
        kind: 'authenticated',
        detail: 'requests through an access point of any AWS account (cross-account access points)',
        // A network pin of the same statement (e.g. aws:SourceIp) still applies to requests through the access point.
        ...strongestPin(outcomes),
      },
    ];
  return [...new Set(delegation)]
    .filter((a) => a !== owner.accountId)
    .map((id) => ({ kind: 'principal', principal: { type: 'account', id } }));
}

export function evaluatePolicy(input: PolicyEvalInput): PolicyEvalResult {
  const { statements, target, ctx, owner } = input;
  const now = ctx.now;
  // The Denies that govern these requests: this policy's, then the bucket policy's for access point routes.
  const denySets = [
    { statements: statements.filter((s) => s.effect === 'Deny'), target, label: (i: number) => `Statement[${i}]` },
    ...(input.extraDenies ? [{ ...input.extraDenies, label: (i: number) => `bucket policy Statement[${i}]` }] : []),
  ];
  const result: PolicyEvalResult = { bpaPublic: false, publicStatements: [], grants: [], context: [], allows: [] };
  for (const st of statements) {
    if (st.effect !== 'Allow') continue;
    const path = `${input.path}.Statement[${st.index}]`;
    const analysis = analyzeAllow(st, input.policyKind, now);
    const allEntries = statementEntries(st, target);
    result.allows.push({ st, analysis, entries: allEntries });
    const summary = statementSummary(st);
    if (analysis.bpaPublic) {
      result.bpaPublic = true;
      result.publicStatements.push(st.index);
    }
    for (const u of analysis.unsupported) {
      result.context.push({ kind: 'policy-statement', path, summary: `unsupported construct: ${u}`, rules: ['A-1', 'A-2'] });
    }
    const ctxNote = (text: string, rules: string[]) =>
      result.context.push({
        kind: 'policy-statement',
        path,
        ...(st.sid ? { sid: st.sid } : {}),
        summary: `${summary}: ${text}`,
        rules,
      });
    let subjects = analysis.subjects;
    let delegationText = '';
    if (analysis.inert) {
      if (!analysis.delegation) {
        ctxNote(`never applies (${analysis.inert})`, [...analysis.rules, 'A-10']);
        continue;
      }
      // A-17: the owner's own access points are evaluated with their policies (access-points.ts). Access
      // points of other accounts (cross-account access points) are invisible here: whoever owns them decides
      // who gets in, so the delegation is a grant to that account, or to anyone able to create one ("*").
      subjects = input.policyKind === 'bucket' ? foreignDelegationSubjects(st, analysis.delegation, owner, now) : [];
      if (subjects.length === 0) continue;
      delegationText = `; delegates to access points of ${analysis.delegation === '*' ? 'any AWS account' : `account(s) ${analysis.delegation.join(', ')}`}, whose access point policies are not visible to this audit (A-17)`;
    }
    const entries = input.filter ? allEntries.filter(input.filter) : allEntries;
    if (entries.length === 0) {
      if (analysis.subjects.length > 0)
        ctxNote(`reaches no S3 action on ${target.base}${analysis.bpaPublic ? ' (still BPA-public, A-7/A-9)' : ''}`, [
          ...analysis.rules,
          'A-8',
          'A-9',
        ]);
      continue;
    }
    // Each subject's route; a grant to "*" that a Deny stops only for anonymous callers adds the authenticated callers
    // it leaves in as routes of their own (A-10), with the entries they keep and why.
    const routes: { subject: RouteSubject; entries: readonly ActionEntry[]; remainder?: string }[] = subjects.map((subject) => ({
      subject,
      entries,
    }));
    for (const { subject, entries: reach, remainder } of routes) {
      let principal: Principal;
      let exposure: AccessGrant['exposure'];
      let route: DenyRoute = 'other';
      const g: Partial<AccessGrant> = {};
      const rules = new Set([...analysis.rules, 'A-8', 'A-9', ...(delegationText ? ['A-17'] : [])]);
      if (subject.kind === 'anonymous') {
        principal = { type: 'anonymous' };
        if (subject.pin) {
          exposure = 'RESTRICTED';
          g.pin = subject.pin;
          g.conditional = true;
        } else {
          exposure = 'PUBLIC';
          route = 'anonymous-internet';
        }
      } else if (subject.kind === 'authenticated') {
        principal = { type: 'all-authenticated', detail: subject.detail };
        exposure = subject.pin ? 'RESTRICTED' : 'PUBLIC_AUTHENTICATED';
        if (subject.pin) {
          g.pin = subject.pin;
          g.conditional = true;
        }
      } else {
        principal = subject.principal;
        if (principal.type === 'service') exposure = 'PRIVATE';
        else {
          exposure = 'SHARED';
          g.inTrustZone = inTrustZone(principal, owner, ctx);
          rules.add('A-19');
        }
        if (st.conditions.length > 0 || remainder) g.conditional = true;
      }
      if (remainder) rules.add('A-10');
      const account = subject.kind === 'principal' ? subject.callerAccount : undefined;
      let kept = reach;
      const deniedBy: string[] = [];
      for (const set of denySets) {
        const r = applyDenies(kept, set.statements, route, set.target, now, account);
        // Denied to anonymous callers (by this policy or by the bucket policy): what authenticated ones keep is a
        // route of its own (A-10).
        if (route === 'anonymous-internet' && r.kept.length < kept.length) {
          const left = new Set(r.kept);
          const removed = kept.filter((e) => !left.has(e));
          for (const rest of authenticatedRemainder(removed, set.statements, set.target, now)) {
            const by = rest.deniedBy.map(set.label).join(', ');
            const stops = `; Deny ${by} stops anonymous callers only`;
            if (rest.to === 'authenticated')
              routes.push({
                subject: { kind: 'authenticated', detail: `any AWS principal not stopped by Deny ${by}` },
                entries: rest.entries,
                remainder: `${stops}: authenticated principals of any AWS account keep it`,
              });
            else {
              const who = `${stops}: the principals it exempts (${rest.to.map((x) => ('id' in x ? x.id : x.type)).join(', ')}) keep it`;
              for (const principal of rest.to)
                routes.push({ subject: { kind: 'principal', principal }, entries: rest.entries, remainder: who });
            }
          }
        }
        kept = r.kept;
        deniedBy.push(...r.deniedBy.map(set.label));
      }
      const caps = capabilitiesOf(kept);
      const denyText = deniedBy.length > 0 ? `; Deny ${deniedBy.join(', ')} removes part of it` : '';
      if (deniedBy.length > 0) rules.add('A-10');
      if (caps.length === 0) {
        if (!remainder) ctxNote(`every reachable action is denied for ${principal.type} callers${denyText}`, [...rules]);
        continue;
      }
      const pinText = subject.kind !== 'principal' && subject.pin ? `; only from ${subject.pin} (${subject.pinWhy})` : '';
      const notes = analysis.conditionNotes.length > 0 ? `; ${analysis.conditionNotes.join('; ')}` : '';
      result.grants.push({
        principal,
        capabilities: caps,
        via: input.via,
        exposure,
        ...g,
        evidence: {
          kind: input.via === 'access-point' ? 'access-point' : 'policy-statement',
          path,
          ...(st.sid ? { sid: st.sid } : {}),
          summary: `${summary}${delegationText}${pinText}${remainder ?? ''}${denyText}${notes}`,
          rules: [...rules].sort(),
        },
      });
    }
  }
  return result;
}
