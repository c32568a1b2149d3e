import { S3_CROSS_ACCOUNT } from '../../compliance/index.js';
import { evaluateShared } from '../_exposure.js';
import type { Check } from '../types.js';

export const s3BucketNotShared: Check = {
  id: 'BA-AWS-004',
  slug: 's3-bucket-not-shared-outside-trust-zone',
  title: 'S3 bucket is not shared with accounts outside the trust zone',
  description:
    'Fails when the bucket policy or ACL grants fixed principals of an account or organization outside the configured trust zone (SHARED, A-19). ADMIN actions score HIGH, data access MEDIUM (S-7).',
  severity: 'medium',
  provider: 'aws',
  compliance: S3_CROSS_ACCOUNT,
  rules: ['A-19', 'S-7'],
  remediation: {
    summary:
      'Remove the cross-account principals from the bucket policy/ACL, or add the account/organization to the trust zone in .bucketaudit.yaml if the sharing is intended.',
    cli: 'aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text  # remove the external principal, then put-bucket-policy',
    terraform: '# remove the external account ARN from principals { identifiers = [...] } in the bucket policy document',
  },
  evaluate: (a) => evaluateShared(a),
};
