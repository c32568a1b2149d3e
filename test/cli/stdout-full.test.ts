/**
 * A report that cannot be written to stdout (a full disk) ends with one line on stderr and exit 2, as an unwritable
 * --output does; it was an uncaught ENOSPC with a stack trace, exit 1. A reader that leaves (EPIPE, `| head`) still
 * ends with the run's own exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/bucketaudit.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], stdout: 'pipe' | number, readBytes?: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    if (readBytes !== undefined && child.stdout) {
      let got = 0;
      child.stdout.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= readBytes) child.stdout?.destroy(); // `| head -c N`
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout that fails mid-report', () => {
  const cases: [string, string[]][] = [
    ['terraform report', ['--format', 'json', '-q', 'terraform', 'mocks/terraform']],
    ['table report', ['-q', 'terraform', 'mocks/terraform']],
  ];
  it.each(cases)(
    '%s to /dev/full -> exit 2, one line, no stack',
    async (_n, args) => {
      expect(existsSync('/dev/full')).toBe(true);
      const r = await run(args, openSync('/dev/full', 'w'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bucketaudit: cannot write the report to stdout: ENOSPC/);
      expect(r.stderr).not.toMatch(/\n\s+at |throw err/);
    },
    60_000,
  );

  it('a reader that leaves early (EPIPE) -> the run exit code (1 with --fail-on), no stack', async () => {
    const r = await run(['--fail-on', 'high', '-q', 'terraform', 'mocks/terraform'], 'pipe', 10);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at |EPIPE/);
  }, 60_000);
});
