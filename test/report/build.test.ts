import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/analyzer/context.js';
import { runChecks } from '../../src/checks/index.js';
import { buildReport } from '../../src/report/build.js';
import { reportSchema } from '../../src/report/schema.js';
import { assessment, resource } from '../checks/_assessments.js';
import { sampleAssessments, sampleReport } from './_report.js';

describe('buildReport', () => {
  const report = sampleReport();

  it('validates against the exported zod schema', () => {
    const parsed = reportSchema.safeParse(JSON.parse(JSON.stringify(report)));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('the schema rejects contract violations', () => {
    const bad = JSON.parse(JSON.stringify(report));
    bad.resources[0].severity = 'HIGH';
    expect(reportSchema.safeParse(bad).success).toBe(false);
    const bad2 = JSON.parse(JSON.stringify(report));
    bad2.schemaVersion = 2;
    expect(reportSchema.safeParse(bad2).success).toBe(false);
  });

  it('orders resources by provider then name and findings by severity then id', () => {
    expect(report.resources.map((r) => `${r.provider}/${r.name}`).slice(0, 4)).toEqual([
      'aws/tf-bucket',
      'aws/zeta-public',
      'azure/<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
      'gcp/alpha-unknown',
    ]);
    const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
    for (let i = 1; i < report.findings.length; i++) {
      const a = report.findings[i - 1]!;
      const b = report.findings[i]!;
      expect(rank[a.severity] > rank[b.severity] || (a.severity === b.severity && a.checkId <= b.checkId)).toBe(true);
    }
  });

  it('is deterministic regardless of input order', () => {
    const as = sampleAssessments();
    const fs = runChecks(as, defaultContext({ now: new Date(0) }));
    const at = new Date('2026-01-01T00:00:00Z');
    const one = buildReport({ command: 'scan', assessments: as, findings: fs, errors: [], generatedAt: at });
    const two = buildReport({
      command: 'scan',
      assessments: [...as].reverse(),
      findings: [...fs].reverse(),
      errors: [],
      generatedAt: at,
    });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('maps resources: Terraform address, lowercase severity, capabilities, reasons, probe, failing compliance', () => {
    const tf = report.resources.find((r) => r.name === 'tf-bucket')!;
    expect(tf).toMatchObject({
      id: 'aws_s3_bucket.logs',
      address: 'aws_s3_bucket.logs',
      verdict: 'PUBLIC',
      severity: 'critical',
    });
    expect(tf.capabilities).toEqual([
      { capability: 'WRITE', scope: 'bucket' },
      { capability: 'READ', scope: 'bucket' },
    ]);
    expect(tf.reasons[0]).toMatchObject({ kind: 'acl-grant', path: 'acl.Grants[1]' });
    expect(tf.compliance?.['aws-securityhub']).toEqual(expect.arrayContaining(['S3.2', 'S3.3', 'S3.12']));
    const live = report.resources.find((r) => r.name === 'zeta-public')!;
    expect(live.address).toBeUndefined();
    expect(report.resources.find((r) => r.provider === 'azure')?.probe?.status).toBe('confirmed');
  });

  it('summarises counts and marks partial results', () => {
    const s = report.summary;
    const count = (st: string) => report.findings.filter((f) => f.status === st && !f.suppressed).length;
    expect(s.findings).toEqual({ fail: count('fail'), unknown: count('unknown'), pass: count('pass'), suppressed: 0 });
    expect(s.findings.fail).toBeGreaterThan(0);
    expect(s.resources).toBe(5);
    expect(s.byVerdict).toEqual({ PUBLIC: 3, UNKNOWN: 1, PRIVATE: 1 });
    expect(s.partial).toBe(true);
    const clean = buildReport({ command: 'scan', assessments: [assessment(resource('aws', 'ok'))], findings: [], errors: [] });
    expect(clean.summary.partial).toBe(false);
  });

  it('counts suppressed findings separately', () => {
    const as = [assessment(resource('aws', 'ok'))];
    const fs = runChecks(as, defaultContext()).map((f) => ({ ...f, suppressed: { reason: 'accepted', by: 'allowlist' } }));
    const r = buildReport({ command: 'scan', assessments: as, findings: fs, errors: [] });
    expect(r.summary.findings).toEqual({ fail: 0, unknown: 0, pass: 0, suppressed: fs.length });
  });
});
