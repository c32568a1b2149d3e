import { getHeapStatistics, getHeapSpaceStatistics } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, LARGE_SCAN_RESOURCES, scaleFromProgress, tuneHeap } from '../src/runtime/heap.js';

describe('tuneHeap: the CLI heap policy', () => {
  afterAll(() => tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '0' })); // back to V8's own policy for the rest of this worker

  it('applies 10% by default, an override from the environment, and ignores a malformed one', () => {
    expect(tuneHeap({}).percent).toBe(HEAP_GROWING_PERCENT);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '35' }).percent).toBe(35);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '0' }).percent).toBe(0);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '-5' }).percent).toBe(HEAP_GROWING_PERCENT);
    expect(tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: 'lots' }).percent).toBe(HEAP_GROWING_PERCENT);
    expect(getHeapStatistics().heap_size_limit).toBeGreaterThan(0); // the VM took the flag and runs on
  });

  it("a scan: V8's own growth until the listings add up to a large scan, then the cap, for good", () => {
    const heap = tuneHeap({});
    heap.relax();
    expect(heap.percent).toBe(0);
    heap.expect(LARGE_SCAN_RESOURCES - 1);
    expect(heap.percent).toBe(0);
    heap.expect(LARGE_SCAN_RESOURCES);
    expect(heap.percent).toBe(HEAP_GROWING_PERCENT);
    heap.relax(); // a large scan stays capped
    expect(heap.percent).toBe(HEAP_GROWING_PERCENT);
    expect(getHeapSpaceStatistics().length).toBeGreaterThan(0);
  });

  it('an override from the environment is kept whatever the scan', () => {
    const heap = tuneHeap({ BUCKETAUDIT_HEAP_GROWING_PERCENT: '35' });
    heap.relax();
    heap.expect(1_000_000);
    expect(heap.percent).toBe(35);
  });

  it('scaleFromProgress: the collect totals of the providers added up, told again only when they grow', () => {
    const told: number[] = [];
    const on = scaleFromProgress({ expect: (n) => told.push(n) });
    on({ phase: 'collect', provider: 'aws', total: 12_000 });
    on({ phase: 'collect', provider: 'aws', total: 12_000 }); // per bucket: the same total
    on({ phase: 'probe', total: 50_000 }); // not the collection
    on({ phase: 'collect', provider: 'gcp', total: 9_000 });
    expect(told).toEqual([12_000, 21_000]);
  });
});
