import { describe, expect, it } from 'vitest';
import { SharedExclusiveGate, withSharedHold } from '../../src/scheduler/gate.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedExclusiveGate', () => {
  it('many shared holders at once; an exclusive one waits for them all, then holds alone', async () => {
    const g = new SharedExclusiveGate();
    const a = await g.enterShared();
    const b = await g.enterShared();
    expect(g.state()).toEqual({ shared: 2, exclusive: false, waiting: 0 });
    let alone = false;
    const x = g.enterExclusive().then((r) => {
      alone = true;
      return r;
    });
    await tick();
    expect(alone).toBe(false);
    a();
    a(); // idempotent: b still holds
    await tick();
    expect(alone).toBe(false);
    b();
    const release = await x;
    expect(alone).toBe(true);
    expect(g.state()).toEqual({ shared: 0, exclusive: true, waiting: 0 });
    release();
    expect(g.state()).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('first come, first served: a shared request behind a waiting exclusive one waits for it', async () => {
    const g = new SharedExclusiveGate();
    const order: string[] = [];
    const first = await g.enterShared();
    const x = g.enterExclusive().then((r) => {
      order.push('exclusive');
      return r;
    });
    const late = g.enterShared().then((r) => {
      order.push('late shared');
      return r;
    });
    await tick();
    expect(order).toEqual([]);
    expect(g.state().waiting).toBe(2);
    first();
    const rx = await x;
    await tick();
    expect(order).toEqual(['exclusive']);
    rx();
    (await late)();
    expect(order).toEqual(['exclusive', 'late shared']);
    expect(g.state()).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('withSharedHold: exclusively() lets go of the shared hold, runs alone, takes it back; all let go at the end', async () => {
    const g = new SharedExclusiveGate();
    const seen: string[] = [];
    let releaseOther: (() => void) | undefined;
    const other = withSharedHold(g, async () => {
      await new Promise<void>((r) => {
        releaseOther = r;
      });
      seen.push('other done');
    });
    const mine = withSharedHold(g, async (hold) => {
      seen.push('mine shared');
      const v = await hold.exclusively(async () => {
        expect(g.state()).toMatchObject({ shared: 0, exclusive: true });
        seen.push('mine alone');
        return 42;
      });
      expect(g.state()).toMatchObject({ exclusive: false });
      seen.push('mine shared again');
      return v;
    });
    await tick();
    expect(seen).toEqual(['mine shared']); // waiting for the other holder
    releaseOther?.();
    expect(await mine).toBe(42);
    await other;
    expect(seen).toEqual(['mine shared', 'other done', 'mine alone', 'mine shared again']);
    expect(g.state()).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });

  it('a failure inside exclusively() still lets go of everything', async () => {
    const g = new SharedExclusiveGate();
    await expect(
      withSharedHold(g, (hold) =>
        hold.exclusively(async () => {
          throw new Error('thread pool failed');
        }),
      ),
    ).rejects.toThrow('thread pool failed');
    expect(g.state()).toEqual({ shared: 0, exclusive: false, waiting: 0 });
  });
});
