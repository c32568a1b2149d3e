import { AZ_SHARED_KEY } from '../../compliance/index.js';
import { azureAccountScoped, guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const sharedKeyDisabled: Check = {
  id: 'BA-AZ-006',
  slug: 'azure-shared-key-disabled',
  title: 'Azure storage account disallows Shared Key authorization',
  description:
    'Fails when allowSharedKeyAccess is true or unset: account keys and key-signed SAS tokens (which cannot be enumerated) authorise requests (Z-5, S-9b). A credential-exposure surface, not public access.',
  severity: 'low',
  provider: 'azure',
  compliance: AZ_SHARED_KEY,
  rules: ['Z-5', 'S-9b'],
  remediation: {
    summary:
      'Set allowSharedKeyAccess to false and use Microsoft Entra ID (RBAC, user-delegation SAS). Everything still authenticating with an account key or a key-signed SAS stops working at once: applications and connection strings, Azure Functions (AzureWebJobsStorage), az storage commands without --auth-mode login, and Terraform unless the azurerm provider has storage_use_azuread = true (set it, and grant Storage Blob Data roles, before disabling keys).',
    cli: 'az storage account update --name ACCOUNT --resource-group RG --allow-shared-key-access false',
    terraform:
      'provider "azurerm" {\n  features {}\n  storage_use_azuread = true # without it the provider reads containers with the account key and fails once keys are off\n}\n\nresource "azurerm_storage_account" "this" {\n  # ...\n  shared_access_key_enabled = false\n}',
    console: 'Storage account > Settings > Configuration > Allow storage account key access > Disabled.',
  },
  evaluate: (a, ctx) =>
    azureAccountScoped(a, ctx.azureAccountsInRun)
      ? [guardrailOutcome(a, 'azure-shared-key-disabled', { desired: 'Shared Key authorization is disabled' })]
      : [na('reported on the storage account resource')],
};
