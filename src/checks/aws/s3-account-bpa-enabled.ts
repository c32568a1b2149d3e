import { S3_ACCOUNT_BPA } from '../../compliance/index.js';
import { guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const s3AccountBpaEnabled: Check = {
  id: 'BA-AWS-006',
  slug: 's3-account-bpa-enabled',
  title: 'S3 account-level Block Public Access has all four settings on',
  description:
    'Fails when the account-level S3 Block Public Access configuration is missing or any of BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets is false (S-9a). Reported once per account (on one of its buckets); unknown when GetPublicAccessBlock (S3 Control) was denied.',
  severity: 'medium',
  provider: 'aws',
  scope: 'account',
  compliance: S3_ACCOUNT_BPA,
  rules: ['A-13', 'A-16', 'S-9a'],
  remediation: {
    summary:
      'Turn on all four Block Public Access settings at the account level (or enforce them with an AWS Organizations S3 policy). This applies to every bucket in the account at once, and no bucket-level setting can override it: list the buckets that are public on purpose (static websites, public downloads) and move them behind CloudFront with Origin Access Control first, or they stop serving.',
    cli: 'aws s3control put-public-access-block --account-id ACCOUNT_ID --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform:
      'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}',
    console: 'S3 > Block Public Access settings for this account > Edit > Block all public access.',
  },
  evaluate: (a) =>
    a.resource.kind !== 'bucket'
      ? [na('account BPA is reported on buckets')]
      : [guardrailOutcome(a, 's3-account-bpa', { desired: 'all four account-level Block Public Access settings are on' })],
};
