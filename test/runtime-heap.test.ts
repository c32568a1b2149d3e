import { getHeapStatistics } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, tuneHeap } from '../src/runtime/heap.js';

describe('tuneHeap: the CLI heap policy', () => {
  afterAll(() => tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '0' })); // back to V8's own policy for the rest of this worker

  it('applies 10% by default, an override from the environment, and ignores a malformed one', () => {
    expect(tuneHeap({})).toBe(HEAP_GROWING_PERCENT);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '35' })).toBe(35);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '-5' })).toBe(HEAP_GROWING_PERCENT);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: 'lots' })).toBe(HEAP_GROWING_PERCENT);
    expect(getHeapStatistics().heap_size_limit).toBeGreaterThan(0); // the VM took the flag and runs on
  });
});
