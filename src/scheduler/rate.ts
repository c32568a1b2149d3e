import { SchedulerAbortError } from './errors.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout-based sleep that rejects with SchedulerAbortError when `signal` fires. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SchedulerAbortError('aborted', { cause: signal.reason }));
      return;
    }
    const onAbort = () => {
      clearTimeout(t);
      reject(new SchedulerAbortError('aborted', { cause: signal?.reason }));
    };
    const t = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Waits that cannot be cancelled themselves (the adaptive-rate limiter's token wait), made to end as soon as `signal`
 * fires: `race(p)` is `p`'s outcome, or a SchedulerAbortError once the signal fires, whichever comes first (`p` goes on,
 * and whatever it yields is dropped). One 'abort' listener serves every wait, however many are pending (a listener
 * per call would be 64 on one signal, and Node warns from 11).
 */
export class AbortRace {
  private readonly waiting = new Set<(err: SchedulerAbortError) => void>();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener(
      'abort',
      () => {
        const err = new SchedulerAbortError('aborted', { cause: signal.reason });
        for (const reject of this.waiting) reject(err);
        this.waiting.clear();
      },
      { once: true },
    );
  }

  race<T>(p: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new SchedulerAbortError('aborted', { cause: this.signal.reason }));
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      p.then(
        (v) => {
          this.waiting.delete(reject);
          resolve(v);
        },
        (err: unknown) => {
          this.waiting.delete(reject);
          reject(err);
        },
      );
    });
  }

  /** Waits pending now (for tests). */
  get pending(): number {
    return this.waiting.size;
  }
}

/**
 * Full-jitter exponential backoff (AWS Architecture Blog "Exponential Backoff And Jitter"):
 * delay = random() * min(maxMs, baseMs * 2^(attempt-1)). `attempt` is the attempt that just failed (1-based).
 */
export function fullJitter(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Token bucket as a GCRA (generic cell rate algorithm): `take()` reserves the next send time synchronously,
 * so callers are served in call order and in any window of T ms at most `burst + T * rps / 1000` calls start.
 */
export class RateLimiter {
  readonly rps: number;
  private readonly interval: number;
  private readonly tolerance: number;
  private tat = 0; // theoretical arrival time of the next call
  waits = 0;
  waitedMs = 0;

  constructor(
    rps: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    burst = Math.max(1, Math.ceil(rps / 20)),
  ) {
    this.rps = rps;
    this.interval = 1000 / rps;
    this.tolerance = (Math.max(1, burst) - 1) * this.interval;
  }

  /** Delay before the caller may send, reserving its slot. */
  reserve(): number {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const wait = Math.max(0, tat - this.tolerance - now);
    this.tat = tat + this.interval;
    return wait;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) {
      this.waits += 1;
      this.waitedMs += wait;
      await this.sleep(wait, signal);
    }
  }
}
