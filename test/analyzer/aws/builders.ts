import { type AnalyzerContext, defaultContext } from '../../../src/analyzer/index.js';
import type {
  AwsAccessPoint,
  AwsAssumableRoleGrant,
  AwsBpa,
  AwsS3Facts,
  Known,
  S3Acl,
  S3AclGrant,
  S3AclPermission,
  S3ObjectOwnership,
  StorageResource,
  UnknownValue,
} from '../../../src/model/index.js';

export const OWNER = '111122223333';
export const OTHER = '444455556666';
export const TRUSTED = '777788889999';
export const OWNER_CANON = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
export const OTHER_CANON = 'beef0000beef0000beef0000beef0000beef0000beef0000beef0000beef0000';
export const BUCKET = 'demo-bucket';
export const B_ARN = `arn:aws:s3:::${BUCKET}`;
export const O_ARN = `arn:aws:s3:::${BUCKET}/*`;
export const NOW = new Date('2026-01-15T12:00:00Z');

export const ctx: AnalyzerContext = defaultContext({
  now: NOW,
  trust: { awsAccounts: [TRUSTED], awsOrgIds: ['o-trusted123'], gcpDomains: [], gcpProjects: [] },
});

export function known<T>(value: T): Known<T> {
  return { known: true, value };
}

export function unknown(
  reason: UnknownValue['reason'] = 'access-denied',
  code = 'AccessDenied',
  operation?: string,
): UnknownValue {
  return { known: false, reason, code, detail: `${operation ?? 'call'}: ${code} (403)`, ...(operation ? { operation } : {}) };
}

export function bpa(v: boolean | Partial<AwsBpa>): AwsBpa {
  const base = typeof v === 'boolean' ? v : false;
  const o = typeof v === 'object' ? v : {};
  return {
    blockPublicAcls: o.blockPublicAcls ?? base,
    ignorePublicAcls: o.ignorePublicAcls ?? base,
    blockPublicPolicy: o.blockPublicPolicy ?? base,
    restrictPublicBuckets: o.restrictPublicBuckets ?? base,
  };
}

export type Stmt = Record<string, unknown>;

/** A statement with defaults: Allow "*" s3:GetObject on every object of the bucket. */
export function stmt(over: Stmt = {}): Stmt {
  return { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: O_ARN, ...over };
}

export const DENY_ALL: Stmt = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [B_ARN, O_ARN] };

export function policy(...statements: Stmt[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export function group(uri: string, permission: S3AclPermission): S3AclGrant {
  return { grantee: { type: 'Group', uri }, permission };
}
export function canonical(id: string, permission: S3AclPermission): S3AclGrant {
  return { grantee: { type: 'CanonicalUser', id }, permission };
}
export function acl(...grants: S3AclGrant[]): S3Acl {
  return { ownerId: OWNER_CANON, grants: [canonical(OWNER_CANON, 'FULL_CONTROL'), ...grants] };
}

type K<T> = Known<T> | T;
function k<T>(v: K<T>): Known<T> {
  if (v !== null && typeof v === 'object' && 'known' in (v as object) && typeof (v as { known: unknown }).known === 'boolean') {
    return v as Known<T>;
  }
  return known(v as T);
}

export interface AwsBucketOpts {
  name?: string;
  region?: string;
  policy?: K<string | null>;
  policyStatus?: K<boolean | null>;
  acl?: K<S3Acl>;
  bucketBpa?: K<AwsBpa | null>;
  accountBpa?: K<AwsBpa | null>;
  orgBpaEnforced?: boolean;
  ownership?: K<S3ObjectOwnership | null>;
  website?: K<{ indexDocument?: string; errorDocument?: string; redirectAllRequestsTo?: string } | null>;
  accessPoints?: K<AwsAccessPoint[]>;
  objectAcls?: K<{ key: string; acl: S3Acl }[]>;
  requesterPays?: K<boolean>;
  assumableRoles?: K<AwsAssumableRoleGrant[]>;
  customEndpoint?: boolean;
  websiteUrl?: string;
}

/**
 * An S3 bucket with known defaults: no policy, owner-only ACL, no BPA at either level (so grants are
 * active unless a test sets BPA), ACLs enabled (BucketOwnerPreferred), no website, no access points.
 */
export function awsBucket(o: AwsBucketOpts = {}): StorageResource {
  const name = o.name ?? BUCKET;
  const facts: AwsS3Facts = {
    provider: 'aws',
    ownerAccountId: OWNER,
    ownerCanonicalId: OWNER_CANON,
    policy: k(o.policy ?? null),
    acl: k(o.acl ?? acl()),
    bucketBpa: k(o.bucketBpa === undefined ? null : o.bucketBpa),
    accountBpa: k(o.accountBpa === undefined ? null : o.accountBpa),
    ownership: k(o.ownership === undefined ? 'BucketOwnerPreferred' : o.ownership),
    website: k(o.website === undefined ? null : o.website),
    accessPoints: k(o.accessPoints ?? []),
  };
  if (o.policyStatus !== undefined) facts.policyStatus = k(o.policyStatus);
  if (o.orgBpaEnforced) facts.orgBpaEnforced = true;
  if (o.objectAcls !== undefined) facts.objectAcls = k(o.objectAcls);
  if (o.requesterPays !== undefined) facts.requesterPays = k(o.requesterPays);
  if (o.assumableRoles !== undefined) facts.assumableRoles = k(o.assumableRoles);
  if (o.customEndpoint) facts.customEndpoint = true;
  return {
    id: `arn:aws:s3:::${name}`,
    provider: 'aws',
    kind: 'bucket',
    name,
    account: OWNER,
    region: o.region ?? 'eu-central-1',
    source: { origin: 'mock', uri: `arn:aws:s3:::${name}` },
    ...(o.websiteUrl ? { endpoints: { website: o.websiteUrl } } : {}),
    facts,
  };
}

export function accessPoint(over: Partial<AwsAccessPoint> & { name: string }): AwsAccessPoint {
  return {
    arn: `arn:aws:s3:eu-central-1:${OWNER}:accesspoint/${over.name}`,
    networkOrigin: 'Internet',
    bpa: known(bpa(false)),
    policy: known(null),
    ...over,
  };
}

/** "READ:bucket" style strings, sorted, for compact assertions. */
export function capStrings(caps: readonly { capability: string; scope: string }[]): string[] {
  return [...new Set(caps.map((c) => `${c.capability}:${c.scope}`))].sort();
}
