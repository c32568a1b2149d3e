import type { ProgressEvent } from '../../providers/types.js';
import { publicSeverity, severityRank } from '../analyzer/severity.js';
import type { Assessment, Capability, CapabilityGrant, Evidence, ProbeResult, StorageResource } from '../model/index.js';
import { type Scheduler, settleAll } from '../scheduler/index.js';
import { AZURE_BLOB_SUFFIXES, AZURE_WEB_SUFFIXES, type ProbeTarget } from './targets.js';
import { errorResult, probeTarget } from './sweep.js';

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
  /** Website endpoint of an S3-compatible service (RGW) and its Host suffix (s3-website.localhost). */
  s3WebsiteEndpoint?: string;
  s3WebsiteHost?: string;
  /**
   * Deletes a write-probe object WITH THE SCAN'S CREDENTIALS (provided by the provider adapter). Absent => a
   * successful write probe is reported in probe.leftovers.
   */
  deleteObject?: (resource: StorageResource, key: string) => Promise<void>;
  /** Progress events (phase 'probe'), one per finished resource. */
  onProgress?: (e: ProgressEvent) => void;
}

/** Where to probe a scanned resource; a string is the reason it is skipped. */
function targetOfResource(r: StorageResource): ProbeTarget | string {
  const input = r.id;
  if (r.kind === 'account') return 'account-level resource: its containers are probed instead';
  if (r.kind === 'access-point') return 'access points are probed through their bucket';
  switch (r.provider) {
    case 'aws':
      return { provider: 'aws', bucket: r.name, input, ...(/[A-Z_]/.test(r.name) ? { legacy: true } : {}) };
    case 'gcp':
      return { provider: 'gcp', bucket: r.name, input };
    case 'azure': {
      if (r.facts.provider !== 'azure') return 'azure resource without account facts';
      const acct = r.facts.account;
      let blobSuffix = AZURE_BLOB_SUFFIXES[0]!;
      if (acct.blobEndpoint) {
        try {
          const h = new URL(acct.blobEndpoint).hostname;
          blobSuffix = AZURE_BLOB_SUFFIXES.find((s) => h.endsWith(`.${s}`)) ?? blobSuffix;
        } catch {
          /* keep the default */
        }
      }
      let webUrl: string | undefined;
      const web = r.endpoints?.website ?? (r.name === '$web' ? acct.webEndpoint : undefined);
      if (web) {
        try {
          const u = new URL(web);
          if (AZURE_WEB_SUFFIXES.some((s) => u.hostname.endsWith(`.${s}`))) webUrl = u.href;
        } catch {
          /* not a URL: no website probe */
        }
      }
      return {
        provider: 'azure',
        account: acct.accountName,
        container: r.name,
        blobSuffix,
        ...(webUrl ? { webUrl } : {}),
        input,
      };
    }
  }
}

/** Scopes for the capabilities a probe demonstrated. */
function probeGrants(p: ProbeResult): CapabilityGrant[] {
  return p.capabilities.map((capability: Capability) => ({
    capability,
    scope: capability === 'READ' && !p.readable && p.website ? 'object:(website index)' : 'bucket',
  }));
}

function covered(have: readonly CapabilityGrant[], g: CapabilityGrant): boolean {
  return have.some((c) => c.capability === g.capability && (c.scope === 'bucket' || c.scope === g.scope));
}

function probeEvidence(p: ProbeResult): Evidence {
  const o = p.observations.find((x) => x.outcome === 'allowed');
  return {
    kind: 'probe',
    summary: o
      ? `anonymous ${o.method} ${o.url} (${o.check}) returned ${o.status ?? '?'}: demonstrated ${p.capabilities.join(', ')}`
      : `anonymous requests demonstrated ${p.capabilities.join(', ')}`,
    rules: ['P-0'],
  };
}

/**
 * Record the probe on an assessment. A probe that demonstrates a capability the configuration does not grant
 * publicly RAISES the verdict to PUBLIC, adds the capability and records the disagreement. It never lowers.
 */
function applyProbe(a: Assessment, p: ProbeResult): Assessment {
  if (p.status !== 'confirmed' || p.capabilities.length === 0) return { ...a, probe: p };
  const demonstrated = probeGrants(p);
  const wasPublic = a.verdict === 'PUBLIC' || a.verdict === 'PUBLIC_AUTHENTICATED';
  const basis = wasPublic ? a.capabilities : [];
  const missing = demonstrated.filter((g) => !covered(basis, g));
  if (a.verdict === 'PUBLIC' && missing.length === 0) return { ...a, probe: p };
  const capabilities = [...a.capabilities, ...missing.filter((g) => !covered(a.capabilities, g))];
  const publicCaps = [...basis, ...missing];
  const computed = publicSeverity(publicCaps);
  const severity = severityRank(computed) > severityRank(a.severity) ? computed : a.severity;
  const was = `${a.verdict}${a.capabilities.length ? ` (${a.capabilities.map((c) => `${c.capability}@${c.scope}`).join(', ')})` : ''}`;
  const detail = `configuration says ${was}; anonymous requests demonstrated ${demonstrated
    .map((c) => `${c.capability}@${c.scope}`)
    .join(', ')}${a.disagreement ? `; earlier: ${a.disagreement.with}: ${a.disagreement.detail}` : ''}`;
  return {
    ...a,
    verdict: 'PUBLIC',
    capabilities,
    severity,
    reasons: [probeEvidence(p), ...a.reasons],
    disagreement: { with: 'probe', detail },
    probe: p,
  };
}

export async function probeAssessments(assessments: Assessment[], opts: ScanProbeOptions): Promise<Assessment[]> {
  const cfg = {
    scheduler: opts.scheduler,
    timeoutMs: opts.timeoutMs ?? 5_000,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.s3Endpoint ? { s3Endpoint: opts.s3Endpoint } : {}),
    ...(opts.s3WebsiteEndpoint ? { s3WebsiteEndpoint: opts.s3WebsiteEndpoint } : {}),
    ...(opts.s3WebsiteHost ? { s3WebsiteHost: opts.s3WebsiteHost } : {}),
    ...(opts.gcsEndpoint ? { gcsEndpoint: opts.gcsEndpoint } : {}),
    ...(opts.azureBlobEndpoint ? { azureBlobEndpoint: opts.azureBlobEndpoint } : {}),
  };
  let done = 0;
  const tick = () => {
    done += 1;
    opts.onProgress?.({ phase: 'probe', done, total: assessments.length });
  };
  const settled = await settleAll(assessments, opts.concurrency, async (a) => {
    try {
      return await probeOne(a);
    } finally {
      tick();
    }
  });
  async function probeOne(a: Assessment): Promise<ProbeResult> {
    const t = targetOfResource(a.resource);
    if (typeof t === 'string') return { status: 'skipped', capabilities: [], observations: [], error: t } satisfies ProbeResult;
    // Write probes only for resources this scan enumerated (live), only for providers with a write probe.
    const canWrite = opts.write && a.resource.source.origin === 'live' && (t.provider === 'aws' || t.provider === 'gcp');
    const del = opts.deleteObject;
    return probeTarget(t, cfg, canWrite ? { write: del ? { deleteObject: (key: string) => del(a.resource, key) } : {} } : {});
  }
  return assessments.map((a, i) => {
    const s = settled[i]!;
    return applyProbe(a, s.status === 'fulfilled' ? s.value : errorResult(s.reason));
  });
}
