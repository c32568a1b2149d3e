import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, rateAndEta } from '../../src/cli/progress.js';

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

  it('rate and ETA helpers', () => {
    expect(rateAndEta(50, 100, 10_000)).toEqual({ rate: 5, etaSec: 10 });
    expect(rateAndEta(0, 100, 0).etaSec).toBeUndefined();
    expect(formatDuration(75)).toBe('1m15s');
    expect(formatDuration(3700)).toBe('1h01m');
    expect(formatDuration(undefined)).toBe('?');
  });
});
