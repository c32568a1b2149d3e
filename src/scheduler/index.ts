import pLimit, { type LimitFunction } from 'p-limit';

/**
 * All network work runs through a Scheduler: named lanes (e.g. "aws:123456789012:us-east-1:s3") under a
 * global cap. Outer fan-out (per bucket) uses `settleAll`, which has its own limiter, so a task never
 * waits on the limiter that runs it.
 *
 * FIRST VERSION: lanes + global cap + per-call timeout + abort. Retries/backoff/adaptive/rps come with
 * the scheduler issue behind the same interface.
 */
export interface RunOptions {
  /** Per-attempt timeout in ms (default: scheduler's requestTimeoutMs). */
  timeoutMs?: number;
  /** Retry transient errors (default true). */
  retry?: boolean;
  /** For progress/diagnostics. */
  label?: string;
}

export interface SchedulerStats {
  calls: number;
  retries: number;
  throttled: number;
  failures: number;
  timeouts: number;
  lanes: Record<string, { calls: number; retries: number; throttled: number; concurrency: number }>;
}

export interface Scheduler {
  /** Run one network call in a lane. The fn gets an AbortSignal that fires on timeout or run abort. */
  run<T>(lane: string, fn: (signal: AbortSignal) => Promise<T>, opts?: RunOptions): Promise<T>;
  readonly signal: AbortSignal;
  stats(): SchedulerStats;
}

export interface SchedulerOptions {
  /** Global cap on calls in flight (default 32). */
  concurrency?: number;
  /** Cap per lane (default = concurrency). */
  laneConcurrency?: number;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

export function createScheduler(opts: SchedulerOptions = {}): Scheduler {
  const concurrency = opts.concurrency ?? 32;
  const global = pLimit(concurrency);
  const lanes = new Map<string, { limit: LimitFunction; calls: number; retries: number; throttled: number }>();
  const signal = opts.signal ?? new AbortController().signal;
  const stats = { calls: 0, retries: 0, throttled: 0, failures: 0, timeouts: 0 };
  const laneOf = (name: string) => {
    let l = lanes.get(name);
    if (!l) {
      l = { limit: pLimit(opts.laneConcurrency ?? concurrency), calls: 0, retries: 0, throttled: 0 };
      lanes.set(name, l);
    }
    return l;
  };
  return {
    signal,
    run(laneName, fn, runOpts = {}) {
      const lane = laneOf(laneName);
      return lane.limit(() =>
        global(async () => {
          signal.throwIfAborted();
          stats.calls += 1;
          lane.calls += 1;
          const t = AbortSignal.timeout(runOpts.timeoutMs ?? opts.requestTimeoutMs ?? 30_000);
          try {
            return await fn(AbortSignal.any([signal, t]));
          } catch (err) {
            stats.failures += 1;
            if (t.aborted) stats.timeouts += 1;
            throw err;
          }
        }),
      );
    },
    stats() {
      return {
        ...stats,
        lanes: Object.fromEntries(
          [...lanes].map(([k, l]) => [
            k,
            { calls: l.calls, retries: l.retries, throttled: l.throttled, concurrency: l.limit.concurrency },
          ]),
        ),
      };
    },
  };
}

/** Settle-all fan-out with its own limiter: every item ends as a value or an error, none is lost. */
export async function settleAll<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const limit = pLimit(Math.max(1, concurrency));
  return Promise.allSettled(items.map((item, i) => limit(() => fn(item, i))));
}
