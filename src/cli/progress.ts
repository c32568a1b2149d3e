import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../../providers/types.js';
import type { LaneStats, SchedulerStats } from '../scheduler/index.js';

/**
 * Progress on stderr, fed by the ProgressEvents adapters emit (ctx.onProgress):
 * - stderr is a TTY: one cli-progress bar per phase/provider with counts, rate and ETA;
 * - otherwise: plain lines, at most one batch every `intervalMs` (5 s), plus a summary at stop();
 * - quiet: nothing.
 * Never writes to stdout (the report goes there).
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  stream: ProgressStream;
  quiet?: boolean;
  /** Force the renderer (default: stream.isTTY). */
  tty?: boolean;
  /** Minimum time between plain lines (default 5000 ms). */
  intervalMs?: number;
  now?: () => number;
  /** Scheduler counters shown with each line (calls, retries, throttled). */
  stats?: () => SchedulerStats;
}

export interface ProgressReporter {
  onProgress(e: ProgressEvent): void;
  /** A one-line note for the user (not a finding, not an error), printed above the bars on a TTY; none when quiet. */
  notice(message: string): void;
  /** Final summary (plain mode) / stop the bars. Idempotent. */
  stop(): void;
}

interface Track {
  key: string;
  phase: string;
  provider: string;
  done: number;
  total: number;
  startedAt: number;
  printedDone: number;
}

/** Items per second and seconds left, from the average since the track started. */
export function rateAndEta(done: number, total: number, elapsedMs: number): { rate: number; etaSec: number | undefined } {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = Math.max(0, total - done);
  return { rate, etaSec: rate > 0 ? left / rate : left === 0 ? 0 : undefined };
}

export function formatDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '?';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Field-by-field sum of scheduler stats (lanes of the same name: counters and levels added, `low` the lowest). */
export function sumStats(list: readonly SchedulerStats[]): SchedulerStats {
  const out: SchedulerStats = {
    calls: 0,
    retries: 0,
    throttled: 0,
    failures: 0,
    timeouts: 0,
    wasted: 0,
    succeeded: 0,
    aborted: 0,
    rateWaits: 0,
    rateWaitedMs: 0,
    lanes: {},
  };
  for (const s of list) {
    out.calls += s.calls;
    out.retries += s.retries;
    out.throttled += s.throttled;
    out.failures += s.failures;
    out.timeouts += s.timeouts;
    out.wasted += s.wasted;
    out.succeeded += s.succeeded;
    out.aborted += s.aborted;
    out.rateWaits += s.rateWaits;
    out.rateWaitedMs += s.rateWaitedMs;
    for (const [name, l] of Object.entries(s.lanes)) {
      const t: LaneStats | undefined = out.lanes[name];
      out.lanes[name] = t
        ? {
            calls: t.calls + l.calls,
            retries: t.retries + l.retries,
            throttled: t.throttled + l.throttled,
            concurrency: t.concurrency + l.concurrency,
            cap: t.cap + l.cap,
            low: Math.min(t.low, l.low),
            wasted: t.wasted + l.wasted,
            timeouts: t.timeouts + l.timeouts,
            failures: t.failures + l.failures,
            succeeded: t.succeeded + l.succeeded,
          }
        : { ...l };
    }
  }
  return out;
}

export interface ScanStats {
  /** The scan scheduler's own stats plus every worker-thread scheduler's reported so far. */
  stats(): SchedulerStats;
  /** For CollectContext.onWorkerStats: worker threads report their schedulers' stats when they finish. */
  onWorkerStats(stats: SchedulerStats[]): void;
}

/**
 * Calls made inside worker threads (AWS `--workers`) do not show in the scan scheduler's stats; the adapter
 * delivers them through ctx.onWorkerStats. This adds them up (each delivery is kept: one per worker pool) so
 * the progress line and its final summary count every call.
 */
export function scanStats(own: () => SchedulerStats): ScanStats {
  const workers: SchedulerStats[] = [];
  return {
    stats: () => (workers.length === 0 ? own() : sumStats([own(), ...workers])),
    onWorkerStats: (stats) => {
      workers.push(...stats);
    },
  };
}

const statsSuffix = (stats?: () => SchedulerStats): string => {
  if (!stats) return '';
  const s = stats();
  return ` | calls ${s.calls}, retries ${s.retries}, throttled ${s.throttled}`;
};

export function formatPlainLine(t: Track, now: number, suffix = ''): string {
  const { rate, etaSec } = rateAndEta(t.done, t.total, now - t.startedAt);
  const name = t.provider ? `${t.phase} ${t.provider}` : t.phase;
  return `bucketaudit: ${name} ${t.done}/${t.total} (${rate.toFixed(1)}/s, ETA ${formatDuration(etaSec)})${suffix}\n`;
}

export function createProgress(opts: ProgressOptions): ProgressReporter {
  if (opts.quiet) return { onProgress() {}, notice() {}, stop() {} };
  const now = opts.now ?? (() => Date.now());
  const tty = opts.tty ?? Boolean(opts.stream.isTTY);
  const interval = opts.intervalMs ?? 5000;
  const tracks = new Map<string, Track>();
  let lastPrint = now();
  let stopped = false;

  const trackOf = (e: ProgressEvent): Track => {
    const key = `${e.phase}:${e.provider ?? ''}`;
    let t = tracks.get(key);
    if (!t) {
      t = { key, phase: e.phase, provider: e.provider ?? '', done: 0, total: 0, startedAt: now(), printedDone: -1 };
      tracks.set(key, t);
    }
    t.done = Math.max(0, e.done);
    t.total = Math.max(e.total, e.done, 0);
    return t;
  };

  if (!tty) {
    const flush = (force: boolean) => {
      const at = now();
      if (!force && at - lastPrint < interval) return;
      lastPrint = at;
      const suffix = statsSuffix(opts.stats);
      for (const t of tracks.values()) {
        if (t.done === t.printedDone && !force) continue;
        t.printedDone = t.done;
        opts.stream.write(formatPlainLine(t, at, suffix));
      }
    };
    return {
      onProgress(e) {
        if (stopped) return;
        trackOf(e);
        flush(false);
      },
      notice(message) {
        opts.stream.write(`bucketaudit: ${message}\n`);
      },
      stop() {
        if (stopped) return;
        stopped = true;
        if (tracks.size > 0) flush(true);
      },
    };
  }

  const multi = new cliProgress.MultiBar(
    {
      stream: opts.stream as unknown as NodeJS.WritableStream,
      format: '{name} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}{stats}',
      hideCursor: false,
      clearOnComplete: false,
      etaBuffer: 200,
      fps: 5,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress(e) {
      if (stopped) return;
      const t = trackOf(e);
      const { rate } = rateAndEta(t.done, t.total, now() - t.startedAt);
      const payload = {
        name: (t.provider ? `${t.phase} ${t.provider}` : t.phase).padEnd(13),
        rate: rate.toFixed(1),
        stats: statsSuffix(opts.stats),
      };
      let bar = bars.get(t.key);
      if (!bar) {
        bar = multi.create(t.total, t.done, payload);
        bars.set(t.key, bar);
      } else {
        bar.setTotal(t.total);
        bar.update(t.done, payload);
      }
    },
    notice(message) {
      if (stopped || bars.size === 0) opts.stream.write(`bucketaudit: ${message}\n`);
      else {
        multi.log(`bucketaudit: ${message}\n`);
        multi.update(); // redraw now: the log is otherwise written at the next frame, and lost if stop() comes first
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}
