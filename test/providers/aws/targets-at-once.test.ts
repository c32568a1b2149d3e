import { afterEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayRequest, type ReplayServer, type Route, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { collectAws, targetsAtOnce } from '../../../providers/aws/index.js';
import type { CollectContext, ProgressEvent } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { createScheduler } from '../../../src/scheduler/index.js';

/** Several accounts (roles) in one scan: read at once, within one cap; worker threads hold the cap alone. */
const BASE_KEY = 'AKIDBASEREPLAY';
const A = '111111111111';
const C = '333333333333';
const KEY: Record<string, string> = { [A]: 'ASIAREPLAYAAAAAAAAAA', [C]: 'ASIAREPLAYCCCCCCCCCC' };
const accountOfKey = (k?: string) => Object.entries(KEY).find(([, v]) => v === k)?.[0];
const roleArn = (acct: string) => `arn:aws:iam::${acct}:role/BucketAuditRole`;
const inAnHour = () => new Date(Date.now() + 3600_000);
const BUCKET_OPS = /^GetBucket|^GetPublicAccessBlock$|^HeadBucket$/;

function estate(buckets: Record<string, string[]>): Record<string, Route> {
  return {
    AssumeRole: (r: ReplayRequest) => {
      const arn = r.form?.get('RoleArn') ?? '';
      const acct = /iam::(\d{12}):role/.exec(arn)?.[1] ?? '';
      return fx.assumeRole(arn, { accessKeyId: KEY[acct] ?? 'ASIAUNKNOWN', expiration: inAnHour() });
    },
    GetCallerIdentity: (r) => fx.assumedCallerIdentity(accountOfKey(r.accessKeyId) ?? A, 'BucketAuditRole'),
    ListBuckets: (r) => {
      const acct = accountOfKey(r.accessKeyId) ?? '';
      return fx.listBuckets(
        { id: `canon-${acct}`, name: 'owner' },
        (buckets[acct] ?? []).map((name) => ({ name, region: 'us-east-1' })),
      );
    },
    ...fx.plainAccountRoutes(),
  };
}

function ctx(events?: ProgressEvent[]): CollectContext {
  const scheduler = createScheduler({ concurrency: 8, requestTimeoutMs: 10_000, sleep: async () => {} });
  return {
    scheduler,
    concurrency: 8,
    signal: scheduler.signal,
    env: { AWS_ACCESS_KEY_ID: BASE_KEY, AWS_SECRET_ACCESS_KEY: 'base-secret' },
    analyzer: defaultContext(),
    ...(events ? { onProgress: (e: ProgressEvent) => events.push(e) } : {}),
  };
}

describe('AWS targets read at once', () => {
  let srv: ReplayServer | undefined;
  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it('how many at once: enough for the cap, at most 16, never more than the targets', () => {
    expect(targetsAtOnce(1, 64)).toBe(1);
    expect(targetsAtOnce(500, 64)).toBe(16);
    expect(targetsAtOnce(500, 8)).toBe(2);
    expect(targetsAtOnce(500, 1)).toBe(1);
  });

  it('the second account is started before the first has finished; report in target order; one progress total', async () => {
    const buckets = { [A]: ['alpha-1', 'alpha-2', 'alpha-3'], [C]: ['gamma-1', 'gamma-2'] };
    srv = await startReplayServer(estate(buckets));
    const events: ProgressEvent[] = [];
    const r = await collectAws(
      { profiles: [], roleArns: [roleArn(A), roleArn(C)], endpoint: srv.endpoint, workers: 1 },
      ctx(events),
    );
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => `${x.account}/${x.name}`)).toEqual([
      ...buckets[A].map((n) => `${A}/${n}`),
      ...buckets[C].map((n) => `${C}/${n}`),
    ]);
    const log = srv.log;
    const assumeC = log.findIndex((l) => l.op === 'AssumeRole' && l.form?.get('RoleArn') === roleArn(C));
    const lastOfA = log.reduce((at, l, i) => (l.accessKeyId === KEY[A] && BUCKET_OPS.test(l.op) ? i : at), -1);
    expect(assumeC).toBeGreaterThanOrEqual(0);
    // one account after another, C's role would be assumed after A's last bucket read
    expect(assumeC).toBeLessThan(lastOfA);
    expect(events.at(-1)).toMatchObject({ phase: 'collect', provider: 'aws', done: 5, total: 5 });
  });

  it('the accounts of a scan share its connections: no new connections per account', async () => {
    const accounts = Array.from({ length: 12 }, (_, k) => String(500000000000 + k));
    for (const a of accounts) KEY[a] = `ASIAREPLAY${a}`;
    try {
      const buckets = Object.fromEntries(accounts.map((a) => [a, [`b-${a}`]]));
      srv = await startReplayServer(estate(buckets));
      const r = await collectAws({ profiles: [], roleArns: accounts.map(roleArn), endpoint: srv.endpoint, workers: 1 }, ctx());
      expect(r.errors).toEqual([]);
      expect(r.resources).toHaveLength(accounts.length);
      // a pool per account opened at least one SDK and one bucket-reader connection per account (24+); the scan's
      // pools together never need more than the cap (8) of each kind
      expect(srv.connections()).toBeLessThanOrEqual(2 * 8 + 2);
    } finally {
      for (const a of accounts) delete KEY[a];
    }
  });

  it('Ctrl-C: targets not started yet are named in the errors, not silently left out', async () => {
    const accounts = Array.from({ length: 6 }, (_, k) => String(600000000000 + k));
    for (const a of accounts) KEY[a] = `ASIAREPLAY${a}`;
    try {
      srv = await startReplayServer(estate(Object.fromEntries(accounts.map((a) => [a, [`b-${a}`]]))), {
        delayMs: (q) => (q.op === 'ListBuckets' ? 200 : 0),
      });
      const c = ctx(); // concurrency 8: two targets at a time
      const ac = new AbortController();
      const run = collectAws(
        { profiles: [], roleArns: accounts.map(roleArn), endpoint: srv.endpoint, workers: 1 },
        { ...c, signal: ac.signal },
      );
      await new Promise((r) => setTimeout(r, 100)); // the first two are listing
      ac.abort(new Error('SIGINT'));
      const r = await run;
      const notStarted = r.errors.filter((e) => /not scanned, the run was interrupted first/.test(e.message));
      expect(notStarted.map((e) => e.resourceId)).toEqual(accounts.slice(targetsAtOnce(6, 8)));
      expect(notStarted.every((e) => e.provider === 'aws' && e.code === 'aborted')).toBe(true);
    } finally {
      for (const a of accounts) delete KEY[a];
    }
  });

  it("worker threads hold the cap alone: no other account's call is in flight while they read", async () => {
    const buckets = {
      [A]: ['alpha-1', 'alpha-2', 'alpha-3', 'alpha-4'],
      [C]: Array.from({ length: 24 }, (_, i) => `gamma-${String(i).padStart(2, '0')}`),
    };
    // every bucket read takes 20 ms: C's 24 buckets keep it busy while A's threads start and read
    srv = await startReplayServer(estate(buckets), { delayMs: (q) => (BUCKET_OPS.test(q.op) ? 20 : 0) });
    const r = await collectAws({ profiles: [], roleArns: [roleArn(A), roleArn(C)], endpoint: srv.endpoint, workers: 2 }, ctx());
    expect(r.errors).toEqual([]);
    expect(r.resources).toHaveLength(buckets[A].length + buckets[C].length);
    const threadCalls = srv.log.filter((l) => l.accessKeyId === KEY[A] && BUCKET_OPS.test(l.op));
    const others = srv.log.filter((l) => l.accessKeyId === KEY[C]);
    expect(threadCalls.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const t of threadCalls)
      for (const o of others) {
        const overlap = (t.arrivedAt ?? 0) < (o.answeredAt ?? 0) && (o.arrivedAt ?? 0) < (t.answeredAt ?? 0);
        expect(overlap, `${t.op} ${t.target} with ${o.op} ${o.target ?? ''}`).toBe(false);
      }
  });
});
