import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { collectAws } from '../../../providers/aws/index.js';
import { liveWorkers, prepareThreadCode } from '../../../providers/aws/pool.js';
import type { StorageResource } from '../../../src/model/index.js';
import type { SchedulerStats } from '../../../src/scheduler/index.js';
import { estate, replayContext } from './replay-estate.js';

// Worker threads that load the TypeScript sources through tsx (BUCKETAUDIT_WORKER_BUNDLE=0, or no bundle could be
// built): the fallback must collect exactly what the bundled threads (workers.test.ts) and the main thread do.
// Its own file: the thread code is chosen once per process.

let srv: ReplayServer;
beforeAll(async () => {
  srv = await startReplayServer(estate());
});
afterAll(() => srv.close());

const ctx = () => replayContext();
const byId = (rs: StorageResource[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id));

it('BUCKETAUDIT_WORKER_BUNDLE=0: the threads load the sources through tsx and collect the same resources', async () => {
  const code = await prepareThreadCode({ BUCKETAUDIT_WORKER_BUNDLE: '0' });
  expect(code).toMatchObject({ bundled: false, note: 'BUCKETAUDIT_WORKER_BUNDLE=0' });
  expect(code.url.pathname).toMatch(/providers\/aws\/worker-boot\.mjs$/);
  const notices: string[] = [];
  const c1 = ctx();
  c1.onNotice = (m) => notices.push(m);
  const one = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 1 }, c1);
  expect(one.errors.some((e) => /tsx/.test(e.message))).toBe(false); // one thread: no pool, nothing to say
  expect(notices).toEqual([]);
  const c2 = ctx();
  const stats: SchedulerStats[] = [];
  c2.onWorkerStats = (s) => stats.push(...s);
  c2.onNotice = (m) => notices.push(m);
  const two = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 2 }, c2);
  // The fallback is said to the user once per process, with its reason (it costs speed, not results).
  expect(notices).toEqual([
    'AWS worker threads load their TypeScript sources through tsx (about 0.3 s slower each): BUCKETAUDIT_WORKER_BUNDLE=0',
  ]);
  const again = ctx();
  again.onNotice = (m) => notices.push(m);
  await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, workers: 2 }, again);
  expect(notices).toHaveLength(1);
  expect(stats).toHaveLength(2);
  expect(stats.reduce((n, s) => n + s.calls, 0)).toBeGreaterThan(0);
  expect(byId(two.resources)).toEqual(byId(one.resources));
  expect(two.errors).toEqual(one.errors);
  expect(liveWorkers()).toBe(0);
});
