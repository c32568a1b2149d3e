import type { ComplianceMap } from '../model/index.js';

/**
 * Shared mapping rows of exposure-semantics.md section 7. CIS numbering shifts between versions, so every
 * entry is keyed by framework+version. Numbers come from Prowler's compliance files and Security Hub's
 * "Related requirements" (section 9 item 7: confirm against the licensed CIS PDFs before publishing).
 */
const CIS_AWS_BPA: ComplianceMap = {
  'cis-aws-1.4': ['2.1.5'],
  'cis-aws-1.5': ['2.1.5'],
  'cis-aws-2.0': ['2.1.4'],
  'cis-aws-3.0': ['2.1.4'],
  'cis-aws-4.0': ['2.1.4'],
  'cis-aws-5.0': ['2.1.4'],
  'cis-aws-6.0': ['3.1.4'],
};

export const S3_ACCOUNT_BPA: ComplianceMap = { ...CIS_AWS_BPA, 'aws-securityhub': ['S3.1'] };
export const S3_BUCKET_BPA: ComplianceMap = { ...CIS_AWS_BPA, 'aws-securityhub': ['S3.8'] };
export const S3_PUBLIC_READ: ComplianceMap = {
  'aws-securityhub': ['S3.2'],
  'aws-config': ['s3-bucket-public-read-prohibited'],
  prowler: ['s3_bucket_public_access'],
};
export const S3_PUBLIC_WRITE: ComplianceMap = {
  'aws-securityhub': ['S3.3'],
  'aws-config': ['s3-bucket-public-write-prohibited'],
  prowler: ['s3_bucket_policy_public_write_access', 's3_bucket_public_write_acl'],
};
export const S3_CROSS_ACCOUNT: ComplianceMap = { 'aws-securityhub': ['S3.6'], prowler: ['s3_bucket_cross_account_access'] };
export const S3_ACLS_DISABLED: ComplianceMap = { 'aws-securityhub': ['S3.12'] };

export const GCS_PUBLIC: ComplianceMap = {
  'cis-gcp-2.0': ['5.1'],
  'cis-gcp-3.0': ['5.1'],
  'cis-gcp-4.0': ['5.1'],
  'cis-gcp-5.0': ['5.1'],
  prowler: ['cloudstorage_bucket_public_access'],
};
export const GCS_UBLA: ComplianceMap = {
  'cis-gcp-2.0': ['5.2'],
  'cis-gcp-3.0': ['5.2'],
  'cis-gcp-4.0': ['5.2'],
  'cis-gcp-5.0': ['5.2'],
};

export const AZ_ANONYMOUS_BLOB: ComplianceMap = {
  'cis-azure-2.0': ['3.7'],
  'cis-azure-2.1': ['3.17'],
  'cis-azure-3.0': ['4.17'],
  'cis-azure-4.0': ['10.3.9'],
  'cis-azure-5.0': ['9.3.8'],
  'cis-azure-6.0': ['9.3.8'],
  prowler: ['storage_blob_public_access_level_is_disabled'],
};
/**
 * "Ensure default network access rule for storage accounts is set to deny" only. The sibling control "Ensure that
 * 'Public Network Access' is 'Disabled'" (v2.1 3.7, v3.0 4.6, v4.0 10.3.2.2, v5.0/v6.0 9.3.2.2) is not mapped: BA-AZ-005
 * passes an account with public network access Enabled and default action Deny, which that control fails.
 */
export const AZ_NETWORK: ComplianceMap = {
  'cis-azure-2.0': ['3.8'],
  'cis-azure-2.1': ['3.8'],
  'cis-azure-3.0': ['4.7'],
  'cis-azure-4.0': ['10.3.2.3'],
  'cis-azure-5.0': ['9.3.2.3'],
  'cis-azure-6.0': ['9.3.2.3'],
};
export const AZ_SHARED_KEY: ComplianceMap = {
  'cis-azure-4.0': ['10.3.1.3'],
  'cis-azure-5.0': ['9.3.1.3'],
  'cis-azure-6.0': ['9.3.1.3'],
};
