import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { AuditReport } from '../../src/model/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd: ROOT,
  });
  return { code, out, err };
}

describe('bucketaudit terraform (CLI, in-process)', () => {
  it('prints a JSON report with addresses and file:line', async () => {
    const r = await run(['terraform', 'mocks/terraform/s3-public-policy/plan.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as AuditReport;
    expect(report.command).toBe('terraform');
    const res = report.resources.find((x) => x.id === 'arn:aws:s3:::ba-public-policy');
    expect(res?.source).toMatchObject({
      origin: 'terraform-plan',
      file: 'mocks/terraform/s3-public-policy/main.tf',
      line: 2,
      address: 'aws_s3_bucket.b',
    });
    expect(res?.verdict).toBe('PUBLIC');
  });

  it('--fail-on gates the exit code', async () => {
    expect(
      (await run(['terraform', 'mocks/terraform/s3-public-policy/main.tf', '--format', 'json', '--fail-on', 'high'])).code,
    ).toBe(1);
    expect((await run(['terraform', 'mocks/terraform/good/plan.json', '--format', 'json', '--fail-on', 'high'])).code).toBe(0);
  });

  it('reads a whole directory tree (plans preferred where present, no duplicates)', async () => {
    const r = await run(['terraform', 'mocks/terraform', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as AuditReport;
    const ids = report.resources.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('arn:aws:s3:::ba-mod-alpha');
    expect(report.resources.every((x) => x.source.origin === 'terraform-plan')).toBe(true);
  });

  it('accepts terraform show -json STATE output', async () => {
    const r = await run(['terraform', 'test/terraform/fixtures/state.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as AuditReport;
    expect(report.resources.map((x) => [x.id, x.verdict])).toEqual([['arn:aws:s3:::ba-state', 'PUBLIC']]);
  });

  it('invalid HCL => exit 2, one line with file:line and the parser message', async () => {
    const r = await run(['terraform', 'test/terraform/fixtures/bad-hcl/main.tf']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bucketaudit: test\/terraform\/fixtures\/bad-hcl\/main\.tf:3:\d+: invalid HCL: .*expression/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('invalid JSON => exit 2 with file:line:column', async () => {
    // Written at run time: a broken .json under test/ would fail the repository's lint.
    const dir = mkdtempSync(join(tmpdir(), 'ba-badjson-'));
    const file = join(dir, 'bad-plan.json');
    writeFileSync(
      file,
      '{\n  "format_version": "1.2",\n  "resource_changes": [\n    { "address": "aws_s3_bucket.b", }\n  ]\n}\n',
    );
    const r = await run(['terraform', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bucketaudit: \S*bad-plan\.json:4:37: invalid JSON/);
    writeFileSync(file, '{\n  "format_version": "1.2",\n  "values": tru\n}\n');
    const r2 = await run(['terraform', file]);
    expect(r2.err).toMatch(/bad-plan\.json:3:\d+: invalid JSON/);
  });

  it('a suppression without a reason is an input error naming file:line', async () => {
    const r = await run(['terraform', 'test/terraform/fixtures/no-reason']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/test\/terraform\/fixtures\/no-reason\/main\.tf:5: bucketaudit:ignore BA-AWS-001 has no reason/);
  });

  it('missing path => exit 2', async () => {
    const r = await run(['terraform', 'does/not/exist.tf']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does/not/exist.tf');
  });

  it('an unreadable .tf beside a plan => exit 2, one line naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-unreadable-'));
    writeFileSync(join(dir, 'plan.json'), readFileSync(join(ROOT, 'mocks/terraform/s3-public-policy/plan.json')));
    symlinkSync(join(dir, 'gone'), join(dir, 'main.tf'));
    const r = await run(['terraform', dir]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/main\.tf: cannot read \(ENOENT\)/);
    expect(r.err).not.toContain('internal error');
  });
});

/** Every documented command line in docs/ci.md and action.yml runs against a bundled scenario. */
describe('documented CI command lines', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ba-ci-'));
  const bad = 'mocks/terraform/s3-public-policy/plan.json';
  const good = 'mocks/terraform/good/plan.json';

  function commandLines(): { from: string; args: string[] }[] {
    const out: { from: string; args: string[] }[] = [];
    const docs = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
    for (const m of docs.matchAll(/bucketaudit terraform ([^\n>]*)/g)) {
      const line = m[1]!.trim();
      if (line.startsWith('reads') || line.includes('`')) continue;
      out.push({ from: `docs/ci.md: ${line}`, args: line.split(/\s+/) });
    }
    const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    for (const m of action.matchAll(/bucketaudit\.mjs" terraform ([^\n]*)/g)) {
      const line = m[1]!
        .replace(/\$\{\{ inputs\.path \}\}/, 'plan.json')
        .replace(/\$\{\{ inputs\.format \}\}/, 'sarif')
        .replace(/\$\{\{ inputs\.output \}\}/, 'bucketaudit.sarif')
        .replace(/\$\{\{ inputs\.fail-on \}\}/, 'high');
      out.push({ from: `action.yml: ${line}`, args: line.split(/\s+/) });
    }
    return out;
  }

  it('finds the documented commands', () => {
    expect(commandLines().length).toBeGreaterThanOrEqual(5);
  });

  for (const { from, args } of commandLines()) {
    it(from, async () => {
      for (const scenario of [bad, good]) {
        let outFile: string | undefined;
        const argv = args.map((a, i) => {
          if (a === 'plan.json' || a === 'infra/') return scenario;
          if (args[i - 1] === '--output') {
            outFile = join(tmp, `${scenario.includes('good') ? 'good' : 'bad'}-${a}`);
            return outFile;
          }
          return a;
        });
        const r = await run(['terraform', ...argv]);
        const gated = args.includes('--fail-on');
        expect(r.code, `${scenario}: ${r.err}`).toBe(scenario === bad && gated ? 1 : 0);
        if (outFile) expect(readFileSync(outFile, 'utf8').length).toBeGreaterThan(0);
      }
    });
  }
});
