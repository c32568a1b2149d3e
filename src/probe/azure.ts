import { inputError } from '../errors.js';
import type { ProbeResult } from '../model/index.js';
import type { Scheduler } from '../scheduler/index.js';
import { type AnonResponse, anonRequest, type HttpContext, PROVIDER_DOMAINS } from './http.js';
import { azureAccountNameError, azureContainerNameError, keyUrl } from './names.js';
import {
  answered,
  decodeXml,
  isFatal,
  observe,
  ProbeAccumulator,
  providerAnswered,
  providerOutcome,
  type ProbeRunOptions,
  pageSize,
  tryKeyUrl,
} from './result.js';
import { overrideBase } from './s3.js';

/** P-Z: anonymous probes of one Azure container (Z1 list, Z2 container properties, Z3 ranged read, Z4 website). */

/** Pinned data-plane API version sent with every request. */
export const AZURE_API_VERSION = '2023-11-03';

export interface AzureProbeConfig {
  scheduler: Scheduler;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Account blob URL override (Azurite: http://127.0.0.1:PORT/devstoreaccount1); used for every Azure target. */
  blobEndpoint?: string;
  maxRetryAfterMs?: number;
}

export interface AzureProbeTarget {
  account: string;
  container: string;
  /** Blob host suffix (default blob.core.windows.net). */
  blobSuffix?: string;
  /** Static website URL (https://ACCOUNT.zNN.web.core.windows.net/). */
  webUrl?: string;
}

function containerBase(t: AzureProbeTarget, cfg: AzureProbeConfig): URL {
  const acct = cfg.blobEndpoint
    ? overrideBase(cfg.blobEndpoint, '--azure-blob-endpoint')
    : new URL(`https://${t.account}.${t.blobSuffix ?? 'blob.core.windows.net'}/`);
  const u = new URL(`${acct.href}${t.container}/`);
  if (u.origin !== acct.origin) throw inputError(`container "${t.container}" escapes the blob endpoint`);
  if (!cfg.blobEndpoint && !PROVIDER_DOMAINS.azure.some((s) => u.hostname.endsWith(`.${s}`)))
    throw inputError(`account "${t.account}" produced a host outside the Azure blob domains`);
  return u;
}

function parseBlobList(body: string): { keys: string[]; truncated: boolean } {
  const blobs = body.split('<Blobs>')[1] ?? '';
  const keys = [...blobs.matchAll(/<Blob>\s*<Name>([^<]*)<\/Name>/g)].map((m) => decodeXml(m[1] ?? ''));
  return { keys, truncated: /<NextMarker>[^<]+<\/NextMarker>/.test(body) };
}

function denyDetail(r: AnonResponse): string | undefined {
  if (r.code === 'PublicAccessNotPermitted') return 'account disallows anonymous access (allowBlobPublicAccess=false)';
  if (r.code === 'AuthorizationFailure') return 'refused by the account firewall';
  if (r.status === 404) return 'inconclusive: Azure answers 404 for missing, private and blob-level containers';
  return undefined;
}

/** Does a blob service URL serve this account? Azurite-style path (http://host/ACCOUNT) or host ACCOUNT.blob.... */
export function endpointServesAccount(endpoint: string, account: string): boolean {
  try {
    const u = new URL(endpoint);
    const first = u.pathname.split('/').filter(Boolean)[0];
    return first === account || (first === undefined && u.hostname.split('.')[0] === account);
  } catch {
    return false;
  }
}

export async function probeAzure(t: AzureProbeTarget, cfg: AzureProbeConfig, opts: ProbeRunOptions = {}): Promise<ProbeResult> {
  const bad = azureAccountNameError(t.account) ?? azureContainerNameError(t.container);
  if (bad) throw inputError(`invalid Azure target "${t.account}/${t.container}": ${bad}`);
  if (cfg.blobEndpoint && !endpointServesAccount(cfg.blobEndpoint, t.account)) {
    // The override serves one account: another account's container of the same name there says nothing about
    // this account (and its answer must never be reported as this account's exposure).
    return {
      status: 'skipped',
      capabilities: [],
      observations: [],
      error: `account ${t.account} is not served by --azure-blob-endpoint ${cfg.blobEndpoint}`,
    };
  }
  const base = containerBase(t, cfg);
  const origins = cfg.blobEndpoint ? [base.origin] : [];
  const http: HttpContext = {
    scheduler: cfg.scheduler,
    lane: 'probe:azure',
    timeoutMs: cfg.timeoutMs,
    allowedSuffixes: PROVIDER_DOMAINS.azure,
    allowedOrigins: origins,
    ...(cfg.signal ? { signal: cfg.signal } : {}),
    ...(cfg.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: cfg.maxRetryAfterMs } : {}),
  };
  const acc = new ProbeAccumulator();
  const headers = { 'x-ms-version': AZURE_API_VERSION };
  const send = (check: string, req: Parameters<typeof anonRequest>[1]): Promise<AnonResponse> =>
    anonRequest(http, { label: `${check} ${t.account}/${t.container}`, ...req, headers: { ...headers, ...req.headers } });
  // Z1: list one page (never ?comp=list on the account).
  const z1url = new URL(base);
  z1url.pathname = z1url.pathname.replace(/\/$/, '');
  z1url.search = `restype=container&comp=list&maxresults=${pageSize(opts)}`;
  const z1 = await send('list', { method: 'GET', url: z1url, readBody: true });
  if (z1.errorKind === 'dns') {
    acc.exists = false;
    acc.add(observe('list', z1, 'not-found', 'storage account does not resolve (Z0)'));
    return acc.result();
  }
  if (z1.status === 200 && z1.body?.includes('<EnumerationResults')) {
    const l = parseBlobList(z1.body);
    acc.exists = true;
    acc.listable = true;
    acc.keys = l.keys;
    acc.objectCount = l.keys.length;
    acc.truncated = l.truncated;
    acc.grant('LIST');
    acc.add(observe('list', z1, 'allowed', `${l.keys.length} blob(s) on the first page${l.truncated ? ' (more exist)' : ''}`));
  } else {
    if (providerAnswered(z1, 'azure')) acc.listable = false;
    const [oc, why] = z1.status === 200 || z1.status === 404 ? ['inconclusive' as const] : providerOutcome(z1, 'azure');
    acc.add(observe('list', z1, oc, z1.status === 200 ? '200 without <EnumerationResults>' : (why ?? denyDetail(z1))));
  }
  if (isFatal(z1)) {
    acc.fatal = z1.error;
    return acc.result();
  }
  // Z2: container properties (200 only for container-level access).
  const z2url = new URL(z1url);
  z2url.search = 'restype=container';
  const z2 = await send('container-properties', { method: 'HEAD', url: z2url });
  const [oc2, why2] = providerOutcome(z2, 'azure');
  if (oc2 === 'allowed') {
    acc.exists = true;
    acc.grant('META');
  }
  acc.add(observe('container-properties', z2, oc2 === 'not-found' ? 'inconclusive' : oc2, why2 ?? denyDetail(z2)));
  // Z3: ranged read.
  const key = opts.key ?? acc.keys[0];
  const keyBad = key !== undefined ? tryKeyUrl(base, key) : undefined;
  if (typeof keyBad === 'string') acc.add({ check: 'read', method: 'GET', url: base.href, outcome: 'error', detail: keyBad });
  else if (key !== undefined) {
    const z3 = await send('read', { method: 'GET', url: keyUrl(base, key), range: true, headers: { 'x-ms-range': 'bytes=0-0' } });
    const [oc, why] = providerOutcome(z3, 'azure');
    if (oc === 'allowed') {
      acc.exists = true;
      acc.readable = true;
      acc.grant('READ', opts.key !== undefined ? `object:${key}` : 'bucket');
    } else if (oc !== 'error' && answered(z3)) acc.readable = false;
    acc.add(observe('read', z3, oc === 'not-found' ? 'inconclusive' : oc, [`blob ${key}`, why].filter(Boolean).join('; ')));
  }
  // Z4: static website.
  if (t.webUrl) {
    const web = new URL(t.webUrl);
    if (PROVIDER_DOMAINS.azure.some((s) => web.hostname.endsWith(`.${s}`)) || origins.includes(web.origin)) {
      const z4 = await send('website', { method: 'GET', url: web, range: true, website: true });
      const [oc, why] = providerOutcome(z4, 'azure');
      if (oc === 'allowed') {
        acc.website = true;
        acc.grant('READ', 'object:(website index)');
      } else if (oc !== 'error' && answered(z4)) acc.website = false;
      acc.add(observe('website', z4, oc, why));
    }
  }
  return acc.result();
}
