import type {
  AwsAccessPoint,
  AwsS3Facts,
  AwsBpa,
  Known,
  S3Acl,
  S3AclGrant,
  S3AclGrantee,
  S3AclPermission,
  S3ObjectOwnership,
  StorageResource,
} from '../../src/model/index.js';

import { intern, internString } from '../../src/model/intern.js';

/* Pure: raw SDK response shapes (structural, so tests need no SDK) -> model facts. */

export interface RawGrant {
  Grantee?: { Type?: string; URI?: string; ID?: string; DisplayName?: string; EmailAddress?: string };
  Permission?: string;
}
export interface RawAcl {
  Owner?: { ID?: string; DisplayName?: string };
  Grants?: RawGrant[];
}
export interface RawBpa {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

const KNOWN_NULL: Known<null> = Object.freeze({ known: true, value: null });
const KNOWN_TRUE: Known<boolean> = Object.freeze({ known: true, value: true });
const KNOWN_FALSE: Known<boolean> = Object.freeze({ known: true, value: false });
const KNOWN_EMPTY: Known<never[]> = Object.freeze({ known: true, value: Object.freeze([]) as unknown as never[] });

/**
 * A known value. null, true, false and [] (the answers of most buckets) come back as shared frozen
 * instances (see src/model/intern.ts): a 100k-bucket scan then holds four objects, not a million.
 */
export function known<T>(value: T): Known<T> {
  if (value === null) return KNOWN_NULL as Known<T>;
  if (value === true) return KNOWN_TRUE as Known<T>;
  if (value === false) return KNOWN_FALSE as Known<T>;
  if (Array.isArray(value) && value.length === 0) return KNOWN_EMPTY as Known<T>;
  return { known: true, value };
}

const PERMISSIONS = new Set<S3AclPermission>(['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL']);

function grantee(g: NonNullable<RawGrant['Grantee']>): S3AclGrantee | undefined {
  if ((g.Type === 'Group' || (!g.Type && g.URI)) && g.URI) return { type: 'Group', uri: g.URI };
  if ((g.Type === 'CanonicalUser' || (!g.Type && g.ID)) && g.ID) {
    return g.DisplayName ? { type: 'CanonicalUser', id: g.ID, displayName: g.DisplayName } : { type: 'CanonicalUser', id: g.ID };
  }
  if (g.Type === 'AmazonCustomerByEmail' && g.EmailAddress) return { type: 'AmazonCustomerByEmail', email: g.EmailAddress };
  return undefined;
}

/** GetBucketAcl / GetObjectAcl output -> S3Acl. Grants the model cannot express are kept out (none exist on AWS). */
export function normalizeAcl(raw: RawAcl): S3Acl {
  const grants: S3AclGrant[] = [];
  for (const g of raw.Grants ?? []) {
    if (!g.Grantee || !g.Permission || !PERMISSIONS.has(g.Permission as S3AclPermission)) continue;
    const who = grantee(g.Grantee);
    if (who) grants.push({ grantee: who, permission: g.Permission as S3AclPermission });
  }
  return intern(raw.Owner?.ID ? { ownerId: raw.Owner.ID, grants } : { grants });
}

/**
 * GetBucketAcl / GetObjectAcl output as a Known. A 200 without an AccessControlList element (an empty or
 * truncated body, a proxy's HTML page) is not "no grants": AWS always lists at least the owner's grant, so
 * it reads as unknown ('malformed'), never as an ACL that grants nothing. `<AccessControlList/>` is an empty list.
 */
export function normalizeAclOutput(raw: RawAcl, operation: string): Known<S3Acl> {
  if (raw.Grants === undefined) {
    return { known: false, reason: 'malformed', operation, detail: `${operation}: response has no AccessControlList` };
  }
  return known(normalizeAcl(raw));
}

/** A PublicAccessBlockConfiguration (bucket, account or access point) -> four flags; missing flags are false. */
export function normalizeBpa(raw: RawBpa | undefined): AwsBpa {
  return intern({
    blockPublicAcls: raw?.BlockPublicAcls === true,
    ignorePublicAcls: raw?.IgnorePublicAcls === true,
    blockPublicPolicy: raw?.BlockPublicPolicy === true,
    restrictPublicBuckets: raw?.RestrictPublicBuckets === true,
  });
}

const OWNERSHIP: readonly S3ObjectOwnership[] = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'];

/**
 * GetBucketOwnershipControls output. An empty 200 (Ceph RGW answers that way) is not "not configured":
 * the service does not implement the setting, so the input is unknown ('unsupported').
 */
export function normalizeOwnership(raw: {
  OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] };
}): Known<S3ObjectOwnership | null> {
  const value = raw.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  const literal = OWNERSHIP.find((o) => o === value); // the constant, not the string cut from the response
  if (literal) return intern(known(literal));
  return {
    known: false,
    reason: 'unsupported',
    operation: 'GetBucketOwnershipControls',
    detail: value
      ? `GetBucketOwnershipControls: unrecognised ObjectOwnership "${value}"`
      : 'GetBucketOwnershipControls: empty configuration (the service does not implement Object Ownership)',
  };
}

/**
 * GetPublicAccessBlock output (bucket or account). A 200 without the configuration element is not "all
 * flags off": it reads as unknown, so a malformed answer can never look like an open bucket guardrail.
 */
export function normalizeBpaOutput(raw: { PublicAccessBlockConfiguration?: RawBpa }, operation: string): Known<AwsBpa | null> {
  if (!raw.PublicAccessBlockConfiguration) {
    return {
      known: false,
      reason: 'malformed',
      operation,
      detail: `${operation}: response has no PublicAccessBlockConfiguration`,
    };
  }
  return known(normalizeBpa(raw.PublicAccessBlockConfiguration));
}

export function normalizeWebsite(raw: {
  IndexDocument?: { Suffix?: string };
  ErrorDocument?: { Key?: string };
  RedirectAllRequestsTo?: { HostName?: string; Protocol?: string };
}): { indexDocument?: string; errorDocument?: string; redirectAllRequestsTo?: string } {
  const out: { indexDocument?: string; errorDocument?: string; redirectAllRequestsTo?: string } = {};
  if (raw.IndexDocument?.Suffix) out.indexDocument = raw.IndexDocument.Suffix;
  if (raw.ErrorDocument?.Key) out.errorDocument = raw.ErrorDocument.Key;
  if (raw.RedirectAllRequestsTo?.HostName) {
    const p = raw.RedirectAllRequestsTo.Protocol;
    out.redirectAllRequestsTo = p ? `${p}://${raw.RedirectAllRequestsTo.HostName}` : raw.RedirectAllRequestsTo.HostName;
  }
  return intern(out);
}

/** GetBucketPolicy / GetAccessPointPolicy output. A 200 without Policy reads as unknown, never "no policy". */
export function normalizePolicy(raw: { Policy?: string }, operation: string): Known<string | null> {
  if (raw.Policy !== undefined) return known(raw.Policy);
  return { known: false, reason: 'error', operation, detail: `${operation}: empty response` };
}

/** GetBucketPolicyStatus / GetAccessPointPolicyStatus output. A missing IsPublic reads as unknown, not false. */
export function normalizePolicyStatus(raw: { PolicyStatus?: { IsPublic?: boolean } }, operation: string): Known<boolean | null> {
  const v = raw.PolicyStatus?.IsPublic;
  if (typeof v === 'boolean') return known(v);
  return { known: false, reason: 'error', operation, detail: `${operation}: response has no PolicyStatus.IsPublic` };
}

export function normalizeRequestPayment(raw: { Payer?: string }): Known<boolean> {
  if (raw.Payer === 'Requester') return known(true);
  if (raw.Payer === 'BucketOwner') return known(false);
  return { known: false, reason: 'error', operation: 'GetBucketRequestPayment', detail: 'no Payer in response' };
}

export interface RawAccessPoint {
  Name?: string;
  AccessPointArn?: string;
  NetworkOrigin?: string;
  VpcConfiguration?: { VpcId?: string };
  PublicAccessBlockConfiguration?: RawBpa;
}

/**
 * One access point from ListAccessPoints (+ GetAccessPoint when read). `detail` unknown => bpa unknown; a
 * GetAccessPoint answer without PublicAccessBlockConfiguration (AWS always sends it) is malformed => bpa
 * unknown, never "no access point BPA". NetworkOrigin is reported by both calls; an unreadable one is
 * treated as Internet (the exposed reading).
 */
export function normalizeAccessPoint(
  listed: RawAccessPoint,
  detail: Known<RawAccessPoint>,
  policy: Known<string | null>,
  policyStatus?: Known<boolean | null>,
): AwsAccessPoint {
  const src = detail.known ? { ...listed, ...detail.value } : listed;
  const vpcId = src.VpcConfiguration?.VpcId;
  const ap: AwsAccessPoint = {
    name: src.Name ?? listed.Name ?? '',
    networkOrigin: src.NetworkOrigin === 'VPC' ? 'VPC' : 'Internet',
    bpa: detail.known ? normalizeBpaOutput(detail.value, 'GetAccessPoint') : detail,
    policy,
  };
  if (src.AccessPointArn) ap.arn = src.AccessPointArn;
  if (vpcId) ap.vpcId = vpcId;
  if (policyStatus) ap.policyStatus = policyStatus;
  return ap;
}

/** A Known whose value repeats across buckets, as the shared instance (policies and other unique text stay as they are). */
function shareKnown<T>(k: Known<T> | undefined): Known<T> | undefined {
  if (!k) return k;
  if (!k.known) return intern(k);
  const v: unknown = k.value;
  if (v === null || typeof v === 'boolean' || (Array.isArray(v) && v.length === 0)) return known(k.value);
  return typeof v === 'object' ? intern(k) : k;
}

/**
 * Facts that crossed a thread boundary (structured clone makes a fresh object graph per bucket) with their
 * repeating values shared again, as collectBucket builds them: otherwise a 100k scan on worker threads holds
 * about twice the memory of the same scan on one thread.
 */
export function shareFacts(f: AwsS3Facts): AwsS3Facts {
  return {
    ...f,
    policy: f.policy.known ? f.policy : intern(f.policy),
    policyStatus: shareKnown(f.policyStatus),
    acl: shareKnown(f.acl) as AwsS3Facts['acl'],
    bucketBpa: shareKnown(f.bucketBpa) as AwsS3Facts['bucketBpa'],
    accountBpa: shareKnown(f.accountBpa) as AwsS3Facts['accountBpa'],
    ownership: shareKnown(f.ownership) as AwsS3Facts['ownership'],
    website: shareKnown(f.website) as AwsS3Facts['website'],
    accessPoints: shareKnown(f.accessPoints) as AwsS3Facts['accessPoints'],
    requesterPays: shareKnown(f.requesterPays),
    assumableRoles: shareKnown(f.assumableRoles),
  };
}

/** A bucket resource that crossed a thread boundary, with its facts and repeated short strings shared again. */
export function shareResource(r: StorageResource): StorageResource {
  if (r.facts.provider !== 'aws') return r;
  return {
    ...r,
    kind: internString(r.kind) as StorageResource['kind'],
    account: internString(r.account),
    region: r.region === undefined ? undefined : internString(r.region),
    source: { ...r.source, origin: internString(r.source.origin) as StorageResource['source']['origin'] },
    facts: shareFacts(r.facts),
  };
}
