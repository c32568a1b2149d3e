import { AZ_ANONYMOUS_BLOB } from '../../compliance/index.js';
import { azureAccountScoped, guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const allowBlobPublicAccessDisabled: Check = {
  id: 'BA-AZ-004',
  slug: 'azure-allow-blob-public-access-disabled',
  title: 'Azure storage account disallows anonymous blob access (allowBlobPublicAccess=false)',
  description:
    'Fails when allowBlobPublicAccess is true or unset (unset counts as permitting, Z-1), so any container can be made anonymously readable (S-9a). Reported on the account resource.',
  severity: 'medium',
  provider: 'azure',
  compliance: AZ_ANONYMOUS_BLOB,
  rules: ['Z-1', 'S-9a'],
  remediation: {
    summary:
      'Set allowBlobPublicAccess to false on the storage account. Every container with Blob or Container access level stops serving anonymous reads at once (public downloads, images embedded in sites); the $web static website is not affected. Move intended-public content to a dedicated account or behind a CDN first.',
    cli: 'az storage account update --name ACCOUNT --resource-group RG --allow-blob-public-access false',
    terraform: 'resource "azurerm_storage_account" "this" {\n  # ...\n  allow_nested_items_to_be_public = false\n}',
    console: 'Storage account > Settings > Configuration > Allow Blob anonymous access > Disabled.',
  },
  evaluate: (a, ctx) =>
    azureAccountScoped(a, ctx.azureAccountsInRun)
      ? [guardrailOutcome(a, 'azure-allow-blob-public-access', { desired: 'anonymous blob access is disallowed on the account' })]
      : [na('reported on the storage account resource')],
};
