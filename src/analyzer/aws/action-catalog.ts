import type { Capability } from '../../model/index.js';

/**
 * Vendored S3 action catalog. Source: AWS Service Authorization Reference, "Actions defined by
 * Amazon S3" (bucket- and object-resource actions only; account-level actions such as
 * s3:ListAllMyBuckets never apply to a bucket ARN). Bump the version when the list changes.
 */
export const S3_ACTION_CATALOG_VERSION = 'sar-s3-2025-06.1';

export type ResourceKind = 'bucket' | 'object';

export interface CatalogAction {
  /** Canonical spelling, e.g. "s3:GetObject". */
  name: string;
  cls: Capability;
  kind: ResourceKind;
}

const B = 'bucket' as const;
const O = 'object' as const;

function def(cls: Capability, kind: ResourceKind, names: string[]): CatalogAction[] {
  return names.map((n) => ({ name: `s3:${n}`, cls, kind }));
}

export const S3_ACTIONS: readonly CatalogAction[] = [
  ...def('LIST', B, ['ListBucket', 'ListBucketVersions', 'ListBucketMultipartUploads']),
  ...def('READ', O, [
    'GetObject',
    'GetObjectVersion',
    'GetObjectAttributes',
    'GetObjectVersionAttributes',
    'GetObjectTorrent',
    'GetObjectVersionTorrent',
    'GetObjectVersionForReplication',
  ]),
  ...def('WRITE', O, [
    'PutObject',
    'DeleteObject',
    'DeleteObjectVersion',
    'AbortMultipartUpload',
    'RestoreObject',
    'PutObjectTagging',
    'PutObjectVersionTagging',
    'DeleteObjectTagging',
    'DeleteObjectVersionTagging',
    'PutObjectRetention',
    'PutObjectLegalHold',
    'BypassGovernanceRetention',
    'ReplicateObject',
    'ReplicateDelete',
    'ReplicateTags',
    'ObjectOwnerOverrideToBucketOwner',
    'InitiateReplication',
    'RenameObject',
  ]),
  ...def('READ_ACP', B, ['GetBucketAcl', 'GetBucketPolicy']),
  ...def('READ_ACP', O, ['GetObjectAcl', 'GetObjectVersionAcl']),
  ...def('ADMIN', B, [
    'PutBucketAcl',
    'PutBucketPolicy',
    'DeleteBucketPolicy',
    'PutBucketPublicAccessBlock',
    'PutBucketOwnershipControls',
    'DeleteBucketOwnershipControls',
    'PutBucketWebsite',
    'DeleteBucketWebsite',
    'DeleteBucket',
    'PutBucketCORS',
    'PutBucketLogging',
    'PutBucketNotification',
    'PutBucketTagging',
    'PutBucketVersioning',
    'PutBucketRequestPayment',
    'PutBucketObjectLockConfiguration',
    'PutEncryptionConfiguration',
    'PutLifecycleConfiguration',
    'PutReplicationConfiguration',
    'PutAccelerateConfiguration',
    'PutAnalyticsConfiguration',
    'PutInventoryConfiguration',
    'PutMetricsConfiguration',
    'PutIntelligentTieringConfiguration',
    'PutBucketAbac',
    'PutBucketMetadataTableConfiguration',
    'DeleteBucketMetadataTableConfiguration',
  ]),
  ...def('ADMIN', O, ['PutObjectAcl', 'PutObjectVersionAcl']),
  ...def('META', B, [
    'GetBucketLocation',
    'GetBucketTagging',
    'GetBucketVersioning',
    'GetBucketWebsite',
    'GetBucketCORS',
    'GetBucketLogging',
    'GetBucketNotification',
    'GetBucketObjectLockConfiguration',
    'GetBucketOwnershipControls',
    'GetBucketPolicyStatus',
    'GetBucketPublicAccessBlock',
    'GetBucketRequestPayment',
    'GetEncryptionConfiguration',
    'GetLifecycleConfiguration',
    'GetReplicationConfiguration',
    'GetAccelerateConfiguration',
    'GetAnalyticsConfiguration',
    'GetInventoryConfiguration',
    'GetMetricsConfiguration',
    'GetIntelligentTieringConfiguration',
    'GetBucketAbac',
    'GetBucketMetadataTableConfiguration',
  ]),
  ...def('META', O, [
    'GetObjectTagging',
    'GetObjectVersionTagging',
    'GetObjectRetention',
    'GetObjectLegalHold',
    'ListMultipartUploadParts',
  ]),
];

const BY_LOWER = new Map(S3_ACTIONS.map((a) => [a.name.toLowerCase(), a]));

export function catalogAction(name: string): CatalogAction | undefined {
  return BY_LOWER.get(name.toLowerCase());
}
