import type { Assessment, StorageResource } from '../model/index.js';
import { evaluateAws } from './aws/index.js';
import { evaluateAzure } from './azure.js';
import type { AnalyzerContext } from './context.js';
import type { ProviderEvaluation } from './evaluation.js';
import { evaluateGcs } from './gcs.js';
import { aggregate } from './verdict.js';

export type { AnalyzerContext, GcsRequesterPaysReading, TrustZone } from './context.js';
export { defaultContext } from './context.js';
export type { ProviderEvaluation } from './evaluation.js';
export type { AcknowledgementEntry } from './severity.js';
export { applyAcknowledgement, grantSeverity, guardrailSeverity, severityRank } from './severity.js';
export { VERDICT_ORDER, verdictRank } from './verdict.js';

function evaluate(resource: StorageResource, ctx: AnalyzerContext): ProviderEvaluation {
  const f = resource.facts;
  switch (f.provider) {
    case 'aws':
      return evaluateAws(resource, f, ctx);
    case 'gcp':
      return evaluateGcs(resource, f, ctx);
    case 'azure':
      return evaluateAzure(resource, f, ctx);
  }
}

/**
 * The verdict engine: pure, never throws. A rule module that throws yields UNKNOWN with the error as
 * reason (reported, never passed).
 */
export function analyzeResource(resource: StorageResource, ctx: AnalyzerContext): Assessment {
  let ev: ProviderEvaluation;
  try {
    ev = evaluate(resource, ctx);
  } catch (err) {
    ev = {
      grants: [],
      guardrails: [],
      context: [],
      unknownInputs: [
        {
          input: 'analyzer',
          reason: 'error',
          detail: `rule evaluation failed: ${err instanceof Error ? err.message : String(err)}`,
          decisive: true,
        },
      ],
    };
  }
  return aggregate(resource, ev, ctx);
}

export function analyzeAll(resources: readonly StorageResource[], ctx: AnalyzerContext): Assessment[] {
  return resources.map((r) => analyzeResource(r, ctx));
}
