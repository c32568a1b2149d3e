/** A-11 ACL publicness, A-12 Object Ownership, A-15 IgnorePublicAcls, A-22 object ACL sample. */
import type { AccessGrant, AwsS3Facts, GrantVia, Principal, S3Acl, S3AclGrant, S3AclPermission } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { catalogAction } from './action-catalog.js';
import type { DenyRoute } from './conditions.js';
import type { ParsedStatement } from './policy-parse.js';
import type { Target } from './resources.js';
import { type ActionEntry, applyDenies, capabilitiesOf } from './statements.js';
import { inTrustZone, type Owner } from './trust.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

/** 'enabled' | 'disabled' | 'unknown' (A-12: BucketOwnerEnforced disables ACLs; null = legacy ObjectWriter). */
export function aclsState(facts: AwsS3Facts): 'enabled' | 'disabled' | 'unknown' {
  if (!facts.ownership.known) return 'unknown';
  return facts.ownership.value === 'BucketOwnerEnforced' ? 'disabled' : 'enabled';
}

const BUCKET_PERMS: Record<S3AclPermission, string[]> = {
  READ: ['ListBucket', 'ListBucketVersions', 'ListBucketMultipartUploads'],
  WRITE: ['PutObject', 'DeleteObject', 'DeleteObjectVersion', 'AbortMultipartUpload'],
  READ_ACP: ['GetBucketAcl'],
  WRITE_ACP: ['PutBucketAcl'],
  FULL_CONTROL: [],
};
BUCKET_PERMS.FULL_CONTROL = [...BUCKET_PERMS.READ, ...BUCKET_PERMS.WRITE, ...BUCKET_PERMS.READ_ACP, ...BUCKET_PERMS.WRITE_ACP];

const OBJECT_PERMS: Record<S3AclPermission, string[]> = {
  READ: ['GetObject', 'GetObjectVersion'],
  WRITE: [],
  READ_ACP: ['GetObjectAcl', 'GetObjectVersionAcl'],
  WRITE_ACP: ['PutObjectAcl', 'PutObjectVersionAcl'],
  FULL_CONTROL: [],
};
OBJECT_PERMS.FULL_CONTROL = [...OBJECT_PERMS.READ, ...OBJECT_PERMS.READ_ACP, ...OBJECT_PERMS.WRITE_ACP];

/** Permission -> action entries (ACL <-> policy mapping of [AWS-ACL]); object = undefined for the bucket ACL. */
export function aclEntries(perm: S3AclPermission, objectKey: string | undefined): ActionEntry[] {
  const names = objectKey === undefined ? BUCKET_PERMS[perm] : OBJECT_PERMS[perm];
  const out: ActionEntry[] = [];
  for (const n of names) {
    const a = catalogAction(`s3:${n}`);
    if (!a) continue;
    if (a.kind === 'bucket') out.push({ action: a });
    else out.push({ action: a, key: objectKey === undefined ? '*' : objectKey });
  }
  return out;
}

export type GranteeClass = 'all-users' | 'authenticated-users' | 'log-delivery' | 'owner' | 'other';

function normUri(u: string): string {
  return u
    .trim()
    .replace(/^https:/i, 'http:')
    .toLowerCase();
}

export function classifyGrantee(g: S3AclGrant, owner: Owner, aclOwnerId?: string): GranteeClass {
  const gr = g.grantee;
  if (gr.type === 'Group') {
    const u = normUri(gr.uri);
    if (u === ALL_USERS.toLowerCase()) return 'all-users';
    if (u === AUTHENTICATED_USERS.toLowerCase()) return 'authenticated-users';
    if (u === LOG_DELIVERY.toLowerCase()) return 'log-delivery';
    return 'other';
  }
  if (gr.type === 'CanonicalUser' && (gr.id === owner.canonicalId || gr.id === aclOwnerId)) return 'owner';
  return 'other';
}

export interface AclEvalInput {
  acl: S3Acl;
  /** undefined for the bucket ACL, the key for an object ACL. */
  objectKey?: string;
  /** JSON path prefix, e.g. "acl" or "objectAcls[report.pdf]". */
  path: string;
  via: GrantVia;
  owner: Owner;
  ctx: AnalyzerContext;
  /** Bucket policy denies (an explicit Deny overrides an ACL grant). */
  denies: readonly ParsedStatement[];
  target: Target;
  /** IgnorePublicAcls neutraliser names when in effect. */
  ignorePublicAcls: string[];
}

/** One grant per ACL grant that reaches someone other than the owner. */
export function evaluateAcl(input: AclEvalInput): { grants: AccessGrant[]; notes: string[] } {
  const grants: AccessGrant[] = [];
  const notes: string[] = [];
  const scopeWord = input.objectKey === undefined ? 'bucket' : `object ${input.objectKey}`;
  input.acl.grants.forEach((ag, i) => {
    const cls = classifyGrantee(ag, input.owner, input.acl.ownerId);
    if (cls === 'owner') return;
    const path = `${input.path}.Grants[${i}]`;
    let principal: Principal;
    let exposure: AccessGrant['exposure'];
    let route: DenyRoute = 'other';
    let who: string;
    const gr = ag.grantee;
    const rules = ['A-11'];
    if (cls === 'all-users') {
      principal = { type: 'anonymous' };
      exposure = 'PUBLIC';
      route = 'anonymous-internet';
      who = 'AllUsers';
    } else if (cls === 'authenticated-users') {
      principal = { type: 'all-authenticated', detail: 'AuthenticatedUsers ACL group (any AWS account)' };
      exposure = 'PUBLIC_AUTHENTICATED';
      who = 'AuthenticatedUsers';
    } else if (cls === 'log-delivery') {
      principal = { type: 'service', id: 'LogDelivery' };
      exposure = 'PRIVATE';
      who = 'LogDelivery';
    } else {
      principal =
        gr.type === 'CanonicalUser'
          ? { type: 'identity', id: `canonical:${gr.id}` }
          : gr.type === 'AmazonCustomerByEmail'
            ? { type: 'identity', id: `email:${gr.email}` }
            : { type: 'identity', id: `group:${gr.uri}` };
      exposure = 'SHARED';
      who = gr.type === 'CanonicalUser' ? `CanonicalUser ${gr.displayName ?? gr.id}` : principal.id;
      rules.push('A-19');
    }
    const entries = aclEntries(ag.permission, input.objectKey);
    const denied = applyDenies(entries, input.denies, route, input.target, input.ctx.now);
    const caps = capabilitiesOf(denied.kept);
    const summary = `ACL grants ${ag.permission} on ${scopeWord} to ${who} (Grants[${i}])`;
    if (caps.length === 0) {
      notes.push(
        denied.deniedBy.length > 0
          ? `${summary}: fully denied by bucket policy Statement[${denied.deniedBy.join('], Statement[')}] (A-10)`
          : `${summary}: no capability on this scope`,
      );
      return;
    }
    const grant: AccessGrant = {
      principal,
      capabilities: caps,
      via: input.via,
      exposure,
      evidence: {
        kind: 'acl-grant',
        path,
        summary:
          denied.deniedBy.length > 0
            ? `${summary}; bucket policy Deny Statement[${denied.deniedBy.join(', ')}] removes part of it`
            : summary,
        rules,
      },
    };
    if (exposure === 'SHARED') grant.inTrustZone = inTrustZone(principal, input.owner, input.ctx);
    if ((cls === 'all-users' || cls === 'authenticated-users') && input.ignorePublicAcls.length > 0) {
      grant.neutralizedBy = [...input.ignorePublicAcls];
      grant.evidence.rules = [...rules, 'A-15'];
    }
    grants.push(grant);
  });
  return { grants, notes };
}
