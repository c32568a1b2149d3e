import { describe, expect, it } from 'vitest';
import { startArmServer } from '../../../mocks/azure/arm-server.js';
import { demoArmEstate } from '../../../mocks/azure/estate.js';
import { collectAzure } from '../../../providers/azure/index.js';
import type { ProgressEvent } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { createScheduler } from '../../../src/scheduler/index.js';

const ENV = { BUCKETAUDIT_AZURE_TEST_TOKEN: 'arm-test-token' };

/** The subscriptions of a tenant are read at once: one slow subscription does not hold the others back. */
describe('Azure adapter, several subscriptions', () => {
  it('lists every subscription before the first has finished its accounts, keeps the order, sums progress', async () => {
    const e = demoArmEstate();
    const first = e.subscriptions[0]!;
    expect(first.accounts.length).toBeGreaterThan(1);
    // a second subscription: the demo's accounts under other names
    const subs = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'];
    e.subscriptions = subs.map((id, k) => ({
      ...first,
      subscriptionId: id,
      displayName: `sub-${k}`,
      accounts: first.accounts.map((a) => ({ ...a, name: `${a.name.slice(0, 20)}s${k}` })),
    }));
    const srv = await startArmServer(e);
    try {
      const events: ProgressEvent[] = [];
      const scheduler = createScheduler({ concurrency: 8 });
      const r = await collectAzure(
        { subscriptions: subs, armEndpoint: srv.url },
        {
          scheduler,
          concurrency: 8,
          signal: new AbortController().signal,
          env: ENV,
          analyzer: defaultContext(),
          onProgress: (ev) => events.push(ev),
        },
      );
      expect(r.errors).toEqual([]);
      const paths = srv.requests.map((q) => q.path.toLowerCase());
      const listing = (sub: string) =>
        paths.findIndex((p) => p.startsWith(`/subscriptions/${sub}/providers/microsoft.storage/storageaccounts?`));
      const lastListing = Math.max(...subs.map(listing));
      const lastOfFirst = paths.reduce(
        (at, p, i) => (p.startsWith(`/subscriptions/${subs[0]}/resourcegroups/`) && p.includes('/containers') ? i : at),
        -1,
      );
      expect(lastListing).toBeGreaterThanOrEqual(0);
      // one after another, the second subscription's listing would come after the first one's last container list
      expect(lastListing).toBeLessThan(lastOfFirst);
      const accounts = r.resources.filter((x) => x.kind === 'account');
      expect(accounts.map((a) => a.account)).toEqual([
        ...first.accounts.map(() => subs[0]),
        ...first.accounts.map(() => subs[1]),
      ]);
      const n = first.accounts.length * 2;
      expect(events.at(-1)).toMatchObject({ phase: 'collect', provider: 'azure', done: n, total: n });
    } finally {
      await srv.close();
    }
  });
});
