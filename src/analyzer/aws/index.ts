/**
 * AWS S3 exposure rules (exposure-semantics.md 1.2-1.6, A-1..A-22): facts -> grants, guardrails, unknown
 * inputs, provider opinion. Pure; never throws on malformed input (malformed => UNKNOWN with the reason).
 *
 * Unknown-input policy (never PRIVATE because of a missing input):
 *  - bucket policy unknown / malformed: decisive.
 *  - bucket ACL unknown: decisive unless Object Ownership is known BucketOwnerEnforced (ACLs then have no effect).
 *  - Object Ownership unknown: ACLs are treated as enabled (worst case); the known ACL is evaluated; not decisive.
 *  - BPA unknown at a level: BPA can only remove exposure, so a grant it might neutralise stays active (worst
 *    case) and the unknown is recorded with decisive=false (the verdict cannot get more exposed by learning it).
 *  - access point list/policy unknown: decisive only when the bucket policy delegates to access points or is
 *    itself unknown (without delegation no AP request can succeed, A-17).
 *  - website, requester pays, object ACL sample, assumable roles, policy status: context / optional, not decisive.
 */
import type {
  AccessGrant,
  AwsS3Facts,
  Evidence,
  GuardrailState,
  Known,
  ProviderOpinion,
  StorageResource,
  UnknownInput,
} from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { fromTerraform, type ProviderEvaluation } from '../evaluation.js';
import { evaluateAccessPoints, bucketDelegates, type BucketPolicyView } from './access-points.js';
import { aclsState, evaluateAcl } from './acl.js';
import { bpaGuardrails, effectiveBucketBpa, neutralizerNames } from './bpa.js';
import { type ParsedStatement, parsePolicy } from './policy-parse.js';
import { evaluatePolicy } from './policy-eval.js';
import { bucketTarget, partitionOf } from './resources.js';
import { evaluateAssumableRoles } from './roles.js';
import { type Owner, rpbExempt } from './trust.js';
import { websiteContext } from './website.js';

export { S3_ACTION_CATALOG_VERSION } from './action-catalog.js';

function unknownOf(input: string, k: Exclude<Known<unknown>, { known: true }>, decisive: boolean, extra?: string): UnknownInput {
  return {
    input,
    reason: k.reason,
    ...(k.detail || extra ? { detail: [k.detail, extra].filter(Boolean).join('; ') } : {}),
    ...(k.operation ? { operation: k.operation } : {}),
    ...(k.code ? { code: k.code } : {}),
    decisive,
  };
}

export function evaluateAws(resource: StorageResource, facts: AwsS3Facts, ctx: AnalyzerContext): ProviderEvaluation {
  const owner: Owner = {
    ...(facts.ownerAccountId || resource.account ? { accountId: facts.ownerAccountId ?? resource.account } : {}),
    ...(facts.ownerCanonicalId ? { canonicalId: facts.ownerCanonicalId } : {}),
  };
  const target = bucketTarget(resource.name, partitionOf(resource.region, resource.id));
  const grants: AccessGrant[] = [];
  const context: Evidence[] = [];
  const unknownInputs: UnknownInput[] = [];
  const eff = effectiveBucketBpa(facts);

  // BPA levels that could not be read (never decisive: see header).
  if (!facts.orgBpaEnforced && !facts.accountBpa.known)
    unknownInputs.push(unknownOf('accountBpa', facts.accountBpa, false, 'evaluated as not set (worst case)'));
  if (!facts.bucketBpa.known)
    unknownInputs.push(unknownOf('bucketBpa', facts.bucketBpa, false, 'evaluated as not set (worst case)'));

  /* ---------------------------------------------------------- bucket policy ---------------------------------------------------------- */
  let statements: ParsedStatement[] | undefined;
  let localBpaPublic = false;
  let policyKnownAbsent = false;
  const policyGrants: AccessGrant[] = [];
  const bucketView: BucketPolicyView = { allows: [], publicForRpb: false };
  if (!facts.policy.known) {
    unknownInputs.push(unknownOf('bucketPolicy', facts.policy, true));
  } else if (facts.policy.value === null) {
    statements = [];
    policyKnownAbsent = true;
  } else {
    const parsed = parsePolicy(facts.policy.value, true);
    if (!parsed.ok) {
      unknownInputs.push({
        input: 'bucketPolicy',
        reason: 'malformed',
        detail: `bucket policy could not be parsed: ${parsed.message}`,
        operation: 'GetBucketPolicy',
        decisive: true,
      });
    } else {
      statements = parsed.statements;
      const ev = evaluatePolicy({ statements, policyKind: 'bucket', target, path: 'policy', via: 'policy', owner, ctx });
      localBpaPublic = ev.bpaPublic;
      policyGrants.push(...ev.grants);
      context.push(...ev.context);
      bucketView.allows = ev.allows;
    }
  }
  bucketView.statements = statements;

  // Provider opinion (A-20): used for the RestrictPublicBuckets decision on AWS; informational elsewhere.
  let providerOpinion: ProviderOpinion | undefined;
  let disagreement: ProviderEvaluation['disagreement'];
  let isPublic: boolean | undefined;
  const ps = facts.policyStatus;
  if (ps) {
    providerOpinion = { source: 'GetBucketPolicyStatus', ...(facts.customEndpoint ? { informational: true } : {}) };
    if (ps.known) {
      isPublic = ps.value === null ? false : ps.value;
      providerOpinion.isPublic = isPublic;
    } else if (statements === undefined || statements.length > 0) {
      unknownInputs.push(
        unknownOf(
          'policyStatus',
          ps,
          false,
          'provider opinion unavailable; RestrictPublicBuckets decided by the local evaluator',
        ),
      );
    }
  }
  const policyParsed = statements !== undefined;
  if (policyParsed && isPublic !== undefined && isPublic !== localBpaPublic) {
    const detail = `local evaluator: bucket policy ${localBpaPublic ? 'is' : 'is not'} public in the BPA sense; GetBucketPolicyStatus.IsPublic=${isPublic}`;
    if (facts.customEndpoint) {
      context.push({
        kind: 'provider-opinion',
        path: 'policyStatus',
        summary: `${detail} (custom S3 endpoint: provider opinion is informational only)`,
        rules: ['A-20'],
      });
    } else {
      disagreement = { with: 'provider', detail };
    }
  }
  const publicForRpb =
    isPublic !== undefined && !facts.customEndpoint && policyParsed && !policyKnownAbsent ? isPublic : localBpaPublic;
  bucketView.publicForRpb = publicForRpb;

  // A-14: RestrictPublicBuckets on a public policy neutralises every non-owner, non-service policy grant.
  const rpb = eff.restrictPublicBuckets;
  const rpbNames = neutralizerNames(eff, 'restrictPublicBuckets');
  const affected = policyGrants.filter((g) => !rpbExempt(g, owner) && g.exposure !== 'PRIVATE');
  if (publicForRpb && rpb.value === true) {
    for (const g of affected) {
      g.neutralizedBy = [...rpbNames];
      g.evidence.rules = [...new Set([...(g.evidence.rules ?? []), 'A-14'])];
    }
  } else if (publicForRpb && rpb.value === undefined && affected.length > 0) {
    unknownInputs.push({
      input: 'restrictPublicBuckets',
      reason: 'not-collected',
      detail: `RestrictPublicBuckets depends on unreadable BPA level(s) (${rpb.unknownAt.join(', ')}); ${affected.length} policy grant(s) evaluated as not neutralised (worst case)`,
      decisive: false,
    });
  }
  grants.push(...policyGrants);

  /* --------------------------------------------------------------- ACLs --------------------------------------------------------------- */
  const acls = aclsState(facts);
  const ipa = eff.ignorePublicAcls;
  const ipaNames = ipa.value === true ? neutralizerNames(eff, 'ignorePublicAcls') : [];
  const denies = (statements ?? []).filter((s) => s.effect === 'Deny');
  if (!facts.ownership.known)
    unknownInputs.push(unknownOf('ownership', facts.ownership, false, 'ACLs evaluated as enabled (worst case)'));
  if (acls !== 'disabled') {
    if (!facts.acl.known) {
      unknownInputs.push(unknownOf('bucketAcl', facts.acl, true));
    } else {
      const r = evaluateAcl({
        acl: facts.acl.value,
        path: 'acl',
        via: 'acl',
        owner,
        ctx,
        denies,
        target,
        ignorePublicAcls: ipaNames,
      });
      grants.push(...r.grants);
      for (const n of r.notes) context.push({ kind: 'acl-grant', path: 'acl', summary: n, rules: ['A-11', 'A-10'] });
    }
    // A-22 object ACL sample
    if (facts.objectAcls) {
      // Live, the object ACLs are a sample (optional); in Terraform they are declared objects whose ACL decides
      // unless IgnorePublicAcls drops it.
      if (!facts.objectAcls.known)
        unknownInputs.push(unknownOf('objectAcls', facts.objectAcls, fromTerraform(resource) && ipa.value !== true));
      else {
        for (const o of facts.objectAcls.value) {
          const r = evaluateAcl({
            acl: o.acl,
            objectKey: o.key,
            path: `objectAcls[${o.key}]`,
            via: 'object-acl',
            owner,
            ctx,
            denies,
            target,
            ignorePublicAcls: ipaNames,
          });
          for (const g of r.grants) g.evidence.rules = [...(g.evidence.rules ?? []), 'A-22'];
          grants.push(...r.grants);
        }
      }
    }
  } else if (facts.acl.known && facts.acl.value.grants.some((g) => g.grantee.type === 'Group')) {
    context.push({
      kind: 'acl-grant',
      path: 'acl',
      summary: 'Object Ownership is BucketOwnerEnforced: ACL grants have no effect (A-12)',
      rules: ['A-12'],
    });
  }

  /* ---------------------------------------------------------- access points ---------------------------------------------------------- */
  if (!facts.accessPoints.known) {
    unknownInputs.push(unknownOf('accessPoints', facts.accessPoints, statements === undefined || bucketDelegates(bucketView)));
  } else if (facts.accessPoints.value.length > 0) {
    const r = evaluateAccessPoints(facts.accessPoints.value, facts, bucketView, target, resource.region, owner, ctx);
    grants.push(...r.grants);
    context.push(...r.context);
    unknownInputs.push(...r.unknownInputs);
  }

  /* --------------------------------------------------------- assumable roles --------------------------------------------------------- */
  if (facts.assumableRoles) {
    if (!facts.assumableRoles.known) unknownInputs.push(unknownOf('assumableRoles', facts.assumableRoles, false));
    else {
      const r = evaluateAssumableRoles(facts.assumableRoles.value, target, denies, ctx);
      grants.push(...r.grants);
      context.push(...r.context);
    }
  }

  /* --------------------------------------------------------- context + S-5 --------------------------------------------------------- */
  if (!facts.website.known) unknownInputs.push(unknownOf('website', facts.website, false));
  context.push(...websiteContext(resource, facts, grants));

  const guardrails: GuardrailState[] = [...bpaGuardrails(facts), aclGuardrail(facts), objectAclGuardrail(facts, acls, ipa.value)];

  const evaluation: ProviderEvaluation = { grants, guardrails, unknownInputs, context };
  if (providerOpinion) evaluation.providerOpinion = providerOpinion;
  if (disagreement) evaluation.disagreement = disagreement;
  const bpaPublicAny = localBpaPublic || (isPublic === true && !facts.customEndpoint);
  const anonymousRoute = policyGrants.some(
    (g) => g.exposure === 'PUBLIC' || g.exposure === 'PUBLIC_AUTHENTICATED' || g.exposure === 'RESTRICTED',
  );
  if (bpaPublicAny && !anonymousRoute) {
    evaluation.publicWithoutCapability = {
      kind: 'policy-statement',
      path: 'policy',
      summary: `bucket policy is public in the BPA sense${isPublic ? ' (GetBucketPolicyStatus.IsPublic=true)' : ''} but grants no effective anonymous capability on this bucket (S-5)`,
      rules: ['A-7', 'A-9', 'A-10'],
    };
  }
  return evaluation;
}

function aclGuardrail(facts: AwsS3Facts): GuardrailState {
  const o = facts.ownership;
  if (!o.known)
    return {
      name: 's3-acls-disabled',
      status: 'unknown',
      detail: `Object Ownership could not be read (${o.reason}${o.code ? `: ${o.code}` : ''})`,
    };
  if (o.value === 'BucketOwnerEnforced')
    return { name: 's3-acls-disabled', status: 'on', detail: 'Object Ownership BucketOwnerEnforced: ACLs are disabled' };
  return {
    name: 's3-acls-disabled',
    status: 'off',
    detail:
      o.value === null
        ? 'no ownership controls (legacy ObjectWriter): ACLs are enabled'
        : `Object Ownership ${o.value}: ACLs are enabled`,
  };
}

function objectAclGuardrail(
  facts: AwsS3Facts,
  acls: 'enabled' | 'disabled' | 'unknown',
  ipa: boolean | undefined,
): GuardrailState {
  const name = 's3-object-acls-sampled';
  if (acls === 'disabled')
    return { name, status: 'not-applicable', detail: 'ACLs are disabled (BucketOwnerEnforced): object ACLs have no effect' };
  if (ipa === true)
    return { name, status: 'not-applicable', detail: 'IgnorePublicAcls is in effect: public object ACLs are ignored' };
  if (facts.objectAcls?.known)
    return { name, status: 'on', detail: `${facts.objectAcls.value.length} object ACL(s) sampled (A-22)` };
  if (facts.objectAcls && !facts.objectAcls.known)
    return { name, status: 'unknown', detail: `object ACL sample failed (${facts.objectAcls.reason})` };
  if (acls === 'unknown' || ipa === undefined)
    return { name, status: 'unknown', detail: 'object ACLs not sampled; whether they can matter depends on unreadable inputs' };
  return {
    name,
    status: 'off',
    detail: 'ACLs are enabled, IgnorePublicAcls is off and object ACLs were not sampled: individual objects may be public (A-22)',
  };
}
