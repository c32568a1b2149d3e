/**
 * --baseline and diff given the wrong file: a BOM-prefixed report is read; a SARIF file, a report of another
 * schema version, a probe report, a malformed entry each say what the file is (with the line of the bad entry).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const plan = join(process.cwd(), 'mocks/terraform/s3-public-acl/plan.json');
let dir: string;
let report: Record<string, unknown> & { findings: Record<string, unknown>[] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ba-badreport-'));
  expect((await runCli(['--format', 'json', '-o', 'good.json', '-q', 'terraform', plan], { cwd: dir })).code).toBe(0);
  expect((await runCli(['--format', 'sarif', '-o', 'r.sarif', '-q', 'terraform', plan], { cwd: dir })).code).toBe(0);
  report = JSON.parse(await readFile(join(dir, 'good.json'), 'utf8'));
});

const put = async (name: string, text: string) => {
  await writeFile(join(dir, name), text);
  return name;
};

describe('reports given to diff and --baseline', () => {
  it('a report saved with a UTF-8 BOM is read (it was "not JSON: Unexpected token")', async () => {
    const f = await put('bom.json', `\uFEFF${await readFile(join(dir, 'good.json'), 'utf8')}`);
    const d = await runCli(['diff', 'good.json', f], { cwd: dir });
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    const b = await runCli(['-q', 'terraform', plan, '--baseline', f], { cwd: dir });
    expect(b.code).toBe(0);
  });

  const bad: [string, () => Promise<string>, RegExp][] = [
    ['a SARIF file', async () => 'r.sarif', /r\.sarif: a SARIF file, not a bucketaudit JSON report/],
    [
      'a report of another schema version',
      () => put('v2.json', JSON.stringify({ ...report, schemaVersion: 2 })),
      /v2\.json: a report with schemaVersion 2; this bucketaudit reads schemaVersion 1/,
    ],
    [
      'a probe report',
      () => put('probe.json', JSON.stringify({ schemaVersion: 1, command: 'probe', targets: [], errors: [] })),
      /probe\.json: a probe report, not a scan or terraform report/,
    ],
    [
      'a finding with a bad severity (line and column)',
      () => put('sev.json', JSON.stringify({ ...report, findings: [{ ...report.findings[0], severity: 'SEVERE' }] }, null, 2)),
      /sev\.json:\d+:\d+: not a valid bucketaudit JSON report: findings\[0\]\.severity/,
    ],
    [
      'a finding without fingerprint (line of the finding)',
      () => {
        const { fingerprint: _f, ...rest } = report.findings[0] as Record<string, unknown>;
        return put('nofp.json', JSON.stringify({ ...report, findings: [rest] }, null, 2));
      },
      /nofp\.json:\d+:\d+: not a valid bucketaudit JSON report: findings\[0\]\.fingerprint: Required/,
    ],
    [
      'a finding nested deeper than the position finder recurses (it was "internal error: Maximum call stack size")',
      () =>
        put(
          'deep.json',
          JSON.stringify({ ...report, findings: ['DEEP'] }).replace('"DEEP"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
        ),
      /deep\.json: not a valid bucketaudit JSON report: findings\[0\]: Expected object/,
    ],
  ];
  it.each(bad)('%s -> exit 2 naming the file', async (_n, make, re) => {
    const f = await make();
    for (const argv of [
      ['diff', 'good.json', f],
      ['-q', 'terraform', plan, '--baseline', f],
    ]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    }
  });

  it('the line reported for a bad entry is the line of that entry', async () => {
    const text = JSON.stringify({ ...report, findings: [{ ...report.findings[0], severity: 'SEVERE' }] }, null, 2);
    await put('sev2.json', text);
    const r = await runCli(['diff', 'good.json', 'sev2.json'], { cwd: dir });
    const line = Number(/sev2\.json:(\d+):/.exec(r.stderr)?.[1]);
    expect(text.split('\n')[line - 1]).toMatch(/"severity": "SEVERE"/);
  });
});
