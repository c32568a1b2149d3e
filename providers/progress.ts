/**
 * Progress of several targets collected at once (AWS accounts, GCP projects, Azure subscriptions): each target
 * reports its own `done / total`, as when it ran alone; the reporter sees one running sum per phase and provider.
 */
import type { ProgressEvent } from './types.js';

export type ProgressSink = (e: ProgressEvent) => void;

/** A sink per target (call `forTarget()` once per target); each forwards the sum over all targets so far. */
export function progressSum(emit: ProgressSink | undefined): { forTarget(): ProgressSink | undefined } {
  const sums = new Map<string, { done: number; total: number }>();
  return {
    forTarget() {
      if (!emit) return undefined;
      const mine = new Map<string, { done: number; total: number }>();
      return (e) => {
        const key = `${e.phase}\u0000${e.provider ?? ''}`;
        const last = mine.get(key) ?? { done: 0, total: 0 };
        const sum = sums.get(key) ?? { done: 0, total: 0 };
        sum.done += e.done - last.done;
        sum.total += e.total - last.total;
        sums.set(key, sum);
        mine.set(key, { done: e.done, total: e.total });
        emit({ ...e, done: sum.done, total: sum.total });
      };
    },
  };
}
