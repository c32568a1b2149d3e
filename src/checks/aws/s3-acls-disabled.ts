import { S3_ACLS_DISABLED } from '../../compliance/index.js';
import { guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const s3AclsDisabled: Check = {
  id: 'BA-AWS-008',
  slug: 's3-acls-disabled',
  title: 'S3 bucket has ACLs disabled (Object Ownership BucketOwnerEnforced)',
  description:
    'Fails when Object Ownership is not BucketOwnerEnforced (or OwnershipControlsNotFoundError, the legacy ObjectWriter default): bucket and object ACLs can still grant access (A-12, S-9a).',
  severity: 'medium',
  provider: 'aws',
  compliance: S3_ACLS_DISABLED,
  rules: ['A-12', 'S-9a'],
  remediation: {
    summary:
      'Set Object Ownership to BucketOwnerEnforced so ACLs no longer affect access. First move any access the ACLs still provide (other accounts, the S3 log-delivery group, object ACLs a site or consumer relies on) into the bucket policy and reset the bucket ACL to private: PutBucketOwnershipControls fails with InvalidBucketAclWithObjectOwnership while the bucket ACL grants anyone but the owner, and object-ACL grants stop working once ACLs are disabled.',
    cli: "aws s3api put-bucket-acl --bucket BUCKET --acl private  # after moving needed ACL grants to the bucket policy\naws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
    terraform:
      '# The bucket ACL must grant only the owner first (acl = "private" after moving needed grants to the bucket policy),\n# or the apply fails with InvalidBucketAclWithObjectOwnership.\nresource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
    console: 'S3 > bucket > Permissions > Object Ownership > Edit > ACLs disabled (recommended).',
  },
  evaluate: (a) =>
    a.resource.kind !== 'bucket'
      ? [na('Object Ownership applies to buckets')]
      : [guardrailOutcome(a, 's3-acls-disabled', { desired: 'ACLs are disabled (BucketOwnerEnforced)' })],
};
