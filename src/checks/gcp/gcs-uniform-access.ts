import { GCS_UBLA } from '../../compliance/index.js';
import { guardrailOutcome } from '../_helpers.js';
import type { Check } from '../types.js';

export const gcsUniformAccess: Check = {
  id: 'BA-GCP-005',
  slug: 'gcs-uniform-bucket-level-access',
  title: 'Cloud Storage bucket uses uniform bucket-level access',
  description:
    'Fails when uniform bucket-level access is off, so bucket and object ACLs can grant access in parallel to IAM (G-5, S-9a).',
  severity: 'medium',
  provider: 'gcp',
  compliance: GCS_UBLA,
  rules: ['G-4', 'G-5', 'S-9a'],
  remediation: {
    summary:
      "Enable uniform bucket-level access (reversible for 90 days). Access granted only by bucket or object ACLs ends at once (objects shared or made public per object, e.g. a website's public-read files): grant it through bucket IAM first.",
    cli: 'gcloud storage buckets update gs://BUCKET --uniform-bucket-level-access',
    terraform: 'resource "google_storage_bucket" "this" {\n  # ...\n  uniform_bucket_level_access = true\n}',
    console: 'Cloud Storage > bucket > Permissions > Access control > Switch to uniform.',
  },
  evaluate: (a) => [guardrailOutcome(a, 'gcs-ubla', { desired: 'uniform bucket-level access is on' })],
};
