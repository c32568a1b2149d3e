import { S3_BUCKET_BPA } from '../../compliance/index.js';
import { guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const s3BucketBpaEnabled: Check = {
  id: 'BA-AWS-007',
  slug: 's3-bucket-bpa-enabled',
  title: 'S3 bucket blocks public access (effective Block Public Access all on)',
  description:
    'Fails when the effective Block Public Access of the bucket (account OR bucket level, A-13) does not have all four settings on (S-9a). Unknown when a level could not be read and the other level does not settle it.',
  severity: 'medium',
  provider: 'aws',
  compliance: S3_BUCKET_BPA,
  rules: ['A-13', 'A-14', 'A-15', 'A-16', 'S-9a'],
  remediation: {
    summary:
      'Turn on all four Block Public Access settings on the bucket. Block Public Access also stops a bucket that is public on purpose (S3 static website hosting, public downloads) from serving: serve it through CloudFront with Origin Access Control first, or mark it intended-public instead.',
    cli: 'aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console: 'S3 > bucket > Permissions > Block public access (bucket settings) > Edit > Block all public access.',
  },
  evaluate: (a) =>
    a.resource.kind !== 'bucket'
      ? [na('bucket BPA applies to buckets')]
      : [guardrailOutcome(a, 's3-bucket-bpa', { desired: 'all four effective Block Public Access settings are on' })],
};
