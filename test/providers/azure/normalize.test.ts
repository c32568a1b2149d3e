import { describe, expect, it } from 'vitest';
import {
  type ArmAccountInput,
  azureUnknown,
  normalizeAccount,
  normalizePublicAccess,
  normalizeStaticWebsite,
} from '../../../providers/azure/normalize.js';

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
    expect(normalizePublicAccess('Container')).toBe('Container');
    expect(normalizePublicAccess(undefined)).toBe('None');
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
