import { describe, expect, it } from 'vitest';
import type { AuditReport, Finding, Severity } from '../../src/model/index.js';
import { renderSarif, SARIF_LIMITS } from '../../src/report/sarif.js';
import { validateSarif } from './_multitool.js';
import { sampleReport } from './_report.js';

const base = sampleReport();
const template = base.findings.find((f) => f.status === 'fail')!;

let n = 0;
function finding(severity: Severity, status: 'fail' | 'unknown', suppressed = false): Finding {
  n++;
  return {
    ...template,
    resourceId: `arn:aws:s3:::bulk-${n}`,
    severity,
    status,
    fingerprint: n.toString(16).padStart(64, '0'),
    ...(suppressed ? { suppressed: { reason: 'intended', by: 'inline' } } : {}),
  };
}

/** More results than GitHub code scanning accepts in one run. */
function bigReport(): AuditReport {
  const findings = [
    ...Array.from({ length: SARIF_LIMITS.results }, () => finding('low', 'fail')),
    ...Array.from({ length: 50 }, () => finding('critical', 'fail')),
    ...Array.from({ length: 50 }, () => finding('high', 'unknown')),
    ...Array.from({ length: 50 }, () => finding('critical', 'fail', true)),
  ];
  return { ...base, findings };
}

type Result = { level: string; partialFingerprints: Record<string, string>; properties: { severity: string; status: string } };

describe('SARIF stays within GitHub code scanning limits', () => {
  it('the limit is GitHub’s hard limit of 25,000 results per run', () => {
    expect(SARIF_LIMITS.results).toBe(25_000);
  });

  it('a run over the limit is cut to it, keeping the most important results, and says so', () => {
    const report = bigReport();
    const run = JSON.parse(renderSarif(report)).runs[0];
    const results: Result[] = run.results;
    expect(results).toHaveLength(SARIF_LIMITS.results);
    expect(results.filter((r) => r.properties.severity === 'critical')).toHaveLength(50);
    expect(results.some((r) => r.properties.status === 'unknown')).toBe(false);
    expect(new Set(results.map((r) => r.partialFingerprints['bucketaudit/v1'])).size).toBe(SARIF_LIMITS.results);
    expect(run.properties.omittedResults).toBe(150);
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'warning', message: { text: expect.stringContaining('150 of 25150 results') } }],
      },
    ]);
    // report order is kept among what stays: the criticals come first, as in the report
    const order = new Map(report.findings.map((f, i) => [f.fingerprint, i]));
    const kept = results.map((r) => order.get(r.partialFingerprints['bucketaudit/v1']!)!);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
  });

  it('a smaller limit keeps unsuppressed before suppressed and fail before unknown; the cut run is valid SARIF', async () => {
    const text = renderSarif(bigReport(), { results: 120 });
    expect((await validateSarif(text, 'limited')).filter((r) => r.level === 'error')).toEqual([]);
    const run = JSON.parse(text).runs[0];
    const results: Result[] = run.results;
    expect(results).toHaveLength(120);
    expect(results.filter((r) => r.properties.severity === 'critical')).toHaveLength(50);
    expect(results.filter((r) => r.properties.severity === 'low')).toHaveLength(70);
    expect(run.properties.omittedResults).toBe(SARIF_LIMITS.results + 150 - 120);
  }, 120_000);

  it('a run within the limit is whole and has no notification', () => {
    const run = JSON.parse(renderSarif(base)).runs[0];
    expect(run.results).toHaveLength(base.findings.filter((f) => f.status !== 'pass').length);
    expect(run.invocations).toBeUndefined();
    expect(run.properties.omittedResults).toBeUndefined();
  });
});
