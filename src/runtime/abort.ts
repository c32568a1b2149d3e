/**
 * `p`, or undefined as soon as `signal` fires (then or already): work nobody waits for any more, such as a bundle
 * build (up to 20 s) when Ctrl-C asks for the partial report now. `p` itself goes on; its rejection after the abort
 * is not reported.
 */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
