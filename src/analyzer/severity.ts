import type {
  AccessGrant,
  Assessment,
  Capability,
  CapabilityGrant,
  GuardrailState,
  NetworkPin,
  Severity,
  StorageResource,
  Verdict,
} from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import type { ProviderEvaluation } from './evaluation.js';

export interface SeverityInput {
  resource: StorageResource;
  verdict: Verdict;
  /** Grants that decide the verdict. */
  deciding: AccessGrant[];
  capabilities: CapabilityGrant[];
  evaluation: ProviderEvaluation;
  ctx: AnalyzerContext;
  /** Every active (not neutralised, not PRIVATE) grant; the severity is the worst of them. Defaults to `deciding`. */
  active?: AccessGrant[];
}

/** Every severity, most severe first: the one ordering checks, writers and the CLI use (rank via severityRank). */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Least severe first, so the index is the rank. */
const LEVELS: readonly Severity[] = [...SEVERITIES].reverse();

/** One level down, never below `floor` (S-6). */
export function lower(s: Severity, floor: Severity = 'low'): Severity {
  const i = Math.max(LEVELS.indexOf(s) - 1, LEVELS.indexOf(floor));
  return LEVELS[i] ?? floor;
}

/** 0 (info) .. 4 (critical); -1 for a value that is not a severity. */
export function severityRank(s: Severity): number {
  return LEVELS.indexOf(s);
}

export function maxSeverity(...s: Severity[]): Severity {
  let best: Severity = 'info';
  for (const x of s) if (severityRank(x) > severityRank(best)) best = x;
  return best;
}

/** S-1..S-5 for a set of publicly exercisable capabilities. */
export function publicSeverity(caps: readonly CapabilityGrant[]): Severity {
  const has = (c: string, scope?: string) => caps.some((x) => x.capability === c && (!scope || x.scope === scope));
  if (has('WRITE') || has('ADMIN')) return 'critical'; // S-1
  if (has('LIST', 'bucket') && has('READ', 'bucket')) return 'critical'; // S-2
  if (has('READ') || has('LIST')) return 'high'; // S-3
  if (has('READ_ACP') || has('META')) return 'medium'; // S-4
  return 'low'; // S-5: public in the provider's sense, no effective capability
}

/** Pins that keep the internet out entirely (S-6b => INFO). 'perimeter' is not evaluated, so it scores like S-6. */
const PRIVATE_PINS: ReadonlySet<NetworkPin> = new Set(['vpc', 'vpce', 'private-cidr', 'vnet']);

function isPrivatePin(pin: NetworkPin | undefined): boolean {
  return pin !== undefined && PRIVATE_PINS.has(pin);
}

function azureAccountName(resource: StorageResource): string {
  const f = resource.facts;
  return f.provider === 'azure' ? f.account.accountName : resource.name;
}

/**
 * The S-1..S-5 score of what a grant would expose if it were public, with the grant-level adjustments:
 * unresolvable capabilities => at least HIGH; conditional grants => never below HIGH (G-3);
 * Azure static website => MEDIUM unless the account is marked non-web (S-12).
 */
function exposureBase(g: AccessGrant, resource: StorageResource, ctx: Pick<AnalyzerContext, 'azureNonWebAccounts'>): Severity {
  if (g.via === 'static-website') {
    const nonWeb = ctx.azureNonWebAccounts?.includes(azureAccountName(resource)) ?? false;
    if (!nonWeb) return 'medium'; // S-12
  }
  let s = publicSeverity(g.capabilities);
  if (g.capabilitiesUnknown) s = maxSeverity(s, 'high');
  if (g.conditional) s = maxSeverity(s, 'high');
  return s;
}

/** S-7/S-7b for a SHARED grant: INFO inside the trust zone, HIGH with ADMIN or unresolvable capabilities, else MEDIUM. */
export function sharedSeverity(g: Pick<AccessGrant, 'inTrustZone' | 'capabilitiesUnknown' | 'capabilities'>): Severity {
  if (g.inTrustZone) return 'info'; // S-7b
  if (g.capabilitiesUnknown || g.capabilities.some((c) => c.capability === 'ADMIN')) return 'high'; // S-7
  return 'medium'; // S-7
}

/**
 * S-6 / S-6b for a network-pinned grant: INFO when the pin keeps the internet out (VPC, VPC endpoint, private ranges,
 * VNet), else one level below what it would expose if public (floor LOW).
 */
export function restrictedSeverity(
  g: AccessGrant,
  resource: StorageResource,
  ctx: Pick<AnalyzerContext, 'azureNonWebAccounts'> = {},
): Severity {
  if (isPrivatePin(g.pin)) return 'info'; // S-6b
  return lower(exposureBase(g, resource, ctx)); // S-6
}

/** Severity of one grant by its own exposure class (S-1..S-8, S-12). */
export function grantSeverity(g: AccessGrant, resource: StorageResource, ctx: AnalyzerContext): Severity {
  if (g.neutralizedBy && g.neutralizedBy.length > 0) {
    // S-8: LOW, but never above what removing the guardrail would re-expose (a VNet-only grant stays INFO).
    const { neutralizedBy: _n, ...reexposed } = g;
    const s = grantSeverity(reexposed, resource, ctx);
    return severityRank(s) < severityRank('low') ? s : 'low';
  }
  switch (g.exposure) {
    case 'PUBLIC':
    case 'PUBLIC_AUTHENTICATED':
      return exposureBase(g, resource, ctx); // S-1..S-5, S-12
    case 'RESTRICTED':
      return restrictedSeverity(g, resource, ctx);
    case 'SHARED':
      return sharedSeverity(g);
    case 'LATENT':
      return 'low'; // S-8
    default:
      return 'info'; // S-10
  }
}

/** Severity model S-1..S-12 of exposure-semantics.md section 6, for the aggregated verdict. */
export function scoreSeverity(input: SeverityInput): Severity {
  const { verdict, deciding, evaluation, resource, ctx } = input;
  switch (verdict) {
    case 'PUBLIC':
    case 'PUBLIC_AUTHENTICATED':
    case 'RESTRICTED':
    case 'SHARED': {
      const grants = input.active && input.active.length > 0 ? input.active : deciding;
      const scored = grants.map((g) => grantSeverity(g, resource, ctx));
      // S-2 spans grants: LIST from one statement (or the ACL) and READ from another is full exfiltration too.
      const open = grants.filter(
        (g) =>
          (g.exposure === 'PUBLIC' || g.exposure === 'PUBLIC_AUTHENTICATED') &&
          !g.neutralizedBy?.length &&
          g.via !== 'static-website',
      );
      if (open.length > 1) scored.push(publicSeverity(open.flatMap((g) => g.capabilities)));
      return scored.length > 0 ? maxSeverity(...scored) : 'info';
    }
    case 'LATENT': {
      const scored = deciding.map((g) => grantSeverity(g, resource, ctx));
      return scored.length > 0 ? maxSeverity(...scored) : 'low'; // S-8
    }
    case 'UNKNOWN':
      return 'info'; // S-11 (a coverage gap, never a pass)
    default:
      return evaluation.publicWithoutCapability ? 'low' : 'info'; // S-5 / S-10
  }
}

/* ------------------------------------------------------------------ guardrails (S-9a / S-9b) ------------------------------------------------------------------ */

/** Primary guardrails (S-9a => MEDIUM when missing). Everything else is secondary hygiene (S-9b => LOW). */
const PRIMARY_GUARDRAILS: readonly string[] = [
  's3-account-bpa',
  's3-bucket-bpa',
  's3-acls-disabled',
  'gcs-ubla',
  'azure-allow-blob-public-access',
  'azure-network-default-deny',
];

/** S-9a/S-9b for a guardrail state: MEDIUM/LOW when off, INFO when on/not applicable/unknown (S-11 coverage gap). */
export function guardrailSeverity(g: Pick<GuardrailState, 'name' | 'status'>): Severity {
  if (g.status !== 'off') return 'info';
  const base = g.name.split(':')[0] ?? g.name;
  return PRIMARY_GUARDRAILS.includes(base) ? 'medium' : 'low';
}

/* ------------------------------------------------------------------ acknowledgement (S-10) ------------------------------------------------------------------ */

export interface AcknowledgementEntry {
  reason: string;
  owner?: string;
  /** ISO date; an expired entry is ignored. */
  expires?: string;
}

/**
 * Intended-public allowlist hit: severity forced to INFO (S-10) with `acknowledged`, except that an active
 * WRITE/ADMIN exposure scored HIGH or above is never hidden: it keeps its severity (so it stays >= HIGH).
 * An entry whose `expires` lies before `now` is not applied.
 */
export function applyAcknowledgement(assessment: Assessment, entry: AcknowledgementEntry, now: Date = new Date()): Assessment {
  if (entry.expires !== undefined) {
    const t = Date.parse(entry.expires);
    if (Number.isNaN(t) || t < now.getTime()) return assessment;
  }
  const acknowledged = {
    reason: entry.reason,
    ...(entry.owner !== undefined ? { owner: entry.owner } : {}),
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
  };
  const exposed = ['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED'].includes(assessment.verdict);
  const dangerous = assessment.capabilities.some((c) => c.capability === 'WRITE' || c.capability === 'ADMIN');
  const severity: Severity =
    exposed && dangerous && severityRank(assessment.severity) >= severityRank('high') ? assessment.severity : 'info';
  return { ...assessment, acknowledged, severity };
}

/** Severity of capabilities an anonymous probe demonstrated (S-2: list + read is critical, as for a configuration). One rule for the probe report and the probe-agrees check. */
export function probeSeverity(caps: readonly Capability[]): Severity | undefined {
  // A probe acts on the bucket itself: the S-1..S-4 rules of a configuration, at bucket scope.
  return caps.length > 0 ? publicSeverity(caps.map((capability) => ({ capability, scope: 'bucket' }))) : undefined;
}
