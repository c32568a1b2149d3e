import { S3_PUBLIC_WRITE } from '../../compliance/index.js';
import { evaluatePublicWrite } from '../_exposure.js';
import type { Check } from '../types.js';

export const s3BucketNoPublicWrite: Check = {
  id: 'BA-AWS-002',
  slug: 's3-bucket-no-public-write',
  title: 'S3 bucket grants no public write or admin access',
  description:
    'Fails when a public or all-authenticated grant allows WRITE (put/delete objects) or ADMIN (change policy/ACL/BPA, delete the bucket): data tampering or bucket takeover (S-1).',
  severity: 'critical',
  provider: 'aws',
  compliance: S3_PUBLIC_WRITE,
  rules: ['A-8', 'A-11', 'S-1'],
  remediation: {
    summary:
      'Remove write and admin actions (s3:Put*, s3:Delete*, s3:*) granted to "*" from the bucket policy and WRITE/WRITE_ACP/FULL_CONTROL grants to AllUsers or AuthenticatedUsers from the ACL; enable Block Public Access.',
    cli: 'aws s3api put-bucket-acl --bucket BUCKET --acl private\naws s3api delete-bucket-policy --bucket BUCKET  # or put a corrected policy',
    terraform:
      'resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule { object_ownership = "BucketOwnerEnforced" }\n}',
    console: 'S3 > bucket > Permissions > Bucket policy / Access control list (ACL): remove public write grants.',
  },
  evaluate: (a) => evaluatePublicWrite(a),
};
