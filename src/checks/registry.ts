import { SEVERITIES } from '../analyzer/severity.js';
import { isKnownFramework } from '../compliance/index.js';
import { BucketAuditError } from '../errors.js';
import type { Check } from './types.js';

const ID_RE = /^BA-(AWS|GCP|AZ|GEN)-\d{3}$/;
const PREFIX: Record<Check['provider'], string> = { aws: 'AWS', gcp: 'GCP', azure: 'AZ', generic: 'GEN' };
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Problems with a catalog: ids unique and well-formed, prefix matching the provider, aliases never reused. */
export function validateCatalog(checks: readonly Check[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const slugs = new Set<string>();
  const claim = (id: string, owner: string) => {
    const prev = ids.get(id);
    if (prev !== undefined) problems.push(`${id} is used by ${prev} and ${owner}`);
    else ids.set(id, owner);
  };
  for (const c of checks) {
    if (!ID_RE.test(c.id)) problems.push(`${c.id}: id must match ${ID_RE}`);
    else if (c.id.split('-')[1] !== PREFIX[c.provider]) problems.push(`${c.id}: prefix does not match provider ${c.provider}`);
    claim(c.id, c.id);
    for (const alias of c.aliases ?? []) {
      if (!ID_RE.test(alias)) problems.push(`${c.id}: alias ${alias} must match ${ID_RE}`);
      claim(alias, `${c.id} (alias)`);
    }
    if (!SLUG_RE.test(c.slug)) problems.push(`${c.id}: slug "${c.slug}" must be kebab-case`);
    if (slugs.has(c.slug)) problems.push(`${c.id}: slug "${c.slug}" is not unique`);
    slugs.add(c.slug);
    if (!c.title.trim()) problems.push(`${c.id}: empty title`);
    if (!SEVERITIES.includes(c.severity)) problems.push(`${c.id}: bad severity ${c.severity}`);
    if (!c.remediation.summary.trim()) problems.push(`${c.id}: empty remediation summary`);
    for (const key of Object.keys(c.compliance)) {
      if (!isKnownFramework(key)) problems.push(`${c.id}: unknown compliance framework "${key}"`);
    }
    if (c.deprecated?.replacedBy && !checks.some((o) => o.id === c.deprecated?.replacedBy))
      problems.push(`${c.id}: replacedBy ${c.deprecated.replacedBy} does not exist`);
  }
  return problems;
}

export interface Registry {
  readonly checks: readonly Check[];
  byId(id: string): Check | undefined;
  /** Resolve a current id or an alias to the check. */
  resolve(idOrAlias: string): Check | undefined;
}

/** Build a registry; throws a typed INTERNAL error when the catalog is invalid (at load time). */
export function createRegistry(checks: readonly Check[]): Registry {
  const problems = validateCatalog(checks);
  if (problems.length > 0) throw new BucketAuditError('INTERNAL', `invalid checks catalog:\n  ${problems.join('\n  ')}`);
  const map = new Map<string, Check>();
  for (const c of checks) {
    map.set(c.id, c);
    for (const a of c.aliases ?? []) map.set(a, c);
  }
  return {
    checks,
    byId: (id) => checks.find((c) => c.id === id),
    resolve: (id) => map.get(id),
  };
}
