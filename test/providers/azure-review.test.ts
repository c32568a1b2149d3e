/**
 * Collection review of the Azure adapter against the ARM test server: values and failures that must not turn into a
 * wrong verdict (PRIVATE for a public container), a crash, or a silently missing account or container.
 */
import { describe, expect, it } from 'vitest';
import { startArmServer } from '../../mocks/azure/arm-server.js';
import type { ArmEstate, ArmEstateAccount } from '../../mocks/azure/estate.js';
import { collectAzure } from '../../providers/azure/index.js';
import type { CollectResult } from '../../providers/types.js';
import { analyzeResource, defaultContext } from '../../src/analyzer/index.js';
import { createScheduler } from '../../src/scheduler/index.js';

const ENV = { BUCKETAUDIT_AZURE_TEST_TOKEN: 'arm-test-token' };
const SUB = '00000000-aaaa-bbbb-cccc-000000000001';
const SUB2 = '00000000-aaaa-bbbb-cccc-000000000002';

async function scan(estate: ArmEstate, subscriptions: string[] = []): Promise<CollectResult & { requests: string[] }> {
  const srv = await startArmServer(estate);
  try {
    const scheduler = createScheduler({ concurrency: 4, baseDelayMs: 1, throttleBaseDelayMs: 1, maxAttempts: 2 });
    const r = await collectAzure(
      { subscriptions, armEndpoint: srv.url },
      { scheduler, concurrency: 4, signal: new AbortController().signal, env: ENV, analyzer: defaultContext() },
    );
    return { ...r, requests: srv.requests.map((q) => q.path) };
  } finally {
    await srv.close();
  }
}

const oneAccount = (a: Partial<ArmEstateAccount>, extra: Partial<ArmEstate> = {}): ArmEstate => ({
  subscriptions: [
    { subscriptionId: SUB, accounts: [{ name: 'acct1', resourceGroup: 'rg1', allowBlobPublicAccess: true, ...a }] },
  ],
  ...extra,
});

const verdict = (r: CollectResult, id: string) => {
  const res = r.resources.find((x) => x.id === id);
  expect(res, id).toBeDefined();
  return analyzeResource(res!, defaultContext());
};
const container = (account: string, name: string) => `https://${account}.blob.core.windows.net/${name}`;

describe('Azure container publicAccess', () => {
  it('is read case-insensitively, and a value not known to this code is UNKNOWN, never PRIVATE', async () => {
    const r = await scan(
      oneAccount({
        containers: [
          { name: 'lower', publicAccess: 'container' },
          { name: 'upper', publicAccess: 'BLOB' },
          { name: 'future', publicAccess: 'Anonymous' },
          { name: 'none', publicAccess: 'None' },
        ],
      }),
    );
    expect(r.errors).toEqual([]);
    expect(verdict(r, container('acct1', 'lower')).verdict).toBe('PUBLIC'); // was PRIVATE
    expect(verdict(r, container('acct1', 'upper')).verdict).toBe('PUBLIC'); // was PRIVATE
    const future = verdict(r, container('acct1', 'future'));
    expect(future.verdict).toBe('UNKNOWN'); // was PRIVATE
    expect(future.unknownInputs).toContainEqual(expect.objectContaining({ input: 'publicAccess', reason: 'malformed' }));
    expect(verdict(r, container('acct1', 'none')).verdict).toBe('PRIVATE');
  });
});

describe('Azure lists: a later page that fails', () => {
  it('storageAccounts.list: the accounts of the pages before it are kept, with an error entry saying the list is incomplete', async () => {
    const accounts: ArmEstateAccount[] = ['a1', 'a2', 'a3'].map((n) => ({
      name: n,
      resourceGroup: 'rg1',
      allowBlobPublicAccess: true,
      containers: [{ name: 'pub', publicAccess: 'Container' }],
    }));
    const r = await scan({
      subscriptions: [{ subscriptionId: SUB, accounts }],
      pageSize: 1,
      faults: { throttle: [{ operation: 'storageAccounts.list', subscriptionId: SUB, times: 10, skip: 1 }] },
    });
    // page 1 (a1) was listed: it is audited, not dropped with the rest of the listing
    expect(r.resources.map((x) => x.id)).toContain(container('a1', 'pub'));
    expect(verdict(r, container('a1', 'pub')).verdict).toBe('PUBLIC');
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        provider: 'azure',
        operation: 'storageAccounts.list',
        resourceId: `/subscriptions/${SUB}`,
        code: 'TooManyRequests',
        message: expect.stringMatching(/page 2 .*incomplete.* 1 listed/),
      }),
    );
  });

  it('blobContainers.list: the containers of the pages before it are kept, the account too', async () => {
    const r = await scan(
      oneAccount(
        {
          containers: [
            { name: 'c1', publicAccess: 'Container' },
            { name: 'c2', publicAccess: 'Blob' },
            { name: 'c3', publicAccess: 'Container' },
          ],
        },
        { pageSize: 1, faults: { throttle: [{ operation: 'containers.list', account: 'acct1', times: 10, skip: 1 }] } },
      ),
    );
    const ids = r.resources.map((x) => x.id);
    expect(ids).toContain(`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct1`);
    expect(ids).toContain(container('acct1', 'c1')); // was dropped with the failed listing
    expect(verdict(r, container('acct1', 'c1')).verdict).toBe('PUBLIC');
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        operation: 'blobContainers.list',
        resourceId: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/acct1`,
        message: expect.stringMatching(/page 2 .*incomplete/),
      }),
    );
  });

  it('a failed first page is still one error entry and the other subscriptions continue', async () => {
    const r = await scan({
      subscriptions: [
        { subscriptionId: SUB, accounts: [{ name: 'x1', resourceGroup: 'rg', containers: [{ name: 'c' }] }] },
        { subscriptionId: SUB2, accounts: [{ name: 'x2', resourceGroup: 'rg', containers: [{ name: 'c' }] }] },
      ],
      faults: { deny: [{ operation: 'storageAccounts.list', subscriptionId: SUB }] },
    });
    expect(r.resources.map((x) => x.id)).toContain(container('x2', 'c'));
    expect(r.errors).toEqual([
      expect.objectContaining({
        operation: 'storageAccounts.list',
        code: 'AuthorizationFailed',
        resourceId: `/subscriptions/${SUB}`,
      }),
    ]);
  });
});

describe('Azure identity: a subscription named twice', () => {
  it('is read once (GUIDs compare case-insensitively), each account and container reported once', async () => {
    const estate = oneAccount({ containers: [{ name: 'pub', publicAccess: 'Container' }] });
    const r = await scan(estate, [SUB, SUB, SUB.toUpperCase()]);
    expect(r.errors).toEqual([]);
    const ids = r.resources.map((x) => x.id);
    expect(ids).toHaveLength(2); // one account, one container
    expect(new Set(ids.map((i) => i.toLowerCase())).size).toBe(ids.length);
    expect(r.requests.filter((p) => /\/storageAccounts\?/.test(p))).toHaveLength(1);
  });
});

describe('Azure network settings in another case', () => {
  it("publicNetworkAccess 'disabled' and defaultAction 'deny' close the network like their canonical spellings", async () => {
    const r = await scan({
      subscriptions: [
        {
          subscriptionId: SUB,
          accounts: [
            {
              name: 'pnaoff',
              resourceGroup: 'rg',
              allowBlobPublicAccess: true,
              publicNetworkAccess: 'disabled',
              containers: [{ name: 'c', publicAccess: 'Container' }],
            },
            {
              name: 'denyall',
              resourceGroup: 'rg',
              allowBlobPublicAccess: true,
              networkAcls: { defaultAction: 'deny' },
              containers: [{ name: 'c', publicAccess: 'Container' }],
            },
            {
              name: 'iponly',
              resourceGroup: 'rg',
              allowBlobPublicAccess: true,
              networkAcls: { defaultAction: 'DENY', ipRules: ['203.0.113.0/24'] },
              containers: [{ name: 'c', publicAccess: 'Container' }],
            },
          ],
        },
      ],
    });
    expect(r.errors).toEqual([]);
    expect(verdict(r, container('pnaoff', 'c')).verdict).toBe('LATENT'); // was PUBLIC
    expect(verdict(r, container('denyall', 'c')).verdict).toBe('LATENT'); // was PUBLIC
    expect(verdict(r, container('iponly', 'c')).verdict).toBe('RESTRICTED'); // was PUBLIC
  });
});
