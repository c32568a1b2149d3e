import type { AccessGrant, Evidence, GuardrailState, ProviderOpinion, StorageResource, UnknownInput } from '../model/index.js';

/**
 * What a provider rule module (aws/, gcs.ts, azure.ts) returns: the facts turned into grants,
 * guardrail states and unknown inputs. The shared aggregator (verdict.ts) and severity.ts turn it
 * into a Verdict; provider modules never decide the final verdict themselves.
 */
export interface ProviderEvaluation {
  grants: AccessGrant[];
  guardrails: GuardrailState[];
  unknownInputs: UnknownInput[];
  /** Non-decisive context (website endpoint, requester pays, unsupported constructs, ...). */
  context: Evidence[];
  providerOpinion?: ProviderOpinion;
  /** Local evaluator vs provider opinion disagreement. */
  disagreement?: { with: 'provider' | 'probe'; detail: string };
  /** Evaluator would call the resource "public" in the provider's own sense with no effective capability (S-5). */
  publicWithoutCapability?: Evidence;
}

/** From Terraform (plan or .tf): what it lists is declared configuration, not a live scan's sample. */
export function fromTerraform(r: StorageResource): boolean {
  return r.source.origin === 'terraform-plan' || r.source.origin === 'terraform-hcl';
}

/** G-11 / Z-7 / "an error is a value": an unreadable input becomes an UnknownInput with reason, operation and code. */
export function unknownInput(
  input: string,
  v: { reason: UnknownInput['reason']; detail?: string; operation?: string; code?: string },
  decisive: boolean,
  note?: string,
): UnknownInput {
  const detail = [v.detail, note].filter((x) => x !== undefined && x !== '').join('; ');
  return {
    input,
    reason: v.reason,
    ...(detail ? { detail } : {}),
    ...(v.operation !== undefined ? { operation: v.operation } : {}),
    ...(v.code !== undefined ? { code: v.code } : {}),
    decisive,
  };
}
