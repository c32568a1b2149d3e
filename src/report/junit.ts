import type { AuditReport, Finding } from '../model/index.js';
import { cmp } from './_order.js';
import { escapeXml } from './_text.js';

/**
 * JUnit XML: one <testsuite> per provider, one <testcase> per (check, resource) finding.
 * fail => <failure>, unknown => <error type="unknown"> (could not be evaluated: never a pass), suppressed => <skipped>.
 */
export function renderJunit(report: AuditReport): string {
  const names = new Map(report.resources.map((r) => [r.id, r.name]));
  const byProvider = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const l = byProvider.get(f.provider) ?? [];
    l.push(f);
    byProvider.set(f.provider, l);
  }
  const suites: string[] = [];
  let tTests = 0;
  let tFail = 0;
  let tErr = 0;
  let tSkip = 0;
  for (const provider of [...byProvider.keys()].sort(cmp)) {
    const fs = byProvider.get(provider) ?? [];
    const failures = fs.filter((f) => f.status === 'fail' && !f.suppressed).length;
    const errors = fs.filter((f) => f.status === 'unknown' && !f.suppressed).length;
    const skipped = fs.filter((f) => f.suppressed).length;
    tTests += fs.length;
    tFail += failures;
    tErr += errors;
    tSkip += skipped;
    const cases = fs.map((f) => {
      const name = `${f.checkId} ${names.get(f.resourceId) ?? f.resourceId}`;
      const head = `    <testcase name="${escapeXml(name)}" classname="bucketaudit.${escapeXml(provider)}.${escapeXml(f.checkId)}" file="${escapeXml(f.resourceId)}" time="0">`;
      const evidence = f.evidence.map((e) => `${e.kind}${e.path ? ` ${e.path}` : ''}: ${e.summary}`).join('\n');
      const body = `${f.message}\nresource: ${f.resourceId}\nseverity: ${f.severity}\n${evidence}\nremediation: ${f.remediation.summary}`;
      let inner = '';
      if (f.suppressed) inner = `      <skipped message="${escapeXml(`suppressed: ${f.suppressed.reason}`)}"/>`;
      else if (f.status === 'fail')
        inner = `      <failure message="${escapeXml(f.message)}" type="${escapeXml(f.severity)}">${escapeXml(body)}</failure>`;
      else if (f.status === 'unknown')
        inner = `      <error message="${escapeXml(f.message)}" type="unknown">${escapeXml(body)}</error>`;
      return inner ? `${head}\n${inner}\n    </testcase>` : `${head}</testcase>`;
    });
    suites.push(
      `  <testsuite name="bucketaudit.${escapeXml(provider)}" tests="${fs.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0" timestamp="${escapeXml(report.generatedAt.replace(/Z$/, ''))}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bucketaudit" tests="${tTests}" failures="${tFail}" errors="${tErr}" skipped="${tSkip}" time="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
