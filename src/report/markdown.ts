import { SEVERITIES } from '../analyzer/severity.js';
import type { AuditReport, Finding, Remediation } from '../model/index.js';
import { failCountsBySeverity, resourceRows } from './_group.js';
import { escapeHtml, escapeMd, mdCode, truncate } from './_text.js';
import { workflowLines } from './_workflow.js';

/**
 * Text inside the raw HTML lines (<summary>, <sub>): escaped and on one line. A blank line (a newline in a Terraform
 * bucket name) ends CommonMark's HTML block, and what follows is parsed as markdown outside the <summary>.
 */
const html1 = (s: unknown) => escapeHtml(String(s ?? '').replace(/\s+/g, ' '));

const ICON: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

function fence(code: string, lang: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${code}\n${f}`;
}

function remediationBlock(r: Remediation): string[] {
  const out = [`**Remediation:** ${escapeMd(r.summary)}`, ''];
  if (r.cli) out.push(fence(r.cli, 'sh'), '');
  if (r.terraform) out.push(fence(r.terraform, 'hcl'), '');
  if (r.console) out.push(`Console: ${escapeMd(r.console)}`, '');
  return out;
}

function findingLines(f: Finding): string[] {
  const out = [`- ${ICON[f.severity] ?? ''} \`${f.checkId}\` **${f.status}** (${f.severity}): ${escapeMd(f.message)}`];
  for (const e of f.evidence.slice(0, 5))
    out.push(`  - ${escapeMd(e.kind)}${e.path ? ` ${mdCode(e.path)}` : ''}: ${escapeMd(e.summary)}`);
  return out;
}

/**
 * Caps that keep the summary under GitHub's 1 MiB job-summary limit on large estates. The row and detail counts
 * alone do not: one resource's details grow with its reasons and findings (a policy of hundreds of statements), so
 * the rendered size is checked against `bytes` too (GitHub refuses a larger $GITHUB_STEP_SUMMARY: 1024 KiB).
 */
export const MARKDOWN_LIMITS = { tableRows: 200, details: 50, bytes: 1_000_000 };

export interface MarkdownLimits {
  tableRows: number;
  details: number;
  /** Largest UTF-8 size to write; details, then table rows, are halved until the text fits. */
  bytes?: number;
}

/** GitHub/GitLab job summary: headline counts, failing resources by severity, collapsible details. */
export function renderMarkdown(report: AuditReport, limits: MarkdownLimits = MARKDOWN_LIMITS): string {
  const max = limits.bytes ?? Number.POSITIVE_INFINITY;
  let caps = { tableRows: limits.tableRows, details: limits.details };
  for (;;) {
    const text = renderWithin(report, caps);
    if (Buffer.byteLength(text) <= max) return text;
    if (caps.details > 0) caps = { ...caps, details: Math.floor(caps.details / 2) };
    else if (caps.tableRows > 0) caps = { ...caps, tableRows: Math.floor(caps.tableRows / 2) };
    else return text;
  }
}

function renderWithin(report: AuditReport, limits: { tableRows: number; details: number }): string {
  const s = report.summary;
  const counts = failCountsBySeverity(report);
  const total = s.findings.fail;
  const out: string[] = [];
  out.push(
    `## bucketaudit: ${total === 0 ? '✅ no failing checks' : `❌ ${total} failing check${total === 1 ? '' : 's'}`} on ${s.resources} resource${s.resources === 1 ? '' : 's'}`,
  );
  out.push('');
  out.push('| Critical | High | Medium | Low | Info | Unknown | Pass | Suppressed |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  out.push(
    `| ${SEVERITIES.map((x) => counts[x]).join(' | ')} | ${s.findings.unknown} | ${s.findings.pass} | ${s.findings.suppressed} |`,
  );
  out.push('');
  if (s.partial) out.push('> [!WARNING]\n> Partial result: some inputs could not be read (see the unknown findings).', '');
  const rows = resourceRows(report);
  const failing = rows.filter((r) => r.fails.length > 0);
  if (failing.length > 0) {
    out.push('### Failing resources', '');
    out.push('| Severity | Verdict | Provider | Resource | Why | Checks |');
    out.push('|---|---|---|---|---|---|');
    for (const r of failing.slice(0, limits.tableRows)) {
      const res = r.resource;
      const name = res.address ? `${escapeMd(res.name)}<br>${mdCode(res.address)}` : escapeMd(res.name);
      out.push(
        `| ${ICON[r.worst]} ${r.worst} | ${res.verdict} | ${res.provider} | ${name} | ${escapeMd(truncate(res.reasons[0]?.summary ?? '', 120))} | ${r.fails.map((f) => f.checkId).join(', ')} |`,
      );
    }
    if (failing.length > limits.tableRows)
      out.push('', `… and ${failing.length - limits.tableRows} more failing resources (see the full report).`);
    out.push('');
  }
  const detailed = rows.filter((r) => r.fails.length > 0 || r.unknowns.length > 0);
  if (detailed.length > 0) {
    out.push('### Details', '');
    for (const r of detailed.slice(0, limits.details)) {
      const res = r.resource;
      out.push('<details>');
      out.push(
        `<summary>${ICON[r.worst]} <b>${html1(r.worst.toUpperCase())}</b> ${html1(res.provider)} <code>${html1(res.name)}</code>: ${html1(res.verdict)} (${r.fails.length} fail, ${r.unknowns.length} unknown)</summary>`,
      );
      out.push('');
      out.push(
        `Resource: ${mdCode(res.id)}${res.source.file ? ` at ${mdCode(`${res.source.file}${res.source.line ? `:${res.source.line}` : ''}`)}` : ''}`,
      );
      out.push('');
      if (res.reasons.length > 0) {
        out.push('**Why:**');
        for (const reason of res.reasons)
          out.push(`- ${escapeMd(reason.summary)}${reason.path ? ` (${mdCode(reason.path)})` : ''}`);
        out.push('');
      }
      out.push('**Findings:**');
      for (const f of [...r.fails, ...r.unknowns]) out.push(...findingLines(f));
      out.push('');
      const seen = new Set<string>();
      for (const f of r.fails) {
        if (seen.has(f.checkId)) continue;
        seen.add(f.checkId);
        out.push(`<b>${escapeHtml(f.checkId)}</b>`, '', ...remediationBlock(f.remediation));
      }
      out.push('</details>', '');
    }
    if (detailed.length > limits.details)
      out.push(`… details of ${detailed.length - limits.details} more resources omitted.`, '');
  }
  const w = workflowLines(report);
  if (w.baseline) out.push(`**${escapeMd(w.baseline)}**`, '');
  for (const [title, items] of [
    ['Allowed (intended public)', w.allowed],
    ['Expired allowlist entries', w.expired],
    ['Suppressed', w.inline],
  ] as const) {
    if (items.length === 0) continue;
    out.push(`### ${title} (${items.length})`, '');
    for (const i of items) out.push(`- ${escapeMd(i)}`);
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push(`### Errors (${report.errors.length})`, '');
    for (const e of report.errors)
      out.push(`- ${escapeMd(e.stage)}${e.code ? ` ${mdCode(e.code)}` : ''}: ${escapeMd(e.message)}`);
    out.push('');
  }
  out.push(`<sub>bucketaudit ${html1(report.tool.version)} · ${html1(report.command)} · ${html1(report.generatedAt)}</sub>`);
  return `${out.join('\n')}\n`;
}
