/**
 * AIMD concurrency for one lane: halve on throttling, +1 after `increaseAfter` successes in a row
 * (counted at the current level), never outside [min, cap], no increase for `cooldownMs` after a decrease.
 *
 * A burst of throttled answers from calls that were already in flight when we halved counts once: only a
 * throttle from a call that STARTED after the last decrease halves again (like TCP's one cut per window).
 */
export interface AimdOptions {
  /** Successes needed for +1 (default: the current concurrency, i.e. about one window). Minimum 1. */
  increaseAfter?: number;
  /** No increase for this long after a decrease (default 1000 ms). */
  cooldownMs?: number;
  /** Lower bound (default 1). */
  min?: number;
}

export class Aimd {
  private successes = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Lowest level reached (for stats). */
  low: number;
  decreases = 0;

  constructor(
    public current: number,
    readonly cap: number,
    private readonly opts: AimdOptions = {},
  ) {
    this.low = current;
  }

  private get min(): number {
    return Math.max(1, Math.min(this.opts.min ?? 1, this.cap));
  }

  /** A call that started at `startedAt` was throttled. Returns the new level. */
  onThrottle(startedAt: number, now: number): number {
    this.successes = 0;
    if (startedAt < this.lastDecreaseAt) return this.current;
    this.lastDecreaseAt = now;
    const next = Math.max(this.min, Math.floor(this.current / 2));
    if (next < this.current) this.decreases += 1;
    this.current = next;
    this.low = Math.min(this.low, next);
    return next;
  }

  onSuccess(now: number): number {
    if (this.current >= this.cap) return this.current;
    if (now - this.lastDecreaseAt < (this.opts.cooldownMs ?? 1000)) return this.current;
    this.successes += 1;
    const need = Math.max(1, this.opts.increaseAfter ?? this.current);
    if (this.successes >= need) {
      this.successes = 0;
      this.current = Math.min(this.cap, this.current + 1);
    }
    return this.current;
  }
}
