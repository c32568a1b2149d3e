import { AZ_ANONYMOUS_BLOB } from '../../compliance/index.js';
import { evaluatePublic } from '../_exposure.js';
import { na } from '../_helpers.js';
import type { Check } from '../types.js';

export const blobContainerNotPublic: Check = {
  id: 'BA-AZ-001',
  slug: 'azure-blob-container-not-public',
  title: 'Azure Blob container is not publicly accessible',
  description:
    'Fails when the container access level is Blob or Container, the account allows anonymous blob access and the network is open (Z-1, Z-2, Z-3, Z-6). Severity follows the assessment. The static website ($web) is covered by BA-AZ-007.',
  severity: 'high',
  provider: 'azure',
  compliance: AZ_ANONYMOUS_BLOB,
  rules: ['Z-1', 'Z-2', 'Z-3', 'Z-6', 'S-3'],
  remediation: {
    summary: 'Set the container access level to Private and set allowBlobPublicAccess=false on the storage account.',
    cli: 'az storage container set-permission --account-name ACCOUNT --name CONTAINER --public-access off --auth-mode login\naz storage account update --name ACCOUNT --resource-group RG --allow-blob-public-access false',
    terraform:
      'resource "azurerm_storage_container" "this" {\n  name                  = "CONTAINER"\n  storage_account_id    = azurerm_storage_account.this.id\n  container_access_type = "private"\n}',
    console: 'Storage account > Containers > container > Change access level > Private (no anonymous access).',
  },
  evaluate: (a) => (a.resource.kind === 'account' ? [na('account exposure ($web) is reported by BA-AZ-007')] : evaluatePublic(a)),
};
