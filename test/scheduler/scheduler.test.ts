import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortRace } from '../../src/scheduler/rate.js';
import { Aimd } from '../../src/scheduler/adaptive.js';
import {
  attemptInfo,
  createScheduler,
  fullJitter,
  RateLimiter,
  SchedulerAbortError,
  SchedulerReentryError,
  SchedulerTimeoutError,
  settleAll,
  unknownReasonOf,
} from '../../src/scheduler/index.js';
import { fakeTime, sdkErr } from './helpers.js';

describe('createScheduler: retries', () => {
  it('retries throttling with full-jitter backoff and succeeds', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, now: ft.now, random: () => 0.5, throttleBaseDelayMs: 500 });
    let n = 0;
    const v = await s.run('aws:1:us-east-1:s3', async () => {
      n += 1;
      if (n < 3) throw sdkErr('SlowDown', 503);
      return 'ok';
    });
    expect(v).toBe('ok');
    expect(ft.sleeps).toEqual([250, 500]); // 0.5 * 500 * 2^0, 0.5 * 500 * 2^1
    const st = s.stats();
    expect(st).toMatchObject({ calls: 3, retries: 2, throttled: 2, wasted: 2, succeeded: 1, failures: 0 });
    expect(st.lanes['aws:1:us-east-1:s3']).toMatchObject({ calls: 3, retries: 2, throttled: 2 });
  });

  it('transient errors use the smaller base; fatal errors are not retried and come back untouched', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, random: () => 1 - Number.EPSILON, baseDelayMs: 100 });
    let n = 0;
    await s.run('l', async () => {
      if (n++ === 0) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      return 1;
    });
    expect(ft.sleeps).toEqual([99]);
    const denied = sdkErr('AccessDenied', 403);
    await expect(s.run('l', async () => Promise.reject(denied))).rejects.toBe(denied);
    expect(attemptInfo(denied)).toMatchObject({ attempts: 1, errorClass: 'fatal', lane: 'l' });
    expect(unknownReasonOf(denied)).toBeUndefined();
    expect(s.stats()).toMatchObject({ calls: 3, retries: 1, failures: 1 });
  });

  it('gives up after maxAttempts and rethrows the last error with attempts', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, random: () => 0, maxAttempts: 4 });
    let n = 0;
    const err = await s
      .run('gcp:p:storage', async () => {
        n += 1;
        throw Object.assign(new Error(`rate ${n}`), { code: 429 });
      })
      .catch((e: unknown) => e);
    expect(n).toBe(4);
    expect((err as Error).message).toBe('rate 4');
    expect((err as { attempts?: number }).attempts).toBe(4);
    expect(unknownReasonOf(err)).toBe('throttled');
    expect(s.stats()).toMatchObject({ calls: 4, retries: 3, throttled: 4, wasted: 4, failures: 1 });
  });

  it('retry:false makes one attempt', async () => {
    const s = createScheduler({ sleep: fakeTime().sleep });
    let n = 0;
    await expect(
      s.run(
        'l',
        async () => {
          n += 1;
          throw sdkErr('InternalError', 500);
        },
        { retry: false },
      ),
    ).rejects.toThrow('InternalError');
    expect(n).toBe(1);
  });

  it('honours Retry-After (seconds, capped) over a shorter jitter', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, random: () => 0, maxRetryAfterMs: 5_000 });
    let n = 0;
    await s.run('azure:sub:arm', async () => {
      n += 1;
      if (n === 1)
        throw Object.assign(new Error('busy'), { statusCode: 429, response: { headers: new Map([['retry-after', '2']]) } });
      if (n === 2) throw sdkErr('SlowDown', 503, { 'retry-after': '120' });
      return n;
    });
    expect(ft.sleeps).toEqual([2000, 5000]);
  });
});

describe('createScheduler: timeouts and abort', () => {
  it('times out an attempt that never answers (even if fn ignores its signal), retries, then names the timeout', async () => {
    const s = createScheduler({ sleep: fakeTime().sleep, maxAttempts: 2, requestTimeoutMs: 20 });
    const signals: AbortSignal[] = [];
    const err = await s
      .run('probe:s3', (signal) => {
        signals.push(signal);
        return new Promise<never>(() => {});
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulerTimeoutError);
    expect(unknownReasonOf(err)).toBe('timeout');
    expect(signals).toHaveLength(2);
    expect(signals.every((x) => x.aborted)).toBe(true);
    expect(s.stats()).toMatchObject({ calls: 2, timeouts: 2, retries: 1, failures: 1 });
  });

  it('abort: in-flight calls, queued calls and backoff sleeps all end as AbortError', async () => {
    const ac = new AbortController();
    const s = createScheduler({ concurrency: 2, signal: ac.signal, requestTimeoutMs: 10_000 });
    let started = 0;
    const hang = (signal: AbortSignal) =>
      new Promise<never>((_, reject) => {
        started += 1;
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      });
    const calls = Array.from({ length: 6 }, () => s.run('l', hang));
    const throttled = s.run('m', async () => {
      throw sdkErr('SlowDown', 503, { 'retry-after': '30' });
    });
    await new Promise((r) => setTimeout(r, 20));
    ac.abort(new Error('SIGINT'));
    const settled = await Promise.allSettled([...calls, throttled]);
    expect(settled.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of settled) {
      const reason = (r as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(SchedulerAbortError);
      expect(unknownReasonOf(reason)).toBe('aborted');
    }
    expect(started).toBeLessThanOrEqual(2);
    expect(s.stats().aborted).toBe(7);
    await expect(s.run('l', async () => 1)).rejects.toBeInstanceOf(SchedulerAbortError);
  });

  it('rejects re-entrant run() instead of deadlocking (detectReentry: on under the test runner)', async () => {
    const s = createScheduler({ concurrency: 1 });
    const err = await s.run('a', () => s.run('b', async () => 1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchedulerReentryError);
    // sequential and fanned-out calls are fine
    const r = await settleAll([1, 2, 3], 3, (i) => s.run('a', async () => i * 2));
    expect(r.map((x) => (x.status === 'fulfilled' ? x.value : null))).toEqual([2, 4, 6]);
    // explicit on / off (off: the nested call simply runs when a slot is free)
    const on = createScheduler({ concurrency: 2, detectReentry: true });
    await expect(on.run('a', () => on.run('b', async () => 1))).rejects.toBeInstanceOf(SchedulerReentryError);
    const off = createScheduler({ concurrency: 2, detectReentry: false });
    await expect(off.run('a', () => off.run('b', async () => 1))).resolves.toBe(1);
  });
});

describe('BUCKETAUDIT_DEBUG (re-entry check outside the test runner)', () => {
  it('is on for 1/true/yes/on and off for 0/false/off/empty (it was on for any non-empty value, 0 included: 10% of CPU)', async () => {
    const saved = { vitest: process.env.VITEST, debug: process.env.BUCKETAUDIT_DEBUG };
    delete process.env.VITEST;
    try {
      const nestedRejects = async (v: string) => {
        process.env.BUCKETAUDIT_DEBUG = v;
        const s = createScheduler({ concurrency: 2 });
        return (await s.run('a', () => s.run('b', async () => 1)).catch((e: unknown) => e)) instanceof SchedulerReentryError;
      };
      for (const v of ['1', 'true', 'YES', 'on']) expect(await nestedRejects(v), v).toBe(true);
      for (const v of ['0', 'false', 'off', '']) expect(await nestedRejects(v), v).toBe(false);
    } finally {
      if (saved.vitest === undefined) delete process.env.VITEST;
      else process.env.VITEST = saved.vitest;
      if (saved.debug === undefined) delete process.env.BUCKETAUDIT_DEBUG;
      else process.env.BUCKETAUDIT_DEBUG = saved.debug;
    }
  });
});

describe('createScheduler: limits', () => {
  it('respects the global cap and the per-lane cap', async () => {
    const s = createScheduler({ concurrency: 4, laneConcurrency: (lane) => (lane === 'slow' ? 1 : 3) });
    const active: Record<string, number> = { all: 0 };
    const peak: Record<string, number> = { all: 0 };
    const work = (lane: string) =>
      s.run(lane, async () => {
        active[lane] = (active[lane] ?? 0) + 1;
        active.all = (active.all ?? 0) + 1;
        peak[lane] = Math.max(peak[lane] ?? 0, active[lane] ?? 0);
        peak.all = Math.max(peak.all ?? 0, active.all ?? 0);
        await new Promise((r) => setTimeout(r, 2));
        active[lane] = (active[lane] ?? 1) - 1;
        active.all = (active.all ?? 1) - 1;
      });
    await Promise.all([...Array.from({ length: 20 }, () => work('fast')), ...Array.from({ length: 10 }, () => work('slow'))]);
    expect(peak.all).toBe(4);
    expect(peak.fast).toBe(3);
    expect(peak.slow).toBe(1);
  });

  it('AIMD: halves once per window on throttling, grows back by one, stays in [1, cap]', () => {
    const a = new Aimd(16, 16, { increaseAfter: 2, cooldownMs: 100 });
    expect(a.onThrottle(0, 10)).toBe(8);
    expect(a.onThrottle(5, 11)).toBe(8); // started before the cut: same window
    expect(a.onThrottle(12, 20)).toBe(4);
    expect(a.onSuccess(50)).toBe(4); // cooldown
    expect(a.onSuccess(130)).toBe(4);
    expect(a.onSuccess(131)).toBe(5);
    for (let t = 200; t < 260; t++) a.onSuccess(t);
    expect(a.current).toBe(16);
    for (let t = 300; t < 2000; t += 200) a.onThrottle(t, t + 1);
    expect(a.current).toBe(1);
    expect(a.low).toBe(1);
  });

  it('adaptive lane level drops under throttling', async () => {
    const ft = fakeTime();
    const s = createScheduler({ concurrency: 8, sleep: ft.sleep, now: ft.now, random: () => 0 });
    let n = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        s.run('aws:a:r:s3', async () => {
          n += 1;
          ft.advance(1);
          if (n % 2 === 1) throw sdkErr('SlowDown', 503);
          return 1;
        }),
      ),
    );
    const lane = s.stats().lanes['aws:a:r:s3']!;
    expect(lane.low).toBeLessThan(8);
    expect(lane.low).toBeGreaterThanOrEqual(1);
  });

  it('max-rps: a GCRA token bucket spaces calls per provider', async () => {
    const ft = fakeTime();
    const r = new RateLimiter(100, ft.now, ft.sleep, 1);
    const waits = Array.from({ length: 5 }, () => r.reserve());
    expect(waits).toEqual([0, 10, 20, 30, 40]);
    const burst = new RateLimiter(100, ft.now, ft.sleep, 3);
    expect(Array.from({ length: 5 }, () => burst.reserve())).toEqual([0, 0, 0, 10, 20]);

    const s = createScheduler({ maxRps: { aws: 50 }, rpsBurst: 1, sleep: ft.sleep, now: ft.now });
    await Promise.all(Array.from({ length: 10 }, () => s.run('aws:1:r:s3', async () => 1)));
    await Promise.all(Array.from({ length: 10 }, () => s.run('gcp:p:storage', async () => 1)));
    expect(s.stats().rateWaits).toBeGreaterThan(0);
    expect(ft.sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('fullJitter stays within [0, min(max, base*2^(n-1)))', () => {
    expect(fullJitter(1, 100, 20_000, () => 0.999)).toBe(99);
    expect(fullJitter(10, 100, 20_000, () => 0.5)).toBe(10_000);
    expect(fullJitter(3, 100, 20_000, () => 0)).toBe(0);
  });
});

describe('settleAll', () => {
  it('keeps every item: values and errors, in order', async () => {
    const r = await settleAll([1, 2, 3, 4], 2, async (i) => {
      if (i % 2 === 0) throw new Error(`bad ${i}`);
      return i;
    });
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  });
  it('marks items not started when the signal fires', async () => {
    const ac = new AbortController();
    let ran = 0;
    const r = await settleAll(
      Array.from({ length: 10 }, (_, i) => i),
      1,
      async (i) => {
        ran += 1;
        if (i === 2) ac.abort();
        return i;
      },
      { signal: ac.signal },
    );
    expect(ran).toBe(3);
    expect(r).toHaveLength(10);
    expect(r.slice(3).every((x) => x.status === 'rejected' && x.reason instanceof SchedulerAbortError)).toBe(true);
  });
});

describe('AbortRace (waits that cannot be cancelled themselves, e.g. the adaptive-rate token wait)', () => {
  it('every pending wait rejects with an abort error as soon as the signal fires, through one listener', async () => {
    const ac = new AbortController();
    const race = new AbortRace(ac.signal);
    const waits = Array.from({ length: 64 }, () => race.race(new Promise<never>(() => {})).catch((e: unknown) => e));
    expect(race.pending).toBe(64);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1); // not 64 (Node warns from 11)
    ac.abort(new Error('SIGINT'));
    for (const err of await Promise.all(waits)) {
      expect(err).toBeInstanceOf(SchedulerAbortError);
      expect(err).toMatchObject({ cause: expect.objectContaining({ message: 'SIGINT' }) });
    }
    expect(race.pending).toBe(0);
  });

  it('otherwise the wait decides (value or error) and is forgotten; after the abort, new waits reject at once', async () => {
    const ac = new AbortController();
    const race = new AbortRace(ac.signal);
    await expect(race.race(Promise.resolve(7))).resolves.toBe(7);
    await expect(race.race(Promise.reject(new Error('limiter broke')))).rejects.toThrow('limiter broke');
    expect(race.pending).toBe(0);
    ac.abort();
    await expect(race.race(Promise.resolve(1))).rejects.toBeInstanceOf(SchedulerAbortError);
  });
});

describe('createScheduler: adaptive-rate token waits after Ctrl-C', () => {
  const liveTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const slowDown = () =>
    Promise.reject(Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));

  it('leaves at most one limiter timer per lane running, not one per waiting call', async () => {
    let clock = 0;
    const ac = new AbortController();
    const s = createScheduler({ concurrency: 32, adaptive: false, maxAttempts: 1, signal: ac.signal, now: () => clock });
    const lane = 'aws:123456789012:us-east-1:s3';
    await s.run(lane, async () => 1);
    clock = 5_000; // past the limiter's warm-up: this throttle cuts the rate, from about nothing to its floor
    await expect(s.run(lane, slowDown)).rejects.toThrow('SlowDown');
    const before = liveTimers();
    const waits = Array.from({ length: 20 }, () => s.run(lane, async () => 1).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 50)); // all 20 are in the lane, waiting for tokens at 0.5 a second
    ac.abort(new Error('SIGINT'));
    const settled = await Promise.all(waits);
    expect(settled.filter((e) => e instanceof SchedulerAbortError)).toHaveLength(20);
    // The limiter's wait cannot be cancelled; one waiter's timer may still run (at most 2 s), not twenty.
    expect(liveTimers() - before).toBeLessThanOrEqual(1);
  });
});
