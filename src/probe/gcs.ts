import { inputError } from '../errors.js';
import type { ProbeResult } from '../model/index.js';
import type { Scheduler } from '../scheduler/index.js';
import { type AnonResponse, anonRequest, type HttpContext, PROVIDER_DOMAINS } from './http.js';
import { encodeGcsObjectName, gcsBucketNameError } from './names.js';
import {
  answered,
  fromProvider,
  isFatal,
  observe,
  ProbeAccumulator,
  providerAnswered,
  providerOutcome,
  type ProbeRunOptions,
  pageSize,
  probeKeyName,
} from './result.js';
import { cleanup, overrideBase } from './s3.js';

/** P-G: anonymous probes of one GCS bucket (G0 testIamPermissions, G1 list, G2 ranged read, W1 opt-in write). */

export interface GcsProbeConfig {
  scheduler: Scheduler;
  timeoutMs: number;
  signal?: AbortSignal;
  /** JSON API base (test servers), e.g. http://127.0.0.1:PORT (a trailing /storage/v1 is accepted). */
  endpoint?: string;
  maxRetryAfterMs?: number;
}

/** G0 permission list (exposure-semantics P-G). storage.buckets.list/create are never passed (they error). */
export const GCS_TEST_PERMISSIONS = [
  'storage.objects.list',
  'storage.objects.get',
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.update',
  'storage.buckets.get',
  'storage.buckets.getIamPolicy',
  'storage.buckets.setIamPolicy',
] as const;

function apiBase(cfg: GcsProbeConfig): URL {
  if (!cfg.endpoint) return new URL('https://storage.googleapis.com/');
  const b = overrideBase(cfg.endpoint, '--gcs-endpoint');
  b.pathname = b.pathname.replace(/storage\/v1\/$/, '');
  return b;
}

function bucketUrl(base: URL, bucket: string, rest: string, upload = false): URL {
  const u = new URL(`${base.href}${upload ? 'upload/' : ''}storage/v1/b/${bucket}${rest}`);
  if (u.origin !== base.origin) throw inputError(`bucket "${bucket}" escapes the GCS endpoint`);
  return u;
}

/** The permissions of a testIamPermissions answer, or undefined when the body is not one. */
function testPermissionsAnswer(body: string | undefined): string[] | undefined {
  try {
    const j = JSON.parse(body ?? '') as { kind?: unknown; permissions?: unknown } | null;
    if (!j || typeof j !== 'object' || Array.isArray(j) || j.kind !== 'storage#testIamPermissionsResponse') return undefined;
    return Array.isArray(j.permissions) ? j.permissions.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return undefined;
  }
}

export async function probeGcs(bucket: string, cfg: GcsProbeConfig, opts: ProbeRunOptions = {}): Promise<ProbeResult> {
  const bad = gcsBucketNameError(bucket);
  if (bad) throw inputError(`invalid GCS bucket name "${bucket}": ${bad}`);
  const base = apiBase(cfg);
  const http: HttpContext = {
    scheduler: cfg.scheduler,
    lane: 'probe:gcp',
    timeoutMs: cfg.timeoutMs,
    allowedSuffixes: PROVIDER_DOMAINS.gcp,
    allowedOrigins: cfg.endpoint ? [base.origin] : [],
    ...(cfg.signal ? { signal: cfg.signal } : {}),
    ...(cfg.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: cfg.maxRetryAfterMs } : {}),
  };
  const acc = new ProbeAccumulator();
  const send = (check: string, req: Parameters<typeof anonRequest>[1]): Promise<AnonResponse> =>
    anonRequest(http, { label: `${check} ${bucket}`, ...req });

  // G0: what anonymous holds, per the provider (non-destructive).
  const g0url = bucketUrl(base, bucket, '/iam/testPermissions');
  for (const p of GCS_TEST_PERMISSIONS) g0url.searchParams.append('permissions', p);
  const g0 = await send('testIamPermissions', { method: 'GET', url: g0url, readBody: true });
  if (g0.status === 404 && fromProvider(g0, 'gcp')) {
    acc.exists = false;
    acc.add(observe('testIamPermissions', g0, 'not-found', 'no such bucket'));
    return acc.result();
  }
  if (isFatal(g0)) {
    acc.add(observe('testIamPermissions', g0, 'error'));
    acc.fatal = g0.error;
    return acc.result();
  }
  let perms: string[] = [];
  // Only GCS's own answer counts: a 200 from a proxy or captive page (HTML, other JSON) says nothing.
  const g0doc = g0.status === 200 ? testPermissionsAnswer(g0.body) : undefined;
  if (g0.status === 200 && !g0doc) {
    acc.add(observe('testIamPermissions', g0, 'error', '200 that is not a testIamPermissions answer (proxy or captive page?)'));
  } else if (g0doc) {
    acc.exists = true;
    perms = g0doc;
    const has = (p: string) => perms.includes(p);
    if (has('storage.objects.list')) acc.grant('LIST');
    if (has('storage.objects.get')) acc.grant('READ');
    if (has('storage.objects.create') || has('storage.objects.delete') || has('storage.objects.update')) {
      acc.grant('WRITE');
      acc.writable = true;
    } else acc.writable = false;
    if (has('storage.buckets.setIamPolicy')) acc.grant('ADMIN');
    if (has('storage.buckets.getIamPolicy')) acc.grant('READ_ACP');
    if (has('storage.buckets.get')) acc.grant('META');
    acc.add(
      observe(
        'testIamPermissions',
        g0,
        perms.length ? 'allowed' : 'denied',
        perms.length ? `anonymous holds ${perms.join(', ')}` : 'anonymous holds no permission',
      ),
    );
  } else {
    acc.add(
      g0.status === 404
        ? observe(
            'testIamPermissions',
            g0,
            'error',
            '404 without GCS response headers: not a GCS answer (wrong endpoint or proxy?)',
          )
        : observe('testIamPermissions', g0, ...providerOutcome(g0, 'gcp')),
    );
  }

  // G1: one listing page.
  const g1url = bucketUrl(base, bucket, '/o');
  g1url.searchParams.set('maxResults', String(pageSize(opts)));
  const g1 = await send('list', { method: 'GET', url: g1url, readBody: true });
  let listed = false;
  if (g1.status === 200) {
    try {
      const j = JSON.parse(g1.body ?? '') as { kind?: string; items?: { name?: unknown }[]; nextPageToken?: string };
      // GCS always names the document kind; an empty bucket's listing is {"kind":"storage#objects"} (still LIST).
      if (j && typeof j === 'object' && !Array.isArray(j) && j.kind === 'storage#objects') {
        listed = true;
        acc.keys = (j.items ?? []).map((i) => i.name).filter((n): n is string => typeof n === 'string');
        acc.objectCount = acc.keys.length;
        acc.truncated = Boolean(j.nextPageToken);
      }
    } catch {
      listed = false;
    }
  }
  if (listed) {
    acc.listable = true;
    acc.exists = true;
    acc.grant('LIST');
    acc.add(
      observe('list', g1, 'allowed', `${acc.objectCount} object(s) on the first page${acc.truncated ? ' (more exist)' : ''}`),
    );
  } else {
    if (providerAnswered(g1, 'gcp')) acc.listable = perms.includes('storage.objects.list') ? undefined : false;
    const rp = g1.status === 400 && /userProject|required/i.test(g1.code ?? '');
    acc.add(
      observe(
        'list',
        g1,
        g1.status === 200 ? 'inconclusive' : rp ? 'inconclusive' : providerOutcome(g1, 'gcp')[0],
        rp ? 'requester pays bucket' : g1.status === 200 ? '200 without an object listing' : providerOutcome(g1, 'gcp')[1],
      ),
    );
  }
  if (perms.includes('storage.objects.list')) acc.listable = true;

  // G2: ranged read (JSON API media download).
  const key = opts.key ?? acc.keys[0];
  if (key !== undefined) {
    const u = bucketUrl(base, bucket, `/o/${encodeGcsObjectName(key)}`);
    u.searchParams.set('alt', 'media');
    const g2 = await send('read', { method: 'GET', url: u, range: true });
    const [oc, why] = providerOutcome(g2, 'gcp');
    if (oc === 'allowed') {
      acc.readable = true;
      acc.grant('READ', opts.key !== undefined ? `object:${key}` : 'bucket');
    } else if (oc !== 'error' && answered(g2)) acc.readable = false;
    acc.add(observe('read', g2, oc, [`key ${key}`, why].filter(Boolean).join('; ')));
  }
  if (perms.includes('storage.objects.get')) acc.readable = true;

  // W1: opt-in create-only write (ifGenerationMatch=0 never overwrites).
  if (opts.write) {
    const probeKey = probeKeyName();
    const u = bucketUrl(base, bucket, '/o', true);
    u.searchParams.set('uploadType', 'media');
    u.searchParams.set('name', probeKey);
    u.searchParams.set('ifGenerationMatch', '0');
    const w = await send('write', {
      method: 'POST',
      url: u,
      headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
    });
    const [oc, why] = providerOutcome(w, 'gcp');
    if (oc === 'allowed') {
      acc.writable = true;
      acc.grant('WRITE');
      await cleanup(acc, probeKey, opts.write.deleteObject);
    }
    acc.add(observe('write', w, w.status === 412 ? 'inconclusive' : oc, [`key ${probeKey}`, why].filter(Boolean).join('; ')));
  }
  return acc.result();
}
