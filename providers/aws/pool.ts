/**
 * Per-bucket collection sharded across worker threads (both cores: the SDK costs ~1 ms of CPU per call, so
 * one thread tops out near 1,000-1,700 calls/s). The main thread has done STS, ListBuckets and the
 * account-level calls; it hands out bucket batches on demand. Each worker builds its own SDK clients and its
 * own Scheduler (lane set) from plain options and returns plain BucketOutcome values.
 *
 * - The global concurrency cap keeps its meaning "calls in flight": it is split between the workers (the
 *   main thread makes no bucket calls meanwhile), and so is --max-rps.
 * - Credentials are resolved here (profiles, SSO, assumed roles) and sent as static keys; they are sent
 *   again with a batch when they come within 10 minutes of expiry.
 * - Never drops a bucket: a worker that dies gives its unfinished buckets back (collected in this thread
 *   at the end); on abort the workers are told to stop, terminated after a grace period, and every bucket
 *   without a result is reported with every input unknown 'aborted'.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bucket } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ReportError } from '../../src/model/index.js';
import { untilAborted } from '../../src/runtime/abort.js';
import { cachedBundle, markUsed } from '../../src/runtime/bundle-cache.js';
import type { SchedulerStats } from '../../src/scheduler/index.js';
import type { AwsScanOptions, CollectContext } from '../types.js';
import type { AwsClients, AwsTarget, ClientSettings } from './clients.js';
import type { AccountContext, ApList, BucketOutcome } from './live.js';
import { shareResource } from './normalize.js';

/**
 * Below this many buckets, no thread: the main thread reads (an account listed in one ListBuckets page, live.ts
 * LIST_FIRST_PAGE). From the second page on, two threads, started while the rest is listed (earlyWorkerCount).
 * Measured, 20 ms latency, concurrency 64, with the threads started early: 1.5k buckets 3.24 / 3.17 s in the main
 * thread against 3.27 / 3.35 s in two threads; 2k 4.12 / 4.24 against 4.14 / 4.13 s; 3k 5.81 / 5.87 against 5.78 /
 * 5.79 s; 10k 17.3 s in two. Equal below 3k: threads started anyway are used rather than stopped.
 */
const WORKER_MIN_BUCKETS = 1_001;
/**
 * From this many buckets on, one thread by default: two threads scan 100k buckets 1.2x faster (0.84 of the ideal
 * against 0.70) but peak at 407 MB of RSS against 276 MB (two more V8 heaps, and their in-flight garbage), over
 * the 400 MB budget of a 100k scan. `--workers 2` still chooses speed.
 */
const WORKER_MAX_BUCKETS = 50_000;
const MAX_WORKERS = 16;
const ABORT_GRACE_MS = 3000;
const REFRESH_BEFORE_MS = 10 * 60_000;

/** Worker threads for a target with `buckets` buckets. */
export function workerCount(requested: number | undefined, buckets: number, concurrency: number): number {
  const want =
    requested !== undefined && Number.isFinite(requested)
      ? Math.floor(requested)
      : buckets < WORKER_MIN_BUCKETS || buckets >= WORKER_MAX_BUCKETS
        ? 1
        : Math.min(2, availableParallelism());
  return Math.max(1, Math.min(want, MAX_WORKERS, buckets, Math.max(1, Math.floor(concurrency))));
}

/**
 * Threads to start while a listing still has pages to come, `listed` buckets so far: the count `workerCount` gives
 * for at least `listed + 1` buckets. By default that is two threads for a listing of more than one page, started
 * before the count is known (so that they load while the rest is listed), and none once it passes
 * WORKER_MAX_BUCKETS; a whole count that asks for another number stops them (collectTarget).
 */
export function earlyWorkerCount(requested: number | undefined, listed: number, concurrency: number): number {
  if (requested === undefined && listed + 1 >= WORKER_MAX_BUCKETS) return 1;
  return workerCount(requested, Math.max(listed + 1, requested === undefined ? WORKER_MIN_BUCKETS : 0), concurrency);
}

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Everything a worker needs, structured-clone safe. */
export interface WorkerInit {
  settings: ClientSettings;
  credentials: StaticCredentials;
  acct: AccountContext;
  /** ListAccessPoints per region, read once in the main thread. */
  apLists: Map<string, ApList>;
  objectAclSample?: number;
  /** This worker's share of the global cap, and of --max-rps. */
  concurrency: number;
  requestTimeoutMs?: number;
  maxRps?: number;
}

export type ToWorker =
  | { type: 'init'; init: WorkerInit }
  | { type: 'batch'; items: [number, Bucket][]; credentials?: StaticCredentials }
  | { type: 'end' }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'need' }
  | { type: 'results'; results: [number, BucketOutcome][] }
  | { type: 'done'; stats: SchedulerStats };

let live = 0;
/** Worker threads of this module still running (tests: none may outlive a scan, aborted or not). */
export function liveWorkers(): number {
  return live;
}

const bootUrl = new URL('./worker-boot.mjs', import.meta.url);
const entryUrl = new URL('./worker.ts', import.meta.url).href;

/** How a worker thread loads its code: the prebuilt bundle, or the TypeScript sources through tsx. */
export interface ThreadCode {
  url: URL;
  bundled: boolean;
  /** Why the bundle is not used (the tsx loader is, 0.3 s slower per thread). */
  note?: string;
}

let threadCode: Promise<ThreadCode> | undefined;
/** The tsx fallback is said once per process (an organization scan runs a pool per account). */
let fallbackNoticed = false;
/**
 * The worker threads' code, resolved once per process (src/runtime/bundle-cache.ts): the bundle from
 * `node_modules/.cache/bucketaudit`, checked against its sources (about 10 ms) or built (about 0.3 s, once after
 * a change). Called ahead of need when a listing shows a large account, so that it is ready when threads start.
 * BUCKETAUDIT_WORKER_BUNDLE=0 loads the sources through tsx instead. `env` is read by the first call only (the answer
 * is kept for the process: tests that need the other answer run in a file of their own).
 */
export function prepareThreadCode(env: Record<string, string | undefined> = process.env): Promise<ThreadCode> {
  threadCode ??= (async (): Promise<ThreadCode> => {
    if (env.BUCKETAUDIT_WORKER_BUNDLE === '0') return { url: bootUrl, bundled: false, note: 'BUCKETAUDIT_WORKER_BUNDLE=0' };
    const b = await cachedBundle({
      entry: fileURLToPath(entryUrl),
      name: 'aws-worker',
      dir: fileURLToPath(new URL('../../node_modules/.cache/bucketaudit/', import.meta.url)),
      extraInputs: ['package.json', 'tsconfig.json', 'package-lock.json', 'node_modules/.package-lock.json'].map((f) =>
        fileURLToPath(new URL(`../../${f}`, import.meta.url)),
      ),
    });
    return 'path' in b ? { url: pathToFileURL(b.path), bundled: true } : { url: bootUrl, bundled: false, note: b.error };
  })();
  return threadCode;
}

function toStatic(id: AwsCredentialIdentity): StaticCredentials {
  return {
    accessKeyId: id.accessKeyId,
    secretAccessKey: id.secretAccessKey,
    ...(id.sessionToken ? { sessionToken: id.sessionToken } : {}),
    ...(id.expiration ? { expiration: id.expiration } : {}),
  };
}

async function resolveCredentials(target: AwsTarget): Promise<StaticCredentials> {
  await target.session?.ensureFresh().catch(() => undefined);
  const c = target.credentials;
  return toStatic(typeof c === 'function' ? await c() : c);
}

/** Split `total` into `n` shares that sum to it (at least 1 each). */
function shares(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => Math.max(1, base + (i < total % n ? 1 : 0)));
}

/**
 * Worker threads started ahead of their work: loading a thread's code takes about 0.1 s from the bundle (0.3 to 0.4 s
 * through tsx), which would otherwise be idle time. `collectTarget` starts them once the listing shows they will be
 * used (`startWorkers`), and either hands them to `collectInWorkers` or discards them.
 */
export class StartedWorkers {
  readonly threads: Worker[];
  private taken = false;
  constructor(n: number, code: ThreadCode) {
    const threads: Worker[] = [];
    try {
      for (let i = 0; i < n; i++) threads.push(startThread(code));
    } catch (err) {
      for (const w of threads) void w.terminate(); // none half-started
      throw err;
    }
    this.threads = threads;
  }
  get size(): number {
    return this.threads.length;
  }
  /** The threads, once: the caller owns them from now on. */
  take(): Worker[] {
    if (this.taken) return [];
    this.taken = true;
    return this.threads;
  }
  /** Stop threads nobody took (the account turned out small, the listing failed, the run was aborted). */
  discard(): void {
    for (const w of this.take()) void w.terminate();
  }
}

/**
 * `n` threads started once their code is ready, unless the run is aborted by then; undefined when they could not be
 * started (`collectInWorkers` then starts its own, or reports why it cannot).
 */
export function startWorkers(n: number, signal: AbortSignal): Promise<StartedWorkers | undefined> {
  return untilAborted(prepareThreadCode(), signal)
    .then((code) => (code === undefined || signal.aborted ? undefined : new StartedWorkers(n, code)))
    .catch(() => undefined);
}

/** How each thread ended, as a promise (an 'exit' before anyone listened is not missed), and its first error. */
const exits = new WeakMap<Worker, Promise<void>>();
const firstErrors = new WeakMap<Worker, unknown>();

/**
 * The process's Node flags minus a TypeScript loader (`--import tsx`, `--loader tsx`, `--require tsx/cjs`...):
 * a thread that runs the bundle needs none, and would otherwise load tsx and send its module through the
 * loader's hooks (about 60 ms more per thread). A process started with `node --import tsx` (the tests, the
 * bench, `tsx` itself) passes it on to its threads; bin/bucketaudit.mjs registers tsx in code and does not.
 */
export function withoutTsLoader(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = /^(--import|--loader|--experimental-loader|--require|-r)=(.*)$/.exec(a);
    if (eq) {
      if (!isTsLoader(eq[2] as string)) out.push(a);
    } else if (/^(--import|--loader|--experimental-loader|--require|-r)$/.test(a) && i + 1 < argv.length) {
      const v = argv[i + 1] as string;
      if (!isTsLoader(v)) out.push(a, v);
      i += 1;
    } else out.push(a);
  }
  return out;
}
const isTsLoader = (spec: string) => /(^|[/\\])tsx([/\\]|$)/.test(spec);

/**
 * A new thread running `code`. A bundled thread gets the parent's flags without a TypeScript loader, but only when
 * there was one to take out: flags given explicitly are checked by Node, which refuses V8 and process-wide ones
 * (`--max-old-space-size`, `--stack-size`, `--expose-gc`, `--title`: ERR_WORKER_INVALID_EXEC_ARGV), while inherited
 * ones are not. If Node refuses them, the thread inherits the flags, loader included (slower to start, same work).
 */
export function newThread(code: ThreadCode, parentArgv: readonly string[] = process.execArgv): Worker {
  const opts = { workerData: { entry: entryUrl } };
  const argv = code.bundled ? withoutTsLoader(parentArgv) : undefined;
  if (argv && argv.length !== parentArgv.length) {
    try {
      return new Worker(code.url, { ...opts, execArgv: argv });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw err;
    }
  }
  return new Worker(code.url, opts);
}

/** Start one worker thread (it waits for its 'init' message). */
function startThread(code: ThreadCode): Worker {
  const w = newThread(code);
  if (code.bundled) void markUsed(fileURLToPath(code.url)); // a scan that runs for days keeps its bundle from being pruned
  live += 1;
  exits.set(
    w,
    new Promise<void>((resolve) =>
      w.once('exit', () => {
        live -= 1;
        resolve();
      }),
    ),
  );
  // Kept for whoever owns the thread by then (collectInWorkers reports it); an 'error' event needs a listener.
  w.on('error', (err) => {
    if (!firstErrors.has(w)) firstErrors.set(w, err);
  });
  return w;
}

export interface PoolRun {
  buckets: Bucket[];
  acct: AccountContext;
  target: AwsTarget;
  clients: AwsClients;
  opts: AwsScanOptions;
  ctx: CollectContext;
  workers: number;
  apLists: Map<string, ApList>;
  onDone: (name: string) => void;
  /** Threads already started (`StartedWorkers`); missing ones are started here. */
  started?: Worker[];
}

export interface PoolResult {
  /** One entry per bucket; `undefined` = not collected by a worker (a worker died): collect it in this thread. */
  outcomes: (BucketOutcome | undefined)[];
  errors: ReportError[];
  stats: SchedulerStats[];
}

/** Collect `buckets` in worker threads. Resolves once every worker has ended; never rejects. */
export async function collectInWorkers(run: PoolRun): Promise<PoolResult> {
  const { buckets, ctx } = run;
  const outcomes = new Array<BucketOutcome | undefined>(buckets.length);
  const errors: ReportError[] = [];
  const stats: SchedulerStats[] = [];
  const aborted = (detail: string): BucketOutcome => ({ kind: 'aborted', detail });
  const finish = (i: number, o: BucketOutcome) => {
    if (outcomes[i] !== undefined) return;
    outcomes[i] = o;
    run.onDone(buckets[i]?.Name ?? '');
  };
  const abortAll = () => {
    for (let i = 0; i < buckets.length; i++)
      if (outcomes[i] === undefined) finish(i, aborted('aborted: the run was interrupted before this bucket was collected'));
  };
  // Threads started early that this run will not use (it returns before starting its own): stop them.
  const dropStarted = () => {
    for (const w of run.started ?? []) void w.terminate();
  };
  if (ctx.signal.aborted) {
    abortAll();
    dropStarted();
    return { outcomes, errors, stats };
  }
  let credentials: StaticCredentials;
  try {
    credentials = await resolveCredentials(run.target);
  } catch (err) {
    // Cannot hand static keys to a worker: collect in this thread (the calls will show the credential error).
    errors.push({
      stage: 'collect',
      provider: 'aws',
      message: `worker threads not used for ${run.target.label}: credentials could not be resolved (${err instanceof Error ? err.message : String(err)})`,
    });
    dropStarted();
    return { outcomes, errors, stats };
  }
  let credVersion = 0;
  let refreshing: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    const exp = credentials.expiration?.getTime();
    if (exp === undefined || exp - Date.now() > REFRESH_BEFORE_MS) return;
    refreshing ??= resolveCredentials(run.target)
      .then((c) => {
        credentials = c;
        credVersion += 1;
      })
      .catch(() => undefined) // keep the old ones: the calls show the expiry once it happens
      .finally(() => {
        refreshing = undefined;
      });
    await refreshing;
  };

  const n = run.workers;
  // Resolved once per process (threads started early used it already); Ctrl-C does not wait for a bundle build.
  const code = await untilAborted(prepareThreadCode(), ctx.signal);
  if (code === undefined || ctx.signal.aborted) {
    abortAll();
    dropStarted();
    return { outcomes, errors, stats };
  }
  if (!code.bundled && !fallbackNoticed && ctx.onNotice) {
    fallbackNoticed = true;
    ctx.onNotice(`AWS worker threads load their TypeScript sources through tsx (about 0.3 s slower each): ${code.note}`);
  }
  const perWorker = shares(Math.max(n, Math.floor(ctx.concurrency)), n);
  const rps = run.opts.maxRps ? shares(run.opts.maxRps, n) : undefined;
  let next = 0;
  const requeued: number[] = [];
  const takeBatch = (size: number): [number, Bucket][] => {
    const items: [number, Bucket][] = [];
    while (items.length < size) {
      const i = requeued.length ? requeued.pop() : next < buckets.length ? next++ : undefined;
      if (i === undefined) break;
      if (outcomes[i] === undefined) items.push([i, buckets[i] as Bucket]);
    }
    return items;
  };

  const ended = Array.from({ length: n }, (_, k) => {
    const share = perWorker[k] as number;
    const init: WorkerInit = {
      settings: run.clients.settings,
      credentials,
      acct: run.acct,
      apLists: run.apLists,
      concurrency: share,
      ...(run.opts.objectAclSample ? { objectAclSample: run.opts.objectAclSample } : {}),
      ...(run.opts.requestTimeoutMs ? { requestTimeoutMs: run.opts.requestTimeoutMs } : {}),
      ...(rps ? { maxRps: rps[k] as number } : {}),
    };
    const assigned = new Set<number>();
    const batchSize = Math.max(8, 2 * share);
    return new Promise<void>((resolve) => {
      let settled = false;
      let sentVersion = 0;
      let killer: NodeJS.Timeout | undefined;
      let worker: Worker;
      try {
        worker = run.started?.[k] ?? startThread(code);
      } catch (err) {
        // No thread (Node refused it, out of memory...): the other threads take the work, and whatever none
        // of them collected is collected in the main thread.
        errors.push({
          stage: 'collect',
          provider: 'aws',
          message: `worker thread ${k + 1}/${n} for ${run.target.label} could not start: ${err instanceof Error ? err.message : String(err)}; its buckets were collected by the other threads or the main thread`,
        });
        resolve();
        return;
      }
      const send = (m: ToWorker) => {
        try {
          worker.postMessage(m);
        } catch {
          // the worker is gone: its 'exit' handler requeues what it held
        }
      };
      const onAbort = () => {
        send({ type: 'abort' });
        killer = setTimeout(() => void worker.terminate(), ABORT_GRACE_MS);
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const end = () => {
        if (settled) return;
        settled = true;
        ctx.signal.removeEventListener('abort', onAbort);
        if (killer) clearTimeout(killer);
        // What the worker held and did not answer: aborted, or back to the main thread.
        for (const i of assigned) {
          if (outcomes[i] !== undefined) continue;
          if (ctx.signal.aborted)
            finish(i, aborted('aborted: the run was interrupted before a worker thread finished this bucket'));
          else requeued.push(i);
        }
        resolve();
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'results') {
          for (const [i, o] of m.results) {
            assigned.delete(i);
            finish(i, o.kind === 'ok' ? { kind: 'ok', resource: shareResource(o.resource) } : o);
          }
        } else if (m.type === 'need') {
          if (ctx.signal.aborted) return;
          void refresh().then(() => {
            const items = takeBatch(batchSize);
            for (const [i] of items) assigned.add(i);
            if (items.length === 0) {
              send({ type: 'end' });
              return;
            }
            const renewed = sentVersion < credVersion;
            sentVersion = credVersion;
            send({ type: 'batch', items, ...(renewed ? { credentials } : {}) });
          });
        } else if (m.type === 'done') {
          stats.push(m.stats);
          void worker.terminate();
        }
      });
      void (exits.get(worker) ?? new Promise<void>((resolve) => worker.once('exit', () => resolve()))).then(() => {
        // The thread's first error (it may have come before this run owned the thread), once.
        if (firstErrors.has(worker)) {
          const err = firstErrors.get(worker);
          errors.push({
            stage: 'collect',
            provider: 'aws',
            message: `worker thread ${k + 1}/${n} for ${run.target.label} failed: ${err instanceof Error ? err.message : String(err)}; its unfinished buckets were collected in the main thread`,
          });
        }
        end();
      });
      send({ type: 'init', init });
    });
  });
  await Promise.all(ended);
  if (ctx.signal.aborted) abortAll();
  return { outcomes, errors, stats };
}
