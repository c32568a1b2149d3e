import { evaluateLatent } from '../_exposure.js';
import type { Check } from '../types.js';

export const s3BucketNoLatentExposure: Check = {
  id: 'BA-AWS-005',
  slug: 's3-bucket-no-latent-exposure',
  title: 'S3 bucket has no public grant held back only by Block Public Access',
  description:
    'Fails when a public or shared grant exists in the policy or ACL but is neutralised by Block Public Access (IgnorePublicAcls / RestrictPublicBuckets): one toggle away from exposure (LATENT, S-8).',
  severity: 'low',
  provider: 'aws',
  compliance: {},
  rules: ['A-14', 'A-15', 'S-8'],
  remediation: {
    summary: 'Delete the neutralised public statement or ACL grant so that turning Block Public Access off cannot expose data.',
    cli: 'aws s3api put-bucket-acl --bucket BUCKET --acl private',
    terraform: '# remove the public statement from aws_s3_bucket_policy and any aws_s3_bucket_acl with acl = "public-read"',
  },
  evaluate: (a) => evaluateLatent(a),
};
