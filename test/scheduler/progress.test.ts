import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, rateAndEta, scanStats, sumStats } from '../../src/cli/progress.js';
import type { SchedulerStats } from '../../src/scheduler/index.js';

function stats(calls: number, retries: number, throttled: number, lane = 'aws:1:us-east-1:s3'): SchedulerStats {
  return {
    calls,
    retries,
    throttled,
    failures: 0,
    timeouts: 0,
    wasted: throttled,
    succeeded: calls - retries,
    aborted: 0,
    rateWaits: 0,
    rateWaitedMs: 0,
    lanes: {
      [lane]: {
        calls,
        retries,
        throttled,
        concurrency: 32,
        cap: 32,
        low: 16,
        wasted: throttled,
        timeouts: 0,
        failures: 0,
        succeeded: calls - retries,
      },
    },
  };
}

function sink(isTTY = false) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
}

describe('progress reporter', () => {
  it('plain mode prints at most once per interval, then a summary at stop', () => {
    let t = 0;
    const { out, stream } = sink();
    const p = createProgress({ stream, now: () => t, intervalMs: 5000 });
    p.onProgress({ phase: 'collect', provider: 'aws', done: 0, total: 100 });
    t = 1000;
    p.onProgress({ phase: 'collect', provider: 'aws', done: 10, total: 100 });
    expect(out).toHaveLength(0);
    t = 5000;
    p.onProgress({ phase: 'collect', provider: 'aws', done: 50, total: 100 });
    expect(out).toEqual(['bucketaudit: collect aws 50/100 (10.0/s, ETA 5s)\n']);
    t = 6000;
    p.onProgress({ phase: 'collect', provider: 'aws', done: 60, total: 100 });
    expect(out).toHaveLength(1);
    t = 8000;
    p.onProgress({ phase: 'collect', provider: 'aws', done: 100, total: 100 });
    p.stop();
    p.stop();
    expect(out).toHaveLength(2);
    expect(out[1]).toContain('collect aws 100/100');
    expect(out[1]).toContain('ETA 0s');
  });

  it('quiet prints nothing; TTY mode draws bars on the stream only', () => {
    const q = sink(true);
    const quiet = createProgress({ stream: q.stream, quiet: true });
    quiet.onProgress({ phase: 'collect', provider: 'gcp', done: 1, total: 2 });
    quiet.stop();
    expect(q.out).toHaveLength(0);
    const tty = sink(true);
    const p = createProgress({ stream: tty.stream, tty: true });
    p.onProgress({ phase: 'probe', done: 3, total: 10 });
    p.stop();
    expect(tty.out.join('')).toContain('3/10');
  });

  it('notices: a line of their own in plain mode, above the bars on a TTY, nothing when quiet', () => {
    const plain = sink();
    const p = createProgress({ stream: plain.stream, now: () => 0 });
    p.notice('threads load slowly');
    expect(plain.out).toEqual(['bucketaudit: threads load slowly\n']);
    const q = sink(true);
    createProgress({ stream: q.stream, quiet: true }).notice('x');
    expect(q.out).toHaveLength(0);
    const tty = sink(true);
    const bars = createProgress({ stream: tty.stream, tty: true });
    bars.notice('before any bar');
    bars.onProgress({ phase: 'collect', provider: 'aws', done: 1, total: 4 });
    bars.notice('while the bars run');
    bars.onProgress({ phase: 'collect', provider: 'aws', done: 4, total: 4 });
    bars.stop();
    const text = tty.out.join('');
    expect(text).toContain('bucketaudit: before any bar\n');
    expect(text).toContain('bucketaudit: while the bars run\n');
    expect(text.indexOf('while the bars run')).toBeLessThan(text.lastIndexOf('4/4'));
  });

  it('rate and ETA helpers', () => {
    expect(rateAndEta(50, 100, 10_000)).toEqual({ rate: 5, etaSec: 10 });
    expect(rateAndEta(0, 100, 0).etaSec).toBeUndefined();
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(3700)).toBe('1h01m');
    expect(formatDuration(undefined)).toBe('?');
  });

  it('sumStats adds counters field by field and merges lanes of the same name', () => {
    const sum = sumStats([stats(10, 1, 2), stats(5, 2, 1), stats(7, 0, 0, 'aws:1:eu-west-1:s3')]);
    expect(sum).toMatchObject({ calls: 22, retries: 3, throttled: 3, wasted: 3, succeeded: 19 });
    expect(sum.lanes['aws:1:us-east-1:s3']).toMatchObject({ calls: 15, retries: 3, concurrency: 64, cap: 64, low: 16 });
    expect(sum.lanes['aws:1:eu-west-1:s3']?.calls).toBe(7);
    expect(sumStats([]).calls).toBe(0);
  });

  it("the progress line counts worker-thread calls delivered through onWorkerStats with the scheduler's own", () => {
    let own = stats(4, 0, 0);
    const total = scanStats(() => own);
    expect(total.stats().calls).toBe(4);
    const { out, stream } = sink();
    const p = createProgress({ stream, now: () => 0, stats: total.stats });
    p.onProgress({ phase: 'collect', provider: 'aws', done: 1, total: 2 });
    // two worker pools (e.g. two accounts), two threads each; the main scheduler keeps counting meanwhile
    total.onWorkerStats([stats(100, 3, 2), stats(90, 1, 1)]);
    total.onWorkerStats([stats(10, 0, 0), stats(6, 0, 0)]);
    own = stats(9, 1, 0);
    p.onProgress({ phase: 'collect', provider: 'aws', done: 2, total: 2 });
    p.stop();
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('collect aws 2/2');
    expect(out[0]).toContain('| calls 215, retries 5, throttled 3');
    expect(total.stats().lanes['aws:1:us-east-1:s3']?.calls).toBe(215);
  });
});
