import { evaluateRestricted } from '../_exposure.js';
import { na } from '../_helpers.js';
import type { Check } from '../types.js';

export const blobContainerNotNetworkRestricted: Check = {
  id: 'BA-AZ-002',
  slug: 'azure-blob-container-no-network-pinned-anonymous-access',
  title: 'Azure Blob container grants no anonymous access from allowed networks',
  description:
    'Fails when a container is anonymously readable but the storage firewall limits it to IP rules, virtual networks or a network security perimeter (RESTRICTED, Z-3, S-6/S-6b).',
  severity: 'medium',
  provider: 'azure',
  compliance: {},
  rules: ['Z-3', 'Z-6', 'S-6', 'S-6b'],
  remediation: {
    summary: 'Set the container access level to Private; grant readers RBAC roles or short-lived user-delegation SAS instead.',
    cli: 'az storage container set-permission --account-name ACCOUNT --name CONTAINER --public-access off --auth-mode login',
    terraform: 'resource "azurerm_storage_container" "this" {\n  # ...\n  container_access_type = "private"\n}',
  },
  evaluate: (a, ctx) => (a.resource.kind === 'account' ? [na('applies to containers')] : evaluateRestricted(a, ctx)),
};
