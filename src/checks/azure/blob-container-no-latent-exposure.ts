import { evaluateLatent } from '../_exposure.js';
import { na } from '../_helpers.js';
import type { Check } from '../types.js';

export const blobContainerNoLatentExposure: Check = {
  id: 'BA-AZ-003',
  slug: 'azure-blob-container-no-latent-exposure',
  title: 'Azure Blob container is private even if account guardrails were relaxed',
  description:
    'Fails when the container access level is Blob or Container but allowBlobPublicAccess=false or the network closes it: one toggle away (LATENT, Z-6, S-8).',
  severity: 'low',
  provider: 'azure',
  compliance: {},
  rules: ['Z-1', 'Z-6', 'S-8'],
  remediation: {
    summary: 'Set the container access level to Private so re-enabling anonymous access on the account exposes nothing.',
    cli: 'az storage container set-permission --account-name ACCOUNT --name CONTAINER --public-access off --auth-mode login',
    terraform: 'resource "azurerm_storage_container" "this" {\n  # ...\n  container_access_type = "private"\n}',
  },
  evaluate: (a) => (a.resource.kind === 'account' ? [na('applies to containers')] : evaluateLatent(a)),
};
