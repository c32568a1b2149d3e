import type { AccessGrant, Assessment, CapabilityGrant, Evidence, StorageResource, Verdict } from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import type { ProviderEvaluation } from './evaluation.js';
import { guardrailSeverity, scoreSeverity } from './severity.js';

/**
 * Verdict order, most exposed first (exposure-semantics 0.1: aggregated = worst).
 * A known active exposure outranks UNKNOWN (it is a proven lower bound and scores above the S-11 INFO
 * coverage gap); UNKNOWN outranks LATENT and PRIVATE, so an unreadable decisive input is never reported
 * as neutralised or private.
 */
export const VERDICT_ORDER: readonly Verdict[] = [
  'PUBLIC',
  'PUBLIC_AUTHENTICATED',
  'RESTRICTED',
  'SHARED',
  'UNKNOWN',
  'LATENT',
  'PRIVATE',
];

export function verdictRank(v: Verdict): number {
  return VERDICT_ORDER.length - 1 - VERDICT_ORDER.indexOf(v);
}

function neutralized(g: AccessGrant): boolean {
  return (g.neutralizedBy?.length ?? 0) > 0;
}

/** A grant that exposes something now: not PRIVATE/LATENT, not neutralised, not SHARED inside the trust zone. */
export function isActive(g: AccessGrant): boolean {
  if (g.exposure === 'PRIVATE' || g.exposure === 'LATENT' || neutralized(g)) return false;
  return !(g.exposure === 'SHARED' && g.inTrustZone);
}

/** A grant that would expose something if a guardrail were removed (S-8). */
export function isLatent(g: AccessGrant): boolean {
  if (g.exposure === 'PRIVATE') return false;
  if (g.exposure === 'SHARED' && g.inTrustZone) return false;
  return g.exposure === 'LATENT' || neutralized(g);
}

const CAP_ORDER = ['ADMIN', 'WRITE', 'READ', 'LIST', 'READ_ACP', 'META'];

export function mergeCapabilities(grants: readonly AccessGrant[]): CapabilityGrant[] {
  const seen = new Map<string, CapabilityGrant>();
  for (const g of grants) {
    for (const c of g.capabilities) {
      const k = `${c.capability}|${c.scope}`;
      if (!seen.has(k)) seen.set(k, { capability: c.capability, scope: c.scope });
    }
  }
  return [...seen.values()].sort(
    (a, b) => CAP_ORDER.indexOf(a.capability) - CAP_ORDER.indexOf(b.capability) || a.scope.localeCompare(b.scope),
  );
}

/** The unread inputs as Evidence rows (for reasons; checks reuse it for their unknown outcomes). */
export function unknownEvidence(ev: Pick<ProviderEvaluation, 'unknownInputs'>, decisiveOnly = false): Evidence[] {
  return ev.unknownInputs
    .filter((u) => !decisiveOnly || u.decisive)
    .map((u) => ({
      kind: 'input' as const,
      path: u.input,
      summary: `${u.input} could not be read (${u.reason}${u.code ? `: ${u.code}` : ''})${u.detail ? `: ${u.detail}` : ''}`,
    }));
}

/**
 * Turn a provider evaluation into the one verdict for the resource (never throws):
 * PUBLIC > PUBLIC_AUTHENTICATED > RESTRICTED > SHARED (outside the trust zone) > UNKNOWN (a decisive input
 * could not be read; never PRIVATE) > LATENT (only when no active exposure) > PRIVATE.
 * SHARED inside the trust zone yields PRIVATE with the grant kept (S-7b INFO).
 * Severity is the worst grant severity (S-1..S-8, S-12); guardrails get S-9a/S-9b severities.
 */
export function aggregate(resource: StorageResource, ev: ProviderEvaluation, ctx: AnalyzerContext): Assessment {
  const active = ev.grants.filter(isActive);
  const latent = ev.grants.filter(isLatent);
  const decisiveUnknown = ev.unknownInputs.filter((u) => u.decisive);

  let verdict: Verdict = 'PRIVATE';
  let deciding: AccessGrant[] = [];
  const activeClass = VERDICT_ORDER.find((cls) => active.some((g) => g.exposure === cls));
  if (activeClass) {
    verdict = activeClass;
    deciding = active.filter((g) => g.exposure === activeClass);
  } else if (decisiveUnknown.length > 0) {
    verdict = 'UNKNOWN';
  } else if (latent.length > 0) {
    verdict = 'LATENT';
    deciding = latent;
  }

  const others = active.filter((g) => !deciding.includes(g));
  let reasons: Evidence[];
  if (verdict === 'UNKNOWN') {
    reasons = unknownEvidence(ev, true);
  } else if (deciding.length > 0) {
    reasons = [...deciding.map((g) => g.evidence), ...others.map((g) => g.evidence), ...unknownEvidence(ev, true)];
  } else {
    const trusted = ev.grants.filter((g) => g.exposure === 'SHARED' && g.inTrustZone);
    const inert = ev.grants.filter((g) => g.exposure === 'PRIVATE');
    reasons = [
      ...(ev.publicWithoutCapability ? [ev.publicWithoutCapability] : []),
      ...trusted.map((g) => g.evidence),
      ...inert.map((g) => g.evidence),
    ];
    if (reasons.length === 0) reasons = [{ kind: 'input', summary: 'no public or shared grant on the evaluated surfaces' }];
  }

  const neutralizedBy = [...new Set(latent.flatMap((g) => g.neutralizedBy ?? []))];
  const capabilities = mergeCapabilities(deciding);
  const severity = scoreSeverity({ resource, verdict, deciding, capabilities, evaluation: ev, ctx, active });
  return {
    resource,
    verdict,
    capabilities,
    severity,
    reasons,
    grants: ev.grants,
    neutralizedBy,
    guardrails: ev.guardrails.map((g) => ({ ...g, severity: guardrailSeverity(g) })),
    unknownInputs: ev.unknownInputs,
    context: ev.context,
    ...(ev.providerOpinion ? { providerOpinion: ev.providerOpinion } : {}),
    ...(ev.disagreement ? { disagreement: ev.disagreement } : {}),
  };
}
