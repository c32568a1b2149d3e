/**
 * Fault injection: a loopback S3-style server (mocks/bench) that drops connections, answers 500 / 503 at
 * random (seeded) or hangs. Every item must end with a value or a named error / UNKNOWN reason, nothing
 * crashes, and the run completes within its bound (per-request timeout x attempts). No timing asserts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collectAws } from '../../providers/aws/index.js';
import type { CollectContext } from '../../providers/types.js';
import type { Reply, Responder } from '../../mocks/bench/common.js';
import { benchBucketName, startS3Responder } from '../../mocks/bench/s3.js';
import { defaultContext } from '../../src/analyzer/context.js';
import { audit } from '../../src/audit.js';
import { attemptInfo, createScheduler, settleAll, unknownReasonOf } from '../../src/scheduler/index.js';

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const s3Err = (status: number, code: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message></Message><RequestId>f</RequestId></Error>`,
});

interface FaultMix {
  drop: number;
  e500: number;
  e503: number;
  hang: number;
}

function faulty(seed: number, mix: FaultMix, maxFaults = 2000) {
  const rnd = seeded(seed);
  let injected = 0;
  return (): 'drop' | 'hang' | Reply | undefined => {
    if (injected >= maxFaults) return undefined; // bounded: after that, the server behaves
    const r = rnd();
    const e1 = mix.drop;
    const e2 = e1 + mix.e500;
    const e3 = e2 + mix.e503;
    const e4 = e3 + mix.hang;
    let out: 'drop' | 'hang' | Reply | undefined;
    if (r < e1) out = 'drop';
    else if (r < e2) out = s3Err(500, 'InternalError');
    else if (r < e3) out = s3Err(503, 'SlowDown');
    else if (r < e4) out = 'hang';
    if (out !== undefined) injected += 1;
    return out;
  };
}

let server: Responder | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const NAMED = new Set(['TimeoutError', 'AbortError', 'SlowDown', 'InternalError', 'TypeError']);

describe('fault injection: scheduler over fetch', () => {
  it('every item ends with a value or a named, classified error', async () => {
    const N = 150;
    const fault = faulty(42, { drop: 0.08, e500: 0.08, e503: 0.08, hang: 0.04 });
    server = await startS3Responder({ buckets: N, latencyMs: 1, lifetimeMs: 60_000, fault });
    const url = server.url;
    const scheduler = createScheduler({
      concurrency: 16,
      requestTimeoutMs: 300,
      maxAttempts: 4,
      baseDelayMs: 5,
      throttleBaseDelayMs: 10,
      maxDelayMs: 50,
    });
    const settled = await settleAll(
      Array.from({ length: N }, (_, i) => benchBucketName(i)),
      8,
      (b) =>
        scheduler.run('probe:s3', async (signal) => {
          const r = await fetch(`${url}/${b}?publicAccessBlock`, { signal });
          const body = await r.text();
          if (r.status >= 500) {
            const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? 'Error';
            throw Object.assign(new Error(code), { name: code, status: r.status });
          }
          return r.status;
        }),
    );
    expect(settled).toHaveLength(N);
    let ok = 0;
    for (const s of settled) {
      if (s.status === 'fulfilled') {
        expect([200, 404]).toContain(s.value);
        ok += 1;
        continue;
      }
      const err = s.reason as Error;
      expect(NAMED.has(err.name), `unexpected error ${err.name}: ${err.message}`).toBe(true);
      expect(attemptInfo(err)?.attempts).toBe(4);
      expect(['timeout', 'throttled', 'error']).toContain(unknownReasonOf(err));
    }
    const st = scheduler.stats();
    const faults = server.stats().faults;
    expect(Object.keys(faults).sort()).toEqual(['500', '503', 'drop', 'hang']);
    expect(st.retries).toBeGreaterThan(0);
    expect(st.timeouts).toBeGreaterThan(0);
    expect(st.throttled).toBeGreaterThan(0);
    expect(st.succeeded + st.failures).toBe(N);
    expect(ok).toBe(st.succeeded);
    expect(ok).toBeGreaterThan(N * 0.9); // 4 attempts at ~28% fault rate: failures are rare
  });

  it('Ctrl-C mid-run: the rest ends as aborted, nothing hangs', async () => {
    const N = 100;
    server = await startS3Responder({
      buckets: N,
      latencyMs: 5,
      lifetimeMs: 60_000,
      fault: faulty(7, { drop: 0, e500: 0, e503: 0, hang: 0.2 }),
    });
    const url = server.url;
    const ac = new AbortController();
    const scheduler = createScheduler({ concurrency: 8, requestTimeoutMs: 10_000, signal: ac.signal });
    let done = 0;
    const settled = await settleAll(
      Array.from({ length: N }, (_, i) => benchBucketName(i)),
      8,
      async (b) => {
        const v = await scheduler.run('probe:s3', async (signal) => (await fetch(`${url}/${b}?acl`, { signal })).status);
        if (++done === 20) ac.abort(new Error('SIGINT'));
        return v;
      },
      { signal: ac.signal },
    );
    expect(settled).toHaveLength(N);
    const aborted = settled.filter((s) => s.status === 'rejected');
    expect(aborted.length).toBeGreaterThan(0);
    for (const s of aborted) expect(unknownReasonOf((s as PromiseRejectedResult).reason)).toBe('aborted');
    expect(settled.filter((s) => s.status === 'fulfilled').length).toBeGreaterThanOrEqual(20);
  });
});

describe('fault injection: the AWS adapter against a faulty endpoint', () => {
  it('every bucket ends with a verdict; unreadable inputs carry a named UNKNOWN reason', async () => {
    const N = 60;
    // Faults on per-bucket calls only after enumeration has a fair chance: the mix is moderate and attempts are 5.
    const fault = faulty(1234, { drop: 0.05, e500: 0.05, e503: 0.08, hang: 0.03 });
    server = await startS3Responder({ buckets: N, latencyMs: 1, lifetimeMs: 90_000, fault });
    const scheduler = createScheduler({
      concurrency: 16,
      requestTimeoutMs: 400,
      maxAttempts: 5,
      baseDelayMs: 5,
      throttleBaseDelayMs: 10,
      maxDelayMs: 50,
    });
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIAFAULTFAULTFAULT0',
      AWS_SECRET_ACCESS_KEY: 'fault/fault/fault/fault/fault/fault/fault0',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const ctx: CollectContext = {
      scheduler,
      concurrency: 8,
      signal: scheduler.signal,
      env,
      analyzer: defaultContext(),
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let res: Awaited<ReturnType<typeof collectAws>>;
    try {
      res = await collectAws({ profiles: [], roleArns: [], endpoint: server.url, region: 'us-east-1' }, ctx);
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    }
    const buckets = res.resources.filter((r) => r.kind === 'bucket');
    // Each listed bucket is either a resource or a named collect error; none silently missing.
    const named = res.errors.filter((e) => e.message.length > 0);
    expect(buckets.length + named.length).toBeGreaterThanOrEqual(N);
    const reasons = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x);
        return;
      }
      if (typeof v !== 'object' || v === null) return;
      const o = v as Record<string, unknown>;
      if (o.known === false) {
        expect(typeof o.reason).toBe('string');
        reasons.add(o.reason as string);
      }
      for (const x of Object.values(o)) walk(x);
    };
    walk(buckets);
    for (const r of reasons)
      expect(['throttled', 'timeout', 'error', 'unsupported', 'access-denied', 'not-collected']).toContain(r);
    const { assessments } = await audit({ command: 'scan', resources: res.resources, errors: res.errors, ctx: ctx.analyzer });
    const verdicts = new Set(['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED', 'LATENT', 'PRIVATE', 'UNKNOWN']);
    expect(assessments.filter((a) => a.resource.kind === 'bucket')).toHaveLength(buckets.length);
    for (const a of assessments) {
      expect(verdicts.has(a.verdict), `verdict ${a.verdict}`).toBe(true);
      if (a.verdict === 'UNKNOWN') expect(a.unknownInputs.length).toBeGreaterThan(0);
    }
    expect(scheduler.stats().retries).toBeGreaterThan(0);
  });
});
