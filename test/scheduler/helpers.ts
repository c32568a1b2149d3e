import { SchedulerAbortError } from '../../src/scheduler/index.js';

/** An SDK-shaped error: name, HTTP status, optional response headers. */
export const sdkErr = (name: string, status: number, headers?: Record<string, string>) =>
  Object.assign(new Error(name), {
    name,
    $metadata: { httpStatusCode: status },
    ...(headers ? { $response: { statusCode: status, headers } } : {}),
  });

/** Fake clock and sleeps: recorded, resolve at once (abort still honoured). */
export function fakeTime() {
  const sleeps: number[] = [];
  let t = 0;
  return {
    sleeps,
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new SchedulerAbortError();
      sleeps.push(ms);
      t += ms;
    },
  };
}
