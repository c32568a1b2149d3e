import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';

const withCli = CHECKS.filter((c) => c.remediation.cli).map((c) => [c.id, c.remediation.cli!] as const);

// A scratch directory with files that an unquoted glob in a pasted command would match (zsh: "no matches found"
// when none match; bash/sh: silently replaced by the file name).
const dir = mkdtempSync(join(tmpdir(), 'ba-cli-'));
for (const f of ['Rules=O', 'policy.json']) writeFileSync(join(dir, f), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** argv of each line as bash would pass it with failglob (zsh's default behaviour) and nounset; nothing is run. */
function argvOf(line: string): string[] {
  const out = execFileSync('/bin/bash', ['-O', 'failglob', '-u', '-c', `set -- ${line}; printf '%s\\0' "$@"`], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin' },
  });
  return out.split('\0').slice(0, -1);
}

describe('CLI remediation is literal shell: no unquoted glob or expansion', () => {
  it.each(withCli)('%s', (_id, cli) => {
    for (const line of cli.split('\n')) {
      const cmd = line.replace(/\s+#.*$/, '').replace(/\s*>\s*\S+$/, '');
      const argv = argvOf(cmd);
      expect(['aws', 'gcloud', 'gsutil', 'az', 'bucketaudit']).toContain(argv[0]);
      // Every word reaches the CLI exactly as written (no glob replaced it, nothing expanded).
      expect(argv.join(' ')).toBe(
        cmd
          .replace(/'([^']*)'|"([^"]*)"/g, '$1$2')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
  });
});
