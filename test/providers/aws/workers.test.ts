import { availableParallelism } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayServer, startReplayServer } from '../../../mocks/aws/replay-server.js';
import type { Reply, Responder } from '../../../mocks/bench/common.js';
import { benchBucketName, startS3Responder } from '../../../mocks/bench/s3.js';
import { createClients } from '../../../providers/aws/clients.js';
import { collectAws } from '../../../providers/aws/index.js';
import {
  collectInWorkers,
  liveWorkers,
  newThread,
  prepareThreadCode,
  StartedWorkers,
  withoutTsLoader,
  workerCount,
  earlyWorkerCount,
} from '../../../providers/aws/pool.js';
import type { CollectContext } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import type { AwsS3Facts, Known, StorageResource } from '../../../src/model/index.js';
import { createScheduler, type SchedulerStats } from '../../../src/scheduler/index.js';
import { estate, REPLAY_KEYS, replayContext } from './replay-estate.js';

const ctx = (signal?: AbortSignal): CollectContext => replayContext(signal ? { signal } : {});

const byId = (rs: StorageResource[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id));
/** Requests as "op target" strings, sorted (order differs between threads, the multiset must not). */
const calls = (srv: ReplayServer) => srv.log.map((l) => `${l.op} ${l.target ?? ''} ${l.status}`).sort();

describe('AWS adapter with worker threads (--workers)', () => {
  let srv: ReplayServer;
  beforeAll(async () => {
    srv = await startReplayServer(estate());
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.routes.clear();
    for (const [k, v] of Object.entries(estate())) srv.set(k, v);
    srv.log.length = 0;
  });

  it('default: one thread for one ListBuckets page (1,000 buckets), else up to 2; never more threads than buckets or the cap', () => {
    expect(workerCount(undefined, 499, 64)).toBe(1);
    expect(workerCount(undefined, 1_000, 64)).toBe(1);
    expect(workerCount(undefined, 1_001, 64)).toBe(Math.min(2, availableParallelism()));
    expect(workerCount(undefined, 10_000, 64)).toBe(Math.min(2, availableParallelism()));
    expect(workerCount(undefined, 49_999, 64)).toBe(Math.min(2, availableParallelism()));
    expect(workerCount(undefined, 50_000, 64)).toBe(1); // memory budget of very large scans
    expect(workerCount(2, 100_000, 64)).toBe(2);
    expect(workerCount(2, 6, 64)).toBe(2);
    expect(workerCount(4, 3, 64)).toBe(3);
    expect(workerCount(8, 1000, 2)).toBe(2);
  });

  it('threads started while a listing has more pages: as many as the count will ask for, none once it passes 50,000', () => {
    const two = Math.min(2, availableParallelism());
    expect(earlyWorkerCount(undefined, 1_000, 64)).toBe(two); // a second page: more than 1,000 buckets
    expect(earlyWorkerCount(undefined, 48_999, 64)).toBe(two);
    expect(earlyWorkerCount(undefined, 49_999, 64)).toBe(1); // 50,000 and more: one thread (the memory budget)
    expect(earlyWorkerCount(undefined, 1_000, 1)).toBe(1); // a cap of 1: one thread
    expect(earlyWorkerCount(4, 1_000, 64)).toBe(4);
    expect(earlyWorkerCount(2, 200_000, 64)).toBe(2); // asked for: kept
    expect(earlyWorkerCount(1, 5_000, 64)).toBe(1);
  });

  it('the threads load one prebuilt bundle of their code, kept in node_modules/.cache and checked against the sources', async () => {
    const code = await prepareThreadCode({});
    expect(code).toMatchObject({ bundled: true });
    expect(code.url.pathname).toMatch(/\/node_modules\/\.cache\/bucketaudit\/aws-worker-[0-9a-f]{16}\.mjs$/);
  });

  it('a bundled thread gets the Node flags without the TypeScript loader (60 ms less per thread), and keeps the others', () => {
    expect(withoutTsLoader(['--import', 'tsx', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512']);
    expect(withoutTsLoader(['--import=tsx/esm', '--cpu-prof', '--loader', 'file:///x/node_modules/tsx/dist/loader.mjs'])).toEqual(
      ['--cpu-prof'],
    );
    expect(withoutTsLoader(['-r', 'tsx/cjs', '--require=./tsx-setup.cjs'])).toEqual(['--require=./tsx-setup.cjs']);
    // Other loaders and preloads stay (a user's instrumentation); a flag missing its value is kept as it is.
    expect(withoutTsLoader(['--import', './otel.mjs', '--experimental-loader', 'my-tsx-free-loader', '--import'])).toEqual([
      '--import',
      './otel.mjs',
      '--experimental-loader',
      'my-tsx-free-loader',
      '--import',
    ]);
  });

  it('a process started with a V8 flag as well as the loader (node --import tsx --max-old-space-size=...): threads still start', async () => {
    // Node refuses V8 and process-wide flags given to a thread explicitly (ERR_WORKER_INVALID_EXEC_ARGV); the thread
    // then inherits the parent's flags, loader included. A throw here used to drop every AWS bucket of the scan.
    const code = await prepareThreadCode({});
    for (const argv of [
      ['--import', 'tsx', '--max-old-space-size=512'],
      ['--import', 'tsx', '--stack-size=2000', '--expose-gc'],
      ['--import', 'tsx', '--enable-source-maps'],
      ['--max-old-space-size=512'],
    ]) {
      const w = newThread(code, argv);
      await new Promise<void>((resolve, reject) => {
        w.once('online', resolve);
        w.once('error', reject);
      });
      await w.terminate();
    }
  });

  it('--workers 1 and --workers 2 give the same resources, facts, errors and requests', async () => {
    const one = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 1 }, ctx());
    const callsOne = calls(srv);
    srv.routes.clear();
    for (const [k, v] of Object.entries(estate())) srv.set(k, v);
    srv.log.length = 0;
    const c2 = ctx();
    const stats: SchedulerStats[] = [];
    c2.onWorkerStats = (s) => stats.push(...s);
    const two = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 2 }, c2);
    expect(stats).toHaveLength(2); // the buckets really went through two worker threads
    expect(stats.reduce((n, s) => n + s.calls, 0)).toBeGreaterThan(0);
    expect(two.resources).toHaveLength(6);
    expect(byId(two.resources)).toEqual(byId(one.resources));
    expect(two.errors).toEqual(one.errors);
    expect(calls(srv)).toEqual(callsOne);
    // account-level calls stay once per account (+ region for access points) with workers
    expect(srv.log.filter((l) => l.op === 'ListAccessPoints')).toHaveLength(2);
    expect(srv.log.filter((l) => l.op === 'GetAccountPublicAccessBlock')).toHaveLength(1);
    expect(liveWorkers()).toBe(0);
  });

  it('a NoSuchBucket bucket is dropped with an error entry in a worker too', async () => {
    srv.set('GetBucketAcl:denied', fx.S3_ERRORS.noSuchBucket());
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 2 }, ctx());
    expect(r.resources.map((x) => x.name)).not.toContain('denied');
    expect(r.errors).toContainEqual(expect.objectContaining({ resourceId: 'arn:aws:s3:::denied', code: 'NoSuchBucket' }));
    expect(r.resources).toHaveLength(5);
  });

  it('abort (Ctrl-C) with workers: every bucket is present, unfinished ones UNKNOWN "aborted"; no thread survives', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    srv.set(
      'ListBuckets',
      fx.listBuckets(
        { id: 'c0ffee', name: 'owner' },
        names.map((name) => ({ name, region: 'us-east-1' })),
      ),
    );
    const ac = new AbortController();
    // The server itself pulls the trigger when the 40th bucket's policy is requested (no timers involved).
    let policies = 0;
    srv.set('GetBucketPolicy', () => {
      policies += 1;
      if (policies === 40) ac.abort(new Error('SIGINT'));
      return fx.S3_ERRORS.noSuchBucketPolicy();
    });
    const c = ctx(ac.signal);
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 2 }, c);
    expect(ac.signal.aborted).toBe(true);
    expect(r.resources.map((x) => x.name).sort()).toEqual(names);
    const abortedInputs = (f: AwsS3Facts) =>
      (Object.values(f) as unknown[]).filter(
        (v) =>
          typeof v === 'object' &&
          v !== null &&
          (v as Known<unknown>).known === false &&
          (v as { reason: string }).reason === 'aborted',
      ).length;
    const untouched = r.resources.filter((x) => (x.facts as AwsS3Facts).policy.known === false);
    expect(untouched.length).toBeGreaterThan(0);
    for (const x of untouched) expect(abortedInputs(x.facts as AwsS3Facts), x.name).toBeGreaterThan(0);
    // not one bucket slipped through as "no policy" after the abort unless it was really read
    expect(r.resources.filter((x) => (x.facts as AwsS3Facts).policy.known).length).toBeLessThanOrEqual(policies);
    expect(liveWorkers()).toBe(0);
  });
});

describe('AWS adapter: worker threads started during the listing (--workers 2)', () => {
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAEARLYEARLYEARLY0',
    AWS_SECRET_ACCESS_KEY: 'early/early/early/early/early/early/early0',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  let server: Responder | undefined;
  // The threads' code is resolved once per process (a cache check, or a build after a change); resolved here, so
  // that a listing at zero latency cannot outrun it and every test sees the threads start where the code says.
  beforeAll(async () => {
    await prepareThreadCode();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const run = async (c: CollectContext, workers: number | 'default' = 2) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return await collectAws(
        { profiles: [], roleArns: [], endpoint: server?.url, region: 'us-east-1', ...(workers === 'default' ? {} : { workers }) },
        c,
      );
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    }
  };
  const context = (): CollectContext => {
    const scheduler = createScheduler({ concurrency: 16, requestTimeoutMs: 5_000, maxAttempts: 2, baseDelayMs: 5 });
    return { scheduler, concurrency: 16, signal: scheduler.signal, env, analyzer: defaultContext() };
  };

  /** A 1,200-bucket account listed 1,000 per page, whose second ListBuckets page is answered with `reply`. */
  const secondPageAnswered = (reply: Reply) =>
    startS3Responder({
      buckets: 1200,
      latencyMs: 0,
      lifetimeMs: 60_000,
      listPageMax: 1000,
      fault: (_req, url) => (url.searchParams.has('continuation-token') ? reply : undefined),
    });

  /**
   * A responder of `buckets` buckets that notes how many threads are alive when the second ListBuckets page is
   * asked for (started on the first page, or only after the listing), and a context collecting worker stats.
   */
  const pagedAccount = async (buckets: number) => {
    const seen = { threadsAtPage2: -1 };
    server = await startS3Responder({
      buckets,
      latencyMs: 0,
      lifetimeMs: 60_000,
      listPageMax: 1000,
      fault: (_req, url) => {
        if (url.searchParams.has('continuation-token')) seen.threadsAtPage2 = liveWorkers();
        return undefined;
      },
    });
    const c = context();
    const stats: SchedulerStats[] = [];
    c.onWorkerStats = (s) => stats.push(...s);
    return { server, c, stats, seen };
  };

  it('a multi-page account (1,200 buckets): the threads started early collect every bucket, and none survives', async () => {
    const { server, c, stats, seen } = await pagedAccount(1200);
    const r = await run(c);
    expect(r.resources.filter((x) => x.kind === 'bucket')).toHaveLength(1200);
    expect(r.errors).toEqual([]);
    expect(stats).toHaveLength(2);
    expect(stats.reduce((n, s) => n + s.calls, 0)).toBeGreaterThan(1200);
    expect(server.stats().byOp['s3:ListBuckets']).toBe(2);
    expect(seen.threadsAtPage2).toBe(2);
    expect(liveWorkers()).toBe(0);
  });

  it('by default the threads start on the first page that has a next one, and read the whole list', async () => {
    const { c, stats, seen } = await pagedAccount(3000);
    const r = await run(c, 'default');
    expect(r.resources.filter((x) => x.kind === 'bucket')).toHaveLength(3000);
    expect(seen.threadsAtPage2).toBe(Math.min(2, availableParallelism())); // loading while page 2 was listed
    expect(stats).toHaveLength(Math.min(2, availableParallelism())); // and the ones that read
    expect(liveWorkers()).toBe(0);
  });

  it('Ctrl-C after the listing, before the buckets: every bucket reported aborted, the threads started early stopped', async () => {
    const ac = new AbortController();
    let listed = false;
    server = await startS3Responder({
      buckets: 1200,
      latencyMs: 0,
      lifetimeMs: 60_000,
      listPageMax: 1000,
      fault: (req, url) => {
        if (url.searchParams.has('continuation-token')) listed = true;
        // the first account-level call after the last ListBuckets page: the user presses Ctrl-C
        else if (listed && !(req.method === 'GET' && url.pathname === '/')) ac.abort(new Error('SIGINT'));
        return undefined;
      },
    });
    const scheduler = createScheduler({
      concurrency: 16,
      requestTimeoutMs: 5_000,
      maxAttempts: 2,
      baseDelayMs: 5,
      signal: ac.signal,
    });
    const r = await run({ scheduler, concurrency: 16, signal: scheduler.signal, env, analyzer: defaultContext() });
    const buckets = r.resources.filter((x) => x.kind === 'bucket');
    expect(buckets).toHaveLength(1200);
    expect(JSON.stringify(buckets[0])).toMatch(/aborted/);
    for (let i = 0; i < 100 && liveWorkers() > 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(liveWorkers()).toBe(0);
  });

  it('a server that answers every ListBuckets page with page one: each bucket listed once, the loop reported', async () => {
    const page1 = Array.from(
      { length: 1000 },
      (_, i) => `<Bucket><Name>${benchBucketName(i)}</Name><BucketRegion>us-east-1</BucketRegion></Bucket>`,
    ).join('');
    server = await secondPageAnswered({
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets>${page1}</Buckets><ContinuationToken>1000</ContinuationToken></ListAllMyBucketsResult>`,
    });
    const r = await run(context(), 'default');
    const ids = r.resources.filter((x) => x.kind === 'bucket').map((x) => x.id);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        provider: 'aws',
        operation: 'ListBuckets',
        message: expect.stringMatching(/repeated the page token/),
      }),
    );
    // each bucket's reads were made once (4.87 calls per bucket, not twice that)
    expect(server.stats().byOp['s3:policy']).toBe(1000);
  });

  it('a listing that fails after its first page: the buckets of the first page are collected, the listing named incomplete, the threads started for it stopped', async () => {
    // the second page never comes: AccessDenied (fatal, not retried)
    server = await secondPageAnswered({
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>no</Message></Error>',
    });
    const r = await run(context());
    // (they were dropped with the rest of the listing: 1,000 buckets listed, none audited)
    expect(r.resources.filter((x) => x.kind === 'bucket')).toHaveLength(1000);
    expect(r.errors).toContainEqual(
      expect.objectContaining({
        operation: 'ListBuckets',
        code: 'AccessDenied',
        message: expect.stringMatching(/page 2 of the listing failed, so it is incomplete: the 1000 listed before it are kept/),
      }),
    );
    // terminate() is asynchronous: the threads are gone within moments, not at process exit
    for (let i = 0; i < 100 && liveWorkers() > 0; i++) await new Promise((res) => setTimeout(res, 20));
    expect(liveWorkers()).toBe(0);
  });
});

describe('AWS worker pool: a thread started early that dies before it is handed over', () => {
  it('the pool still ends (the exit is not missed) and leaves its buckets to the main thread', async () => {
    const started = new StartedWorkers(1, await prepareThreadCode());
    const [thread] = started.take();
    await thread?.terminate(); // gone before collectInWorkers listens
    const c = ctx();
    const clients = createClients(REPLAY_KEYS, { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxSockets: 2 });
    const done: string[] = [];
    try {
      const res = await Promise.race([
        collectInWorkers({
          buckets: [{ Name: 'a' }, { Name: 'b' }],
          acct: {
            account: '111122223333',
            accountBpa: { known: true, value: null },
            s3control: false,
            roles: { known: true, value: [] },
          },
          target: { label: 'default', credentials: REPLAY_KEYS },
          clients,
          opts: { profiles: [], roleArns: [] },
          ctx: c,
          workers: 1,
          apLists: new Map(),
          onDone: (n) => done.push(n),
          ...(thread ? { started: [thread] } : {}),
        }),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000)),
      ]);
      expect(res).not.toBe('hung');
      if (res === 'hung') return;
      expect(res.outcomes).toEqual([undefined, undefined]); // not collected there: collectTarget collects them itself
      expect(done).toEqual([]);
      expect(liveWorkers()).toBe(0);
    } finally {
      clients.destroy();
    }
  });
});
