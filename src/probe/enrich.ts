import type { Assessment } from '../model/index.js';
import type { Scheduler } from '../scheduler/index.js';

export interface ScanProbeOptions {
  scheduler: Scheduler;
  concurrency: number;
  /** Opt-in create-only write test (with cleanup using the scan's credentials). */
  write: boolean;
  s3Endpoint?: string;
  gcsEndpoint?: string;
  azureBlobEndpoint?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

// PLACEHOLDER: replaced by the probe issue.
export async function probeAssessments(assessments: Assessment[], _opts: ScanProbeOptions): Promise<Assessment[]> {
  return assessments.map((a) => ({
    ...a,
    probe: { status: 'skipped', capabilities: [], observations: [], error: 'probe not available yet' },
  }));
}
