/** Pure normalizers: GCS JSON API bucket resource / IAM policy / org policy JSON -> GcsFacts. No I/O. */
import type { GcsAclEntry, GcsAclRole, GcsBinding, GcsFacts, Known, UnknownReason, UnknownValue } from '../../src/model/index.js';
import { unknownFromError } from '../_errors.js';

export interface RawBucket {
  name?: string;
  projectNumber?: string | number;
  location?: string;
  iamConfiguration?: {
    uniformBucketLevelAccess?: { enabled?: boolean };
    bucketPolicyOnly?: { enabled?: boolean };
    publicAccessPrevention?: string;
  };
  billing?: { requesterPays?: boolean };
  website?: { mainPageSuffix?: string; notFoundPage?: string } | null;
  acl?: { entity?: string; role?: string }[];
  defaultObjectAcl?: { entity?: string; role?: string }[];
  labels?: Record<string, string>;
}

export interface RawPolicy {
  bindings?: { role?: string; members?: string[]; condition?: { title?: string; description?: string; expression?: string } }[];
}

const known = <T>(value: T, extra: { origin?: 'observed' | 'default'; note?: string } = {}): Known<T> => ({
  known: true,
  value,
  origin: extra.origin ?? 'observed',
  ...(extra.note ? { note: extra.note } : {}),
});

/** GCS / gaxios error -> unknown (code = errors[0].reason, e.g. forbidden, required, rateLimitExceeded). */
export function gcpUnknown(err: unknown, operation: string, schedulerReason?: UnknownReason): UnknownValue {
  const e = (err ?? {}) as { code?: unknown; errors?: { reason?: string }[] };
  return unknownFromError(
    err,
    operation,
    e.errors?.[0]?.reason ?? (typeof e.code === 'string' ? e.code : undefined),
    schedulerReason,
  );
}

function aclRole(r: string | undefined): GcsAclRole | undefined {
  return r === 'READER' || r === 'WRITER' || r === 'OWNER' ? r : undefined;
}

export function normalizeAcl(entries: RawBucket['acl']): GcsAclEntry[] {
  const out: GcsAclEntry[] = [];
  for (const e of entries ?? []) {
    const role = aclRole(e.role);
    if (e.entity && role) out.push({ entity: e.entity, role });
  }
  return out;
}

export function normalizeBindings(p: RawPolicy): GcsBinding[] {
  return (p.bindings ?? [])
    .filter((b) => typeof b.role === 'string')
    .map((b) => ({
      role: b.role!,
      members: [...(b.members ?? [])],
      ...(b.condition?.expression
        ? {
            condition: {
              expression: b.condition.expression,
              ...(b.condition.title ? { title: b.condition.title } : {}),
              ...(b.condition.description ? { description: b.condition.description } : {}),
            },
          }
        : {}),
    }));
}

/** Org Policy v2 effective policy (the subset read): rules with an optional tag condition. */
export interface RawEffectivePolicy {
  spec?: { rules?: { enforce?: boolean; condition?: { expression?: string; title?: string } | null }[] } | null;
}

/**
 * Org Policy v2 effective policy of a boolean constraint. A boolean policy has one rule without a condition (the
 * value for every resource) and may have tag-conditional rules with the opposite value, which take precedence for a
 * resource whose tags match (`resource.matchTag(...)`). Tags are not collected, so where a conditional rule disagrees
 * with the unconditional one the constraint is unknown for any given bucket: "enforced" would turn a bucket the
 * condition exempts into LATENT, "not enforced" would ignore the buckets it covers. No policy (no rules) = not enforced.
 */
export function normalizeEffectiveBooleanPolicy(
  p: RawEffectivePolicy | undefined,
  constraint = 'storage.publicAccessPrevention',
): Known<boolean> {
  const rules = p?.spec?.rules ?? [];
  const base = rules.some((r) => !r.condition?.expression && r.enforce === true);
  const differ = rules.filter((r) => r.condition?.expression && (r.enforce === true) !== base);
  if (differ.length === 0) return known(base);
  const exprs = differ.map((r) => r.condition?.expression).join('; ');
  return {
    known: false,
    reason: 'not-collected',
    operation: 'orgpolicy.policies.getEffectivePolicy',
    code: 'conditionalRule',
    detail: `orgpolicy.policies.getEffectivePolicy: constraints/${constraint} is ${base ? 'enforced' : 'not enforced'} except where tag condition(s) match (${exprs}) - bucket tags are not collected, so it is not known for this bucket`,
  };
}

/** Custom role names referenced by bindings (projects/P/roles/R, organizations/O/roles/R). */
export function customRoleNames(bindings: GcsBinding[]): string[] {
  return [...new Set(bindings.map((b) => b.role).filter((r) => /^(projects|organizations)\/[^/]+\/roles\/[^/]+$/.test(r)))];
}

export interface BucketInputs {
  /** Bucket resource from GET /b/B?projection=full (or noAcl fallback); unknown when unreadable. */
  metadata: Known<RawBucket>;
  /** True when `metadata` came from a projection=full read (ACL fields expected when UBLA is off). */
  fullProjection: boolean;
  policy: Known<RawPolicy>;
  orgPublicAccessPrevention: Known<boolean>;
  customRoles?: Record<string, Known<string[]>>;
}

export function normalizeBucket(inp: BucketInputs): GcsFacts {
  const m = inp.metadata;
  const fromMeta = <T>(f: (b: RawBucket) => Known<T>): Known<T> => (m.known ? f(m.value) : m);
  const ubla = fromMeta((b) =>
    known(
      b.iamConfiguration?.uniformBucketLevelAccess?.enabled === true || b.iamConfiguration?.bucketPolicyOnly?.enabled === true,
    ),
  );
  const aclOf = (field: 'acl' | 'defaultObjectAcl'): Known<GcsAclEntry[]> => {
    if (!m.known) return m;
    if (ubla.known && ubla.value) return known([], { origin: 'default', note: 'uniform bucket-level access: ACLs do not apply' });
    const raw = m.value[field];
    if (raw === undefined)
      return {
        known: false,
        reason: inp.fullProjection ? 'access-denied' : 'not-collected',
        operation: 'storage.buckets.get(projection=full)',
        detail: `buckets.get returned no ${field} (projection=full needs storage.buckets.getIamPolicy)`,
      };
    return known(normalizeAcl(raw));
  };
  const iam: Known<GcsBinding[]> = inp.policy.known ? known(normalizeBindings(inp.policy.value)) : inp.policy;
  const pn = m.known ? m.value.projectNumber : undefined;
  return {
    provider: 'gcp',
    ...(pn !== undefined ? { projectNumber: String(pn) } : {}),
    uniformBucketLevelAccess: ubla,
    publicAccessPrevention: fromMeta((b) => {
      const v = b.iamConfiguration?.publicAccessPrevention;
      return known(v === 'enforced' || v === 'unspecified' ? v : 'inherited');
    }),
    orgPublicAccessPrevention: inp.orgPublicAccessPrevention,
    requesterPays: fromMeta((b) => known(b.billing?.requesterPays === true)),
    website: fromMeta((b) =>
      known(
        b.website && (b.website.mainPageSuffix || b.website.notFoundPage)
          ? {
              ...(b.website.mainPageSuffix ? { mainPageSuffix: b.website.mainPageSuffix } : {}),
              ...(b.website.notFoundPage ? { notFoundPage: b.website.notFoundPage } : {}),
            }
          : null,
      ),
    ),
    iamBindings: iam,
    acl: aclOf('acl'),
    defaultObjectAcl: aclOf('defaultObjectAcl'),
    ...(inp.customRoles && Object.keys(inp.customRoles).length ? { customRoles: inp.customRoles } : {}),
  };
}
