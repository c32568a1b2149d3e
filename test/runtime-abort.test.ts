import { describe, expect, it } from 'vitest';
import { untilAborted } from '../src/runtime/abort.js';

describe('untilAborted', () => {
  it('gives the value when it comes first, and drops its abort listener', async () => {
    const ac = new AbortController();
    let listeners = 0;
    const signal = ac.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => {
      listeners += 1;
      add(...a);
    }) as typeof add;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      listeners -= 1;
      remove(...a);
    }) as typeof remove;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    expect(listeners).toBe(0);
    await expect(untilAborted(Promise.reject(new Error('build failed')), signal)).rejects.toThrow('build failed');
    expect(listeners).toBe(0);
  });

  it('gives undefined at once on abort, while the work is still pending, and when already aborted', async () => {
    const ac = new AbortController();
    let finish: (v: number) => void = () => undefined;
    const pending = new Promise<number>((r) => {
      finish = r;
    });
    const raced = untilAborted(pending, ac.signal);
    ac.abort(new Error('interrupted'));
    await expect(raced).resolves.toBeUndefined();
    finish(1);
    await expect(untilAborted(Promise.resolve(2), ac.signal)).resolves.toBeUndefined();
    // a rejection nobody waits for any more is not an unhandled rejection
    await expect(untilAborted(Promise.reject(new Error('late')), ac.signal)).resolves.toBeUndefined();
  });
});
