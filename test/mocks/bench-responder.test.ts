/**
 * The bench responder's own accounting (mocks/bench/common.ts): the benchmark's ideal assumes every answer
 * takes exactly the injected latency, so the responder must never answer sooner, and its served-latency and
 * occupancy figures (bench columns `served`, `occ`) must add up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Responder, startResponder } from '../../mocks/bench/common.js';

let r: Responder | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('bench responder', () => {
  it('never answers before the injected latency, and accounts served time and time in flight', async () => {
    const L = 15;
    r = await startResponder(
      { latencyMs: L, lifetimeMs: 60_000 },
      () => ({ op: 'x', reply: { status: 200, body: 'ok' } }),
      () => ({
        status: 503,
      }),
    );
    const url = r.url;
    const seen: number[] = [];
    // 4 loops x 10 requests: overlapping requests, as in a scan
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 10; i++) {
          const t = performance.now();
          const res = await fetch(`${url}/b?policy`);
          await res.text();
          seen.push(performance.now() - t);
        }
      }),
    );
    const s = r.stats();
    expect(s.requests).toBe(40);
    expect(s.answered).toBe(40);
    // Node timers may fire up to 1 ms early; the responder re-arms, so no answer leaves sooner than L.
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(L);
    expect(s.servedMsSum / s.answered).toBeGreaterThanOrEqual(L);
    expect(s.servedMsSum / s.answered).toBeLessThan(L + 15);
    // Time in flight integrates to the served time of the requests (each is in flight while it is served).
    expect(s.inflightMsSum).toBeCloseTo(s.servedMsSum, 0);
    expect(s.lastAt).toBeGreaterThan(s.firstAt);
    expect(s.cpuMs).toBeGreaterThanOrEqual(0);
  });

  it('counts a request whose client went away as out of flight once, without an answer', async () => {
    r = await startResponder(
      { latencyMs: 200, lifetimeMs: 60_000 },
      () => ({ op: 'x', reply: { status: 200, body: 'ok' } }),
      () => ({
        status: 503,
      }),
    );
    const ac = new AbortController();
    const p = fetch(`${r.url}/b?policy`, { signal: ac.signal }).catch(() => undefined);
    await new Promise((res) => setTimeout(res, 50));
    ac.abort();
    await p;
    await new Promise((res) => setTimeout(res, 300)); // past the timer: the answer is not sent, not counted
    const s = r.stats();
    expect(s.requests).toBe(1);
    expect(s.answered).toBe(0);
    // in flight from arrival to the client's disconnect (about 50 ms), not until the timer
    expect(s.inflightMsSum).toBeGreaterThan(20);
    expect(s.inflightMsSum).toBeLessThan(190);
  });
});
