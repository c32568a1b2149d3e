import type { CollectContext, CollectResult, GcpScanOptions } from '../types.js';

// PLACEHOLDER: replaced by the Gcp adapter.
export async function collectGcp(_opts: GcpScanOptions, _ctx: CollectContext): Promise<CollectResult> {
  return { resources: [], errors: [{ stage: 'collect', provider: 'gcp', message: 'gcp adapter not available yet' }] };
}
