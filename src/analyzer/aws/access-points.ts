/** A-17 access points: AP policy AND bucket-policy delegation, NetworkOrigin=VPC, effective RPB incl. AP BPA. */
import type { AccessGrant, AwsAccessPoint, AwsS3Facts, Evidence, UnknownInput } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { bucketLevels, combineBpa, neutralizerNames } from './bpa.js';
import { globCovers } from './glob.js';
import { type ParsedStatement, parsePolicy } from './policy-parse.js';
import { evaluatePolicy, type StatementInfo } from './policy-eval.js';
import { accessPointTarget, partitionOf, type Target } from './resources.js';
import type { ActionEntry } from './statements.js';
import { type Owner, rpbExempt } from './trust.js';

export interface BucketPolicyView {
  /** undefined when the bucket policy is unknown or malformed. */
  statements?: readonly ParsedStatement[];
  allows: readonly StatementInfo[];
  /** Bucket policy counts as public for RestrictPublicBuckets (A-14). */
  publicForRpb: boolean;
}

export function apArnOf(ap: AwsAccessPoint, region: string | undefined, owner: Owner): string {
  return ap.arn ?? `arn:${partitionOf(region)}:s3:${region ?? '*'}:${owner.accountId ?? '*'}:accesspoint/${ap.name}`;
}

function apAccount(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:s3:[^:]*:(\d{12}):accesspoint\//.exec(arn)?.[1];
}

/** Bucket-policy statements that delegate to this access point (s3:DataAccessPointAccount/Arn) or grant anonymous access. */
export function delegationsFor(bucket: BucketPolicyView, apArn: string): StatementInfo[] {
  const acct = apAccount(apArn);
  return bucket.allows.filter((a) => {
    const d = a.analysis.delegation;
    if (d !== undefined) return d === '*' || (acct !== undefined && d.includes(acct));
    return a.analysis.subjects.some((s) => s.kind === 'anonymous' && !s.pin) && !a.analysis.inert;
  });
}

/** Does the bucket policy delegate to any access point? (then AP inputs are decisive) */
export function bucketDelegates(bucket: BucketPolicyView): boolean {
  return bucket.allows.some((a) => a.analysis.delegation !== undefined);
}

function entryAllowedBy(delegations: readonly StatementInfo[]): (e: ActionEntry) => boolean {
  return (e) =>
    delegations.some((d) =>
      d.entries.some(
        (x) =>
          x.action.name === e.action.name && (e.action.kind === 'bucket' || globCovers(`k/${x.key ?? '*'}`, `k/${e.key ?? '*'}`)),
      ),
    );
}

export interface ApEvalResult {
  grants: AccessGrant[];
  context: Evidence[];
  unknownInputs: UnknownInput[];
}

export function evaluateAccessPoints(
  aps: readonly AwsAccessPoint[],
  facts: AwsS3Facts,
  bucket: BucketPolicyView,
  bucketTarget: Target,
  region: string | undefined,
  owner: Owner,
  ctx: AnalyzerContext,
): ApEvalResult {
  const out: ApEvalResult = { grants: [], context: [], unknownInputs: [] };
  const bucketPolicyUnknown = bucket.statements === undefined;
  for (const ap of aps) {
    const base = `accessPoints[${ap.name}]`;
    const arn = apArnOf(ap, region, owner);
    const delegations = bucketPolicyUnknown ? [] : delegationsFor(bucket, arn);
    // AP inputs matter only when the bucket policy lets AP requests through (or cannot be read).
    const decisive = bucketPolicyUnknown || delegations.length > 0;
    if (!ap.policy.known) {
      out.unknownInputs.push({
        input: `${base}.policy`,
        reason: ap.policy.reason,
        ...(ap.policy.detail ? { detail: ap.policy.detail } : {}),
        ...(ap.policy.operation ? { operation: ap.policy.operation } : {}),
        ...(ap.policy.code ? { code: ap.policy.code } : {}),
        decisive,
      });
      continue;
    }
    if (ap.policy.value === null) continue;
    const parsed = parsePolicy(ap.policy.value, true);
    if (!parsed.ok) {
      out.unknownInputs.push({ input: `${base}.policy`, reason: 'malformed', detail: parsed.message, decisive });
      continue;
    }
    const levels = [...bucketLevels(facts), { level: 'access-point' as const, bpa: ap.bpa }];
    const eff = combineBpa(levels);
    const ev = evaluatePolicy({
      statements: parsed.statements,
      policyKind: 'access-point',
      target: accessPointTarget(arn),
      path: `${base}.policy`,
      via: 'access-point',
      owner,
      ctx,
      ...(bucket.statements ? { extraDenies: { statements: bucket.statements, target: bucketTarget } } : {}),
      ...(bucketPolicyUnknown ? {} : { filter: entryAllowedBy(delegations) }),
    });
    out.context.push(...ev.context);
    const status = ap.policyStatus;
    const opinionUsable = status?.known === true && typeof status.value === 'boolean' && !facts.customEndpoint;
    const apPublic = opinionUsable ? (status.value as boolean) : ev.bpaPublic;
    if (status?.known === true && typeof status.value === 'boolean' && status.value !== ev.bpaPublic) {
      out.context.push({
        kind: 'provider-opinion',
        path: `${base}.policyStatus`,
        summary: `GetAccessPointPolicyStatus.IsPublic=${status.value} but the local evaluator finds the access point policy ${ev.bpaPublic ? 'public' : 'not public'} (A-20)${facts.customEndpoint ? ' (custom endpoint: informational)' : ''}`,
        rules: ['A-20'],
      });
    }
    if (
      ev.grants.length === 0 &&
      !bucketPolicyUnknown &&
      delegations.length === 0 &&
      parsed.statements.some((s) => s.effect === 'Allow')
    ) {
      out.context.push({
        kind: 'access-point',
        path: `${base}.policy`,
        summary: `access point ${ap.name} policy has Allow statements but the bucket policy does not delegate to access points: no effective access (A-17)`,
        rules: ['A-17'],
      });
    }
    const rpbNames = [
      ...(apPublic ? neutralizerNames(eff, 'restrictPublicBuckets') : []),
      ...(bucket.publicForRpb ? neutralizerNames(combineBpa(bucketLevels(facts)), 'restrictPublicBuckets') : []),
    ];
    const rpbUnknown = apPublic && eff.restrictPublicBuckets.value === undefined;
    for (const g of ev.grants) {
      g.evidence.rules = [...new Set([...(g.evidence.rules ?? []), 'A-17'])];
      if (
        ap.networkOrigin === 'VPC' &&
        (g.exposure === 'PUBLIC' || g.exposure === 'PUBLIC_AUTHENTICATED' || g.exposure === 'RESTRICTED')
      ) {
        g.exposure = 'RESTRICTED';
        g.pin = 'vpc';
        g.evidence.summary += `; access point NetworkOrigin=VPC${ap.vpcId ? ` (${ap.vpcId})` : ''}: reachable only from that VPC`;
      }
      if (rpbNames.length > 0 && !rpbExempt(g, owner)) {
        g.neutralizedBy = [...new Set(rpbNames)];
        g.evidence.rules = [...g.evidence.rules, 'A-14'];
      }
      out.grants.push(g);
    }
    if (rpbUnknown && ev.grants.some((g) => !rpbExempt(g, owner))) {
      out.unknownInputs.push({
        input: `${base}.bpa`,
        reason: ap.bpa.known ? 'not-collected' : ap.bpa.reason,
        detail:
          'RestrictPublicBuckets for this access point depends on an unreadable BPA level; its grants are evaluated as not neutralised (worst case)',
        decisive: false,
      });
    }
  }
  return out;
}
