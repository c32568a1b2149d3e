/**
 * The bench responders' precise clock (mocks/bench/clock.ts): callbacks run in due order, never before their due
 * time, and not at all once the clock is stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PreciseClock, wallNow } from '../../mocks/bench/clock.js';

let clock: PreciseClock | undefined;
afterEach(() => {
  clock?.stop();
  clock = undefined;
});

describe('PreciseClock', () => {
  it('runs every callback once, in due order, never before its due time (any order of arming)', async () => {
    const c = new PreciseClock();
    clock = c;
    const start = wallNow();
    // 200 dues over 0..40 ms, armed in a scrambled order (earlier dues armed after later ones re-arm the helper)
    const dues = Array.from({ length: 200 }, (_, i) => start + 5 + ((i * 37) % 200) * 0.2);
    const ran: { due: number; at: number }[] = [];
    await new Promise<void>((resolve) => {
      for (const due of dues)
        c.at(due, () => {
          ran.push({ due, at: wallNow() });
          if (ran.length === dues.length) resolve();
        });
    });
    expect(ran.map((r) => r.due)).toEqual([...dues].sort((a, b) => a - b));
    for (const r of ran) expect(r.at).toBeGreaterThanOrEqual(r.due);
  });

  it('a stopped clock runs nothing more, and arming it is a no-op', async () => {
    const c = new PreciseClock();
    clock = c;
    let runs = 0;
    c.at(wallNow() + 20, () => {
      runs += 1;
    });
    c.stop();
    c.at(wallNow() + 1, () => {
      runs += 1;
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(0);
  });
});
