/**
 * The README's examples that need no network and no server, run as written (with a fixture where they name a
 * file), so the docs cannot silently rot: exit codes, files written, and every option the README names.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = process.cwd();
const readme = await readFile(join(root, 'README.md'), 'utf8');
/** "npx bucketaudit ..." lines of the README's code blocks, without the trailing comment. */
const examples = [...readme.matchAll(/^npx bucketaudit (.+)$/gm)].map((m) => (m[1] ?? '').replace(/\s+#.*$/, '').trim());
const argv = (line: string) => line.split(/\s+/);
const example = (start: string): string => {
  const line = examples.find((e) => e.startsWith(start));
  if (!line) throw new Error(`README has no example starting "npx bucketaudit ${start}"`);
  return line;
};

describe('README examples (offline)', () => {
  it('init writes bucketaudit.yaml (exit 0), and refuses to overwrite it (exit 2)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ba-readme-'));
    expect((await runCli(argv(example('init')), { cwd })).code).toBe(0);
    expect(await readFile(join(cwd, 'bucketaudit.yaml'), 'utf8')).toContain('failOn: high');
    const again = await runCli(argv(example('init')), { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('terraform plan.json --fail-on high --format sarif -o bucketaudit.sarif: exit 1 on a public bucket, 0 on a good one', async () => {
    const line = example('terraform plan.json');
    const bad = await mkdtemp(join(tmpdir(), 'ba-readme-'));
    await copyFile(join(root, 'mocks/terraform/s3-public-policy/plan.json'), join(bad, 'plan.json'));
    expect((await runCli(argv(line), { cwd: bad })).code).toBe(1);
    const sarif = JSON.parse(await readFile(join(bad, 'bucketaudit.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    const good = await mkdtemp(join(tmpdir(), 'ba-readme-'));
    await copyFile(join(root, 'mocks/terraform/good/plan.json'), join(good, 'plan.json'));
    expect((await runCli(argv(line), { cwd: good })).code).toBe(0);
  });

  it('diff last.json this.json compares two JSON reports (exit 0)', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ba-readme-'));
    const tf = (dir: string, out: string) =>
      runCli(['terraform', join(root, 'mocks/terraform', dir), '--format', 'json', '-o', out], { cwd });
    expect((await tf('s3-safe-default', 'last.json')).code).toBe(0);
    expect((await tf('s3-public-policy', 'this.json')).code).toBe(0);
    const r = await runCli(argv(example('diff')), { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ new, \d+ resolved, \d+ verdict change\(s\)/);
  });

  it('probe --from-file with only invalid names: exit 2, each bad line named with file:line', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ba-readme-'));
    await writeFile(join(cwd, 'buckets.txt'), '# comment\nBad_Name\nbad..name\n');
    const r = await runCli(argv(example('probe --provider aws --from-file buckets.txt')), { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('buckets.txt:2:');
    expect(r.stderr).toContain('buckets.txt:3:');
  });

  it('exit code 2 for a bad flag', async () => {
    expect((await runCli(['terraform', 'mocks/terraform/good', '--no-such-flag'])).code).toBe(2);
  });

  it('every --option the README names exists in some --help', async () => {
    let help = '';
    for (const cmd of [[], ['scan'], ['terraform'], ['probe'], ['demo'], ['init'], ['diff']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      help += r.stdout;
    }
    // "--trust-account/-org/-domain/-project" names four options.
    const named = new Set<string>();
    for (const m of readme.matchAll(/--([a-z0-9][a-z0-9-]*)((?:\/-[a-z]+)*)/g)) {
      named.add(`--${m[1]}`);
      const base = (m[1] ?? '').replace(/-[a-z]+$/, '');
      for (const s of (m[2] ?? '').split('/-').filter(Boolean)) named.add(`--${base}-${s}`);
    }
    named.delete('--max-semi-space-size'); // a Node option the README quotes
    expect(named.size).toBeGreaterThan(40);
    const missing = [...named].filter((o) => !new RegExp(`${o}(?![a-z0-9-])`).test(help));
    expect(missing).toEqual([]);
  });
});
