import { evaluateLatent } from '../_exposure.js';
import type { Check } from '../types.js';

export const gcsBucketNoLatentExposure: Check = {
  id: 'BA-GCP-004',
  slug: 'gcs-bucket-no-latent-exposure',
  title: 'Cloud Storage bucket has no public grant held back only by public access prevention',
  description:
    'Fails when allUsers/allAuthenticatedUsers bindings or ACLs exist but public access prevention (or UBLA for ACLs) neutralises them: one toggle away (LATENT, S-8).',
  severity: 'low',
  provider: 'gcp',
  compliance: {},
  rules: ['G-5', 'G-6', 'G-7', 'S-8'],
  remediation: {
    summary: 'Delete the neutralised public bindings and ACL entries.',
    cli: 'gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allUsers --role=ROLE',
    terraform: '# remove google_storage_bucket_iam_member resources with member = "allUsers"',
  },
  evaluate: (a) => evaluateLatent(a),
};
