import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: the run's temporary files (reports, fixtures, server data directories, those of the child
 * processes the tests start) go under one directory, removed when the run ends. Test files make their own with
 * mkdtemp(tmpdir()) and need not clean up; before this, every run left about fifteen directories in /tmp.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'ba-test-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir; // os.tmpdir() reads it on each call, in the test workers and their children alike
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
