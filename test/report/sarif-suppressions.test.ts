import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { renderSarif } from '../../src/report/sarif.js';
import { validateSarif } from './_multitool.js';
import { sampleReport } from './_report.js';

type Suppressed = NonNullable<Finding['suppressed']>;

const CASES: [string, Suppressed | undefined, unknown][] = [
  [
    'inline Terraform comment: in the source',
    { reason: 'public website', by: 'inline' },
    [{ kind: 'inSource', status: 'accepted', justification: 'public website' }],
  ],
  [
    'allowlist in the config file: external',
    { reason: 'CDN origin', by: 'allowlist:assets-*', owner: 'web', expires: '2030-01-01' },
    [{ kind: 'external', status: 'accepted', justification: 'CDN origin' }],
  ],
  ['not suppressed: no suppressions', undefined, undefined],
];

describe('SARIF suppressions say where the suppression lives', () => {
  const report = sampleReport();
  const target = report.findings.find((f) => f.status === 'fail' && f.resourceId === 'aws_s3_bucket.logs')!;
  for (const [what, suppressed, expected] of CASES) {
    it(what, () => {
      const r = {
        ...report,
        findings: report.findings.map((f) => (f === target ? { ...f, ...(suppressed ? { suppressed } : {}) } : f)),
      };
      const results = JSON.parse(renderSarif(r)).runs[0].results;
      const res = results.find(
        (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['bucketaudit/v1'] === target.fingerprint,
      );
      expect(res).toBeDefined();
      expect(res.suppressions).toEqual(expected);
    });
  }

  it('both kinds pass the SARIF Multitool with zero errors', async () => {
    const findings = report.findings.map((f, i) =>
      f.status === 'fail' ? { ...f, suppressed: { reason: 'r', by: i % 2 ? 'inline' : 'allowlist:x' } } : f,
    );
    const results = await validateSarif(renderSarif({ ...report, findings }), 'suppressions');
    expect(results.filter((r) => r.level === 'error')).toEqual([]);
  }, 120_000);
});
