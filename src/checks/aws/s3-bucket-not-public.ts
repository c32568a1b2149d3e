import { S3_PUBLIC_READ } from '../../compliance/index.js';
import { evaluatePublic } from '../_exposure.js';
import type { Check } from '../types.js';

export const s3BucketNotPublic: Check = {
  id: 'BA-AWS-001',
  slug: 's3-bucket-not-public',
  title: 'S3 bucket is not publicly accessible',
  description:
    'Fails when an anonymous caller (PUBLIC) or any AWS principal (PUBLIC_AUTHENTICATED) can exercise a capability on the bucket through its policy, ACL, access points or an assumable role. Severity follows the assessment (S-1..S-5).',
  severity: 'high',
  provider: 'aws',
  compliance: S3_PUBLIC_READ,
  rules: ['A-1', 'A-7', 'A-10', 'A-11', 'S-1', 'S-2', 'S-3', 'S-4', 'S-5'],
  remediation: {
    summary:
      'Remove the public statement from the bucket policy and the AllUsers/AuthenticatedUsers grants from the ACL, then turn on S3 Block Public Access for the bucket and the account. Block Public Access also stops a bucket that is public on purpose (S3 static website hosting, public downloads) from serving: serve it through CloudFront with Origin Access Control first, or mark it intended-public instead.',
    cli: 'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console: 'S3 > bucket > Permissions > Block public access (bucket settings) > Edit > Block all public access.',
  },
  evaluate: (a) => evaluatePublic(a),
};
