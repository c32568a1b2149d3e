import type { UnknownReason } from '../model/known.js';
import type { ErrorClass } from './classify.js';

/**
 * Errors the scheduler itself raises, and the attempt information it attaches to the errors it rethrows.
 *
 * Adapters map them to Known<> unknowns with `unknownReasonOf(err)`:
 *   AbortError (run aborted, e.g. Ctrl-C)       -> 'aborted'
 *   TimeoutError (per-attempt timeout, retried) -> 'timeout'
 *   throttling still failing after maxAttempts  -> 'throttled'
 *   transient error after maxAttempts           -> 'error'
 *   anything else                               -> undefined (map by the provider's error name)
 */

/** The run's AbortSignal fired (Ctrl-C, caller gave up). `name` is 'AbortError' like DOM aborts. */
export class SchedulerAbortError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One attempt got no answer within its timeout. */
export class SchedulerTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** `scheduler.run` was called from inside a function that `scheduler.run` is running: a deadlock in waiting. */
export class SchedulerReentryError extends Error {
  override readonly name = 'SchedulerReentryError';
}

export interface AttemptInfo {
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** How the last attempt's error was classified. */
  errorClass: ErrorClass;
  lane: string;
}

const INFO = new WeakMap<object, AttemptInfo>();

/** Attach attempt info to an error the scheduler rethrows (also as `err.attempts`/`err.errorClass` when writable). */
export function annotate<E>(err: E, info: AttemptInfo): E {
  if (typeof err !== 'object' || err === null) return err;
  INFO.set(err, info);
  try {
    Object.assign(err, { attempts: info.attempts, errorClass: info.errorClass });
  } catch {
    // frozen error objects keep their info in the WeakMap only
  }
  return err;
}

/** Attempt info for an error rethrown by `scheduler.run`, if it came from there. */
export function attemptInfo(err: unknown): AttemptInfo | undefined {
  return typeof err === 'object' && err !== null ? INFO.get(err) : undefined;
}

/** The Known<> unknown reason an adapter should record for an error from `scheduler.run`, if it is a scheduler outcome. */
export function unknownReasonOf(err: unknown): UnknownReason | undefined {
  const info = attemptInfo(err);
  const cls = info?.errorClass;
  if (err instanceof SchedulerAbortError || cls === 'aborted') return 'aborted';
  if (err instanceof SchedulerTimeoutError || cls === 'timeout') return 'timeout';
  if (cls === 'throttle') return 'throttled';
  if (cls === 'transient') return 'error';
  return undefined;
}

