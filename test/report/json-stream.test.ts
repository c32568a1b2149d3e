import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeReportFile } from '../../src/cli/output.js';
import type { AuditReport } from '../../src/model/index.js';
import { buildReport } from '../../src/report/build.js';
import { renderJson, renderJsonChunks } from '../../src/report/json.js';
import { EVIL, sampleReport } from './_report.js';

describe('JSON report in pieces (large reports are never one string)', () => {
  it('joins to exactly renderJson for real reports (sample, hostile strings, empty)', () => {
    const reports = [sampleReport(), buildReport({ command: 'scan', assessments: [], findings: [], errors: [] })];
    for (const r of reports) expect([...renderJsonChunks(r)].join('')).toBe(renderJson(r));
    expect(renderJson(sampleReport())).toContain(JSON.stringify(EVIL).slice(1, 10));
  });

  it('joins to exactly JSON.stringify(x, null, 2) for arbitrary objects (arrays, empty arrays, undefined, nesting)', () => {
    const value = fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()), fc.constant(undefined), fc.array(fc.constant(undefined)));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (o) => {
        const r = o as unknown as AuditReport;
        expect([...renderJsonChunks(r)].join('')).toBe(renderJson(r));
      }),
      { numRuns: 300 },
    );
  });

  it('one piece per element of the big arrays; writeReportFile writes the same bytes', async () => {
    const r = sampleReport();
    const pieces = [...renderJsonChunks(r)];
    expect(pieces.length).toBeGreaterThanOrEqual(r.resources.length + r.findings.length);
    const dir = mkdtempSync(join(tmpdir(), 'ba-json-'));
    try {
      await writeReportFile(join(dir, 'r.json'), r, 'json');
      expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(renderJson(r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
