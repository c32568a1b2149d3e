import { findGuardrail, guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const s3ObjectAclsSampled: Check = {
  id: 'BA-AWS-009',
  slug: 's3-object-acls-sampled',
  title: 'S3 object ACLs were sampled where ACLs are enabled',
  description:
    'When ACLs are enabled and IgnorePublicAcls is off, single objects can be public under a private bucket. Fails (LOW) when such a bucket was not sampled with GetObjectAcl (A-22, S-9b). Not applicable when ACLs are disabled.',
  severity: 'low',
  provider: 'aws',
  compliance: {},
  rules: ['A-22', 'S-9b'],
  remediation: {
    summary:
      'Run the scan with object ACL sampling enabled, or disable ACLs (BucketOwnerEnforced) / turn on IgnorePublicAcls so object ACLs cannot grant public access.',
    cli: 'bucketaudit scan --sample-object-acls 20',
    terraform:
      '# Disabling ACLs needs a bucket ACL that grants only the owner, acl = "private" (else InvalidBucketAclWithObjectOwnership),\n# and ends access that object ACLs grant: move needed grants to the bucket policy first.\nresource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule { object_ownership = "BucketOwnerEnforced" }\n}',
  },
  evaluate: (a) => {
    if (a.resource.kind !== 'bucket') return [na('object ACLs apply to buckets')];
    if (findGuardrail(a, 's3-acls-disabled')?.status === 'on') return [na('ACLs are disabled (BucketOwnerEnforced)')];
    return [guardrailOutcome(a, 's3-object-acls-sampled', { desired: 'object ACLs were sampled', whenMissing: 'notApplicable' })];
  },
};
