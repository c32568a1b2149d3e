import type { AllowlistUse, Assessment, Finding } from '../model/index.js';
import type { AllowlistEntry } from './schema.js';

/** Glob ("*" any run, "?" one char) to an anchored regex. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function isExpired(entry: AllowlistEntry, now: Date): boolean {
  // An entry is valid through the whole of its expiry day (UTC).
  return now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000;
}

/** Compiled resource patterns: entryMatches runs per entry, per resource, per chunk (and again for the unmatched check). */
const patterns = new Map<string, RegExp>();

export function entryMatches(entry: AllowlistEntry, a: Assessment): boolean {
  const r = a.resource;
  if (entry.resource !== undefined) {
    let re = patterns.get(entry.resource);
    if (!re) {
      re = globToRegExp(entry.resource);
      patterns.set(entry.resource, re);
    }
    if (!re.test(r.id) && !re.test(r.name) && !(r.source.address && re.test(r.source.address))) return false;
  }
  if (entry.tag !== undefined) {
    const i = entry.tag.indexOf('=');
    const key = entry.tag.slice(0, i);
    const value = entry.tag.slice(i + 1);
    if (r.tags?.[key] !== value) return false;
  }
  return true;
}

/** WRITE or ADMIN exposure is never hidden by an allowlist. */
export function hasWriteOrAdmin(a: Assessment): boolean {
  return a.capabilities.some((c) => c.capability === 'WRITE' || c.capability === 'ADMIN');
}

const label = (e: AllowlistEntry) => e.resource ?? `tag:${e.tag}`;

export interface AllowlistOutcome {
  findings: Finding[];
  applied: AllowlistUse[];
  expired: AllowlistUse[];
}

/**
 * Mark findings of intended-public resources as suppressed (reason, owner, expiry kept in the report).
 * Expired entries stop suppressing and are reported; write/admin exposure stays visible.
 */
export function applyAllowlist(
  findings: readonly Finding[],
  assessments: readonly Assessment[],
  entries: readonly AllowlistEntry[],
  now: Date,
): AllowlistOutcome {
  const byId = new Map(assessments.map((a) => [a.resource.id, a]));
  const applied = new Map<AllowlistEntry, Set<string>>();
  const expired = new Map<AllowlistEntry, Set<string>>();
  const out = findings.map((f) => {
    const a = byId.get(f.resourceId);
    if (!a || f.status === 'pass' || f.suppressed) return f;
    for (const e of entries) {
      if (!entryMatches(e, a) || (e.checks && !e.checks.includes(f.checkId))) continue;
      if (isExpired(e, now)) {
        (expired.get(e) ?? expired.set(e, new Set()).get(e)!).add(a.resource.id);
        continue;
      }
      if (hasWriteOrAdmin(a)) continue;
      (applied.get(e) ?? applied.set(e, new Set()).get(e)!).add(a.resource.id);
      return { ...f, suppressed: { reason: e.reason, by: `allowlist:${label(e)}`, owner: e.owner, expires: e.expires } };
    }
    return f;
  });
  const uses = (m: Map<AllowlistEntry, Set<string>>): AllowlistUse[] =>
    [...m].map(([e, ids]) => ({
      pattern: label(e),
      reason: e.reason,
      owner: e.owner,
      expires: e.expires,
      resourceIds: [...ids].sort(),
    }));
  return { findings: out, applied: uses(applied), expired: uses(expired) };
}

/** Mark acknowledged (intended-public) resources before the checks run: severity INFO unless WRITE/ADMIN is exposed. */
export function acknowledge(assessments: readonly Assessment[], entries: readonly AllowlistEntry[], now: Date): Assessment[] {
  return assessments.map((a) => {
    const e = entries.find((x) => !x.checks && !isExpired(x, now) && entryMatches(x, a));
    if (!e || a.verdict === 'PRIVATE') return a;
    const acknowledged = { reason: e.reason, owner: e.owner, expires: e.expires };
    return hasWriteOrAdmin(a) ? { ...a, acknowledged } : { ...a, acknowledged, severity: 'info' as const };
  });
}
