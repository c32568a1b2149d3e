import type { Known } from './known.js';
import type { SourceRef } from './source.js';

export type Provider = 'aws' | 'gcp' | 'azure';
export type ResourceKind = 'bucket' | 'container' | 'account' | 'access-point';

/**
 * One storage resource as collected from any source (live SDK scan, Terraform plan, .tf files, mocks).
 * Adapters record FACTS here; only the analyzer turns facts into grants and verdicts.
 */
export interface StorageResource {
  /** Stable id: arn:aws:s3:::bucket, gs://bucket, https://acct.blob.core.windows.net/container, or Terraform address. */
  id: string;
  provider: Provider;
  kind: ResourceKind;
  name: string;
  /** AWS account id, GCP project id, Azure subscription id ('' when not known, e.g. Terraform). */
  account: string;
  region?: string;
  source: SourceRef;
  tags?: Record<string, string>;
  /** URLs a probe can use (validated later by the probe before any request). */
  endpoints?: ResourceEndpoints;
  facts: ProviderFacts;
}

export interface ResourceEndpoints {
  /** Base URL of the object API for this bucket/container (path-style for custom S3 endpoints). */
  api?: string;
  website?: string;
}

export type ProviderFacts = AwsS3Facts | GcsFacts | AzureContainerFacts | AzureAccountFacts;

/* ------------------------------------------------------------------ AWS ------------------------------------------------------------------ */

export interface AwsBpa {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export type S3AclPermission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';

export type S3AclGrantee =
  | { type: 'Group'; uri: string }
  | { type: 'CanonicalUser'; id: string; displayName?: string }
  | { type: 'AmazonCustomerByEmail'; email: string };

export interface S3AclGrant {
  grantee: S3AclGrantee;
  permission: S3AclPermission;
}

export interface S3Acl {
  ownerId?: string;
  grants: S3AclGrant[];
}

export type S3ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export interface AwsAccessPoint {
  name: string;
  arn?: string;
  networkOrigin: 'Internet' | 'VPC';
  vpcId?: string;
  /** Access point BPA (fixed at creation). null = not configured (all false). */
  bpa: Known<AwsBpa | null>;
  /** Raw access point policy JSON text; null = no policy. */
  policy: Known<string | null>;
  /** Provider opinion: GetAccessPointPolicyStatus.IsPublic. */
  policyStatus?: Known<boolean | null>;
}

/** An IAM role anyone in AWS can assume (trust policy Principal "*" without ExternalId/PrincipalOrgID pin) that grants S3 actions on this bucket. */
export interface AwsAssumableRoleGrant {
  roleArn: string;
  /** Raw JSON of the permission policy statement(s) that reach this bucket, as one policy document. */
  permissionPolicy: string;
  /** Why the trust policy counts as open (statement path). */
  trustEvidence: string;
}

export interface AwsS3Facts {
  provider: 'aws';
  /** Bucket owner account id (12 digits) when known. */
  ownerAccountId?: string;
  ownerCanonicalId?: string;
  /** True when scanned through a custom S3-compatible endpoint (provider opinions are informational only). */
  customEndpoint?: boolean;
  /** Raw bucket policy JSON text; known null = no policy (NoSuchBucketPolicy). */
  policy: Known<string | null>;
  /** GetBucketPolicyStatus.IsPublic; known null = no policy. */
  policyStatus?: Known<boolean | null>;
  /** Bucket ACL as returned (effective on AWS). */
  acl: Known<S3Acl>;
  /** Bucket-level BPA; known null = NoSuchPublicAccessBlockConfiguration (all false). */
  bucketBpa: Known<AwsBpa | null>;
  /** Account-level BPA (S3 Control); known null = not configured. */
  accountBpa: Known<AwsBpa | null>;
  /** AWS Organizations S3 policy enforcing all four BPA flags at account level. */
  orgBpaEnforced?: boolean;
  /** Known null = OwnershipControlsNotFoundError (legacy ObjectWriter, ACLs enabled). */
  ownership: Known<S3ObjectOwnership | null>;
  /** Known null = NoSuchWebsiteConfiguration. */
  website: Known<{ indexDocument?: string; errorDocument?: string; redirectAllRequestsTo?: string } | null>;
  accessPoints: Known<AwsAccessPoint[]>;
  /** Optional object ACL sample. Absent = not sampled. */
  objectAcls?: Known<{ key: string; acl: S3Acl }[]>;
  requesterPays?: Known<boolean>;
  /** Roles assumable by any AWS principal that grant S3 actions on this bucket. */
  assumableRoles?: Known<AwsAssumableRoleGrant[]>;
  /** IAM account alias (display only; iam:ListAccountAliases). */
  accountAlias?: string;
}

/* ------------------------------------------------------------------ GCP ------------------------------------------------------------------ */

export interface GcsBinding {
  role: string;
  members: string[];
  condition?: { title?: string; description?: string; expression: string };
}

export type GcsAclRole = 'READER' | 'WRITER' | 'OWNER';

export interface GcsAclEntry {
  /** allUsers, allAuthenticatedUsers, user-EMAIL, group-EMAIL, domain-DOMAIN, project-TEAM-ID */
  entity: string;
  role: GcsAclRole;
}

export interface GcsFacts {
  provider: 'gcp';
  projectNumber?: string;
  uniformBucketLevelAccess: Known<boolean>;
  /** 'unspecified' is the legacy spelling of 'inherited'. */
  publicAccessPrevention: Known<'enforced' | 'inherited' | 'unspecified'>;
  /** Effective org policy constraints/storage.publicAccessPrevention for the project. */
  orgPublicAccessPrevention: Known<boolean>;
  requesterPays: Known<boolean>;
  website: Known<{ mainPageSuffix?: string; notFoundPage?: string } | null>;
  iamBindings: Known<GcsBinding[]>;
  /** Bucket ACL (meaningful only when UBLA is off). */
  acl: Known<GcsAclEntry[]>;
  /** Default object ACL (applies to new objects; meaningful only when UBLA is off). */
  defaultObjectAcl: Known<GcsAclEntry[]>;
  /** Custom role name (projects/P/roles/R, organizations/O/roles/R) -> permissions, where resolvable. */
  customRoles?: Record<string, Known<string[]>>;
  /** Optional object ACL sample. */
  objectAcls?: Known<{ name: string; acl: GcsAclEntry[] }[]>;
}

/* ----------------------------------------------------------------- Azure ----------------------------------------------------------------- */

export interface AzureNetworkRules {
  defaultAction: 'Allow' | 'Deny';
  /** iPAddressOrRange values. */
  ipRules: string[];
  /** virtual network subnet ids. */
  virtualNetworkRules: string[];
  bypass?: string[];
  resourceAccessRules?: number;
}

export interface AzureAccountSettings {
  accountName: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** Known null = property unset (counts as permitting, Z-1). */
  allowBlobPublicAccess: Known<boolean | null>;
  /** Known null = unset (same as Enabled). */
  publicNetworkAccess: Known<'Enabled' | 'Disabled' | 'SecuredByPerimeter' | null>;
  /** Known null = no rule set (default Allow). */
  networkRules: Known<AzureNetworkRules | null>;
  privateEndpointConnections?: number;
  /** Known null = unset (same as true). */
  allowSharedKeyAccess: Known<boolean | null>;
  staticWebsite: Known<{ enabled: boolean; indexDocument?: string; errorDocument404Path?: string } | null>;
  webEndpoint?: string;
  blobEndpoint?: string;
}

export interface AzureContainerFacts {
  provider: 'azure';
  /** Discriminates container vs account facts. */
  scope: 'container';
  account: AzureAccountSettings;
  publicAccess: Known<'None' | 'Blob' | 'Container'>;
}

export interface AzureAccountFacts {
  provider: 'azure';
  scope: 'account';
  account: AzureAccountSettings;
}
