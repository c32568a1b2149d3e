/**
 * Shared or exclusive use of the scan's concurrency cap, first come first served.
 *
 * Targets read at once share the main thread's scheduler, whose global cap bounds their calls together. A target
 * that hands its buckets to worker threads gives each thread a share of that cap, and the threads' calls do not
 * go through the main scheduler: while they run, nothing else may make calls, or the cap would be exceeded. So a
 * target holds the gate shared while it works in the main thread, and exclusively while its threads work.
 *
 * First come, first served: a shared request made while an exclusive one waits queues behind it (the exclusive
 * one is not starved by a stream of new targets); holders already in keep going until they let go.
 */

type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

export class SharedExclusiveGate {
  private shared = 0;
  private exclusive = false;
  private readonly queue: Waiter[] = [];

  /** Resolves once held shared; call the result to let go (idempotent). */
  enterShared(): Promise<Release> {
    return this.enter(false);
  }

  /** Resolves once held alone; call the result to let go (idempotent). */
  enterExclusive(): Promise<Release> {
    return this.enter(true);
  }

  /** Holders and waiters, for tests and diagnostics. */
  state(): { shared: number; exclusive: boolean; waiting: number } {
    return { shared: this.shared, exclusive: this.exclusive, waiting: this.queue.length };
  }

  private enter(exclusive: boolean): Promise<Release> {
    return new Promise<Release>((resolve) => {
      this.queue.push({
        exclusive,
        grant: () => {
          let held = true;
          resolve(() => {
            if (!held) return;
            held = false;
            if (exclusive) this.exclusive = false;
            else this.shared -= 1;
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const head = this.queue[0];
      if (!head || this.exclusive) return;
      if (head.exclusive) {
        if (this.shared > 0) return;
        this.exclusive = true;
      } else this.shared += 1;
      this.queue.shift();
      head.grant();
    }
  }
}

/** A target's hold on the gate: shared from the start, exclusive for a while (`exclusively`). */
export interface GateHold {
  /** Run `fn` holding the gate alone: lets go of the shared hold, waits its turn, and takes the shared hold back. */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
}

/** Hold `gate` shared while `fn` runs; `fn` may switch to exclusive use for a part of its work. */
export async function withSharedHold<T>(gate: SharedExclusiveGate, fn: (hold: GateHold) => Promise<T>): Promise<T> {
  let release = await gate.enterShared();
  const hold: GateHold = {
    async exclusively(inner) {
      release();
      const alone = await gate.enterExclusive();
      try {
        return await inner();
      } finally {
        alone();
        release = await gate.enterShared();
      }
    },
  };
  try {
    return await fn(hold);
  } finally {
    release();
  }
}
