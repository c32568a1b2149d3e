import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/analyzer/context.js';
import { runChecks } from '../../src/checks/index.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/index.js';
import { sarifLocation, TERRAFORM_PSEUDO_ROOT } from '../../src/report/sarif.js';
import { escapeHtml, escapeXml } from '../../src/report/_text.js';
import { publicRead, resource } from '../checks/_assessments.js';

function reportNamed(name: string) {
  const as = [publicRead(resource('aws', name))];
  return buildReport({ command: 'scan', assessments: as, findings: runChecks(as, defaultContext()), errors: [] });
}

describe('escaping holds for arbitrary resource names', () => {
  it('HTML text never contains raw markup characters', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"'`]/);
      }),
    );
  });

  it('JUnit XML stays well-formed and carries the name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        const xml = renderReport(reportNamed(name), 'junit', { color: false });
        expect(XMLValidator.validate(xml)).toBe(true);
        const report = reportNamed(name);
        const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
        expect([doc.testsuites.testsuite.testcase].flat()).toHaveLength(report.findings.length);
        expect(xml).toContain(`name="BA-AWS-001 ${escapeXml(name)}"`);
      }),
      { numRuns: 60 },
    );
  });

  it('markdown table rows keep their column count', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        const md = renderReport(reportNamed(name), 'markdown', { color: false });
        const row = md.split('\n').find((l) => l.startsWith('| 🟠 high'));
        expect(row).toBeDefined();
        expect(row!.split(/(?<!\\)\|/).length).toBe(8);
        expect(md).not.toMatch(/<script/i);
      }),
      { numRuns: 60 },
    );
  });

  it('SARIF pseudo-paths for Terraform resources without a relative file', () => {
    const r = reportNamed('x').resources[0]!;
    const tf = {
      ...r,
      source: {
        origin: 'terraform-plan' as const,
        uri: '/abs/plan.json',
        file: '/abs/plan.json',
        address: 'aws_s3_bucket.b["a b"]',
      },
    };
    expect(sarifLocation(tf, 'aws_s3_bucket.b').physicalLocation.artifactLocation.uri).toBe(
      `${TERRAFORM_PSEUDO_ROOT}/${encodeURIComponent('aws_s3_bucket.b["a b"]')}`,
    );
  });
});
