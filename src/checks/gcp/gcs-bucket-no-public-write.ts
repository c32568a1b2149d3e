import { evaluatePublicWrite } from '../_exposure.js';
import type { Check } from '../types.js';

export const gcsBucketNoPublicWrite: Check = {
  id: 'BA-GCP-002',
  slug: 'gcs-bucket-no-public-write',
  title: 'Cloud Storage bucket grants no public write or admin access',
  description:
    'Fails when allUsers or allAuthenticatedUsers hold a role that creates/deletes objects or changes IAM/ACLs (objectCreator, objectUser, objectAdmin, legacyBucketWriter/Owner, storage.admin, WRITER/OWNER ACLs) (S-1). Unknown when a custom role cannot be resolved.',
  severity: 'critical',
  provider: 'gcp',
  compliance: { 'cis-gcp-2.0': ['5.1'], 'cis-gcp-3.0': ['5.1'], 'cis-gcp-4.0': ['5.1'], 'cis-gcp-5.0': ['5.1'] },
  rules: ['G-1', 'G-2', 'G-4', 'S-1'],
  remediation: {
    summary: 'Remove write/admin roles granted to allUsers or allAuthenticatedUsers; enforce public access prevention.',
    cli: 'gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allUsers --role=ROLE  # each write/admin role named in the evidence\ngcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allAuthenticatedUsers --role=ROLE\ngcloud storage buckets update gs://BUCKET --public-access-prevention',
    terraform:
      '# delete google_storage_bucket_iam_member / _binding resources whose member is "allUsers" or "allAuthenticatedUsers"',
  },
  evaluate: (a) => evaluatePublicWrite(a),
};
