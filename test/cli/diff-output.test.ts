/** diff honours --output and refuses formats it cannot write (they printed the text diff to stdout instead). */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ba-diff-'));
  const plan = join(process.cwd(), 'mocks/terraform/s3-public-acl/plan.json');
  const r = await runCli(['--format', 'json', '-o', 'old.json', '-q', 'terraform', plan], { cwd: dir });
  expect(r.code).toBe(0);
});

describe('diff output', () => {
  const formats: string[][] = [['sarif'], ['html'], ['markdown'], ['junit']];
  it.each(formats)('--format %s -> exit 2, nothing on stdout', async (format) => {
    const r = await runCli(['--format', format, 'diff', 'old.json', 'old.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`diff writes table or json, not ${format}`));
    expect(r.stdout).toBe('');
  });

  const outputs: [string, string[], RegExp][] = [
    ['table', [], /^0 new, 0 resolved, 0 verdict change\(s\)\n$/],
    ['json', ['--format', 'json'], /"command": "diff"/],
  ];
  it.each(outputs)('--output writes the %s diff to the file, not stdout', async (name, flags, re) => {
    const r = await runCli([...flags, '--output', `diff-${name}.out`, 'diff', 'old.json', 'old.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(await readFile(join(dir, `diff-${name}.out`), 'utf8')).toMatch(re);
  });

  it('--output to a missing directory -> exit 2 with the file', async () => {
    const r = await runCli(['--output', 'no/such/dir/d.txt', 'diff', 'old.json', 'old.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no\/such\/dir\/d\.txt: cannot write report: ENOENT/);
  });
});
