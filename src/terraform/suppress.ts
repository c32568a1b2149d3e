import { inputError } from '../errors.js';
import type { Finding } from '../model/index.js';
import { type InlineSuppression, stripIndexes } from './block.js';

const MARK = /^\s*(?:#|\/\/)\s*bucketaudit:ignore\b(.*)$/;

/**
 * Inline suppressions: comment lines directly above a `resource`/`data` block header, e.g.
 *   # bucketaudit:ignore BA-AWS-001 reason: public website bucket, approved in SEC-123
 *   // bucketaudit:ignore BA-AWS-001,BA-AWS-004 reason: ...
 * A suppression without a reason is an input error naming file:line.
 */
export function parseSuppressions(
  file: string,
  text: string,
  blocks: { kind: 'resource' | 'data'; type: string; name: string; line: number }[],
  modulePrefix: string,
): InlineSuppression[] {
  const lines = text.split(/\r?\n/);
  const out: InlineSuppression[] = [];
  const used = new Set<number>();
  for (const b of blocks) {
    const base = stripIndexes(`${modulePrefix ? `${modulePrefix}.` : ''}${b.kind === 'data' ? 'data.' : ''}${b.type}.${b.name}`);
    for (let i = b.line - 2; i >= 0; i--) {
      const l = lines[i]!;
      if (!/^\s*(#|\/\/)/.test(l)) break;
      const m = MARK.exec(l);
      if (!m) continue;
      used.add(i);
      out.push({ ...parseOne(file, i + 1, m[1]!), file, line: i + 1, baseAddress: base });
    }
  }
  lines.forEach((l, i) => {
    if (!used.has(i) && MARK.test(l))
      throw inputError('bucketaudit:ignore must be on the comment line(s) directly above a resource block', {
        file,
        line: i + 1,
      });
  });
  return out;
}

function parseOne(file: string, line: number, rest: string): { checkIds: string[]; reason: string } {
  const m = /^\s*([A-Za-z0-9_,\s-]*?)\s*(?:reason\s*:\s*(.*))?$/.exec(rest);
  const ids = (m?.[1] ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const reason = (m?.[2] ?? '').trim();
  if (ids.length === 0)
    throw inputError('bucketaudit:ignore needs a check id, e.g. "# bucketaudit:ignore BA-AWS-001 reason: ..."', { file, line });
  if (!reason) throw inputError(`bucketaudit:ignore ${ids.join(',')} has no reason (add "reason: <text>")`, { file, line });
  return { checkIds: ids, reason };
}

/** A suppression resolved to the StorageResource ids its block contributed to. */
export interface ResolvedSuppression extends InlineSuppression {
  resourceIds: string[];
}

export function resolveSuppressions(
  suppressions: readonly InlineSuppression[],
  resourceIdsByAddress: ReadonlyMap<string, readonly string[]>,
): ResolvedSuppression[] {
  return suppressions.map((s) => ({ ...s, resourceIds: [...(resourceIdsByAddress.get(s.baseAddress) ?? [])] }));
}

/** Mark findings of suppressed (checkId, resource) pairs: `suppressed: { reason, by: 'inline' }`. */
export function applySuppressions(findings: Finding[], suppressions: readonly ResolvedSuppression[]): Finding[] {
  if (suppressions.length === 0) return findings;
  const byKey = new Map<string, ResolvedSuppression>();
  for (const s of suppressions)
    for (const rid of s.resourceIds) for (const id of s.checkIds) byKey.set(`${id.toUpperCase()}|${rid}`, s);
  return findings.map((f) => {
    const s = byKey.get(`${f.checkId.toUpperCase()}|${f.resourceId}`);
    if (!s || f.suppressed) return f;
    return { ...f, suppressed: { reason: s.reason, by: 'inline' } };
  });
}
