/**
 * scan with AWS worker threads: the progress summary counts the calls made inside the worker threads
 * (delivered through ctx.onWorkerStats), so it matches the requests the responder saw.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Responder } from '../../mocks/bench/common.js';
import { startS3Responder } from '../../mocks/bench/s3.js';
import { main } from '../../src/cli/main.js';
import { offlineAwsEnv } from '../helpers/aws-env.js';

const ENV = offlineAwsEnv('AKIAPROGPROGPROGPROG', 'prog/prog/prog/prog/prog/prog/prog/prog0');

let server: Responder | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scanCalls(workers: number): Promise<{ calls: number; requests: number; resources: number }> {
  server = await startS3Responder({ buckets: 24, latencyMs: 1, lifetimeMs: 60_000 });
  const out: string[] = [];
  const err: string[] = [];
  await main(['scan', '--provider', 'aws', '--aws-endpoint', server.url, '--workers', String(workers), '-f', 'json'], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    env: ENV,
    cwd: process.cwd(),
  });
  const lines = err.join('').split('\n');
  const summary = lines.filter((l) => l.includes('collect aws 24/24')).at(-1) ?? '';
  const calls = Number(/calls (\d+)/.exec(summary)?.[1] ?? Number.NaN);
  const requests = server.stats().requests;
  await server.close();
  server = undefined;
  return { calls, requests, resources: (JSON.parse(out.join('')) as { resources: unknown[] }).resources.length };
}

describe('scan progress with worker threads', () => {
  it('counts the calls of the worker threads in the progress summary', async () => {
    const one = await scanCalls(1);
    const two = await scanCalls(2);
    expect(one.resources).toBe(24);
    expect(two.resources).toBe(24);
    expect(one.calls).toBe(one.requests);
    // Before: only the main thread's calls (enumeration, account level) were counted with --workers 2.
    expect(two.calls).toBe(two.requests);
    expect(two.calls).toBe(one.calls);
  }, 60_000);
});
