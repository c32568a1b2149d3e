import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';

const rem = (id: string) => REGISTRY.byId(id)!.remediation;

describe('remediation that can lock the operator out says so and avoids it', () => {
  it('BA-AZ-005: allow the admin IP before default-action Deny, keep trusted Azure services, warn about $web', () => {
    const { cli = '', terraform = '', summary } = rem('BA-AZ-005');
    const addRule = cli.indexOf('network-rule add');
    expect(addRule).toBeGreaterThanOrEqual(0);
    expect(addRule).toBeLessThan(cli.indexOf('--default-action Deny'));
    expect(cli).toMatch(/--bypass AzureServices/);
    expect(terraform).toMatch(/default_action\s*=\s*"Deny"/);
    expect(terraform).toMatch(/ip_rules\s*=/);
    // the CLI and the Terraform do the same thing (public_network_access_enabled = false is a separate, stronger choice)
    expect(terraform).not.toMatch(/public_network_access_enabled\s*=\s*false/);
    expect(summary).toMatch(/lose data-plane access/);
    expect(summary).toMatch(/static website/);
  });

  it('BA-AZ-006: Terraform keeps working after Shared Key is disabled, and the summary names what breaks', () => {
    const { terraform = '', summary } = rem('BA-AZ-006');
    expect(terraform).toMatch(/provider "azurerm" \{\s*features \{\}\s*storage_use_azuread\s*=\s*true/);
    expect(terraform).toMatch(/shared_access_key_enabled\s*=\s*false/);
    expect(summary).toMatch(/stops working/);
    expect(summary).toMatch(/--auth-mode login/);
  });
});
