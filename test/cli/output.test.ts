import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '../..');

describe('report output', () => {
  it('hands the exit code over before streaming the report (a reader that leaves mid-stream must not turn 1 into 0)', async () => {
    const events: string[] = [];
    const code = await main(['terraform', 'mocks/terraform/s3-public-policy', '--format', 'json', '--fail-on', 'high'], {
      stdout: { write: () => events.push('write') },
      stderr: { write: () => true },
      env: {},
      cwd: ROOT,
      setExitCode: (c) => events.push(`exit ${c}`),
    });
    expect(code).toBe(1);
    expect(events[0]).toBe('exit 1');
    expect(events.filter((e) => e === 'write').length).toBeGreaterThan(0);
  });
});

describe('the exit code is handed over before the output is written, by every command', () => {
  // `bucketaudit ... | head`: bin/bucketaudit.mjs ends the process with the code handed over when the reader leaves.
  it('scan / terraform: the findings code', async () => {
    const r = await runCli(['terraform', 'mocks/terraform/s3-public-policy', '--fail-on', 'high'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.codeAtFirstWrite).toBe(1);
  });

  it('demo: 0 even with --fail-on (the demo shows findings; its code says it ran), before and after', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-demo-exit-'));
    const r = await runCli(['demo', '--s3', 'builtin', '--fail-on', 'high', '--format', 'json', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.codeAtFirstWrite).toBe(0);
  });

  it('probe: --fail-on-unknown with a target it could not settle hands over 1 before the table', async () => {
    const r = await runCli(
      ['probe', '--s3-endpoint', 'http://127.0.0.1:9', '--timeout', '2000', '--fail-on-unknown', 's3://ba-exit-code'],
      { cwd: ROOT },
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.codeAtFirstWrite).toBe(1);
    const clean = await runCli(['probe', '--s3-endpoint', 'http://127.0.0.1:9', '--timeout', '2000', 's3://ba-exit-code'], {
      cwd: ROOT,
    });
    expect(clean.code).toBe(0);
    expect(clean.codeAtFirstWrite).toBe(0);
  });

  it('diff: new findings at --fail-on hand over 1 before the list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-diff-exit-'));
    for (const [plan, out] of [
      ['s3-safe-default', 'old.json'],
      ['s3-public-policy', 'new.json'],
    ] as const)
      expect(
        (await runCli(['terraform', join(ROOT, 'mocks/terraform', plan), '--format', 'json', '--output', out], { cwd: dir }))
          .code,
      ).toBe(0);
    const r = await runCli(['diff', 'old.json', 'new.json', '--fail-on', 'high'], { cwd: dir });
    expect(r.stdout).toMatch(/^[1-9]\d* new/);
    expect(r.code).toBe(1);
    expect(r.codeAtFirstWrite).toBe(1);
  });
});
