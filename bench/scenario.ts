/**
 * One benchmark scenario, run in its own process (so peak RSS and CPU time are its own), with its
 * responder in a child process (so the responder's CPU is not counted). Prints `RESULT <json>`.
 * Started by bench/run.ts; can be run alone: `tsx bench/scenario.ts '{"kind":"aws-sdk","buckets":1000,...}'`.
 */
import { fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Pool } from 'undici';
import { emptyResponderStats, type ResponderStats } from '../mocks/bench/common.js';
import { benchProject } from '../mocks/bench/cloud.js';
import type { ServeArgs } from '../mocks/bench/serve.js';
import { prepareThreadCode } from '../providers/aws/pool.js';
import type { CollectContext, CollectResult, ProgressEvent } from '../providers/types.js';
import { defaultContext } from '../src/analyzer/context.js';
import { type HeapPolicy, scaleFromProgress, tuneHeap } from '../src/runtime/heap.js';
import { classifyError, createScheduler, type Scheduler, type SchedulerStats, settleAll } from '../src/scheduler/index.js';

export type ScenarioKind =
  | 'sched'
  | 'aws-sdk'
  | 'aws-adapter'
  | 'probe'
  | 'gcs'
  | 'gcs-adapter'
  | 'azure'
  | 'azure-adapter'
  | 'terraform'
  | 'scan';

export interface ScenarioArgs {
  kind: ScenarioKind;
  name: string;
  buckets: number;
  latencyMs: number;
  /** Latency spread (+/- ms, uniform, same mean); default 0 = every answer exactly latencyMs. */
  jitterMs?: number;
  concurrency: number;
  /** Server-side throttle (accepted requests per second). */
  throttleRps?: number;
  /** Client-side --max-rps. */
  maxRps?: number;
  timeoutMs?: number;
  adaptive?: boolean;
  /** aws-adapter / scan: worker threads (--workers); default: the adapter's own choice. */
  workers?: number;
  /** aws-adapter / scan: client of the per-bucket S3 reads (--aws-s3-client); default http. */
  s3Client?: 'http' | 'sdk';
  /** aws-adapter: member accounts of an organization (--aws-org-role); gcs-adapter: projects. Default 1. */
  targets?: number;
}

export interface ScenarioResult {
  name: string;
  kind: ScenarioKind;
  buckets: number;
  latencyMs: number;
  concurrency: number;
  throttleRps?: number;
  maxRps?: number;
  engine: string;
  wallMs: number;
  cpuMs: number;
  /** Client CPU per server request: robust to a busy machine; projected wall on an idle core = max(ideal, calls x this). */
  cpuPerCallMs: number;
  idealMs: number;
  ratio: number;
  serverRequests: number;
  callsPerBucket: number;
  retries: number;
  throttled: number;
  /** throttled answers / all requests (the "wasted on throttled retries" share). */
  wastedPct: number;
  /** Items that ended without a result at all. */
  lost: number;
  /** Items that ended with at least one input unknown (throttled/timeout/error after retries). */
  incomplete: number;
  peakRssMb: number;
  maxRssMb: number;
  limit: string;
  laneLow?: number;
  /** 1-minute load average at the end (the machine is shared: > cores means the figures are CPU-starved). */
  loadAvg: number;
  byOp: Record<string, number>;
  /**
   * Where i/a goes (from the responder's side): `servedMs` is the mean time from a request's arrival to its
   * answer (the injected latency plus the responder's own delay); `occupancy` is the mean number of requests in
   * flight at the responder over the whole wall time, divided by the concurrency. Without throttling,
   * i/a ~= occupancy x latency / servedMs: a low occupancy is the client's gap, a servedMs above the latency
   * the responder's.
   */
  servedMs?: number;
  occupancy?: number;
  /** The responder's CPU as a share of one core over the wall time (it shares the machine's cores with the client). */
  responderCpuPct?: number;
  note?: string;
}

/** Retries counted by worker-thread schedulers (the scenario's own scheduler does not see them). */
let workerRetries = 0;

const serveEntry = fileURLToPath(new URL('../mocks/bench/serve.ts', import.meta.url));

interface ChildResponder {
  url: string;
  stats(): Promise<ResponderStats>;
  close(): void;
}

function startChildResponder(args: ServeArgs): Promise<ChildResponder> {
  const child = fork(serveEntry, [JSON.stringify(args)], {
    // BENCH_PROF=1: the responder is profiled too, in /tmp/prof/responder.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/responder'] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('responder did not start in 30 s')), 30_000);
    child.once('error', reject);
    child.on('message', (m: { type: string; url?: string }) => {
      if (m.type !== 'ready' || !m.url) return;
      clearTimeout(t);
      resolve({
        url: m.url,
        stats: () =>
          new Promise((res) => {
            const on = (x: { type: string; stats?: ResponderStats }) => {
              if (x.type !== 'stats' || !x.stats) return;
              child.off('message', on);
              res(x.stats);
            };
            child.on('message', on);
            child.send({ type: 'stats' });
          }),
        close: () => {
          child.send({ type: 'close' });
          child.disconnect();
        },
      });
    });
  });
}

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIABENCHBENCHBENCH0',
  AWS_SECRET_ACCESS_KEY: 'bench/bench/bench/bench/bench/bench/bench0',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

interface Outcome {
  engine: string;
  lost: number;
  incomplete: number;
  note?: string;
}

/**
 * Scheduler ceiling: 5 GETs per bucket with a near-zero-cost client (undici Pool, body discarded) through
 * scheduler.run + settleAll, same lanes and limits as a scan. Shows what the scheduler itself costs.
 */
async function sched(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const pool = new Pool(url, { connections: a.concurrency, pipelining: 1 });
  const subs = ['policy', 'publicAccessBlock', 'ownershipControls', 'website', 'acl'];
  let incomplete = 0;
  const settled = await settleAll(
    Array.from({ length: a.buckets }, (_, i) => `bench-${String(i).padStart(6, '0')}`),
    a.concurrency,
    async (b) => {
      const r = await Promise.allSettled(
        subs.map((sub) =>
          scheduler.run('aws:123456789012:us-east-1:s3', async (s) => {
            const res = await pool.request({ path: `/${b}?${sub}`, method: 'GET', signal: s });
            await res.body.dump();
            if (res.statusCode >= 500) throw Object.assign(new Error('SlowDown'), { name: 'SlowDown', status: res.statusCode });
            return res.statusCode;
          }),
        ),
      );
      if (r.some((x) => x.status === 'rejected')) incomplete += 1;
    },
    { signal },
  );
  await pool.close();
  return { engine: 'undici Pool via scheduler', lost: settled.filter((x) => x.status === 'rejected').length, incomplete };
}

/** AWS through a raw SDK S3Client loop: the calls a careful adapter makes (skip what the answer does not need). */
async function awsSdk(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const s3 = new S3Client({
    endpoint: url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: AWS_ENV.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: a.concurrency }) }),
  });
  const lane = 'aws:123456789012:us-east-1:s3';
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await scheduler.run(lane, (abortSignal) =>
      s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }), { abortSignal }),
    );
    for (const b of page.Buckets ?? []) if (b.Name) names.push(b.Name);
    token = page.ContinuationToken;
  } while (token);
  let incomplete = 0;
  const absent = new Set([
    'NoSuchBucketPolicy',
    'NoSuchPublicAccessBlockConfiguration',
    'OwnershipControlsNotFoundError',
    'NoSuchWebsiteConfiguration',
  ]);
  const settled = await settleAll(
    names,
    a.concurrency,
    async (Bucket) => {
      let unknown = 0;
      const get = async <T>(fn: (s: AbortSignal) => Promise<T>): Promise<T | 'absent' | undefined> => {
        try {
          return await scheduler.run(lane, fn);
        } catch (err) {
          if (err instanceof Error && absent.has(err.name)) return 'absent';
          if (classifyError(err) === 'fatal' && !(err instanceof Error && err.name === 'AbortError')) throw err;
          unknown += 1;
          return undefined;
        }
      };
      const [policy, , own] = await Promise.all([
        get((abortSignal) => s3.send(new GetBucketPolicyCommand({ Bucket }), { abortSignal })),
        get((abortSignal) => s3.send(new GetPublicAccessBlockCommand({ Bucket }), { abortSignal })),
        get((abortSignal) => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }), { abortSignal })),
        get((abortSignal) => s3.send(new GetBucketWebsiteCommand({ Bucket }), { abortSignal })),
      ]);
      const enforced = typeof own === 'object' && own.OwnershipControls?.Rules?.[0]?.ObjectOwnership === 'BucketOwnerEnforced';
      await Promise.all([
        typeof policy === 'object'
          ? get((abortSignal) => s3.send(new GetBucketPolicyStatusCommand({ Bucket }), { abortSignal }))
          : undefined,
        enforced ? undefined : get((abortSignal) => s3.send(new GetBucketAclCommand({ Bucket }), { abortSignal })),
      ]);
      if (unknown > 0) incomplete += 1;
    },
    { signal },
  );
  s3.destroy();
  return { engine: 'raw SDK S3Client loop', lost: settled.filter((s) => s.status === 'rejected').length, incomplete };
}

/** The process's heap policy (runScenario). */
let heap: HeapPolicy | undefined;

/** Progress as `bucketaudit scan` uses it for the heap policy (src/cli/commands/scan.ts): relaxed, then told the scale. */
function heapFromProgress(): (e: ProgressEvent) => void {
  heap?.relax();
  return heap ? scaleFromProgress(heap) : () => undefined;
}

/** AWS through the real adapter (providers/aws collectAws). */
async function awsAdapter(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  Object.assign(process.env, AWS_ENV);
  const ctx: CollectContext = {
    scheduler,
    concurrency: a.concurrency,
    signal,
    env: { ...process.env, ...AWS_ENV },
    analyzer: defaultContext(),
    onProgress: heapFromProgress(),
  };
  const workerStats: SchedulerStats[] = [];
  ctx.onWorkerStats = (s) => workerStats.push(...s);
  const { collectAws } = await import('../providers/aws/index.js');
  const res = await collectAws(
    {
      profiles: [],
      roleArns: [],
      endpoint: url,
      region: 'us-east-1',
      requestTimeoutMs: a.timeoutMs ?? 15_000,
      ...(a.maxRps ? { maxRps: a.maxRps } : {}),
      ...(a.workers ? { workers: a.workers } : {}),
      ...(a.s3Client ? { s3Client: a.s3Client } : {}),
      ...(a.targets && a.targets > 1 ? { orgRole: 'BenchAuditRole' } : {}),
    },
    ctx,
  );
  const threads = workerStats.length;
  const threadCode = threads > 1 ? ((await prepareThreadCode()).bundled ? ' (bundled)' : ' (sources through tsx)') : '';
  workerRetries += workerStats.reduce((n, s) => n + s.retries, 0);
  const buckets = res.resources.filter((r) => r.kind === 'bucket');
  const incomplete = buckets.filter((r) => /"reason":"(throttled|timeout)"/.test(JSON.stringify(r))).length;
  return {
    engine: `providers/aws collectAws, ${threads > 1 ? `${threads} worker threads${threadCode}` : 'main thread'}, ${a.s3Client ?? 'http'} S3 reads`,
    lost: a.buckets - buckets.length,
    incomplete,
    ...(res.errors.length ? { note: `${res.errors.length} collect errors, first: ${res.errors[0]?.message}` } : {}),
  };
}

/**
 * The whole `bucketaudit scan` (collect, analyse, checks, JSON report to a file) in this process, through the
 * CLI's own main(): what a user's 100k-bucket audit costs end to end. The scenario's scheduler is not used
 * (the CLI builds its own), so retries are not counted here.
 */
async function scan(url: string, a: ScenarioArgs): Promise<Outcome> {
  const { main } = await import('../src/cli/main.js');
  const dir = mkdtempSync(join(tmpdir(), 'bucketaudit-bench-scan-'));
  const out = join(dir, 'report.json');
  let stderr = '';
  try {
    const code = await main(
      [
        'scan',
        '-p',
        'aws',
        '--aws-endpoint',
        url,
        '--aws-region',
        'us-east-1',
        '--concurrency',
        String(a.concurrency),
        '--timeout',
        String(a.timeoutMs ?? 15_000),
        ...(a.workers ? ['--workers', String(a.workers)] : []),
        ...(a.s3Client ? ['--aws-s3-client', a.s3Client] : []),
        '--format',
        'json',
        '--output',
        out,
        '--quiet',
      ],
      {
        stdout: { write: () => true, isTTY: false },
        stderr: { write: (s: string) => (stderr += s), isTTY: false },
        env: { ...process.env, ...AWS_ENV },
        cwd: dir,
        ...(heap ? { heap } : {}),
      },
    );
    // Only the head of the report (the summary comes first): parsing the whole file would count its memory here.
    const fd = openSync(out, 'r');
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const text = head.subarray(0, n).toString('utf8');
    const summary = text.slice(text.indexOf('"summary"'));
    const seen = Number(/"resources":\s*(\d+)/.exec(summary)?.[1] ?? 0);
    const unknown = Number(/"UNKNOWN":\s*(\d+)/.exec(summary.slice(0, summary.indexOf('"bySeverity"')))?.[1] ?? 0);
    return {
      engine: `bucketaudit scan -p aws --format json (exit ${code}, report ${(statSync(out).size / 1e6).toFixed(0)} MB)`,
      lost: a.buckets - seen,
      incomplete: unknown,
      ...(code === 2 ? { note: stderr.slice(0, 300) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Probe sweep: src/probe/sweep.ts when present, else HEAD through the scheduler with fetch. */
async function probe(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const names = Array.from({ length: a.buckets }, (_, i) => `bench-${String(i).padStart(6, '0')}`);
  const sweepPath = '../src/probe/sweep.js';
  const mod = (await import(sweepPath).catch(() => undefined)) as
    | { sweep?: (t: unknown[], cfg: unknown) => Promise<{ result: { status: string } }[]> }
    | undefined;
  if (mod?.sweep) {
    const targets = names.map((bucket) => ({ provider: 'aws', bucket, input: `s3://${bucket}` }));
    const reports = await mod.sweep(targets, {
      scheduler,
      timeoutMs: a.timeoutMs ?? 15_000,
      concurrency: a.concurrency,
      signal,
      s3Endpoint: url,
    });
    const errs = reports.filter((r) => r.result.status === 'error').length;
    return { engine: 'src/probe/sweep.ts', lost: a.buckets - reports.length, incomplete: errs };
  }
  let incomplete = 0;
  const settled = await settleAll(
    names,
    a.concurrency,
    async (b) => {
      try {
        await scheduler.run('probe:s3', async (s) => {
          const r = await fetch(`${url}/${b}`, { method: 'HEAD', signal: s });
          if (r.status === 503) throw Object.assign(new Error('SlowDown'), { name: 'SlowDown', status: 503 });
          return r.status;
        });
      } catch {
        incomplete += 1;
      }
    },
    { signal },
  );
  return { engine: 'fetch HEAD via scheduler', lost: settled.filter((s) => s.status === 'rejected').length, incomplete };
}

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
  ) {
    super(`HTTP ${status}`);
  }
}

async function getJson(scheduler: Scheduler, lane: string, url: string): Promise<Record<string, unknown>> {
  return scheduler.run(lane, async (signal) => {
    const r = await fetch(url, { signal, headers: { authorization: 'Bearer bench' } });
    const body = await r.text();
    if (!r.ok)
      throw Object.assign(new HttpStatusError(r.status, r.headers), {
        code: r.status,
        response: { status: r.status, headers: r.headers },
      });
    return JSON.parse(body) as Record<string, unknown>;
  });
}

/** GCS JSON API: list buckets (paginated), then metadata (projection=full) + IAM per bucket. */
async function gcs(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const lane = 'gcp:bench-project:storage';
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await getJson(
      scheduler,
      lane,
      `${url}/storage/v1/b?project=bench-project&maxResults=1000${token ? `&pageToken=${token}` : ''}`,
    );
    for (const b of (page.items as { name: string }[] | undefined) ?? []) names.push(b.name);
    token = page.nextPageToken as string | undefined;
  } while (token);
  let incomplete = 0;
  const settled = await settleAll(
    names,
    a.concurrency,
    async (b) => {
      const r = await Promise.allSettled([
        getJson(scheduler, lane, `${url}/storage/v1/b/${b}?projection=full`),
        getJson(scheduler, lane, `${url}/storage/v1/b/${b}/iam?optionsRequestedPolicyVersion=3`),
      ]);
      if (r.some((x) => x.status === 'rejected')) incomplete += 1;
    },
    { signal },
  );
  return { engine: 'fetch JSON API via scheduler', lost: settled.filter((s) => s.status === 'rejected').length, incomplete };
}

/** Azure ARM: subscriptions, storage accounts (nextLink), containers + blob service per account. */
async function azure(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const sub = '00000000-0000-0000-0000-00000000bec4';
  const lane = `azure:${sub}:arm`;
  await getJson(scheduler, lane, `${url}/subscriptions?api-version=2022-12-01`);
  const accounts: string[] = [];
  let next: string | undefined = `${url}/subscriptions/${sub}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01`;
  while (next) {
    const page = await getJson(scheduler, lane, next);
    for (const acc of (page.value as { id: string }[] | undefined) ?? []) accounts.push(acc.id);
    next = page.nextLink as string | undefined;
  }
  let containers = 0;
  let incomplete = 0;
  const settled = await settleAll(
    accounts,
    a.concurrency,
    async (id) => {
      const [list, svc] = await Promise.allSettled([
        getJson(scheduler, lane, `${url}${id}/blobServices/default/containers?api-version=2023-05-01`),
        getJson(scheduler, lane, `${url}${id}/blobServices/default?api-version=2023-05-01`),
      ]);
      if (list.status === 'fulfilled') containers += ((list.value.value as unknown[]) ?? []).length;
      if (list.status === 'rejected' || svc.status === 'rejected') incomplete += 1;
    },
    { signal },
  );
  const lostAccounts = settled.filter((s) => s.status === 'rejected').length;
  return {
    engine: 'fetch ARM via scheduler',
    lost: a.buckets - containers,
    incomplete,
    ...(lostAccounts ? { note: `${lostAccounts} accounts lost` } : {}),
  };
}

/** Resources with an input left unknown for a transient reason (throttled, timeout, error, aborted). */
const TRANSIENT_UNKNOWN = /"reason":"(throttled|timeout|error|aborted)"/;

function adapterOutcome(engine: string, res: CollectResult, lost: number): Outcome {
  const incomplete = res.resources.filter((r) => TRANSIENT_UNKNOWN.test(JSON.stringify(r.facts))).length;
  return {
    engine,
    lost,
    incomplete,
    ...(res.errors.length ? { note: `${res.errors.length} collect errors, first: ${res.errors[0]?.message}` } : {}),
  };
}

/** Context for the GCP / Azure adapters: the test tokens go through ctx.env (process.env is left alone). */
function adapterContext(a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal, env: Record<string, string>): CollectContext {
  return { scheduler, concurrency: a.concurrency, signal, env: { ...process.env, ...env }, analyzer: defaultContext() };
}

/** GCS through the real adapter (providers/gcp collectGcp): every call a JSON API GET through providers/gcp/rest.ts. */
async function gcsAdapter(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  // Adapters are imported by the scenario that uses them: a scan scenario's process holds what the CLI loads, no more.
  const { collectGcp, GCP_TEST_TOKEN_ENV } = await import('../providers/gcp/index.js');
  const ctx = adapterContext(a, scheduler, signal, { [GCP_TEST_TOKEN_ENV]: 'bench-owner' });
  const projects = a.targets && a.targets > 1 ? Array.from({ length: a.targets }, (_, k) => benchProject(k)) : ['bench-project'];
  const res = await collectGcp({ projects, endpoint: url }, ctx);
  const buckets = res.resources.filter((r) => r.kind === 'bucket').length;
  return adapterOutcome('providers/gcp collectGcp', res, a.buckets - buckets);
}

/** Azure through the real adapter (providers/azure collectAzure): @azure/arm-storage, subscriptions listed. */
async function azureAdapter(url: string, a: ScenarioArgs, scheduler: Scheduler, signal: AbortSignal): Promise<Outcome> {
  const { AZURE_TEST_TOKEN_ENV, collectAzure } = await import('../providers/azure/index.js');
  const ctx = adapterContext(a, scheduler, signal, { [AZURE_TEST_TOKEN_ENV]: 'bench-owner' });
  const res = await collectAzure({ subscriptions: [], armEndpoint: url }, ctx);
  const containers = res.resources.filter((r) => r.kind === 'container').length;
  return adapterOutcome('providers/azure collectAzure', res, a.buckets - containers);
}

/** Terraform: write a synthetic n-resource plan (test/terraform/big-plan.ts makePlan) before timing starts. */
async function prepareTerraform(a: ScenarioArgs): Promise<string | undefined> {
  const planPath = '../test/terraform/big-plan.js';
  const mod = (await import(planPath).catch(() => undefined)) as { makePlan?: (n: number) => unknown } | undefined;
  if (!mod?.makePlan) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bucketaudit-bench-'));
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(mod.makePlan(a.buckets)));
  return file;
}

/** Terraform: read the plan with src/terraform (loadTerraform) and evaluate it with audit(). */
async function terraform(file: string | undefined): Promise<Outcome & { resources: number }> {
  if (!file)
    return { engine: 'not available', lost: 0, incomplete: 0, resources: 0, note: 'test/terraform/big-plan.ts not landed' };
  try {
    const { loadTerraform } = await import('../src/terraform/index.js');
    const { audit } = await import('../src/audit.js');
    const load = await loadTerraform([file], tmpdir());
    const { assessments } = await audit({
      command: 'terraform',
      resources: load.resources,
      errors: load.errors,
      ctx: defaultContext(),
    });
    const unknown = assessments.filter((x) => x.verdict === 'UNKNOWN').length;
    return { engine: 'loadTerraform + audit()', lost: 0, incomplete: unknown, resources: load.resources.length };
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

export async function runScenario(a: ScenarioArgs): Promise<ScenarioResult> {
  // The CLI's heap policy (runCli applies it too), so peak RSS here is what `bucketaudit scan` would see: `scan`
  // scenarios hand it to the CLI's main(); adapter scenarios relax and cap it from their progress, as `scan` does.
  heap = tuneHeap();
  let peakRss = process.memoryUsage().rss;
  // BENCH_MEMLOG=FILE: every 2 s, "ms rss heapTotal heapUsed external" in MB (this process's heap only; worker threads
  // show in rss), written to FILE at exit: where a peak comes from.
  const memlog: string[] = [];
  let tick = 0;
  const mb = (n: number) => Math.round(n / 2 ** 20);
  // RSS alone every 50 ms (process.memoryUsage() walks the heap spaces: 69 ms of the main thread's CPU in a 23 s
  // aws-org-10k profile, counted against the scan), the whole breakdown only for the memlog.
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (process.env.BENCH_MEMLOG && tick++ % 40 === 0) {
      const m = process.memoryUsage();
      memlog.push(`${Math.round(performance.now())} ${mb(m.rss)} ${mb(m.heapTotal)} ${mb(m.heapUsed)} ${mb(m.external)}`);
    }
  }, 50);
  if (process.env.BENCH_MEMLOG)
    process.on('exit', () => writeFileSync(process.env.BENCH_MEMLOG as string, `${memlog.join('\n')}\n`));
  const ac = new AbortController();
  const guard = setTimeout(() => ac.abort(new Error('bench scenario time limit')), 20 * 60_000);
  const scheduler = createScheduler({
    concurrency: a.concurrency,
    requestTimeoutMs: a.timeoutMs ?? 15_000,
    signal: ac.signal,
    ...(a.maxRps ? { maxRps: a.maxRps } : {}),
    ...(a.adaptive === false ? { adaptive: false } : {}),
  });
  const kindToServe =
    a.kind === 'gcs' || a.kind === 'gcs-adapter' ? 'gcs' : a.kind === 'azure' || a.kind === 'azure-adapter' ? 'azure' : 's3';
  const responder =
    a.kind === 'terraform'
      ? undefined
      : await startChildResponder({
          kind: kindToServe,
          buckets: a.buckets,
          latencyMs: a.latencyMs,
          ...(a.jitterMs ? { jitterMs: a.jitterMs } : {}),
          ...(a.throttleRps ? { rps: a.throttleRps } : {}),
          ...(a.targets && a.targets > 1 ? { targets: a.targets } : {}),
          lifetimeMs: 25 * 60_000,
        });
  const planFile = a.kind === 'terraform' ? await prepareTerraform(a) : undefined;
  // The adapter under test is loaded before the clock starts (its import is not what the scenario measures).
  if (a.kind === 'aws-adapter') await import('../providers/aws/index.js');
  if (a.kind === 'gcs-adapter') await import('../providers/gcp/index.js');
  if (a.kind === 'azure-adapter') await import('../providers/azure/index.js');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let out: Outcome;
  let itemsForCalls = a.buckets;
  try {
    switch (a.kind) {
      case 'sched':
        out = await sched(responder!.url, a, scheduler, ac.signal);
        break;
      case 'aws-sdk':
        out = await awsSdk(responder!.url, a, scheduler, ac.signal);
        break;
      case 'aws-adapter':
        out = await awsAdapter(responder!.url, a, scheduler, ac.signal);
        break;
      case 'probe':
        out = await probe(responder!.url, a, scheduler, ac.signal);
        break;
      case 'gcs':
        out = await gcs(responder!.url, a, scheduler, ac.signal);
        break;
      case 'gcs-adapter':
        out = await gcsAdapter(responder!.url, a, scheduler, ac.signal);
        break;
      case 'azure':
        out = await azure(responder!.url, a, scheduler, ac.signal);
        break;
      case 'azure-adapter':
        out = await azureAdapter(responder!.url, a, scheduler, ac.signal);
        break;
      case 'scan':
        out = await scan(responder!.url, a);
        break;
      case 'terraform': {
        const r = await terraform(planFile);
        itemsForCalls = r.resources;
        out = r;
        break;
      }
    }
  } finally {
    clearTimeout(guard);
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const server: ResponderStats = responder ? await responder.stats() : emptyResponderStats();
  responder?.close();
  const st: SchedulerStats = scheduler.stats();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const accepted = server.requests - server.throttled;
  const idealMs = Math.max(
    (server.requests * a.latencyMs) / a.concurrency,
    a.throttleRps ? (accepted * 1000) / a.throttleRps : 0,
    a.maxRps ? (server.requests * 1000) / a.maxRps : 0,
  );
  const lows = Object.values(st.lanes).map((l) => l.low);
  return {
    name: a.name,
    kind: a.kind,
    buckets: a.buckets,
    latencyMs: a.latencyMs,
    concurrency: a.concurrency,
    ...(a.throttleRps ? { throttleRps: a.throttleRps } : {}),
    ...(a.maxRps ? { maxRps: a.maxRps } : {}),
    engine: out.engine,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    cpuPerCallMs: server.requests ? Number((cpuMs / server.requests).toFixed(3)) : 0,
    idealMs: Math.round(idealMs),
    ratio: idealMs > 0 ? Number((idealMs / wallMs).toFixed(3)) : 0,
    serverRequests: server.requests,
    callsPerBucket: itemsForCalls ? Number((server.requests / itemsForCalls).toFixed(2)) : 0,
    retries: st.retries + workerRetries,
    throttled: server.throttled,
    wastedPct: server.requests ? Number(((100 * server.throttled) / server.requests).toFixed(2)) : 0,
    lost: out.lost,
    incomplete: out.incomplete,
    peakRssMb: Math.round(peakRss / 2 ** 20),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    limit:
      cpuMs / wallMs > 0.8
        ? `CPU (${Math.round((100 * cpuMs) / wallMs)}% of a core)`
        : `network/latency (CPU ${Math.round((100 * cpuMs) / wallMs)}%)`,
    ...(lows.length ? { laneLow: Math.min(...lows) } : {}),
    loadAvg: Number(loadavg()[0]?.toFixed(2) ?? 0),
    byOp: server.byOp,
    ...(server.answered
      ? {
          servedMs: Number((server.servedMsSum / server.answered).toFixed(2)),
          occupancy: Number((server.inflightMsSum / wallMs / a.concurrency).toFixed(3)),
          responderCpuPct: Math.round((100 * server.cpuMs) / wallMs),
        }
      : {}),
    ...(out.note ? { note: out.note } : {}),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = JSON.parse(process.argv[2] ?? '{}') as ScenarioArgs;
  void runScenario(args).then(
    (r) => {
      process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`scenario ${args.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
