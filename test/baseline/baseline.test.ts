import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineOf, diffReports, readReport } from '../../src/baseline/index.js';
import { BucketAuditError } from '../../src/errors.js';
import type { AuditReport, Finding } from '../../src/model/index.js';
import { finding } from '../helpers/findings.js';

function report(findings: Finding[], verdicts: Record<string, string> = {}): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: 'bucketaudit', version: '0' },
    generatedAt: '2026-11-20T00:00:00Z',
    command: 'scan',
    summary: {
      resources: 0,
      byVerdict: {},
      bySeverity: {},
      findings: { fail: 0, unknown: 0, pass: 0, suppressed: 0 },
      partial: false,
    },
    resources: Object.entries(verdicts).map(([name, verdict]) => ({
      id: `arn:aws:s3:::${name}`,
      provider: 'aws',
      kind: 'bucket',
      name,
      account: '1',
      source: { origin: 'live', uri: name },
      verdict: verdict as never,
      severity: 'info',
      capabilities: [],
      reasons: [],
      neutralizedBy: [],
      unknownInputs: [],
    })),
    findings,
    errors: [],
  };
}

describe('baseline', () => {
  it('marks new, unchanged and resolved by fingerprint', () => {
    const prev = report([finding('a'), finding('gone')]);
    const { findings, summary } = applyBaseline(
      [finding('a'), finding('b'), finding('c', 'BA-AWS-001', { status: 'pass' })],
      baselineOf(prev),
    );
    expect(findings.map((f) => f.baseline)).toEqual(['unchanged', 'new', undefined]);
    expect(summary.new).toBe(1);
    expect(summary.unchanged).toBe(1);
    expect(summary.resolved.map((r) => r.resourceId)).toEqual(['arn:aws:s3:::gone']);
  });

  it('a previously suppressed finding that is now unsuppressed counts as new', () => {
    const prev = report([finding('a', 'BA-AWS-001', { suppressed: { reason: 'x', by: 'allowlist:a' } })]);
    const { summary } = applyBaseline([finding('a')], baselineOf(prev));
    expect(summary.new).toBe(1);
  });

  it('diff lists new, resolved and verdict changes', () => {
    const d = diffReports(
      report([finding('a')], { a: 'PUBLIC', b: 'PRIVATE' }),
      report([finding('b')], { a: 'PRIVATE', b: 'PUBLIC' }),
    );
    expect(d.newFindings.map((f) => f.resourceId)).toEqual(['arn:aws:s3:::b']);
    expect(d.resolved.map((f) => f.resourceId)).toEqual(['arn:aws:s3:::a']);
    expect(d.verdictChanges).toEqual([
      { id: 'arn:aws:s3:::a', name: 'a', from: 'PUBLIC', to: 'PRIVATE' },
      { id: 'arn:aws:s3:::b', name: 'b', from: 'PRIVATE', to: 'PUBLIC' },
    ]);
  });

  it('rejects files that are not reports with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-baseline-'));
    await writeFile(join(dir, 'bad.json'), '{\n  "a": 1,\n  oops\n}');
    await writeFile(join(dir, 'other.json'), '{"schemaVersion": 2}');
    await expect(readReport(join(dir, 'bad.json'))).rejects.toThrow(/not JSON/);
    await expect(readReport(join(dir, 'other.json'))).rejects.toThrow(/a report with schemaVersion 2; this bucketaudit reads schemaVersion 1/);
    await expect(readReport(join(dir, 'missing.json'))).rejects.toBeInstanceOf(BucketAuditError);
  });
});
