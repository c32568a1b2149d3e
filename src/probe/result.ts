import type { Capability, CapabilityGrant, ProbeObservation, ProbeResult } from '../model/index.js';
import type { AnonResponse } from './http.js';
import { keyUrl } from './names.js';
import { sensitiveKeys } from './sensitive.js';

/** Options shared by the provider probes. */
export interface ProbeRunOptions {
  /** Object key to read-test (else the first listed key). */
  key?: string;
  /** Page size of the one listing request (default 1, at most 1000). */
  listMaxKeys?: number;
  /** Read ACL/policy (S3 A4; default true). */
  acp?: boolean;
  /** Opt-in create-only write test (scan --probe-write only). */
  write?: {
    /** Delete the probe object with the scan's credentials. Absent => the object is reported as a leftover. */
    deleteObject?: (key: string) => Promise<void>;
  };
}

/** Observation from a response: outcome decided by the caller's interpretation. */
export function observe(check: string, r: AnonResponse, outcome: ProbeObservation['outcome'], detail?: string): ProbeObservation {
  const d = [detail, r.error, r.redirects.length ? `redirected to ${r.redirects.join(' -> ')}` : undefined]
    .filter(Boolean)
    .join('; ');
  return {
    check,
    method: r.method,
    url: r.url,
    ...(r.status !== undefined ? { status: r.status } : {}),
    ...(r.code ? { code: r.code } : {}),
    ...(r.requestId ? { requestId: r.requestId } : {}),
    outcome: r.error && outcome !== 'not-found' ? 'error' : outcome,
    ...(d ? { detail: d } : {}),
  };
}

/** Default interpretation: 2xx allowed, 401/403 denied, 404 not-found, network failure error, else inconclusive. */
function outcomeOf(r: AnonResponse): ProbeObservation['outcome'] {
  if (r.status === undefined) return 'error';
  if (r.status >= 200 && r.status < 300) return 'allowed';
  if (r.status === 401 || r.status === 403) return 'denied';
  if (r.status === 404) return 'not-found';
  return 'inconclusive';
}

/** Response headers only the provider's own storage front ends set (S3 and RGW, GCS, Azure Storage). */
const PROVIDER_MARKERS: Record<'aws' | 'gcp' | 'azure', RegExp> = {
  aws: /^x-amz-(?:request-id|id-2)$/,
  gcp: /^(?:x-guploader-uploadid|x-goog-[a-z-]+)$/,
  azure: /^x-ms-(?:request-id|version)$/,
};

/**
 * outcomeOf, but a 2xx counts as 'allowed', and a 401/403 as 'denied', only when it carries the provider's own
 * response headers: a captive portal, a corporate proxy's login page or block page, or any other HTTP server is not
 * the provider granting or refusing anonymous access. A 200 from it must never be confirmed exposure, and a 403
 * from it must never count as "not public" (a pass). Such an answer is an error (the question could not be
 * settled), with the reason.
 */
export function providerOutcome(r: AnonResponse, provider: 'aws' | 'gcp' | 'azure'): [ProbeObservation['outcome'], string?] {
  const oc = outcomeOf(r);
  if ((oc !== 'allowed' && oc !== 'denied') || fromProvider(r, provider)) return [oc];
  return ['error', `${r.status} without the provider's response headers: not a storage answer (proxy or captive page?)`];
}

/** The provider itself answered the question (see providerOutcome): a "no" from it settles a capability. */
export function providerAnswered(r: AnonResponse, provider: 'aws' | 'gcp' | 'azure'): boolean {
  return answered(r) && fromProvider(r, provider);
}

/** The answer carries the provider's own response headers (see providerOutcome). */
export function fromProvider(r: AnonResponse, provider: 'aws' | 'gcp' | 'azure'): boolean {
  return Object.keys(r.headers).some((h) => PROVIDER_MARKERS[provider].test(h));
}

/** The service answered the question (a status and no error value: not a 5xx, throttle or refused redirect). */
export function answered(r: AnonResponse): boolean {
  return r.status !== undefined && !r.error;
}

/** A network failure that makes further requests to the same target pointless. */
export function isFatal(r: AnonResponse): boolean {
  return r.status === undefined && (r.errorKind === 'timeout' || r.errorKind === 'refused' || r.errorKind === 'aborted');
}

export function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

/** Mutable accumulator for one target. */
export class ProbeAccumulator {
  readonly observations: ProbeObservation[] = [];
  readonly caps = new Map<Capability, string>();
  exists?: boolean;
  listable?: boolean;
  readable?: boolean;
  writable?: boolean;
  website?: boolean;
  region?: string;
  objectCount?: number;
  truncated?: boolean;
  keys: string[] = [];
  leftovers: string[] = [];
  fatal?: string;

  add(o: ProbeObservation): void {
    this.observations.push(o);
  }
  grant(cap: Capability, scope = 'bucket'): void {
    const prev = this.caps.get(cap);
    if (!prev || (prev !== 'bucket' && scope === 'bucket')) this.caps.set(cap, scope);
  }
  capabilityGrants(): CapabilityGrant[] {
    return [...this.caps].map(([capability, scope]) => ({ capability, scope }));
  }
  result(): ProbeResult {
    const capabilities = [...this.caps.keys()];
    // Nothing granted but some request failed: the probe could not rule exposure out, so it is an error, never
    // "not confirmed" (which the probe-agrees check would read as a pass).
    const anyError = this.observations.some((o) => o.outcome === 'error');
    const status: ProbeResult['status'] = capabilities.length
      ? 'confirmed'
      : anyError || this.fatal
        ? 'error'
        : this.observations.length
          ? 'not-confirmed'
          : 'skipped';
    const firstError = this.fatal ?? this.observations.find((o) => o.outcome === 'error')?.detail;
    const sensitive = sensitiveKeys(this.keys);
    return {
      status,
      ...(this.exists !== undefined ? { exists: this.exists } : {}),
      ...(this.listable !== undefined ? { listable: this.listable } : {}),
      ...(this.readable !== undefined ? { readable: this.readable } : {}),
      ...(this.writable !== undefined ? { writable: this.writable } : {}),
      ...(this.website !== undefined ? { website: this.website } : {}),
      ...(this.region ? { region: this.region } : {}),
      capabilities,
      observations: this.observations,
      ...(this.objectCount !== undefined ? { objectCount: this.objectCount } : {}),
      ...(this.truncated !== undefined ? { truncated: this.truncated } : {}),
      ...(this.keys.length ? { sampleKeys: this.keys.slice(0, 1) } : {}),
      ...(sensitive.length ? { sensitiveKeys: sensitive } : {}),
      ...(this.leftovers.length ? { leftovers: this.leftovers } : {}),
      ...(status === 'error' && firstError ? { error: firstError } : {}),
    };
  }
}

export function pageSize(opts: ProbeRunOptions): number {
  return Math.min(1000, Math.max(1, Math.floor(opts.listMaxKeys ?? 1)));
}

export function probeKeyName(): string {
  return `bucketaudit-probe/${crypto.randomUUID()}`;
}

/** keyUrl, or the reason the key cannot be addressed (an error value, not a crash). */
export function tryKeyUrl(base: URL, key: string): URL | string {
  try {
    return keyUrl(base, key);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
