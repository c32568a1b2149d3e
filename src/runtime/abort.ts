/**
 * `p`'s outcome, or a rejection with `signal.reason` as soon as `signal` fires (then or already), whichever comes
 * first. `p` itself goes on; what it yields after the abort is dropped (its rejection is not reported).
 */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      p.catch(() => {});
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * `p`, or undefined as soon as `signal` fires: work nobody waits for any more, such as a bundle build (up to 20 s)
 * when Ctrl-C asks for the partial report now.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  return raceAbort(p, signal).catch((err: unknown) => {
    if (signal.aborted && err === signal.reason) return undefined;
    throw err;
  });
}
