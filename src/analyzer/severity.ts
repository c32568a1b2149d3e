import type { AccessGrant, CapabilityGrant, Severity, StorageResource, Verdict } from '../model/index.js';
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
}

const LEVELS: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function lower(s: Severity, floor: Severity = 'low'): Severity {
  const i = Math.max(LEVELS.indexOf(s) - 1, LEVELS.indexOf(floor));
  return LEVELS[i] ?? floor;
}

export function severityRank(s: Severity): number {
  return LEVELS.indexOf(s);
}

/** S-1..S-5 for a set of publicly exercisable capabilities. */
export function publicSeverity(caps: readonly CapabilityGrant[], publicWithoutCapability: boolean): Severity {
  const has = (c: string, scope?: string) => caps.some((x) => x.capability === c && (!scope || x.scope === scope));
  if (has('WRITE') || has('ADMIN')) return 'critical'; // S-1
  if (has('LIST', 'bucket') && has('READ', 'bucket')) return 'critical'; // S-2
  if (has('READ') || has('LIST')) return 'high'; // S-3
  if (has('READ_ACP') || has('META')) return 'medium'; // S-4
  return publicWithoutCapability ? 'low' : 'low'; // S-5
}

/** Severity model S-1..S-12 of exposure-semantics.md section 6. */
export function scoreSeverity(input: SeverityInput): Severity {
  const { verdict, deciding, capabilities, evaluation } = input;
  switch (verdict) {
    case 'PUBLIC':
    case 'PUBLIC_AUTHENTICATED': {
      if (deciding.some((g) => g.capabilitiesUnknown)) return 'high';
      return publicSeverity(capabilities, Boolean(evaluation.publicWithoutCapability));
    }
    case 'RESTRICTED': {
      const onlyPrivateNets = deciding.every((g) => g.pin && g.pin !== 'public-cidr' && g.pin !== 'ip-rules');
      if (onlyPrivateNets) return 'info'; // S-6b
      return lower(publicSeverity(capabilities, false)); // S-6
    }
    case 'SHARED':
      return capabilities.some((c) => c.capability === 'ADMIN') ? 'high' : 'medium'; // S-7
    case 'LATENT':
      return 'low'; // S-8
    case 'UNKNOWN':
      return 'info'; // S-11
    default:
      return evaluation.publicWithoutCapability ? 'low' : 'info'; // S-5 / S-10
  }
}
