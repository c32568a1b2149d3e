import { AZ_NETWORK } from '../../compliance/index.js';
import { azureAccountScoped, guardrailOutcome, na } from '../_helpers.js';
import type { Check } from '../types.js';

export const networkDefaultDeny: Check = {
  id: 'BA-AZ-005',
  slug: 'azure-network-default-deny',
  title: 'Azure storage account is not open to all networks (public network access disabled or default action Deny)',
  description:
    'Fails when publicNetworkAccess is Enabled/unset and networkRuleSet.defaultAction is Allow: every internet address reaches the account (Z-3, S-9a).',
  severity: 'medium',
  provider: 'azure',
  compliance: AZ_NETWORK,
  rules: ['Z-3', 'S-9a'],
  remediation: {
    summary:
      'Set the default network action to Deny and allow only the needed IP ranges, virtual networks or private endpoints (or disable public network access).',
    cli: 'az storage account update --name ACCOUNT --resource-group RG --default-action Deny',
    terraform:
      'resource "azurerm_storage_account" "this" {\n  # ...\n  public_network_access_enabled = false\n  network_rules {\n    default_action = "Deny"\n  }\n}',
    console:
      'Storage account > Security + networking > Networking > Public network access: Enabled from selected networks / Disabled.',
  },
  evaluate: (a, ctx) =>
    azureAccountScoped(a, ctx.azureAccountsInRun)
      ? [guardrailOutcome(a, 'azure-network-default-deny', { desired: 'the account does not accept traffic from all networks' })]
      : [na('reported on the storage account resource')],
};
