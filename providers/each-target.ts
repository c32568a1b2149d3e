/**
 * The targets of one provider's scan (AWS accounts and roles, GCP projects, Azure subscriptions), `width` at a time:
 * an organization has hundreds of small ones, and one after another each would wait for its own listing and its
 * last answers while the cap sat idle. Every call still goes through the scan's one scheduler, whose global cap
 * bounds them together. Results are merged in target order; progress is one running total (`progressSum`); a target
 * whose collection throws is one error entry (`failed`), never a crash and never a silent gap.
 */
import type { ReportError, StorageResource } from '../src/model/index.js';
import { settleAll } from '../src/scheduler/index.js';
import { progressSum } from './progress.js';
import type { CollectContext, CollectResult } from './types.js';

export async function collectEachTarget<T>(
  targets: readonly T[],
  width: number,
  ctx: CollectContext,
  collect: (target: T, tctx: CollectContext) => Promise<CollectResult>,
  failed: (target: T, reason: unknown) => ReportError,
  /**
   * A resource reached through two targets (a bucket two roles can see, a project named by id and by number) is
   * kept once, the first target's copy in target order; resources are the same one when this key is (default: id).
   */
  keyOf: (r: StorageResource) => string = (r) => r.id,
): Promise<CollectResult> {
  const sum = progressSum(ctx.onProgress);
  const settled = await settleAll(targets, width, (target) => {
    const onProgress = sum.forTarget();
    return collect(target, { ...ctx, ...(onProgress ? { onProgress } : {}) });
  });
  const resources: StorageResource[] = [];
  const errors: ReportError[] = [];
  const seen = new Set<string>();
  settled.forEach((s, i) => {
    if (s.status === 'rejected') {
      errors.push(failed(targets[i] as T, s.reason));
      return;
    }
    for (const r of s.value.resources) {
      const key = keyOf(r);
      if (seen.has(key)) continue;
      seen.add(key);
      resources.push(r);
    }
    for (const e of s.value.errors) errors.push(e);
  });
  return { resources, errors };
}
