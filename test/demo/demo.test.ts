import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';

async function demo(s3: 'builtin' | 'rgw') {
  const dir = await mkdtemp(join(tmpdir(), `ba-demo-${s3}-`));
  const r = await runCli(['demo', '--s3', s3, '--format', 'json', '--output', 'demo.json'], { cwd: dir });
  const report = JSON.parse(await readFile(join(dir, 'demo.json'), 'utf8')) as AuditReport;
  const html = await readFile(join(dir, 'bucketaudit-report.html'), 'utf8');
  return { r, report, html };
}

const verdictOf = (report: AuditReport, name: string, origin = 'live') =>
  report.resources.find((x) => x.name === name && x.source.origin === origin)?.verdict;

describe('bucketaudit demo', () => {
  it.each(['builtin', 'rgw'] as const)('S3 on %s: findings for every provider, HTML written, exit 0', async (s3) => {
    const { r, report, html } = await demo(s3);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/every local server has been stopped/);
    for (const p of ['aws', 'gcp', 'azure'] as const) {
      expect(
        report.findings.some((f) => f.provider === p && f.status === 'fail'),
        `fail findings for ${p}`,
      ).toBe(true);
      expect(
        report.resources.some((x) => x.provider === p && x.source.origin === 'live'),
        `live ${p}`,
      ).toBe(true);
      expect(
        report.resources.some((x) => x.provider === p && x.source.origin.startsWith('terraform')),
        `terraform ${p}`,
      ).toBe(true);
    }
    // the live estate gives the verdicts the rules give
    expect(verdictOf(report, 'acme-site')).toBe('PUBLIC');
    expect(verdictOf(report, 'acme-backups')).toBe('PUBLIC');
    expect(verdictOf(report, 'acme-logs')).toBe('PRIVATE');
    expect(verdictOf(report, 'acme-latent')).toBe('LATENT');
    expect(verdictOf(report, 'acme-partner')).toBe('SHARED');
    expect(verdictOf(report, 'acme-office')).toBe('RESTRICTED');
    expect(verdictOf(report, 'acme-public-assets')).toBe('PUBLIC');
    expect(verdictOf(report, 'acme-partner-drop')).toBe('PUBLIC_AUTHENTICATED');
    expect(verdictOf(report, 'public-downloads')).toBe('PUBLIC');
    expect(verdictOf(report, 'private-hr')).toBe('PRIVATE');
    // probes confirmed what is really reachable
    const downloads = report.resources.find((x) => x.name === 'public-downloads');
    expect(downloads?.probe?.status).toBe('confirmed');
    expect(report.resources.find((x) => x.name === 'acme-backups')?.probe?.listable).toBe(true);
    if (s3 === 'builtin') {
      // AccessDenied on the policy is never "private"; the probe proves the bucket is readable and raises the verdict
      const audit = report.resources.find((x) => x.name === 'acme-restricted-audit');
      expect(audit?.unknownInputs.some((u) => u.reason === 'access-denied')).toBe(true);
      expect(audit?.verdict).toBe('PUBLIC');
      expect(audit?.disagreement?.with).toBe('probe');
    }
    // passing checks are counted (not listed) and survive the merge of the scan and terraform reports
    expect(report.summary.findings.pass).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.status === 'pass')).toBe(false);
    expect(html).toMatch(/<html/i);
    expect(html).toContain('acme-backups');
  });
});
