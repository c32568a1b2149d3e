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
      "Set the default network action to Deny and allow only the needed IP ranges, virtual networks or private endpoints (or disable public network access). Add the public IP your admins, CI and Terraform use BEFORE switching to Deny: with no matching rule they lose data-plane access (container and blob operations, the azurerm provider's container resources) with 403 AuthorizationFailure. The firewall also applies to the static website endpoint: a $web site stops serving the internet.",
    cli: 'az storage account network-rule add --account-name ACCOUNT --resource-group RG --ip-address ADMIN_PUBLIC_IP  # first: the address you manage the account from\naz storage account update --name ACCOUNT --resource-group RG --default-action Deny --bypass AzureServices',
    terraform:
      'resource "azurerm_storage_account" "this" {\n  # ...\n  network_rules {\n    default_action = "Deny"\n    bypass         = ["AzureServices"]\n    # the address Terraform, CI and admins use; without it the next apply cannot reach the data plane\n    ip_rules                   = [var.admin_public_ip]\n    virtual_network_subnet_ids = [azurerm_subnet.app.id]\n  }\n}',
    console:
      'Storage account > Security + networking > Networking > Public network access: Enabled from selected networks (add your client IP address first) / Disabled.',
  },
  evaluate: (a, ctx) =>
    azureAccountScoped(a, ctx.azureAccountsInRun)
      ? [guardrailOutcome(a, 'azure-network-default-deny', { desired: 'the account does not accept traffic from all networks' })]
      : [na('reported on the storage account resource')],
};
