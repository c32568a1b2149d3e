/**
 * A report that cannot be written to stdout (a full disk) ends with one line on stderr and exit 2, as an unwritable
 * --output does; it was an uncaught ENOSPC with a stack trace, exit 1. A reader that leaves (EPIPE, `| head`) still
 * ends with the run's own exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/bucketaudit.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

function run(
  args: string[],
  stdout: 'pipe' | number,
  readBytes?: number,
  stderrTo: 'pipe' | number = 'pipe',
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', stdout, stderrTo] });
    let stderr = '';
    let out = '';
    child.stderr?.on('data', (d) => (stderr += d));
    if (readBytes === undefined) child.stdout?.on('data', (d) => (out += d));
    if (readBytes !== undefined && child.stdout) {
      let got = 0;
      child.stdout.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= readBytes) child.stdout?.destroy(); // `| head -c N`
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, stdout: out }));
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

  it('stderr that cannot be written (2>/dev/full): the run still writes its report and ends with its own code', async () => {
    // "wrote json report to ..." goes to stderr after the report: a failed write there crashed the run with exit 1
    // (the code for findings) after a clean audit
    const dir = mkdtempSync(join(tmpdir(), 'ba-stderr-full-'));
    const out = join(dir, 'r.json');
    const r = await run(
      ['--format', 'json', '-o', out, 'terraform', 'mocks/terraform'],
      'pipe',
      undefined,
      openSync('/dev/full', 'w'),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('summary');
  }, 60_000);

  it('a reader that leaves early (EPIPE) -> the run exit code (1 with --fail-on), no stack', async () => {
    const r = await run(['--fail-on', 'high', '-q', 'terraform', 'mocks/terraform'], 'pipe', 10);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at |EPIPE/);
  }, 60_000);
});
