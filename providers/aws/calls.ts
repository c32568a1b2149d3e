import type { Known, UnknownValue } from '../../src/model/index.js';
import type { CollectContext } from '../types.js';
import { type AwsService, type Classified, classifyError } from './errors.js';
import { known } from './normalize.js';

/** The result of one API call: a value, or the A-21 meaning of its error (plus the raw error for hints). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; c: Classified; err: unknown };

/** Run one SDK call in a scheduler lane; never throws (an error is a value). */
export async function call<T>(
  ctx: CollectContext,
  lane: string,
  service: AwsService,
  operation: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await ctx.scheduler.run(lane, fn, { label: `${service}:${operation}` }) };
  } catch (err) {
    return failed(ctx, service, operation, err);
  }
}

/** The outcome of a call that ended in `err`. */
export function failed(ctx: CollectContext, service: AwsService, operation: string, err: unknown): Outcome<never> {
  return { ok: false, c: classifyError(err, { operation, service, runAborted: ctx.signal.aborted }), err };
}

/**
 * Resolves after the I/O callbacks already due: work after it (parsing an answer, the next step of a bucket)
 * yields to answers that arrived in the same burst, so each of them frees its slot and starts the next call
 * first. On one thread with 32 to 64 calls in flight this keeps the slots full (see docs/benchmarks.md).
 */
export const afterPendingIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Signals that the bucket vanished (NoSuchBucket): the caller drops it with an error entry. */
export class BucketGone extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
  ) {
    super(`${operation}: ${code}`);
    this.name = 'BucketGone';
  }
}

/**
 * Outcome -> Known. `absent` is the known value of the documented "not configured" error; without it
 * such an error is unexpected and reads as unknown. NoSuchBucket throws BucketGone.
 */
export function toKnown<T, R>(o: Outcome<T>, operation: string, map: (v: T) => Known<R>, absent?: { value: R }): Known<R> {
  if (o.ok) return map(o.value);
  const c = o.c;
  if (c.kind === 'no-bucket') throw new BucketGone(operation, c.code);
  if (c.kind === 'absent') {
    if (absent) return known(absent.value);
    return { known: false, reason: 'error', operation, code: c.code, detail: `${operation}: unexpected ${c.code}` };
  }
  return c.unknown;
}

/** The UnknownValue of a failed outcome (for inputs that depend on another call). */
export function unknownOf(o: Outcome<unknown>, operation: string): UnknownValue {
  if (!o.ok && o.c.kind === 'unknown') return o.c.unknown;
  const code = !o.ok && o.c.kind !== 'unknown' ? o.c.code : undefined;
  return { known: false, reason: 'error', operation, ...(code ? { code } : {}), detail: `${operation}: ${code ?? 'failed'}` };
}
