import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultRateLimiter } from '@smithy/core/retry';
import pLimit, { type LimitFunction } from 'p-limit';
import { Aimd, type AimdOptions } from './adaptive.js';
import { classifyError, type ErrorClass, retryAfterMs, statusOf } from './classify.js';
import { annotate, SchedulerAbortError, SchedulerReentryError, SchedulerTimeoutError } from './errors.js';
import { AbortRace, fullJitter, RateLimiter, realSleep, type Sleep } from './rate.js';

export type { AimdOptions } from './adaptive.js';
export { classifyError, type ErrorClass, parseRetryAfter, retryAfterMs, statusOf } from './classify.js';
export {
  type AttemptInfo,
  attemptInfo,
  SchedulerAbortError,
  SchedulerReentryError,
  SchedulerTimeoutError,
  unknownReasonOf,
} from './errors.js';
export { fullJitter, RateLimiter, realSleep, type Sleep } from './rate.js';

/**
 * All network work runs through a Scheduler: named lanes (e.g. "aws:123456789012:us-east-1:s3",
 * "gcp:my-project:storage", "azure:<sub>:arm", "probe:s3") under a global cap.
 *
 * One call = `run(lane, fn)`:
 *   1. waits for a slot in its lane (p-limit, adaptive AIMD level within [1, lane cap]);
 *   2. waits for a token of its provider's rate limiter (`maxRps`, keyed by the lane prefix before ':');
 *   3. waits for a slot in the global limiter (`concurrency`);
 *   4. runs `fn(signal)`; `signal` fires on the per-attempt timeout or when the run is aborted, and the
 *      scheduler stops waiting for `fn` at that moment even if `fn` ignores its signal;
 *   5. on a throttle / transient / timeout error, releases every slot, sleeps (full-jitter exponential
 *      backoff, at least the server's Retry-After, capped) and goes back to 1, up to `maxAttempts`;
 *      then rethrows the LAST error with `attempts` / `errorClass` attached (see `unknownReasonOf`).
 *   Fatal errors (AccessDenied, NoSuchBucketPolicy, ...) are rethrown untouched at once.
 *
 * DEADLOCK WARNING (p-limit): never call `scheduler.run` from inside a function that `scheduler.run` is
 * running (nor `settleAll` inside a `run`): when every slot is held by an outer call waiting for an inner
 * one, nothing moves. Re-entrant calls are detected and rejected with SchedulerReentryError (option
 * detectReentry: on under the test runner and with BUCKETAUDIT_DEBUG=1).
 * Fan out over buckets with `settleAll` (its OWN limiter), and call `scheduler.run` per API call inside:
 *
 *   await settleAll(buckets, ctx.concurrency, (b) => Promise.all([
 *     ctx.scheduler.run(lane, (signal) => s3.send(new GetBucketPolicyCommand(...), { abortSignal: signal })),
 *     ...
 *   ]), { signal: ctx.signal });
 *
 * Give SDK clients `maxAttempts: 1` (AWS) / `retryOptions: { autoRetry: false }` (GCS) / `retryOptions:
 * { maxRetries: 0 }` (Azure): the scheduler retries, counts and adapts; SDK-internal retries are invisible
 * to it and multiply the load on a throttled API.
 */
export interface RunOptions {
  /** Per-attempt timeout in ms (default: scheduler's requestTimeoutMs). */
  timeoutMs?: number;
  /** Retry transient errors (default true). */
  retry?: boolean;
  /** For progress/diagnostics. */
  label?: string;
  /** Attempts for this call (default: the scheduler's maxAttempts). */
  maxAttempts?: number;
}

export interface LaneStats {
  /** Attempts started (each retry is one more call). */
  calls: number;
  retries: number;
  /** Attempts answered with throttling (429, 503, SlowDown...). */
  throttled: number;
  /** Current concurrency level of the lane (adaptive). */
  concurrency: number;
  /** Configured cap of the lane. */
  cap: number;
  /** Lowest adaptive level reached. */
  low: number;
  /** Attempts that ended in a throttle / transient / timeout error (their work was thrown away). */
  wasted: number;
  timeouts: number;
  /** Calls that ended in an error after their last attempt (incl. fatal ones). */
  failures: number;
  succeeded: number;
}

export interface SchedulerStats {
  calls: number;
  retries: number;
  throttled: number;
  failures: number;
  timeouts: number;
  wasted: number;
  succeeded: number;
  /** Calls that ended because the run was aborted. */
  aborted: number;
  /** Times a call waited for a rate-limiter token, and the total planned wait. */
  rateWaits: number;
  rateWaitedMs: number;
  lanes: Record<string, LaneStats>;
}

export interface Scheduler {
  /** Run one network call in a lane. The fn gets an AbortSignal that fires on timeout or run abort. */
  run<T>(lane: string, fn: (signal: AbortSignal) => Promise<T>, opts?: RunOptions): Promise<T>;
  readonly signal: AbortSignal;
  stats(): SchedulerStats;
}

export interface RetryEvent {
  lane: string;
  label: string;
  attempt: number;
  errorClass: ErrorClass;
  delayMs: number;
  error: unknown;
}

export interface SchedulerOptions {
  /** Global cap on calls in flight (default 32). */
  concurrency?: number;
  /** Cap per lane (default = concurrency); a function can give lanes different caps. */
  laneConcurrency?: number | ((lane: string) => number);
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /** Attempts per call, first one included (default 5). */
  maxAttempts?: number;
  /** Backoff base for transient errors and timeouts (default 100 ms). */
  baseDelayMs?: number;
  /** Backoff base for throttling (default 500 ms). */
  throttleBaseDelayMs?: number;
  /** Ceiling of the exponential backoff (default 20 s). */
  maxDelayMs?: number;
  /** Retry-After values above this are capped (default 30 s). */
  maxRetryAfterMs?: number;
  /** AIMD concurrency per lane (default on). */
  adaptive?: boolean | AimdOptions;
  /**
   * Adaptive request rate per lane (default on): after the first throttled answer, the lane's calls take tokens
   * from a bucket whose rate follows the AWS SDK's own adaptive retry mode (`DefaultRateLimiter`, CUBIC: cut to
   * 0.9x the measured rate on a throttle, then probe back up; see ADAPTIVE_RATE). Concurrency alone cannot find a requests-per-second
   * limit: at 20 ms latency, 4 calls in flight are 200 req/s and 5 are 250. Until a lane is throttled it costs
   * nothing.
   */
  adaptiveRate?: boolean;
  /** Requests per second per provider (lane prefix before the first ':'); a number applies to every provider. */
  maxRps?: number | Record<string, number>;
  /** Calls that may start back to back before the rate limiter spaces them (default rps/20, at least 1). */
  rpsBurst?: number;
  /**
   * Reject a `run` called inside another `run`'s fn (SchedulerReentryError) instead of deadlocking when
   * slots run out. The check needs AsyncLocalStorage, whose promise hooks cost about 10% of the CPU of a
   * scan, so it is a development aid: on under the test runner (VITEST) or with BUCKETAUDIT_DEBUG=1, off
   * otherwise (default).
   */
  detectReentry?: boolean;
  /** Injectable for tests: monotonic ms clock, sleep, random in [0,1). */
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  /** Called before each backoff sleep. */
  onRetry?: (e: RetryEvent) => void;
}

interface Lane {
  name: string;
  limit: LimitFunction;
  aimd: Aimd | undefined;
  /** Adaptive client rate (CUBIC), idle until the lane's first throttle. */
  rate: DefaultRateLimiter | undefined;
  createdAt: number;
  /** When the adaptive rate was last cut (one cut per burst of throttled answers, as AIMD). */
  rateCutAt: number;
  /** The last call waiting for a rate token (nextToken queues behind it). */
  tokenQueue: Promise<void>;
  cap: number;
  s: Omit<LaneStats, 'concurrency' | 'cap' | 'low'>;
}

/**
 * The adaptive rate's CUBIC settings. The SDK's defaults (beta 0.7, scale 0.4) cut to 0.7x and take about 5 s to
 * probe back to a 200 req/s limit; with concurrency AIMD on top that left a 1,000-bucket scan 35% slower than
 * without it. Measured against a 200 req/s throttle (bench, 1,000 buckets): no adaptive rate 33.8 s and 13.7%
 * of calls wasted; SDK defaults 45.1 s, 1.5%; these 30.4 s, 1.6%.
 */
const ADAPTIVE_RATE = { beta: 0.9, scaleConstant: 2 };
/** An on/off environment switch: 1, true, yes or on (any case); 0, false, off or empty are off. */
function switchedOn(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}
/** The longest delay a Node timer honours (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** The limiter measures its sending rate in half-second buckets: throttles before this only reach AIMD. */
const ADAPTIVE_RATE_WARMUP_MS = 1000;

/** Marks code running inside `run`'s fn, to reject re-entrant calls instead of deadlocking. */
const insideRun = new AsyncLocalStorage<string>();

export function createScheduler(opts: SchedulerOptions = {}): Scheduler {
  const concurrency = Math.max(1, opts.concurrency ?? 32);
  const global = pLimit(concurrency);
  const lanes = new Map<string, Lane>();
  const signal = opts.signal ?? new AbortController().signal;
  // After Ctrl-C, calls waiting for an adaptive-rate token stop waiting at once (the wait itself cannot be cancelled).
  const tokenWaits = new AbortRace(signal);
  const now = opts.now ?? (() => performance.now());
  const sleep = opts.sleep ?? realSleep;
  const random = opts.random ?? Math.random;
  // A count of attempts: at least 1, and finite (NaN or Infinity would make `attempt >= maxAttempts` never true: a
  // call retrying a throttled API for ever).
  const attemptsOf = (v: number | undefined, fallback: number): number =>
    v !== undefined && Number.isFinite(v) ? Math.max(1, Math.floor(v)) : fallback;
  const maxAttemptsDefault = attemptsOf(opts.maxAttempts, 5);
  const detectReentry = opts.detectReentry ?? Boolean(process.env.VITEST || switchedOn(process.env.BUCKETAUDIT_DEBUG));
  const baseDelay = opts.baseDelayMs ?? 100;
  const throttleBase = opts.throttleBaseDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 20_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 30_000;
  const aimdOpts = opts.adaptive === false ? undefined : opts.adaptive === true || !opts.adaptive ? {} : opts.adaptive;
  const stats = {
    calls: 0,
    retries: 0,
    throttled: 0,
    failures: 0,
    timeouts: 0,
    wasted: 0,
    succeeded: 0,
    aborted: 0,
  };
  const limiters = new Map<string, RateLimiter | null>();
  // One listener on the run signal fans out to the attempts in flight (a listener per call would trip
  // Node's MaxListenersExceededWarning at concurrency > 10 and cost more).
  /** What a run-wide abort must stop: sleeps (their controllers) and calls (see callOnce). */
  const inflight = new Set<{ abort(reason: unknown): void }>();
  signal.addEventListener(
    'abort',
    () => {
      for (const c of inflight) c.abort(signal.reason);
    },
    { once: true },
  );

  const rateFor = (laneName: string): RateLimiter | null => {
    const provider = laneName.split(':', 1)[0] ?? laneName;
    let r = limiters.get(provider);
    if (r === undefined) {
      const rps = typeof opts.maxRps === 'number' ? opts.maxRps : opts.maxRps?.[provider];
      r = rps && rps > 0 ? new RateLimiter(rps, now, (ms) => sleepAbortable(ms), opts.rpsBurst) : null;
      limiters.set(provider, r);
    }
    return r;
  };

  const laneOf = (name: string): Lane => {
    let l = lanes.get(name);
    if (!l) {
      const want = typeof opts.laneConcurrency === 'function' ? opts.laneConcurrency(name) : opts.laneConcurrency;
      const cap = Math.max(1, Math.floor(want ?? concurrency));
      l = {
        name,
        cap,
        limit: pLimit(cap),
        aimd: aimdOpts ? new Aimd(cap, cap, aimdOpts) : undefined,
        rate: opts.adaptiveRate === false ? undefined : new DefaultRateLimiter(ADAPTIVE_RATE),
        createdAt: now(),
        rateCutAt: Number.NEGATIVE_INFINITY,
        tokenQueue: Promise.resolve(),
        s: { calls: 0, retries: 0, throttled: 0, wasted: 0, timeouts: 0, failures: 0, succeeded: 0 },
      };
      lanes.set(name, l);
    }
    return l;
  };

  /** Sleep that ends early on run abort, through the shared listener (no listener per sleeper). */
  const sleepAbortable = async (ms: number): Promise<void> => {
    if (signal.aborted) throw new SchedulerAbortError('aborted', { cause: signal.reason });
    const ac = new AbortController();
    inflight.add(ac);
    try {
      await sleep(ms, ac.signal);
    } finally {
      inflight.delete(ac);
    }
  };

  const abortError = (label: string, cause: unknown) => new SchedulerAbortError(`${label}: aborted`, { cause });

  /** One attempt, holding a global slot. */
  async function callOnce<T>(lane: Lane, fn: (s: AbortSignal) => Promise<T>, timeoutMs: number, label: string): Promise<T> {
    if (signal.aborted) throw abortError(label, signal.reason);
    stats.calls += 1;
    lane.s.calls += 1;
    const ac = new AbortController();
    let timedOut = false;
    // The call's answer, or its abort reason as soon as it is aborted (timer, run-wide abort), whatever fn does with
    // its signal: a race settled from here, not by a listener on the signal (two listener calls per call saved).
    let fail: (reason: unknown) => void = () => undefined;
    const stop = {
      abort(reason: unknown) {
        ac.abort(reason);
        fail(ac.signal.reason);
      },
    };
    inflight.add(stop);
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new SchedulerTimeoutError(`${label}: no answer within ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    try {
      const p = detectReentry ? insideRun.run(lane.name, async () => fn(ac.signal)) : fn(ac.signal);
      return await new Promise<T>((resolve, reject) => {
        fail = reject;
        if (ac.signal.aborted) reject(ac.signal.reason); // aborted while fn was starting
        p.then(resolve, reject);
      });
    } catch (err) {
      if (timedOut && !signal.aborted) {
        throw err instanceof SchedulerTimeoutError
          ? err
          : new SchedulerTimeoutError(`${label}: no answer within ${timeoutMs} ms`, timeoutMs, { cause: err });
      }
      if (signal.aborted && (err === ac.signal.reason || classifyError(err) !== 'fatal')) throw abortError(label, err);
      throw err;
    } finally {
      clearTimeout(timer);
      inflight.delete(stop);
    }
  }

  /**
   * The lane's next rate token, one waiter at a time (first come, first served; the rate is the limiter's either
   * way). The limiter's own wait loops on timers that cannot be cancelled: queued here, a Ctrl-C leaves at most one of
   * them running per lane (at most 2 s at the floor of 0.5 req/s), not one per waiting call, and the calls queued
   * behind it never start waiting.
   */
  const nextToken = (lane: Lane, rate: DefaultRateLimiter): Promise<void> => {
    const mine = lane.tokenQueue.then(() => (signal.aborted ? undefined : rate.getSendToken()));
    lane.tokenQueue = mine.catch(() => undefined);
    return mine;
  };

  const setLevel = (lane: Lane, level: number) => {
    if (lane.limit.concurrency !== level) lane.limit.concurrency = level;
  };

  async function run<T>(laneName: string, fn: (signal: AbortSignal) => Promise<T>, ro: RunOptions = {}): Promise<T> {
    const outer = detectReentry ? insideRun.getStore() : undefined;
    if (outer !== undefined)
      throw new SchedulerReentryError(
        `scheduler.run("${laneName}") called inside scheduler.run("${outer}"): this deadlocks when slots run out; fan out with settleAll outside run()`,
      );
    const lane = laneOf(laneName);
    const label = ro.label ?? laneName;
    // Node fires a timer of more than 2^31-1 ms at once (TimeoutOverflowWarning): every attempt would time out.
    const timeoutMs = Math.min(ro.timeoutMs ?? opts.requestTimeoutMs ?? 30_000, MAX_TIMER_MS);
    const maxAttempts = ro.retry === false ? 1 : attemptsOf(ro.maxAttempts, maxAttemptsDefault);
    const rate = rateFor(laneName);
    for (let attempt = 1; ; attempt++) {
      let startedAt = now();
      try {
        if (signal.aborted) throw abortError(label, signal.reason);
        const value = await lane.limit(async () => {
          if (rate) await rate.take(signal);
          if (lane.rate) {
            // The limiter's wait cannot be cancelled: after Ctrl-C, a call waiting for a token (up to 2 s at the
            // limiter's floor of 0.5 req/s) stops waiting at once, and calls queued behind it never start waiting
            // (at a few requests per second they would hold the partial report for minutes).
            if (signal.aborted) throw abortError(label, signal.reason);
            // Before the lane's first cut the limiter is off and the token comes at once: nothing to race or queue.
            if (lane.rateCutAt === Number.NEGATIVE_INFINITY) await lane.rate.getSendToken();
            else
              await tokenWaits.race(nextToken(lane, lane.rate)).catch((err: unknown) => {
                throw err instanceof SchedulerAbortError ? abortError(label, signal.reason) : err;
              });
          }
          return global(() => {
            startedAt = now();
            return callOnce(lane, fn, timeoutMs, label);
          });
        });
        stats.succeeded += 1;
        lane.s.succeeded += 1;
        if (lane.aimd) setLevel(lane, lane.aimd.onSuccess(now()));
        lane.rate?.updateClientSendingRate({});
        return value;
      } catch (err) {
        const cls: ErrorClass =
          err instanceof SchedulerAbortError ? 'aborted' : err instanceof SchedulerTimeoutError ? 'timeout' : classifyError(err);
        if (cls === 'aborted' || (signal.aborted && cls !== 'fatal')) {
          stats.aborted += 1;
          const e = err instanceof SchedulerAbortError ? err : abortError(label, err);
          throw annotate(e, { attempts: attempt, errorClass: 'aborted', lane: laneName });
        }
        if (lane.rate) {
          // The server answered: the adaptive rate counts it; a throttle cuts it, once per burst (only a call that
          // started after the last cut), and not in the lane's first second, before the limiter has measured a rate
          // (it would cut from zero to its floor: a crawl).
          const t = now();
          if (cls !== 'throttle') lane.rate.updateClientSendingRate({});
          else if (startedAt >= lane.rateCutAt && t - lane.createdAt >= ADAPTIVE_RATE_WARMUP_MS) {
            lane.rate.updateClientSendingRate({ errorType: 'THROTTLING' });
            lane.rateCutAt = t;
          }
        }
        if (cls === 'fatal') {
          stats.failures += 1;
          lane.s.failures += 1;
          // A final answer from the server (403 AccessDenied, 404 NoSuchBucketPolicy...) is a round trip the API
          // did not throttle: for AIMD it is a success, or a lane whose calls are mostly denied or "not configured"
          // would stay at the level a burst of throttling left it at for the rest of the scan.
          if (lane.aimd && statusOf(err) !== undefined) setLevel(lane, lane.aimd.onSuccess(now()));
          throw annotate(err, { attempts: attempt, errorClass: cls, lane: laneName });
        }
        stats.wasted += 1;
        lane.s.wasted += 1;
        if (cls === 'throttle') {
          stats.throttled += 1;
          lane.s.throttled += 1;
          if (lane.aimd) setLevel(lane, lane.aimd.onThrottle(startedAt, now()));
        } else if (cls === 'timeout') {
          stats.timeouts += 1;
          lane.s.timeouts += 1;
        }
        if (attempt >= maxAttempts) {
          stats.failures += 1;
          lane.s.failures += 1;
          throw annotate(err, { attempts: attempt, errorClass: cls, lane: laneName });
        }
        stats.retries += 1;
        lane.s.retries += 1;
        let delayMs = fullJitter(attempt, cls === 'throttle' ? throttleBase : baseDelay, maxDelay, random);
        // HTTP-dates in Retry-After are wall-clock: compare with Date.now(), not the injected monotonic clock.
        const ra = retryAfterMs(err, Date.now());
        if (ra !== undefined) delayMs = Math.max(delayMs, Math.min(ra, maxRetryAfter));
        opts.onRetry?.({ lane: laneName, label, attempt, errorClass: cls, delayMs, error: err });
        try {
          await sleepAbortable(delayMs);
        } catch (sleepErr) {
          stats.aborted += 1;
          const e = sleepErr instanceof SchedulerAbortError ? sleepErr : abortError(label, sleepErr);
          throw annotate(e, { attempts: attempt, errorClass: 'aborted', lane: laneName });
        }
      }
    }
  }

  return {
    signal,
    run,
    stats() {
      let rateWaits = 0;
      let rateWaitedMs = 0;
      for (const r of limiters.values()) {
        if (!r) continue;
        rateWaits += r.waits;
        rateWaitedMs += r.waitedMs;
      }
      return {
        ...stats,
        rateWaits,
        rateWaitedMs: Math.round(rateWaitedMs),
        lanes: Object.fromEntries(
          [...lanes].map(([k, l]) => [
            k,
            { ...l.s, concurrency: l.limit.concurrency, cap: l.cap, low: l.aimd ? l.aimd.low : l.cap },
          ]),
        ),
      };
    },
  };
}

export interface SettleOptions {
  /** When it fires, items not started yet end as SchedulerAbortError without running. */
  signal?: AbortSignal;
}

/**
 * Settle-all fan-out with its own limiter: every item ends as a value or an error, none is lost.
 * (p-limit's `limit.map` / Promise.all reject the whole batch on the first failure: don't use them.)
 * Use a limiter separate from the scheduler's: this one holds a slot for a whole item (several calls),
 * the scheduler's for one call.
 *
 * Implemented as `concurrency` workers pulling the next index, not as one queued promise per item: memory
 * stays O(concurrency) + the results (enqueueing 100k items into p-limit up front cost ~1.3 KB each).
 * Results keep the order of `items`.
 */
export async function settleAll<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  opts: SettleOptions = {},
): Promise<PromiseSettledResult<R>[]> {
  const width = Math.min(items.length, Math.max(1, Math.floor(concurrency) || 1));
  const results = new Array<PromiseSettledResult<R>>(items.length);
  const { signal } = opts;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      if (signal?.aborted) {
        results[i] = {
          status: 'rejected',
          reason: new SchedulerAbortError('aborted before it started', { cause: signal.reason }),
        };
        continue;
      }
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
