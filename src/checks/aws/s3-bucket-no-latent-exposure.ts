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
    summary:
      'Delete the neutralised public statement from the bucket policy (only that statement) or the public grant from the ACL, so that turning Block Public Access off cannot expose data. Resetting the ACL to private also removes grants to other accounts and to the S3 log-delivery group: move those that are needed to the bucket policy first.',
    cli: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json  # delete only the public statement, then\naws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json  # delete-bucket-policy only if no statement is left\naws s3api put-bucket-acl --bucket BUCKET --acl private  # when the grant is in the ACL (also drops other accounts' and log-delivery grants)",
    terraform: '# remove the public statement from aws_s3_bucket_policy and any aws_s3_bucket_acl with acl = "public-read"',
  },
  evaluate: (a) => evaluateLatent(a),
};
