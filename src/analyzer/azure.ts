// PLACEHOLDER: replaced by the rule implementation.
import type { AzureContainerFacts, AzureAccountFacts } from '../model/index.js';
import type { StorageResource } from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import type { ProviderEvaluation } from './evaluation.js';

export function evaluateAzure(
  _resource: StorageResource,
  _facts: AzureContainerFacts | AzureAccountFacts,
  _ctx: AnalyzerContext,
): ProviderEvaluation {
  return {
    grants: [],
    guardrails: [],
    context: [],
    unknownInputs: [{ input: 'rules', reason: 'not-collected', detail: 'rules not implemented yet', decisive: true }],
  };
}
