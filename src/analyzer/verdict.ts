import type { AccessGrant, Assessment, CapabilityGrant, Evidence, StorageResource, Verdict } from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import type { ProviderEvaluation } from './evaluation.js';
import { scoreSeverity } from './severity.js';

/** Verdict classes a grant can carry, most exposed first. UNKNOWN sits below the public classes. */
const GRANT_ORDER = ['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED'] as const;

export function isActive(g: AccessGrant): boolean {
  return g.exposure !== 'PRIVATE' && !(g.neutralizedBy && g.neutralizedBy.length > 0);
}

export function mergeCapabilities(grants: readonly AccessGrant[]): CapabilityGrant[] {
  const seen = new Map<string, CapabilityGrant>();
  for (const g of grants) {
    for (const c of g.capabilities) {
      const k = `${c.capability}|${c.scope}`;
      if (!seen.has(k)) seen.set(k, { capability: c.capability, scope: c.scope });
    }
  }
  const order = ['ADMIN', 'WRITE', 'READ', 'LIST', 'READ_ACP', 'META'];
  return [...seen.values()].sort(
    (a, b) => order.indexOf(a.capability) - order.indexOf(b.capability) || a.scope.localeCompare(b.scope),
  );
}

/**
 * Turn a provider evaluation into the one verdict for the resource:
 * public classes win; then a decisive unknown input makes it UNKNOWN (never PRIVATE);
 * then RESTRICTED > SHARED (outside trust zone) > LATENT > PRIVATE.
 */
export function aggregate(resource: StorageResource, ev: ProviderEvaluation, ctx: AnalyzerContext): Assessment {
  const active = ev.grants.filter(isActive);
  const decisiveUnknown = ev.unknownInputs.filter((u) => u.decisive);
  let verdict: Verdict = 'PRIVATE';
  let deciding: AccessGrant[] = [];
  for (const cls of GRANT_ORDER) {
    const hits = active.filter((g) => g.exposure === cls && !(cls === 'SHARED' && g.inTrustZone));
    if (hits.length > 0 && (cls === 'PUBLIC' || cls === 'PUBLIC_AUTHENTICATED' || decisiveUnknown.length === 0)) {
      verdict = cls;
      deciding = hits;
      break;
    }
    if (cls === 'PUBLIC_AUTHENTICATED' && decisiveUnknown.length > 0) {
      verdict = 'UNKNOWN';
      break;
    }
  }
  if (verdict === 'PRIVATE') {
    const latent = ev.grants.filter((g) => g.exposure !== 'PRIVATE' && g.neutralizedBy && g.neutralizedBy.length > 0);
    if (latent.length > 0) {
      verdict = 'LATENT';
      deciding = latent;
    }
  }
  const neutralizedBy = [...new Set(ev.grants.flatMap((g) => (isActive(g) ? [] : (g.neutralizedBy ?? []))))];
  const reasons: Evidence[] =
    verdict === 'UNKNOWN'
      ? decisiveUnknown.map((u) => ({
          kind: 'input' as const,
          summary: `${u.input} could not be read (${u.reason}${u.code ? `: ${u.code}` : ''})${u.detail ? `: ${u.detail}` : ''}`,
        }))
      : deciding.length > 0
        ? deciding.map((g) => g.evidence)
        : [{ kind: 'input', summary: 'no public or shared grant on the evaluated surfaces' }];
  const capabilities = mergeCapabilities(deciding);
  const severity = scoreSeverity({ resource, verdict, deciding, capabilities, evaluation: ev, ctx });
  return {
    resource,
    verdict,
    capabilities,
    severity,
    reasons,
    grants: ev.grants,
    neutralizedBy,
    guardrails: ev.guardrails,
    unknownInputs: ev.unknownInputs,
    context: ev.context,
    ...(ev.providerOpinion ? { providerOpinion: ev.providerOpinion } : {}),
    ...(ev.disagreement ? { disagreement: ev.disagreement } : {}),
  };
}
