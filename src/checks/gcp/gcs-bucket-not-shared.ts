import { evaluateShared } from '../_exposure.js';
import type { Check } from '../types.js';

export const gcsBucketNotShared: Check = {
  id: 'BA-GCP-003',
  slug: 'gcs-bucket-not-shared-outside-trust-zone',
  title: 'Cloud Storage bucket is not shared outside the trust zone',
  description:
    'Fails when bucket IAM or ACLs grant users, groups, domains or projects outside the configured trust zone (SHARED, S-7).',
  severity: 'medium',
  provider: 'gcp',
  compliance: {},
  rules: ['S-7', 'S-7b'],
  remediation: {
    summary: 'Remove external members from the bucket IAM policy, or add the domain/project to the trust zone if intended.',
    cli: 'gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=user:EXTERNAL --role=ROLE',
    terraform: '# remove the external member from google_storage_bucket_iam_member / _binding',
  },
  evaluate: (a) => evaluateShared(a),
};
