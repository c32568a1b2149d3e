// PLACEHOLDER: replaced by the rule implementation.
import type { AwsS3Facts } from '../../model/index.js';
import type { StorageResource } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import type { ProviderEvaluation } from '../evaluation.js';

export function evaluateAws(_resource: StorageResource, _facts: AwsS3Facts, _ctx: AnalyzerContext): ProviderEvaluation {
  return {
    grants: [],
    guardrails: [],
    context: [],
    unknownInputs: [{ input: 'rules', reason: 'not-collected', detail: 'rules not implemented yet', decisive: true }],
  };
}
