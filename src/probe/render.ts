import type { ProbeObservation } from '../model/index.js';
import type { TargetReport } from './sweep.js';
import type { TargetError } from './targets.js';

/** The `bucketaudit probe` document (docs/probe.md). */
export interface ProbeReport {
  schemaVersion: 1;
  command: 'probe';
  targets: TargetReport[];
  errors: TargetError[];
}

const yn = (v: boolean | undefined): string => (v === undefined ? '?' : v ? 'yes' : 'no');

function ev(o: ProbeObservation): string {
  return `${o.check} ${o.status ?? 'ERR'}${o.code ? ` ${o.code}` : ''}`;
}

function errLine(e: TargetError): string {
  const loc = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
  return `${loc}${e.input}: ${e.message}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

function cells(t: TargetReport): string[] {
  const r = t.result;
  return [
    t.target,
    r.status,
    yn(r.exists),
    yn(r.listable),
    yn(r.readable),
    yn(r.writable),
    t.severity ?? '-',
    r.objectCount !== undefined ? `${r.objectCount}${r.truncated ? '+' : ''}` : '-',
    r.error ? `error: ${r.error}` : r.observations.map(ev).join(', '),
  ];
}

const HEAD = ['TARGET', 'STATUS', 'EXISTS', 'LIST', 'READ', 'WRITE', 'SEVERITY', 'OBJECTS', 'EVIDENCE'];

function details(t: TargetReport): string[] {
  const r = t.result;
  const out: string[] = [];
  if (r.sensitiveKeys?.length) out.push(`${t.target}: sensitive-looking keys: ${r.sensitiveKeys.join('; ')}`);
  if (r.leftovers?.length) out.push(`${t.target}: write-probe leftovers: ${r.leftovers.join('; ')}`);
  const ids = r.observations.filter((o) => o.requestId).map((o) => `${o.check}=${o.requestId}`);
  if (ids.length) out.push(`${t.target}: request ids: ${ids.join(', ')}`);
  return out;
}

export function renderProbeTable(rep: ProbeReport): string {
  const lines: string[] = [];
  if (rep.targets.length) lines.push(table([HEAD, ...rep.targets.map(cells)]));
  const extra = rep.targets.flatMap(details);
  if (extra.length) lines.push('', ...extra);
  const confirmed = rep.targets.filter((t) => t.result.status === 'confirmed').length;
  const errored = rep.targets.filter((t) => t.result.status === 'error').length;
  lines.push(
    '',
    `${rep.targets.length} target(s) probed: ${confirmed} confirmed exposed, ${errored} error(s), ${rep.errors.length} invalid target(s)`,
  );
  if (rep.errors.length) lines.push('', 'Invalid targets:', ...rep.errors.map((e) => `  ${errLine(e)}`));
  return `${lines.join('\n')}\n`;
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderProbeMarkdown(rep: ProbeReport): string {
  const lines = ['# bucketaudit probe', ''];
  if (rep.targets.length) {
    lines.push(`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`);
    for (const t of rep.targets) lines.push(`| ${cells(t).map(md).join(' | ')} |`);
  }
  const extra = rep.targets.flatMap(details);
  if (extra.length) lines.push('', ...extra.map((l) => `- ${md(l)}`));
  if (rep.errors.length) lines.push('', '## Invalid targets', '', ...rep.errors.map((e) => `- ${md(errLine(e))}`));
  return `${lines.join('\n')}\n`;
}

export function renderProbeJson(rep: ProbeReport): string {
  return `${JSON.stringify(rep, null, 2)}\n`;
}
