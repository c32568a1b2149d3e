import type { CollectContext, CollectResult, AwsScanOptions } from '../types.js';

// PLACEHOLDER: replaced by the Aws adapter.
export async function collectAws(_opts: AwsScanOptions, _ctx: CollectContext): Promise<CollectResult> {
  return { resources: [], errors: [{ stage: 'collect', provider: 'aws', message: 'aws adapter not available yet' }] };
}
