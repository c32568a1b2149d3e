/**
 * `npm run bench` — scheduler / adapter benchmarks against synthetic responders on 127.0.0.1.
 *
 *   npm run bench                      full set (1k, 10k, 100k buckets; throttle; probe; GCS; Azure; Terraform;
 *                                      GCS / Azure through the real adapters at 1k and 10k, 1k only with --quick)
 *   npm run bench -- --quick           small sizes, about a minute
 *   npm run bench -- --only aws-sdk-10k,throttle-200   run named scenarios
 *   npm run bench -- --buckets 5000 --latency 30 --concurrency 128   override sizes for every scenario
 *   npm run bench -- --json bench/results.json         also write the results as JSON
 *   npm run bench -- --only aws-adapter-10k --workers 1  AWS adapter worker threads (default: its own choice)
 *   npm run bench -- --only aws-adapter-10k --s3-client sdk  per-bucket S3 reads through the SDK (default: http)
 *   npm run bench -- --only aws-adapter-10k --ceiling   run the near-free client (sched) right before each scenario
 *                                      and print the scenario's i/a as a share of it (the machine's speed moves by the
 *                                      hour on shared hosts; the share moves much less)
 *
 * Each scenario runs in its own Node process (clean peak RSS / CPU time) with its responder in another.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ScenarioArgs, ScenarioResult } from './scenario.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    buckets: { type: 'string' },
    latency: { type: 'string' },
    concurrency: { type: 'string' },
    throttle: { type: 'string' },
    'max-rps': { type: 'string' },
    workers: { type: 'string' },
    's3-client': { type: 'string' },
    jitter: { type: 'string' },
    targets: { type: 'string' },
    json: { type: 'string' },
    list: { type: 'boolean', default: false },
    ceiling: { type: 'boolean', default: false },
  },
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const L = num(values.latency) ?? 20;
const C = num(values.concurrency) ?? 64;
const quick = Boolean(values.quick);

function plan(): ScenarioArgs[] {
  const base = { latencyMs: L, concurrency: C };
  const k = quick ? 1 : 10;
  const list: ScenarioArgs[] = [
    { ...base, kind: 'sched', name: `sched-${k}k`, buckets: k * 1000 },
    { ...base, kind: 'aws-sdk', name: 'aws-sdk-1k', buckets: 1000 },
    { ...base, kind: 'aws-sdk', name: `aws-sdk-${k}k`, buckets: k * 1000 },
    { ...base, kind: 'aws-adapter', name: 'aws-adapter-1k', buckets: 1000 },
    { ...base, kind: 'aws-adapter', name: `aws-adapter-${k}k`, buckets: k * 1000 },
    ...(quick ? [] : [{ ...base, kind: 'aws-adapter', name: 'aws-adapter-100k', buckets: 100_000 } as ScenarioArgs]),
    // an organization: member accounts of 50 buckets each, read through --aws-org-role
    { ...base, kind: 'aws-adapter', name: `aws-org-${k}k`, buckets: k * 1000, targets: k * 20 },
    ...(quick ? [] : [{ ...base, kind: 'aws-sdk', name: 'aws-sdk-100k', buckets: 100_000 } as ScenarioArgs]),
    { ...base, kind: 'scan', name: `scan-${k}k`, buckets: k * 1000 },
    ...(quick ? [] : [{ ...base, kind: 'scan', name: 'scan-100k', buckets: 100_000 } as ScenarioArgs]),
    { ...base, kind: 'aws-sdk', name: 'throttle-200', buckets: quick ? 300 : 1000, throttleRps: 200 },
    { ...base, kind: 'aws-sdk', name: 'throttle-200-maxrps', buckets: quick ? 300 : 1000, throttleRps: 200, maxRps: 200 },
    { ...base, kind: 'aws-adapter', name: 'throttle-200-adapter', buckets: quick ? 300 : 1000, throttleRps: 200, maxRps: 200 },
    { ...base, kind: 'probe', name: `probe-${k}k`, buckets: k * 1000 },
    { ...base, kind: 'gcs', name: `gcs-${k}k`, buckets: k * 1000 },
    { ...base, kind: 'gcs-adapter', name: 'gcs-adapter-1k', buckets: 1000 },
    ...(quick ? [] : [{ ...base, kind: 'gcs-adapter', name: 'gcs-adapter-10k', buckets: 10_000 } as ScenarioArgs]),
    // an organization's projects, 20 buckets each
    { ...base, kind: 'gcs-adapter', name: `gcs-projects-${k}k`, buckets: k * 1000, targets: k * 50 },
    { ...base, kind: 'azure', name: `azure-${k}k`, buckets: k * 1000 },
    { ...base, kind: 'azure-adapter', name: 'azure-adapter-1k', buckets: 1000 },
    ...(quick ? [] : [{ ...base, kind: 'azure-adapter', name: 'azure-adapter-10k', buckets: 10_000 } as ScenarioArgs]),
    { ...base, kind: 'terraform', name: `terraform-${k}k`, buckets: k * 1000 },
  ];
  const seen = new Set<string>();
  return list
    .filter((s) => !seen.has(s.name) && seen.add(s.name))
    .map((s) => ({
      ...s,
      ...(values.buckets ? { buckets: Number(values.buckets) } : {}),
      ...(values.throttle ? { throttleRps: Number(values.throttle) } : {}),
      ...(values['max-rps'] ? { maxRps: Number(values['max-rps']) } : {}),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
      ...(values.jitter ? { jitterMs: Number(values.jitter) } : {}),
      ...(values.targets && s.targets ? { targets: Number(values.targets) } : {}),
      ...(values['s3-client'] === 'sdk' || values['s3-client'] === 'http' ? { s3Client: values['s3-client'] } : {}),
    }));
}

const scenarioEntry = fileURLToPath(new URL('./scenario.ts', import.meta.url));

function runOne(a: ScenarioArgs): Promise<ScenarioResult | { name: string; error: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
        '--import',
        'tsx',
        scenarioEntry,
        JSON.stringify(a),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const killer = setTimeout(() => child.kill('SIGTERM'), 25 * 60_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as ScenarioResult);
      else resolve({ name: a.name, error: `exit ${code}` });
    });
  });
}

const fmt = (r: ScenarioResult) =>
  [
    r.name.padEnd(22),
    `${(r.wallMs / 1000).toFixed(2)}s`.padStart(8),
    `${(r.idealMs / 1000).toFixed(2)}s`.padStart(8),
    r.ratio.toFixed(2).padStart(5),
    String(r.serverRequests).padStart(7),
    r.callsPerBucket.toFixed(2).padStart(6),
    String(r.retries).padStart(6),
    `${r.wastedPct.toFixed(1)}%`.padStart(6),
    String(r.lost).padStart(5),
    String(r.incomplete).padStart(5),
    `${r.peakRssMb}/${r.maxRssMb}`.padStart(9),
    `  ${r.limit}`,
    `  cpu/call ${r.cpuPerCallMs}ms`,
    ...(r.occupancy !== undefined ? [`  served ${r.servedMs}ms occ ${r.occupancy} responder CPU ${r.responderCpuPct}%`] : []),
    `  load ${r.loadAvg}`,
    `  [${r.engine}${r.note ? `; ${r.note}` : ''}]`,
  ].join(' ');

/** The near-free client (scheduler + undici, nothing else) on the same sizes: what this machine allows right now. */
function ceilingOf(s: ScenarioArgs): ScenarioArgs {
  const { latencyMs, concurrency, buckets, jitterMs } = s;
  return { kind: 'sched', name: `ceiling-${s.name}`, latencyMs, concurrency, buckets, ...(jitterMs ? { jitterMs } : {}) };
}

async function main(): Promise<void> {
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const scenarios = plan().filter((s) => !only || only.has(s.name));
  if (values.list) {
    for (const s of scenarios) process.stdout.write(`${s.name}\n`);
    return;
  }
  process.stdout.write(
    `node ${process.version}, ${(await import('node:os')).cpus().length} cpus (${(await import('node:os')).cpus()[0]?.model ?? '?'}), latency ${L} ms, concurrency ${C}${quick ? ', quick' : ''}\n`,
  );
  process.stdout.write(
    `${'scenario'.padEnd(22)} ${'wall'.padStart(8)} ${'ideal'.padStart(8)} ${'i/a'.padStart(5)} ${'calls'.padStart(7)} ${'c/b'.padStart(6)} ${'retry'.padStart(6)} ${'waste'.padStart(6)} ${'lost'.padStart(5)} ${'unkn'.padStart(5)} ${'rss pk/max'.padStart(9)}  limit\n`,
  );
  const results: unknown[] = [];
  for (const s of scenarios) {
    const ceiling = values.ceiling && s.kind !== 'sched' && s.kind !== 'terraform' ? await runOne(ceilingOf(s)) : undefined;
    if (ceiling) {
      results.push(ceiling);
      process.stdout.write('error' in ceiling ? `${ceiling.name.padEnd(22)} FAILED (${ceiling.error})\n` : `${fmt(ceiling)}\n`);
    }
    const r = await runOne(s);
    results.push(r);
    process.stdout.write('error' in r ? `${r.name.padEnd(22)} FAILED (${r.error})\n` : `${fmt(r)}\n`);
    if (ceiling && !('error' in ceiling) && !('error' in r) && ceiling.ratio > 0)
      process.stdout.write(
        `${''.padEnd(22)} of the ceiling: ${r.ratio.toFixed(2)} / ${ceiling.ratio.toFixed(2)} = ${(r.ratio / ceiling.ratio).toFixed(2)}\n`,
      );
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
}

void main();
