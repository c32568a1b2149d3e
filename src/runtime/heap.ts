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
 * Apply the heap policy to this process (V8 flags are process-wide, so worker threads share it). Called at the
 * process edge (bin/bucketaudit.mjs through runCli, the bench scenarios), never by the library: an embedding
 * application keeps its own GC policy. BUCKETAUDIT_HEAP_GROWING_PERCENT overrides the value (0 = V8 default).
 */
export function tuneHeap(env: Record<string, string | undefined> = process.env): number {
  const raw = env.BUCKETAUDIT_HEAP_GROWING_PERCENT;
  const pct = raw !== undefined && /^\d{1,3}$/.test(raw) ? Number(raw) : HEAP_GROWING_PERCENT;
  setFlagsFromString(`--heap-growing-percent=${pct}`);
  return pct;
}
