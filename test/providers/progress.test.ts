import { describe, expect, it } from 'vitest';
import { progressSum } from '../../providers/progress.js';
import type { ProgressEvent } from '../../providers/types.js';

describe('progressSum', () => {
  it('forwards one running sum of every target, per phase and provider', () => {
    const seen: ProgressEvent[] = [];
    const sum = progressSum((e) => seen.push(e));
    const a = sum.forTarget()!;
    const b = sum.forTarget()!;
    a({ phase: 'collect', provider: 'gcp', done: 1, total: 3, label: 'a1' });
    b({ phase: 'collect', provider: 'gcp', done: 1, total: 10, label: 'b1' });
    a({ phase: 'collect', provider: 'gcp', done: 2, total: 3, label: 'a2' });
    b({ phase: 'collect', provider: 'gcp', done: 2, total: 12, label: 'b2' }); // b's listing grew
    a({ phase: 'probe', provider: 'gcp', done: 1, total: 1 });
    expect(seen.map((e) => [e.phase, e.done, e.total, e.label])).toEqual([
      ['collect', 1, 3, 'a1'],
      ['collect', 2, 13, 'b1'],
      ['collect', 3, 13, 'a2'],
      ['collect', 4, 15, 'b2'],
      ['probe', 1, 1, undefined],
    ]);
  });

  it('no reporter: no sinks', () => {
    expect(progressSum(undefined).forTarget()).toBeUndefined();
  });
});
