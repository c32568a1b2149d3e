import type { CollectContext, CollectResult, AzureScanOptions } from '../types.js';

// PLACEHOLDER: replaced by the Azure adapter.
export async function collectAzure(_opts: AzureScanOptions, _ctx: CollectContext): Promise<CollectResult> {
  return { resources: [], errors: [{ stage: 'collect', provider: 'azure', message: 'azure adapter not available yet' }] };
}
