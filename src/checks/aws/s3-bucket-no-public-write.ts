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
      'Delete only the bucket-policy statements that allow write or admin actions (s3:Put*, s3:Delete*, s3:*, or a NotAction) to "*", keeping the other statements, and reset the bucket ACL so WRITE/WRITE_ACP/FULL_CONTROL grants to AllUsers or AuthenticatedUsers go; then enable Block Public Access. Resetting the ACL also removes grants to other accounts and to the S3 log-delivery group: move those that are needed to the bucket policy first.',
    cli: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json  # delete only the public write/admin statement(s), then\naws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json  # delete-bucket-policy only if no statement is left\naws s3api put-bucket-acl --bucket BUCKET --acl private  # when the grant is in the ACL (also drops other accounts' and log-delivery grants)",
    terraform:
      '# In the aws_s3_bucket_policy document delete only the statement(s) that allow write/admin actions to "*".\nresource "aws_s3_bucket_acl" "this" {\n  bucket = aws_s3_bucket.this.id\n  acl    = "private"\n}\n\nresource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console:
      'S3 > bucket > Permissions > Bucket policy: delete the public write statement(s); Access control list (ACL): remove Everyone / Authenticated users group write grants.',
  },
  evaluate: (a) => evaluatePublicWrite(a),
};
