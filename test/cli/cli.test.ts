import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';

const exec = promisify(execFile);

describe('CLI edge', () => {
  it('--help lists the commands and examples, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['scan', 'probe', 'terraform', 'diff', 'init']) expect(r.stdout).toContain(c);
    expect(r.stdout).toMatch(/Exit codes: 0 clean, 1 findings/);
  });

  it('--version prints the version, exit 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  const usage: [string, string[], RegExp][] = [
    ['unknown option', ['--bogus'], /unknown option '--bogus'/],
    ['bad format', ['--format', 'xml', 'scan'], /argument 'xml' is invalid/],
    ['bad --fail-on', ['--fail-on', 'severe', 'scan'], /argument 'severe' is invalid/],
    ['scan without provider', ['scan'], /needs at least one --provider/],
    ['--probe-write without --probe', ['scan', '-p', 'aws', '--probe-write'], /--probe-write needs --probe/],
    ['bad concurrency', ['scan', '-p', 'aws', '--concurrency', 'lots'], /--concurrency must be a positive integer/],
    [
      'missing config file',
      ['scan', '--config', '/nonexistent/bucketaudit.yaml'],
      /bucketaudit\.yaml: cannot read config: ENOENT/,
    ],
    ['diff of non-reports', ['diff', '/nonexistent/a.json', '/nonexistent/b.json'], /cannot read report/],
    [
      'endpoint that is not a URL',
      ['scan', '-p', 'aws', '--aws-endpoint', 'localhost:7480'],
      /--aws-endpoint must be an http\(s\) URL, got "localhost:7480"/,
    ],
    [
      'webhook that is not a URL',
      ['terraform', 'mocks/terraform/good', '--notify-webhook', 'ftp://x'],
      /--notify-webhook must be an http\(s\) URL/,
    ],
    [
      'unwritable --output',
      ['--output', '/nonexistent/dir/report.json', 'terraform', 'mocks/terraform/good'],
      /report\.json: cannot write report: ENOENT/,
    ],
  ];
  it.each(usage)('%s -> exit 2 with a one-line message, no stack', async (_n, argv, re) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('init writes a starter config that validates, and refuses to overwrite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-init-'));
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    const text = await readFile(join(dir, 'bucketaudit.yaml'), 'utf8');
    expect(parseConfig(text, 'bucketaudit.yaml').version).toBe(1);
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('init -o FILE writes FILE (the global --output was ignored), and two different places are refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-init-o-'));
    expect((await runCli(['init', '-o', 'audit.yaml'], { cwd: dir })).code).toBe(0);
    expect(parseConfig(await readFile(join(dir, 'audit.yaml'), 'utf8'), 'audit.yaml').version).toBe(1);
    await expect(readFile(join(dir, 'bucketaudit.yaml'), 'utf8')).rejects.toThrow();
    expect((await runCli(['init', 'same.yaml', '--output', 'same.yaml'], { cwd: dir })).code).toBe(0);
    const both = await runCli(['init', 'a.yaml', '-o', 'b.yaml'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/two places to write to \(a\.yaml and --output b\.yaml\)/);
  });

  it('a config error names file and line, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-cfg-'));
    await writeFile(join(dir, 'bucketaudit.yaml'), 'version: 1\nproviders:\n  aws:\n    profile: prod\n');
    const r = await runCli(['scan', '--config', 'bucketaudit.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bucketaudit\.yaml:4: providers\.aws: unknown key\(s\) "profile"/);
  });

  it('the installed bin runs from the repo (npx bucketaudit --help)', async () => {
    const { stdout } = await exec(process.execPath, [new URL('../../bin/bucketaudit.mjs', import.meta.url).pathname, '--help'], {
      timeout: 60_000,
    });
    expect(stdout).toContain('Usage: bucketaudit');
  });
});
