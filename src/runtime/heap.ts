import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the old generation past the live data at each full GC (percent). V8's own factor goes
 * up to 4x when the program allocates fast, which a scan does (tens of thousands of short-lived calls): a
 * 100k-bucket collection with 81 MB of live data peaked at 533 MB of RSS. Measured (docs/benchmarks.md):
 * - 30k-bucket collection: V8 default 305 MB peak, 20% 190 MB, same wall time (64.3 s / 64.8 s);
 * - whole 100k scan without latency (CPU-bound): 20% 398 MB in 92.7 s, 10% 373 MB in 103.8 s;
 * - 10k collection at 20 ms latency and a 10k Terraform plan: no difference between 10% and 20%.
 * `--optimize-for-size` gave a similar peak but cost 34% of wall time.
 */
export const HEAP_GROWING_PERCENT = 10;

/**
 * From this many resources on, a scan caps its heap growth at HEAP_GROWING_PERCENT; below, V8's own growth, which
 * spends less time in full GCs. Whole `scan` of N buckets, peak RSS and i/a, V8's growth against 10% (2026-11-22):
 * 10k 392 against 309 MB, 0.82 / 0.80; 20k 384 against 312 MB, 0.85 / 0.83; 40k **416 MB** (over the 100k budget
 * of 400 MB). The collection alone (aws-adapter-10k, six interleaved pairs): 17.12 to 17.25 s against 17.32 to
 * 17.57 s. A 100k scan lists its buckets before its heap grows, so the cap is in force before the peak builds.
 */
export const LARGE_SCAN_RESOURCES = 20_000;

/** The heap policy of a process (tuneHeap). */
export interface HeapPolicy {
  /** The growth cap in force: percent of the live data at each full GC, 0 = V8's own. */
  readonly percent: number;
  /** A scan starts: V8's own growth until it turns out large. Nothing under an override from the environment. */
  relax(): void;
  /** The scan holds, or will hold, `resources`: from LARGE_SCAN_RESOURCES on, the cap applies, for good. */
  expect(resources: number): void;
}

/**
 * Apply the heap policy to this process (V8 flags are process-wide, so worker threads share it, and V8 reads this
 * one at each full GC): growth capped at HEAP_GROWING_PERCENT, relaxed by a scan until it is large. Called at the
 * process edge (bin/bucketaudit.mjs through runCli, the bench scenarios), never by the library: an embedding
 * application keeps its own GC policy. BUCKETAUDIT_HEAP_GROWING_PERCENT fixes the value (0 = V8's default).
 */
export function tuneHeap(env: Record<string, string | undefined> = process.env): HeapPolicy {
  const raw = env.BUCKETAUDIT_HEAP_GROWING_PERCENT;
  const fixed = raw !== undefined && /^\d{1,3}$/.test(raw) ? Number(raw) : undefined;
  let percent = -1;
  const apply = (p: number) => {
    if (p === percent) return;
    percent = p;
    setFlagsFromString(`--heap-growing-percent=${p}`);
  };
  apply(fixed ?? HEAP_GROWING_PERCENT);
  let large = false;
  return {
    get percent() {
      return percent;
    },
    relax() {
      if (fixed === undefined && !large) apply(0);
    },
    expect(resources) {
      if (fixed !== undefined || resources < LARGE_SCAN_RESOURCES) return;
      large = true;
      apply(HEAP_GROWING_PERCENT);
    },
  };
}

/**
 * A progress listener that tells `heap` how large the scan is: the latest collect total of each provider, added up
 * (told again only when it grows). Used by `scan` and by the bench scenarios that stand for it.
 */
export function scaleFromProgress(
  heap: Pick<HeapPolicy, 'expect'>,
): (e: { phase: string; provider?: string; total: number }) => void {
  const listed = new Map<string, number>();
  return (e) => {
    if (e.phase !== 'collect' || (listed.get(e.provider ?? '') ?? 0) >= e.total) return;
    listed.set(e.provider ?? '', e.total);
    let sum = 0;
    for (const n of listed.values()) sum += n;
    heap.expect(sum);
  };
}
