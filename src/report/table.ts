import { createColors } from 'picocolors';
import { SEVERITIES } from '../analyzer/severity.js';
import type { AuditReport, ReportResource, Severity } from '../model/index.js';
import { termSafe } from '../runtime/text.js';
import { displayWidth, pad, truncate as truncateRaw } from './_text.js';
import { workflowLines } from './_workflow.js';

const WIDTH = 100;

/** Every datum printed here may come from a server, a policy or a .tf file: escape control characters first. */
const truncate = (s: string, width: number) => truncateRaw(termSafe(s), width);
/** A whole line that is not truncated: escaped, whitespace folded. */
const flat = (s: string) => termSafe(s).replace(/\s+/g, ' ').trim();

type Colors = ReturnType<typeof createColors>;

function paintSeverity(c: Colors, s: Severity, text: string): string {
  switch (s) {
    case 'critical':
      return c.bold(c.red(text));
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    default:
      return c.dim(text);
  }
}

function capsOf(r: ReportResource): string {
  if (r.capabilities.length === 0) return '';
  return r.capabilities.map((x) => (x.scope === 'bucket' ? x.capability : `${x.capability}(${x.scope})`)).join(',');
}

/** Terminal table: grouped by severity, two lines per resource (fits 100 columns), a summary line. */
export function renderTable(report: AuditReport, opts: { color: boolean }): string {
  const c = createColors(opts.color);
  const lines: string[] = [];
  lines.push(c.bold(flat(`bucketaudit ${report.tool.version} · ${report.command} · ${report.generatedAt}`)));
  const failingByResource = new Map<string, string[]>();
  for (const f of report.findings) {
    if ((f.status === 'fail' || f.status === 'unknown') && !f.suppressed) {
      const l = failingByResource.get(f.resourceId) ?? [];
      l.push(`${f.baseline === 'new' ? '+' : ''}${f.checkId}${f.status === 'unknown' ? '?' : ''}`);
      failingByResource.set(f.resourceId, l);
    }
  }
  for (const sev of SEVERITIES) {
    const group = report.resources.filter((r) => r.severity === sev);
    if (group.length === 0) continue;
    lines.push('');
    lines.push(paintSeverity(c, sev, `${sev.toUpperCase()} (${group.length})`));
    for (const r of group) {
      const verdict = pad(flat(r.verdict), 20);
      const prov = pad(flat(r.provider), 6);
      const caps = capsOf(r);
      const capsText = caps ? truncate(caps, 30) : '';
      const nameWidth = Math.max(16, WIDTH - 2 - 21 - 7 - (capsText ? displayWidth(capsText) + 1 : 0));
      const name = truncate(r.address ? `${r.name} (${r.address})` : r.name, nameWidth);
      const head = `  ${paintSeverity(c, sev, verdict)} ${prov} ${c.bold(name)}${capsText ? ` ${c.dim(capsText)}` : ''}`;
      lines.push(head);
      const reason = r.reasons[0]?.summary ?? '';
      const checks = failingByResource.get(r.id);
      const tail = checks && checks.length > 0 ? ` [${checks.join(' ')}]` : '';
      lines.push(c.dim(`      ${truncate(reason + tail, WIDTH - 6)}`));
    }
  }
  if (report.errors.length > 0) {
    lines.push('');
    lines.push(c.red(`ERRORS (${report.errors.length})`));
    for (const e of report.errors) {
      lines.push(`  ${truncate(`${e.stage}${e.provider ? `/${e.provider}` : ''}: ${e.message}`, WIDTH - 2)}`);
    }
  }
  const w = workflowLines(report);
  const section = (title: string, items: string[], paint: (t: string) => string) => {
    if (items.length === 0) return;
    lines.push('');
    lines.push(paint(`${title} (${items.length})`));
    for (const i of items) lines.push(`  ${truncate(i, WIDTH * 2 - 2)}`);
  };
  section('ALLOWED (intended public)', w.allowed, c.green);
  section('EXPIRED ALLOWLIST ENTRIES', w.expired, c.red);
  section('SUPPRESSED', w.inline, c.dim);
  const s = report.summary;
  const verdicts = Object.entries(s.byVerdict)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  lines.push('');
  lines.push(c.bold(truncate(`${s.resources} resource(s)${verdicts ? `: ${verdicts}` : ''}`, WIDTH)));
  lines.push(
    c.bold(
      `findings: ${s.findings.fail} fail, ${s.findings.unknown} unknown, ${s.findings.pass} pass, ${s.findings.suppressed} suppressed${s.partial ? ' · PARTIAL' : ''}`,
    ),
  );
  if (w.baseline) lines.push(c.bold(`${flat(w.baseline)} (+ marks new findings)`));
  return `${lines.join('\n')}\n`;
}
