/**
 * `scan` and the process's heap policy (src/runtime/heap.ts): relaxed when the scan starts, told the listed total.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Responder } from '../../mocks/bench/common.js';
import { startS3Responder } from '../../mocks/bench/s3.js';
import { main } from '../../src/cli/main.js';
import { offlineAwsEnv } from '../helpers/aws-env.js';

const ENV = offlineAwsEnv('AKIAHEAPHEAPHEAPHEAP', 'heap/heap/heap/heap/heap/heap/heap/heap0');

let server: Responder | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('scan: the heap policy', () => {
  it('relaxes the heap growth when the scan starts, then reports the listed total as it grows', async () => {
    server = await startS3Responder({ buckets: 30, latencyMs: 0, lifetimeMs: 60_000 });
    const calls: string[] = [];
    const expected: number[] = [];
    const code = await main(['scan', '--provider', 'aws', '--aws-endpoint', server.url, '-f', 'json', '--quiet'], {
      stdout: { write: () => true },
      stderr: { write: () => true, isTTY: false },
      env: ENV,
      cwd: process.cwd(),
      heap: {
        relax: () => calls.push('relax'),
        expect: (n) => {
          calls.push('expect');
          expected.push(n);
        },
      },
    });
    expect(code).not.toBe(2);
    expect(calls[0]).toBe('relax'); // before anything is collected
    expect(calls.filter((c) => c === 'relax')).toHaveLength(1);
    expect(expected.at(-1)).toBe(30); // the scan's whole listing
    expect(expected.length).toBeLessThanOrEqual(2); // once per new total, not once per bucket
  }, 60_000);
});
