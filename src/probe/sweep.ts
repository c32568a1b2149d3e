import type { ProbeResult, Provider, Severity } from '../model/index.js';
import { probeSeverity } from '../analyzer/severity.js';
import { type Scheduler, settleAll } from '../scheduler/index.js';
import { probeAzure } from './azure.js';
import { probeGcs } from './gcs.js';
import type { ProbeRunOptions } from './result.js';
import { probeS3 } from './s3.js';
import { type ProbeTarget, targetId } from './targets.js';

/** Probe many targets through the scheduler; every target ends with a result or a named error. */

export interface ProbeEndpoints {
  /** Path-style S3-compatible base (RGW). */
  s3Endpoint?: string;
  s3WebsiteEndpoint?: string;
  /** Website host suffix for s3WebsiteEndpoint (RGW: s3-website.localhost). */
  s3WebsiteHost?: string;
  gcsEndpoint?: string;
  azureBlobEndpoint?: string;
}

export interface SweepConfig extends ProbeEndpoints {
  scheduler: Scheduler;
  timeoutMs: number;
  /** Targets probed at once (each target's requests also go through the scheduler's lanes). */
  concurrency: number;
  signal?: AbortSignal;
  legacyS3Names?: boolean;
  maxRetryAfterMs?: number;
  /** Default key to read-test (a key in the target itself wins). */
  key?: string;
  listMaxKeys?: number;
}

export interface TargetReport {
  /** Canonical target: s3://b, gs://b, az://account/container. */
  target: string;
  input: string;
  provider: Provider;
  key?: string;
  /** Severity of what the probe demonstrated (confirmed targets only). */
  severity?: Severity;
  result: ProbeResult;
}

export async function probeTarget(
  t: ProbeTarget,
  cfg: Omit<SweepConfig, 'concurrency'>,
  extra: ProbeRunOptions = {},
): Promise<ProbeResult> {
  const key = t.key ?? cfg.key;
  const opts: ProbeRunOptions = {
    ...extra,
    ...(key !== undefined ? { key } : {}),
    ...(cfg.listMaxKeys !== undefined ? { listMaxKeys: cfg.listMaxKeys } : {}),
  };
  const common = {
    scheduler: cfg.scheduler,
    timeoutMs: cfg.timeoutMs,
    ...(cfg.signal ? { signal: cfg.signal } : {}),
    ...(cfg.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: cfg.maxRetryAfterMs } : {}),
  };
  switch (t.provider) {
    case 'aws':
      return probeS3(
        t.bucket,
        {
          ...common,
          ...(cfg.s3Endpoint ? { endpoint: cfg.s3Endpoint } : {}),
          ...(cfg.s3WebsiteEndpoint ? { websiteEndpoint: cfg.s3WebsiteEndpoint } : {}),
          ...(cfg.s3WebsiteHost ? { websiteHost: cfg.s3WebsiteHost } : {}),
          ...(t.legacy || cfg.legacyS3Names ? { legacyNames: true } : {}),
        },
        opts,
      );
    case 'gcp':
      return probeGcs(t.bucket, { ...common, ...(cfg.gcsEndpoint ? { endpoint: cfg.gcsEndpoint } : {}) }, opts);
    case 'azure':
      return probeAzure(
        { account: t.account, container: t.container, blobSuffix: t.blobSuffix, ...(t.webUrl ? { webUrl: t.webUrl } : {}) },
        { ...common, ...(cfg.azureBlobEndpoint ? { blobEndpoint: cfg.azureBlobEndpoint } : {}) },
        opts,
      );
  }
}

export function errorResult(err: unknown): ProbeResult {
  const name = err instanceof Error ? err.name : 'Error';
  const msg = err instanceof Error ? err.message : String(err);
  return { status: 'error', capabilities: [], observations: [], error: `${name}: ${msg}` };
}

export async function sweep(targets: readonly ProbeTarget[], cfg: SweepConfig): Promise<TargetReport[]> {
  const settled = await settleAll(targets, cfg.concurrency, (t) => probeTarget(t, cfg));
  return settled.map((s, i) => {
    const t = targets[i]!;
    const result = s.status === 'fulfilled' ? s.value : errorResult(s.reason);
    const severity = result.status === 'confirmed' ? probeSeverity(result.capabilities) : undefined;
    const key = t.key ?? cfg.key;
    return {
      target: targetId(t),
      input: t.input,
      provider: t.provider,
      ...(key !== undefined ? { key } : {}),
      ...(severity ? { severity } : {}),
      result,
    };
  });
}
