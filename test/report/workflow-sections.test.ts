import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { renderReport } from '../../src/report/index.js';
import { finding } from '../helpers/findings.js';

const report: AuditReport = {
  schemaVersion: 1,
  tool: { name: 'bucketaudit', version: '0' },
  generatedAt: '2026-11-21T00:00:00Z',
  command: 'scan',
  summary: {
    resources: 0,
    byVerdict: {},
    bySeverity: {},
    findings: { fail: 1, unknown: 0, pass: 0, suppressed: 2 },
    partial: false,
  },
  resources: [],
  findings: [
    finding('www', 'BA-AWS-001', {
      suppressed: { reason: 'public site', by: 'allowlist:www', owner: 'web@x', expires: '2027-01-31' },
    }),
    finding('tf', 'BA-AWS-008', { suppressed: { reason: 'legacy log delivery needs ACLs', by: 'inline' } }),
    finding('data', 'BA-AWS-001', { baseline: 'new' }),
  ],
  errors: [],
  baseline: { previousGeneratedAt: '2026-11-20T00:00:00Z', new: 1, unchanged: 0, resolved: [] },
  allowlist: {
    applied: [
      { pattern: 'www', reason: 'public site', owner: 'web@x', expires: '2027-01-31', resourceIds: ['arn:aws:s3:::www'] },
    ],
    expired: [{ pattern: 'old-*', reason: 'x', owner: 'ops@x', expires: '2020-01-01', resourceIds: ['arn:aws:s3:::old-a'] }],
  },
};

describe('workflow sections in human-readable reports', () => {
  it.each(['table', 'markdown', 'html'] as const)(
    '%s shows allowed (reason, owner, expiry), expired entries, inline suppressions and baseline counts',
    (format) => {
      const raw = renderReport(report, format, { color: false });
      const out = format === 'html' ? raw.replace(/&quot;/g, '"').replace(/&#39;/g, "'") : raw;
      expect(out).toMatch(/arn:aws:s3:::www: allowed by "www": public site \(owner web@x, expires 2027-01-31\)/);
      expect(out).toMatch(/expired on 2020-01-01; no longer suppresses arn:aws:s3:::old-a/);
      expect(out).toMatch(/legacy log delivery needs ACLs/);
      expect(out).toMatch(/baseline: 1 new, 0 unchanged, 0 resolved/);
    },
  );
});
