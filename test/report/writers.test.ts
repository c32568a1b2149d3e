import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { renderMarkdown, renderReport } from '../../src/report/index.js';
import { EVIL, sampleReport } from './_report.js';

const report = sampleReport();
const fails = report.findings.filter((f) => f.status === 'fail' && !f.suppressed);
const unknowns = report.findings.filter((f) => f.status === 'unknown' && !f.suppressed);

describe('renderReport dispatch', () => {
  it('json is pretty, stable and round-trips', () => {
    const text = renderReport(report, 'json', { color: false });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text).toContain('\n  "schemaVersion": 1');
    expect(renderReport(report, 'json', { color: false })).toBe(text);
  });
});

describe('table writer', () => {
  const plain = renderReport(report, 'table', { color: false });
  it('groups resources by severity, one reason line per resource, a summary', () => {
    const lines = plain.split('\n');
    const headers = lines.filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) \(\d+\)$/.test(l));
    expect(headers).toEqual(['CRITICAL (1)', 'HIGH (2)', 'INFO (2)']);
    expect(plain).toMatch(/PUBLIC\s+aws\s+tf-bucket \(aws_s3_bucket\.logs\)/);
    expect(plain).toContain('ACL grants FULL_CONTROL to AllUsers');
    expect(plain).toContain(`findings: ${fails.length} fail, ${unknowns.length} unknown`);
    expect(plain).toContain('PARTIAL');
    expect(plain).toContain('ERRORS (1)');
  });
  it('fits 100 columns and has no ANSI codes without color', () => {
    for (const l of plain.split('\n').slice(1)) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(plain).not.toMatch(/\x1b\[/);
    expect(renderReport(report, 'table', { color: true })).toMatch(/\x1b\[/);
  });
});

describe('markdown writer', () => {
  const md = renderReport(report, 'markdown', { color: false });
  it('has headline counts, a failing-resources table by severity and collapsible details', () => {
    expect(md.split('\n')[0]).toBe(`## bucketaudit: ❌ ${fails.length} failing checks on 5 resources`);
    expect(md).toContain('| Critical | High | Medium | Low | Info | Unknown | Pass | Suppressed |');
    const table = md.slice(md.indexOf('### Failing resources'), md.indexOf('### Details'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
    expect(rows[0]).toMatch(/^\| 🔴 critical \| PUBLIC \| aws \| tf-bucket/);
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect(md).toContain('**Remediation:**');
    expect(md).toContain('```hcl');
  });
  it('neutralises HTML and table-breaking characters in data', () => {
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;');
    for (const l of md.split('\n').filter((x) => x.startsWith('| ') && x.includes('azure'))) {
      expect(l.split(/(?<!\\)\|/).length).toBe(8);
    }
  });
  it('caps rows and details for large estates and says how many were left out', () => {
    const small = renderMarkdown(report, { tableRows: 1, details: 1 });
    const rows = small.split('\n').filter((l) => /^\| [🔴🟠🟡🔵⚪]/u.test(l));
    expect(rows).toHaveLength(1);
    expect(small.match(/<details>/g)).toHaveLength(1);
    expect(small).toMatch(/… and \d+ more failing resources/);
    expect(small).toMatch(/… details of \d+ more resources omitted/);
  });

  it('says so when nothing fails', () => {
    const empty = buildReport({ command: 'scan', assessments: [], findings: [], errors: [] });
    expect(renderReport(empty, 'markdown', { color: false })).toMatch(/^## bucketaudit: ✅ no failing checks on 0 resources/);
  });
});

describe('junit writer', () => {
  const xml = renderReport(report, 'junit', { color: false });
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  type Case = { name: string; failure?: unknown; error?: unknown };
  type Suite = { name: string; testcase: Case | Case[] };
  const suites: Suite[] = [doc.testsuites.testsuite].flat();
  it('is one testsuite per provider and one testcase per (check, resource) finding', () => {
    expect(suites.map((s) => s.name)).toEqual(['bucketaudit.aws', 'bucketaudit.azure', 'bucketaudit.gcp']);
    const cases: Case[] = suites.flatMap((s) => [s.testcase].flat());
    expect(cases).toHaveLength(report.findings.length);
    expect(Number(doc.testsuites.tests)).toBe(report.findings.length);
    expect(Number(doc.testsuites.failures)).toBe(fails.length);
    expect(Number(doc.testsuites.errors)).toBe(unknowns.length);
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(fails.length);
    expect(cases.filter((c) => c.error)).toHaveLength(unknowns.length);
  });
  it('escapes XML in names and messages', () => {
    expect(xml).not.toContain('<script>');
    const azure = suites.find((s) => s.name === 'bucketaudit.azure')!;
    expect([azure.testcase].flat().some((c) => c.name.includes(EVIL))).toBe(true);
  });
});
