import { guardrailOutcome } from '../_helpers.js';
import type { Check } from '../types.js';

export const gcsPublicAccessPrevention: Check = {
  id: 'BA-GCP-006',
  slug: 'gcs-public-access-prevention-enforced',
  title: 'Cloud Storage bucket enforces public access prevention',
  description:
    'Fails when public access prevention is not effectively enforced (bucket "enforced", or "inherited" with the org constraint storage.publicAccessPrevention on) (G-6, G-7, S-9b). Unknown when the org policy cannot be read.',
  severity: 'low',
  provider: 'gcp',
  compliance: {},
  rules: ['G-6', 'G-7', 'S-9b'],
  remediation: {
    summary:
      'Enforce public access prevention on the bucket, or the storage.publicAccessPrevention constraint on the project/folder/org. Public access prevention also stops a bucket that is public on purpose (a static website or public dataset served to allUsers) from serving: move it behind a load balancer / Cloud CDN with a private backend first, or mark it intended-public instead.',
    cli: 'gcloud storage buckets update gs://BUCKET --public-access-prevention',
    terraform: 'resource "google_storage_bucket" "this" {\n  # ...\n  public_access_prevention = "enforced"\n}',
    console: 'Cloud Storage > bucket > Permissions > Prevent public access.',
  },
  evaluate: (a) => [guardrailOutcome(a, 'gcs-pap', { desired: 'public access prevention is enforced' })],
};
