/** The commented starter file written by `bucketaudit init`. Parsed by a test so it always validates. */
export const STARTER_CONFIG = `# bucketaudit configuration (bucketaudit scan --config bucketaudit.yaml)
version: 1

# What to scan. Omit a provider to skip it; empty lists mean "everything the credentials can see".
providers:
  aws:
    profiles: []            # named profiles; empty = the SDK default credential chain
    # region: us-east-1
    roleArns: []            # roles to assume first (e.g. arn:aws:iam::123456789012:role/audit)
    # orgRole: OrganizationAccountAccessRole   # assume this role in every account of the organization
  # gcp:
  #   projects: [my-project]
  # azure:
  #   subscriptions: [00000000-0000-0000-0000-000000000000]

# Sharing inside the trust zone is not reported as exposure (INFO only).
trustZone:
  awsAccounts: []           # e.g. ["123456789012"]
  awsOrgIds: []             # e.g. ["o-abc123"]
  gcpDomains: []            # e.g. ["example.com"]
  gcpProjects: []

# Readings the rules leave to you.
analysis:
  azureNonWebAccounts: []   # storage accounts that must never serve a static website ($web exposure scored as public read)
  gcsRequesterPays: authenticated   # allUsers on a Requester Pays bucket: "authenticated" (default) or "public"

# Buckets that are public on purpose. Each entry needs a reason, an owner and an expiry date;
# an expired entry stops suppressing and is reported. Write or admin exposure is never hidden.
allowlist: []
#  - resource: "arn:aws:s3:::www-example-com"     # glob on id or name
#    reason: public website assets
#    owner: web-team@example.com
#    expires: 2027-06-30
#  - tag: "exposure-auditor:intended-public=true"
#    reason: public datasets
#    owner: data-team@example.com
#    expires: 2027-01-31

# Exit 1 when a finding at or above this severity exists (with --baseline: only new ones).
failOn: high

# Confirm exposure with anonymous read-only requests.
probe: false

# Extra report files written on every run (the main output still goes to --format/--output).
outputs: []
#  - format: html
#    path: bucketaudit-report.html
#  - format: json
#    path: bucketaudit-report.json

# notify:
#   webhook: https://hooks.slack.com/services/XXX/YYY/ZZZ
`;
