import { describe, expect, it } from 'vitest';
import { classifyError, createScheduler, parseRetryAfter, retryAfterMs } from '../../src/scheduler/index.js';
import { fakeTime, sdkErr } from './helpers.js';

describe('Retry-After: only delta-seconds and the three HTTP-date forms', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads IMF-fixdate, RFC 850 and asctime dates as UTC', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wednesday, 01-Jan-25 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed Jan  1 00:00:10 2025', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0); // in the past: no wait
  });

  it('asctime is GMT whatever the local time zone', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(parseRetryAfter('Wed Jan  1 00:00:10 2025', now)).toBe(10_000);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it.each([
    'Tue 2099',
    'May 2099 1',
    'next year 2099',
    'Jan 2099',
    '-5',
    '-1',
    '+5',
    '1e3',
    'soon',
    '3, 4',
    'Wed, 31 Feb 2099 00:00:00 GMT',
  ])('ignores %j (the caller waits its own backoff)', (v) => {
    expect(parseRetryAfter(v, now)).toBeUndefined();
  });

  it('a garbage Retry-After that Date.parse reads as a far date does not make the call sleep the cap', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, now: ft.now, random: () => 0, maxRetryAfterMs: 30_000 });
    let n = 0;
    await s.run('aws:1:us-east-1:s3', async () => {
      if (n++ === 0) throw sdkErr('SlowDown', 503, { 'retry-after': 'Tue 2099' });
      return 'ok';
    });
    expect(ft.sleeps).toEqual([0]);
    expect(retryAfterMs(sdkErr('SlowDown', 503, { 'retry-after': 'Jan 2099' }), now)).toBeUndefined();
  });
});

describe('AIMD: a lane recovers on any answer the server did not throttle', () => {
  it('403 / 404 answers after a throttle raise the lane level back to its cap; errors without an answer do not', async () => {
    const ft = fakeTime();
    const s = createScheduler({
      sleep: ft.sleep,
      now: ft.now,
      random: () => 0,
      concurrency: 8,
      adaptive: { increaseAfter: 1, cooldownMs: 1000 },
      adaptiveRate: false,
    });
    const lane = 'aws:1:us-east-1:s3';
    await s.run(lane, async () => Promise.reject(sdkErr('SlowDown', 503)), { retry: false }).catch(() => undefined);
    await s.run(lane, async () => Promise.reject(sdkErr('SlowDown', 503)), { retry: false }).catch(() => undefined);
    expect(s.stats().lanes[lane]?.concurrency).toBe(2);
    ft.advance(2000);
    // No answer at all (a bug, DNS): says nothing about the API's load.
    for (let i = 0; i < 5; i++) await s.run(lane, async () => Promise.reject(new Error('bad input'))).catch(() => undefined);
    expect(s.stats().lanes[lane]?.concurrency).toBe(2);
    for (let i = 0; i < 3; i++) await s.run(lane, async () => Promise.reject(sdkErr('AccessDenied', 403))).catch(() => undefined);
    for (let i = 0; i < 3; i++)
      await s.run(lane, async () => Promise.reject(sdkErr('NoSuchBucketPolicy', 404))).catch(() => undefined);
    expect(s.stats().lanes[lane]).toMatchObject({ concurrency: 8, low: 2, throttled: 2, failures: 13, succeeded: 0 });
  });

  it('a 4xx answer never lowers the level', async () => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, now: ft.now, concurrency: 4, adaptiveRate: false });
    for (let i = 0; i < 10; i++) await s.run('l', async () => Promise.reject(sdkErr('AccessDenied', 403))).catch(() => undefined);
    expect(s.stats().lanes.l).toMatchObject({ concurrency: 4, low: 4, calls: 10, retries: 0, throttled: 0, wasted: 0 });
  });
});

describe('classifyError: a 4xx answer is final', () => {
  it.each([
    ['a 400 whose server message reads like a socket error', sdkErr('InvalidArgument', 400), 'socket hang up'],
    ['a 403 whose message names ECONNRESET', sdkErr('AccessDenied', 403), 'ECONNRESET while checking the policy'],
    [
      'a 404 wrapping a network error',
      Object.assign(sdkErr('NoSuchBucket', 404), { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) }),
      undefined,
    ],
    ['a 401 wrapping a 500', Object.assign(sdkErr('ExpiredToken', 401), { cause: sdkErr('InternalError', 500) }), undefined],
  ])('%s is not retried', async (_label, err, message) => {
    if (message !== undefined) err.message = message;
    expect(classifyError(err)).toBe('fatal');
    const s = createScheduler({ sleep: fakeTime().sleep });
    let n = 0;
    await expect(
      s.run('aws:1:us-east-1:s3', async () => {
        n += 1;
        throw err;
      }),
    ).rejects.toBe(err);
    expect(n).toBe(1);
  });

  it('a wrapped network error without an answer is still retried', () => {
    expect(
      classifyError(new TypeError('fetch failed', { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) })),
    ).toBe('transient');
    expect(classifyError(new Error('socket hang up'))).toBe('transient');
    expect(classifyError(sdkErr('RequestTimeout', 400))).toBe('transient');
  });
});

describe('attempts are bounded whatever the options say', () => {
  it.each([
    ['scheduler maxAttempts NaN', { maxAttempts: Number.NaN }, {}, 5],
    ['scheduler maxAttempts Infinity', { maxAttempts: Number.POSITIVE_INFINITY }, {}, 5],
    ['run maxAttempts NaN', { maxAttempts: 3 }, { maxAttempts: Number.NaN }, 3],
    ['run maxAttempts Infinity', {}, { maxAttempts: Number.POSITIVE_INFINITY }, 5],
    ['run maxAttempts 2.7', {}, { maxAttempts: 2.7 }, 2],
  ])('%s: steady throttling ends as throttled after a bounded number of attempts', async (_l, so, ro, want) => {
    const ft = fakeTime();
    const s = createScheduler({ sleep: ft.sleep, now: ft.now, random: () => 0, ...so });
    let n = 0;
    const err = await s
      .run(
        'gcp:p:storage',
        async () => {
          n += 1;
          // A runaway guard: the old code never stopped.
          if (n > 50) return 'runaway';
          throw Object.assign(new Error('rate'), { code: 429 });
        },
        ro,
      )
      .catch((e: unknown) => e);
    expect(n).toBe(want);
    expect((err as { attempts?: number }).attempts).toBe(want);
    expect(s.stats()).toMatchObject({ calls: want, retries: want - 1, throttled: want, failures: 1, succeeded: 0 });
  });
});

describe('per-request timeout past what a Node timer holds', () => {
  it('2^32 ms is "no timeout in practice", not a timer that fires at once (every attempt timed out)', async () => {
    const s = createScheduler({ concurrency: 1, requestTimeoutMs: 2 ** 32, maxAttempts: 1 });
    const slow = () => new Promise<string>((r) => setTimeout(() => r('answered'), 30));
    await expect(s.run('lane', slow)).resolves.toBe('answered');
    await expect(s.run('lane', slow, { timeoutMs: Number.MAX_SAFE_INTEGER })).resolves.toBe('answered');
    expect(s.stats().timeouts).toBe(0);
  });
});
