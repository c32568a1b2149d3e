import { GCS_PUBLIC } from '../../compliance/index.js';
import { evaluatePublic } from '../_exposure.js';
import type { Check } from '../types.js';

export const gcsBucketNotPublic: Check = {
  id: 'BA-GCP-001',
  slug: 'gcs-bucket-not-public',
  title: 'Cloud Storage bucket is not publicly accessible',
  description:
    'Fails when allUsers (PUBLIC) or allAuthenticatedUsers (PUBLIC_AUTHENTICATED) can exercise a capability through bucket IAM, bucket ACL or default object ACL, and public access prevention does not hold it back. Severity follows the assessment.',
  severity: 'high',
  provider: 'gcp',
  compliance: GCS_PUBLIC,
  rules: ['G-1', 'G-2', 'G-4', 'G-6', 'S-1', 'S-2', 'S-3', 'S-4'],
  remediation: {
    summary:
      'Remove allUsers and allAuthenticatedUsers from the bucket IAM policy and ACLs, then enforce public access prevention. Public access prevention also stops a bucket that is public on purpose (a static website or public dataset served to allUsers) from serving: move it behind a load balancer / Cloud CDN with a private backend first, or mark it intended-public instead.',
    cli: 'gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allUsers --role=ROLE  # each role named in the evidence\ngcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allAuthenticatedUsers --role=ROLE\ngcloud storage buckets update gs://BUCKET --public-access-prevention',
    terraform:
      'resource "google_storage_bucket" "this" {\n  name                        = "BUCKET"\n  location                    = "EU"\n  uniform_bucket_level_access = true\n  public_access_prevention    = "enforced"\n}',
    console: 'Cloud Storage > bucket > Permissions > remove allUsers / allAuthenticatedUsers > Prevent public access.',
  },
  evaluate: (a) => evaluatePublic(a),
};
