/**
 * Worker-thread entry (started by pool.ts through worker-boot.mjs): collects the buckets the main thread
 * sends, with its own SDK clients and its own Scheduler, and answers plain BucketOutcome values.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Bucket } from '@aws-sdk/client-s3';
import { defaultContext } from '../../src/analyzer/context.js';
import { createScheduler } from '../../src/scheduler/index.js';
import type { CollectContext } from '../types.js';
import { createClients } from './clients.js';
import { AccessPointIndex, type BucketOutcome, runBucket } from './live.js';
import type { FromWorker, StaticCredentials, ToWorker, WorkerInit } from './pool.js';

const port = parentPort;
if (!port || !(workerData as { entry?: string } | undefined)?.entry)
  throw new Error('providers/aws/worker.ts runs only as a worker thread started by pool.ts');
// The thread may start before its work is known (pool.ts StartedWorkers): its settings come first, by message.
const init = await new Promise<WorkerInit>((resolve) => {
  const first = (m: ToWorker) => {
    if (m.type !== 'init') return;
    port.off('message', first);
    resolve(m.init);
  };
  port.on('message', first);
});

let credentials: StaticCredentials = init.credentials;
const ac = new AbortController();
const scheduler = createScheduler({
  concurrency: init.concurrency,
  signal: ac.signal,
  ...(init.requestTimeoutMs ? { requestTimeoutMs: init.requestTimeoutMs } : {}),
  ...(init.maxRps ? { maxRps: init.maxRps } : {}),
});
const ctx: CollectContext = {
  scheduler,
  concurrency: init.concurrency,
  signal: ac.signal,
  env: {},
  analyzer: defaultContext(),
};
// A provider, not the keys: the SDK asks again near `expiration` and gets what the main thread sent last.
const clients = createClients(async () => credentials, init.settings);
const apIndex = new AccessPointIndex(init.acct, clients, ctx, init.apLists);
const opts = init.objectAclSample ? { objectAclSample: init.objectAclSample } : {};

const post = (m: FromWorker) => port.postMessage(m);
const queue: [number, Bucket][] = [];
let head = 0;
let ended = false;
let asked = false;
let waiters: (() => void)[] = [];
const wake = () => {
  const w = waiters;
  waiters = [];
  for (const f of w) f();
};
const askIfLow = () => {
  if (!asked && !ended && queue.length - head <= init.concurrency) {
    asked = true;
    post({ type: 'need' });
  }
};

let buffer: [number, BucketOutcome][] = [];
let flushTimer: NodeJS.Timeout | undefined;
const flush = () => {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (buffer.length === 0) return;
  post({ type: 'results', results: buffer });
  buffer = [];
};
const report = (i: number, o: BucketOutcome) => {
  buffer.push([i, o]);
  if (buffer.length >= 32) flush();
  else flushTimer ??= setTimeout(flush, 20);
};

async function take(): Promise<[number, Bucket] | undefined> {
  for (;;) {
    if (head < queue.length) {
      const item = queue[head] as [number, Bucket];
      head += 1;
      if (head > 1024) {
        queue.splice(0, head);
        head = 0;
      }
      askIfLow();
      return item;
    }
    if (ended) return undefined;
    await new Promise<void>((r) => waiters.push(r));
  }
}

async function lane(): Promise<void> {
  for (;;) {
    const item = await take();
    if (!item) return;
    report(item[0], await runBucket(item[1], init.acct, clients, opts, ctx, apIndex));
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'batch') {
    asked = false;
    if (m.credentials) credentials = m.credentials;
    if (!ac.signal.aborted) queue.push(...m.items);
    wake();
    askIfLow();
  } else if (m.type === 'end') {
    ended = true;
    wake();
  } else if (m.type === 'abort') {
    // Buckets not started have no result: the main thread reports them 'aborted'. Those in flight end fast.
    ended = true;
    queue.length = 0;
    head = 0;
    ac.abort(new Error('scan aborted'));
    wake();
  }
});

askIfLow();
await Promise.all(Array.from({ length: init.concurrency }, lane));
flush();
clients.destroy();
post({ type: 'done', stats: scheduler.stats() });
