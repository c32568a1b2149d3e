import { describe, expect, it } from 'vitest';
import {
  type ArmAccountInput,
  azureUnknown,
  normalizeAccount,
  normalizePublicAccess,
  normalizeStaticWebsite,
} from '../../../providers/azure/normalize.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { analyzeResource } from '../../../src/analyzer/index.js';
import type { StorageResource, Verdict } from '../../../src/model/index.js';

const account = (settings: Partial<ArmAccountInput>): ArmAccountInput => ({
  id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct',
  name: 'acct',
  location: 'westeurope',
  ...settings,
});

describe('Azure normalize', () => {
  it('unset allowBlobPublicAccess / allowSharedKeyAccess / publicNetworkAccess => known null', () => {
    const s = normalizeAccount(
      account({ primaryEndpoints: { blob: 'https://acct.blob.core.windows.net/' } }),
      normalizeStaticWebsite(null),
    );
    expect(s.allowBlobPublicAccess).toMatchObject({ known: true, value: null });
    expect(s.allowSharedKeyAccess).toMatchObject({ known: true, value: null });
    expect(s.publicNetworkAccess).toMatchObject({ known: true, value: null });
    expect(s.networkRules).toMatchObject({ known: true, value: null });
    expect(s.staticWebsite).toMatchObject({ known: true, value: null });
    expect(s).toMatchObject({
      accountName: 'acct',
      subscriptionId: 's1',
      resourceGroup: 'rg1',
      blobEndpoint: 'https://acct.blob.core.windows.net/',
    });
  });

  it('maps explicit settings, network rules and endpoint overrides', () => {
    const s = normalizeAccount(
      account({
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        publicNetworkAccess: 'Enabled',
        networkRuleSet: {
          defaultAction: 'Deny',
          bypass: 'Logging, Metrics',
          ipRules: [{ iPAddressOrRange: '203.0.113.0/24' }],
          virtualNetworkRules: [{ virtualNetworkResourceId: '/subscriptions/s1/.../subnets/a' }],
        },
        privateEndpointConnections: [{}, {}],
        primaryEndpoints: { blob: 'https://acct.blob.core.windows.net/', web: 'https://acct.z6.web.core.windows.net/' },
      }),
      normalizeStaticWebsite({ enabled: true, indexDocument: 'index.html' }),
      { blobEndpoint: 'http://127.0.0.1:1/acct', webEndpoint: 'http://127.0.0.1:1/acct' },
    );
    expect(s.allowBlobPublicAccess).toMatchObject({ value: false });
    expect(s.allowSharedKeyAccess).toMatchObject({ value: false });
    expect(s.publicNetworkAccess).toMatchObject({ value: 'Enabled' });
    expect(s.networkRules).toMatchObject({
      value: {
        defaultAction: 'Deny',
        ipRules: ['203.0.113.0/24'],
        virtualNetworkRules: ['/subscriptions/s1/.../subnets/a'],
        bypass: ['Logging', 'Metrics'],
      },
    });
    expect(s.privateEndpointConnections).toBe(2);
    expect(s.staticWebsite).toMatchObject({ value: { enabled: true, indexDocument: 'index.html' } });
    expect(s.blobEndpoint).toBe('http://127.0.0.1:1/acct');
  });

  it('container levels and error mapping', () => {
    expect(normalizePublicAccess('Container')).toMatchObject({ known: true, value: 'Container' });
    expect(normalizePublicAccess(undefined)).toMatchObject({ known: true, value: 'None' });
    expect(azureUnknown({ statusCode: 403, code: 'AuthorizationFailed', message: 'no' }, 'blobContainers.list')).toMatchObject({
      known: false,
      reason: 'access-denied',
      code: 'AuthorizationFailed',
      operation: 'blobContainers.list',
    });
    expect(azureUnknown({ statusCode: 429, code: 'TooManyRequests' }, 'x')).toMatchObject({ reason: 'throttled' });
    expect(azureUnknown({ statusCode: 500 }, 'x', 'throttled')).toMatchObject({ reason: 'throttled' });
  });
});

/** Raw ARM account (as @azure/arm-storage 20 returns it) -> normalizeAccount -> Blob-level container -> verdict. */
describe('Azure normalize: network facts decide the container verdict', () => {
  const containerVerdict = (a: ArmAccountInput) => {
    const settings = normalizeAccount(account({ allowBlobPublicAccess: true, ...a }), normalizeStaticWebsite(null));
    const resource: StorageResource = {
      id: 'https://acct.blob.core.windows.net/c',
      provider: 'azure',
      kind: 'container',
      name: 'c',
      account: 's1',
      source: { origin: 'mock', uri: 'https://acct.blob.core.windows.net/c' },
      facts: { provider: 'azure', scope: 'container', account: settings, publicAccess: { known: true, value: 'Blob' } },
    };
    return { settings, assessment: analyzeResource(resource, defaultContext({ now: new Date('2025-06-01T00:00:00Z') })) };
  };
  const pe = (status?: string) => ({
    id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct/privateEndpointConnections/pe',
    privateEndpoint: { id: '/subscriptions/other/resourceGroups/x/providers/Microsoft.Network/privateEndpoints/pe' },
    ...(status ? { privateLinkServiceConnectionState: { status, description: '', actionRequired: 'None' } } : {}),
  });
  const deny = { defaultAction: 'Deny', bypass: 'AzureServices', ipRules: [], virtualNetworkRules: [] };
  const rows: [string, ArmAccountInput, Verdict, string | undefined][] = [
    [
      'Deny + IPv6 rule only => RESTRICTED ip-rules',
      { networkRuleSet: { ...deny, ipv6Rules: [{ iPAddressOrRange: '2001:db8:1234::/48' }] } },
      'RESTRICTED',
      'ip-rules',
    ],
    [
      'Deny + IPv4 and IPv6 rules => RESTRICTED ip-rules',
      {
        networkRuleSet: {
          ...deny,
          ipRules: [{ iPAddressOrRange: '203.0.113.0/24' }],
          ipv6Rules: [{ iPAddressOrRange: '2001:db8::1' }],
        },
      },
      'RESTRICTED',
      'ip-rules',
    ],
    ['Deny + empty IPv6 rules => closed (LATENT)', { networkRuleSet: { ...deny, ipv6Rules: [] } }, 'LATENT', undefined],
    [
      'Deny + approved private endpoint => RESTRICTED vnet',
      { networkRuleSet: deny, privateEndpointConnections: [pe('Approved')] },
      'RESTRICTED',
      'vnet',
    ],
    [
      'Deny + pending private endpoint (not usable until approved) => closed (LATENT)',
      { networkRuleSet: deny, privateEndpointConnections: [pe('Pending')] },
      'LATENT',
      undefined,
    ],
    [
      'Deny + rejected private endpoint => closed (LATENT)',
      { networkRuleSet: deny, privateEndpointConnections: [pe('Rejected')] },
      'LATENT',
      undefined,
    ],
    [
      'Deny + disconnected private endpoint => closed (LATENT)',
      { networkRuleSet: deny, privateEndpointConnections: [pe('Disconnected')] },
      'LATENT',
      undefined,
    ],
    [
      'Deny + approved private endpoint spelled in lower case (ARM enums are case-insensitive) => RESTRICTED vnet',
      { networkRuleSet: deny, privateEndpointConnections: [pe('approved')] },
      'RESTRICTED',
      'vnet',
    ],
    [
      'Deny + private endpoint in a state not known to carry no traffic => counted (RESTRICTED vnet)',
      { networkRuleSet: deny, privateEndpointConnections: [pe('Updating')] },
      'RESTRICTED',
      'vnet',
    ],
    [
      'Deny + pending private endpoint spelled in lower case => closed (LATENT)',
      { networkRuleSet: deny, privateEndpointConnections: [pe('pending')] },
      'LATENT',
      undefined,
    ],
    [
      'Deny + private endpoint without a state => counted (RESTRICTED vnet)',
      { networkRuleSet: deny, privateEndpointConnections: [pe()] },
      'RESTRICTED',
      'vnet',
    ],
    [
      'Allow + IPv6 rules => PUBLIC',
      { networkRuleSet: { ...deny, defaultAction: 'Allow', ipv6Rules: [{ iPAddressOrRange: '2001:db8::/32' }] } },
      'PUBLIC',
      undefined,
    ],
  ];
  it.each(rows)('%s', (_n, a, verdict, pin) => {
    const { assessment } = containerVerdict(a);
    expect(assessment.verdict).toBe(verdict);
    if (pin) expect(assessment.grants.map((g) => g.pin)).toContain(pin);
  });

  it('IPv6 rules are kept with the IPv4 rules; only approved (or stateless) private endpoint connections count', () => {
    const { settings } = containerVerdict({
      networkRuleSet: {
        ...deny,
        ipRules: [{ iPAddressOrRange: '203.0.113.7' }],
        ipv6Rules: [{ iPAddressOrRange: '2001:db8::/48' }],
      },
      privateEndpointConnections: [pe('Approved'), pe('Pending'), pe('Rejected'), pe()],
    });
    expect(settings.networkRules).toMatchObject({ value: { ipRules: ['203.0.113.7', '2001:db8::/48'] } });
    expect(settings.privateEndpointConnections).toBe(2);
  });
});
