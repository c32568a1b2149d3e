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
    summary: 'Set Object Ownership to BucketOwnerEnforced so ACLs no longer affect access.',
    cli: 'aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]',
    terraform:
      'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    object_ownership = "BucketOwnerEnforced"\n  }\n}',
    console: 'S3 > bucket > Permissions > Object Ownership > Edit > ACLs disabled (recommended).',
  },
  evaluate: (a) =>
    a.resource.kind !== 'bucket'
      ? [na('Object Ownership applies to buckets')]
      : [guardrailOutcome(a, 's3-acls-disabled', { desired: 'ACLs are disabled (BucketOwnerEnforced)' })],
};
