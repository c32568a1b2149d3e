/**
 * Sub-millisecond wake-ups for the bench responders.
 *
 * Node's timers run on the event loop's cached clock in whole milliseconds: a `setTimeout` armed for the time left
 * fires up to 1 ms early or late, and a responder that must never answer early has to re-arm, which lands its
 * answers 0.6 to 0.8 ms after the injected latency on average (measured). The benchmark's ideal assumes the
 * injected latency exactly, so that overshoot counted against the client being measured.
 *
 * Here a helper thread sleeps with `Atomics.wait` (a futex wait with a fractional-millisecond timeout) until the
 * earliest due time the responder has asked for, then wakes the responder's event loop with a message; the
 * responder runs every callback that is due by then. The helper sleeps in between, so it costs no CPU beyond
 * the wake-ups.
 */
import { Worker } from 'node:worker_threads';

/** Milliseconds on a clock shared by threads (each thread's performance.now() has its own origin). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

// The helper: slot 0 of `due` is the time to wake the responder at (Infinity: nothing pending); `state[0]` is
// bumped by every change of it, `state[1]` set to stop. It posts one message per wake-up and then waits for the
// responder to arm the next time (which it always does after a wake-up).
const HELPER = `
const { workerData, parentPort } = require('node:worker_threads');
const due = new Float64Array(workerData, 0, 1);
const state = new Int32Array(workerData, 8, 2);
const now = () => performance.timeOrigin + performance.now();
for (;;) {
  if (Atomics.load(state, 1) !== 0) break;
  const version = Atomics.load(state, 0);
  const left = due[0] - now();
  if (left > 0) {
    Atomics.wait(state, 0, version, Number.isFinite(left) ? left : undefined);
    continue;
  }
  parentPort.postMessage(0);
  Atomics.wait(state, 0, version);
}
`;

interface Entry {
  due: number;
  run: () => void;
}

export class PreciseClock {
  private readonly heap: Entry[] = [];
  private readonly due: Float64Array;
  private readonly state: Int32Array;
  private readonly helper: Worker;
  private armed = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor() {
    const shared = new SharedArrayBuffer(16);
    this.due = new Float64Array(shared, 0, 1);
    this.state = new Int32Array(shared, 8, 2);
    this.due[0] = Number.POSITIVE_INFINITY;
    this.helper = new Worker(HELPER, { eval: true, workerData: shared });
    this.helper.on('message', () => this.tick());
    // Referenced until it runs (so that awaiting `ready` keeps the process alive), then not: the responder's server
    // keeps the process alive, and a clock nobody stopped must not hold it open.
    this.ready = new Promise((resolve) =>
      this.helper.once('online', () => {
        this.helper.unref();
        resolve();
      }),
    );
  }

  /** Resolves once the helper thread runs (before that, the first wake-up would come tens of ms late). */
  readonly ready: Promise<void>;

  /** Run `run` once `wallNow()` has reached `due` (never before; within a fraction of a millisecond after). */
  at(due: number, run: () => void): void {
    if (this.stopped) return;
    this.push({ due, run });
    if (due < this.armed) this.arm(due);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.heap.length = 0;
    Atomics.store(this.state, 1, 1);
    Atomics.add(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  }

  private arm(due: number): void {
    this.armed = due;
    this.due[0] = due;
    Atomics.add(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  }

  private tick(): void {
    if (this.stopped) return;
    const now = wallNow();
    for (let top = this.heap[0]; top && top.due <= now; top = this.heap[0]) {
      this.pop();
      top.run();
    }
    this.arm(this.heap[0]?.due ?? Number.POSITIVE_INFINITY);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as Entry).due <= e.due) break;
      h[i] = h[p] as Entry;
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as Entry;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && (h[r] as Entry).due < (h[l] as Entry).due ? r : l;
      if ((h[c] as Entry).due >= last.due) break;
      h[i] = h[c] as Entry;
      i = c;
    }
    h[i] = last;
  }
}
