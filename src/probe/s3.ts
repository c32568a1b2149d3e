import { awsDomain, s3BucketTarget, s3WebsiteHost } from '../endpoints/aws.js';
import { inputError } from '../errors.js';
import type { ProbeResult } from '../model/index.js';
import type { Scheduler } from '../scheduler/index.js';
import { type AnonResponse, AWS_S3_HOST, anonRequest, type HttpContext, PROVIDER_DOMAINS } from './http.js';
import { keyUrl, s3BucketNameError } from './names.js';
import {
  answered,
  decodeXml,
  fromProvider,
  isFatal,
  observe,
  ProbeAccumulator,
  providerAnswered,
  providerOutcome,
  type ProbeRunOptions,
  pageSize,
  probeKeyName,
  tryKeyUrl,
} from './result.js';

/** P-A: anonymous probes of one S3 bucket (A0 region, A1 list, A2 read, A3 oracle, A4 ACP, A5 website, W1 write). */

export interface S3ProbeConfig {
  scheduler: Scheduler;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Path-style base of an S3-compatible service (e.g. Ceph RGW http://127.0.0.1:7480). */
  endpoint?: string;
  /** Website endpoint to connect to for custom services (e.g. RGW http://127.0.0.1:7480)... */
  websiteEndpoint?: string;
  /** ...with Host "<bucket>.<websiteHost>:<port>" (RGW: s3-website.localhost). */
  websiteHost?: string;
  /** Legacy (uppercase/underscore) bucket names accepted. */
  legacyNames?: boolean;
  maxRetryAfterMs?: number;
}

/** A validated http(s) override base URL without credentials, query or fragment; trailing "/" removed. */
export function overrideBase(raw: string, flag: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw inputError(`${flag} "${raw}" is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw inputError(`${flag} must be an http(s) URL`);
  if (u.username || u.password || u.search || u.hash)
    throw inputError(`${flag} must not carry credentials, a query or a fragment`);
  if (!u.pathname.endsWith('/')) u.pathname = `${u.pathname}/`;
  return u;
}

/** REST base URL of a bucket (always ends with "/"): the shared addressing rule (src/endpoints), checked. */
function restBase(bucket: string, cfg: S3ProbeConfig, region?: string): URL {
  if (cfg.endpoint) {
    const b = overrideBase(cfg.endpoint, '--s3-endpoint');
    const t = s3BucketTarget(bucket, region, b);
    const u = new URL(`${t.protocol}//${t.host}${t.path}`);
    if (u.origin !== b.origin || !u.pathname.startsWith(b.pathname))
      throw inputError(`bucket "${bucket}" escapes the S3 endpoint`);
    return u;
  }
  const t = s3BucketTarget(bucket, region);
  const u = new URL(`${t.protocol}//${t.host}${t.path}`);
  const suffix = awsDomain(region);
  if (!u.hostname.endsWith(suffix)) throw inputError(`bucket "${bucket}" produced a host outside ${suffix}`);
  return u;
}

function parseListing(body: string): { keys: string[]; count: number; truncated: boolean } {
  const keys = [...body.matchAll(/<Contents>[\s\S]*?<Key>([^<]*)<\/Key>/g)].map((m) => {
    const raw = decodeXml(m[1] ?? '');
    try {
      return decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      return raw;
    }
  });
  const kc = /<KeyCount>(\d+)<\/KeyCount>/.exec(body);
  return { keys, count: kc ? Number(kc[1]) : keys.length, truncated: /<IsTruncated>true<\/IsTruncated>/.test(body) };
}

export async function probeS3(bucket: string, cfg: S3ProbeConfig, opts: ProbeRunOptions = {}): Promise<ProbeResult> {
  const bad = s3BucketNameError(bucket, { legacy: Boolean(cfg.legacyNames) });
  if (bad) throw inputError(`invalid S3 bucket name "${bucket}": ${bad}`);
  const origins: string[] = [];
  if (cfg.endpoint) origins.push(overrideBase(cfg.endpoint, '--s3-endpoint').origin);
  if (cfg.websiteEndpoint) origins.push(overrideBase(cfg.websiteEndpoint, '--s3-website-endpoint').origin);
  const http: HttpContext = {
    scheduler: cfg.scheduler,
    lane: 'probe:aws',
    timeoutMs: cfg.timeoutMs,
    allowedSuffixes: PROVIDER_DOMAINS.aws,
    allowedHost: AWS_S3_HOST,
    allowedOrigins: origins,
    ...(cfg.signal ? { signal: cfg.signal } : {}),
    ...(cfg.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: cfg.maxRetryAfterMs } : {}),
  };
  const acc = new ProbeAccumulator();
  const send = (check: string, req: Parameters<typeof anonRequest>[1]): Promise<AnonResponse> =>
    anonRequest(http, { label: `${check} ${bucket}`, ...req });

  // A0: existence + region.
  let base = restBase(bucket, cfg);
  const a0 = await send('region', { method: 'HEAD', url: base });
  const region = a0.headers['x-amz-bucket-region'];
  if (region && /^[a-z0-9-]{1,40}$/.test(region)) acc.region = region;
  // A 404 says "no such bucket" only when S3 says it (a wrong endpoint or a proxy answers 404 for anything).
  const a0s3 = fromProvider(a0, 'aws');
  if (a0.status === 404 && a0s3) {
    acc.exists = false;
    acc.add(observe('region', a0, 'not-found', 'no such bucket'));
    return acc.result();
  }
  if (a0.status !== undefined && a0s3 && [200, 301, 307, 400, 403].includes(a0.status)) acc.exists = true;
  acc.add(
    a0.status === 404
      ? observe('region', a0, 'error', '404 without S3 response headers: not an S3 answer (wrong endpoint or proxy?)')
      : observe(
          'region',
          a0,
          providerOutcome(a0, 'aws')[0],
          [acc.region ? `region ${acc.region}` : undefined, providerOutcome(a0, 'aws')[1]].filter(Boolean).join('; ') ||
            undefined,
        ),
  );
  if (isFatal(a0)) {
    acc.fatal = a0.error;
    return acc.result();
  }
  if (acc.region && !cfg.endpoint) base = restBase(bucket, cfg, acc.region);

  // A1: one listing page. Only a 200 <ListBucketResult> is a listing (RGW answers GET / with a bucket list).
  const listUrl = new URL(base);
  listUrl.search = `list-type=2&max-keys=${pageSize(opts)}&encoding-type=url`;
  const a1 = await send('list', { method: 'GET', url: listUrl, readBody: true });
  if (a1.status === 200 && a1.body?.includes('<ListBucketResult')) {
    const l = parseListing(a1.body);
    acc.listable = true;
    acc.exists = true;
    acc.keys = l.keys;
    acc.objectCount = l.count;
    acc.truncated = l.truncated;
    acc.grant('LIST');
    acc.add(observe('list', a1, 'allowed', `${l.count} object(s) on the first page${l.truncated ? ' (more exist)' : ''}`));
  } else {
    acc.listable = providerAnswered(a1, 'aws') ? false : undefined;
    if (a1.code === 'NoSuchBucket') acc.exists = false;
    const [oc, why] = a1.status === 200 ? ['inconclusive' as const] : providerOutcome(a1, 'aws');
    acc.add(observe('list', a1, oc, a1.status === 200 ? '200 without <ListBucketResult>: not a listing' : why));
    if (acc.exists === false) return acc.result();
  }
  if (isFatal(a1)) {
    acc.fatal = a1.error;
    return acc.result();
  }

  // A2: ranged read of a user key or the first listed key (never more than 1 byte; the body is not read).
  const key = opts.key ?? acc.keys[0];
  const keyTarget = key !== undefined ? tryKeyUrl(base, key) : undefined;
  if (typeof keyTarget === 'string')
    acc.add({ check: 'read', method: 'GET', url: base.href, outcome: 'error', detail: keyTarget });
  else if (keyTarget) {
    const a2 = await send('read', { method: 'GET', url: keyTarget, range: true });
    const [oc, why] = providerOutcome(a2, 'aws');
    if (oc === 'allowed') {
      acc.readable = true;
      acc.grant('READ', opts.key !== undefined ? `object:${key}` : 'bucket');
    } else if (oc !== 'error' && answered(a2)) acc.readable = false;
    acc.add(observe('read', a2, oc, [`key ${key}`, why].filter(Boolean).join('; ')));
  }

  // A3: existence oracle, only when listing was not demonstrated.
  if (!acc.listable) {
    const a3 = await send('list-oracle', { method: 'GET', url: keyUrl(base, probeKeyName()), range: true });
    const implied = a3.status === 404 && a3.code === 'NoSuchKey';
    acc.add(
      observe(
        'list-oracle',
        a3,
        implied ? 'allowed' : a3.status === 404 ? 'inconclusive' : providerOutcome(a3, 'aws')[0],
        implied ? 'NoSuchKey for a random key: anonymous s3:ListBucket implied (A3)' : providerOutcome(a3, 'aws')[1],
      ),
    );
  }

  // A4: ACL / policy readable.
  if (opts.acp !== false) {
    for (const sub of ['acl', 'policy'] as const) {
      const u = new URL(base);
      u.search = sub;
      const r = await send(sub, { method: 'GET', url: u });
      const [oc, why] = providerOutcome(r, 'aws');
      if (oc === 'allowed') acc.grant('READ_ACP');
      acc.add(observe(sub, r, oc, r.code === 'NoSuchBucketPolicy' ? 'no bucket policy' : why));
    }
  }

  // A5: static website endpoint.
  const site = websiteRequest(bucket, cfg, acc.region);
  if (site) {
    const r = await send('website', {
      method: 'GET',
      url: site.url,
      range: true,
      website: true,
      ...(site.host ? { hostHeader: site.host } : {}),
    });
    const [oc, why] = providerOutcome(r, 'aws');
    if (oc === 'allowed') {
      acc.website = true;
      acc.grant('READ', 'object:(website index)');
    } else if (oc !== 'error' && answered(r)) acc.website = false;
    acc.add(
      observe(
        'website',
        r,
        r.code === 'NoSuchWebsiteConfiguration' ? 'not-found' : oc,
        [site.host ? `Host: ${site.host}` : undefined, why].filter(Boolean).join('; ') || undefined,
      ),
    );
  }

  // W1: opt-in create-only write.
  if (opts.write) {
    const probeKey = probeKeyName();
    const r = await send('write', {
      method: 'PUT',
      url: keyUrl(base, probeKey),
      headers: { 'if-none-match': '*', 'content-length': '0' },
    });
    const [oc, why] = providerOutcome(r, 'aws');
    if (oc === 'allowed') {
      acc.writable = true;
      acc.grant('WRITE');
      await cleanup(acc, probeKey, opts.write.deleteObject);
    } else if (oc !== 'error' && answered(r)) acc.writable = false;
    acc.add(
      observe(
        'write',
        r,
        r.status === 412 ? 'inconclusive' : oc,
        `key ${probeKey}${r.status === 412 ? ' existed; not overwritten' : ''}${why ? `; ${why}` : ''}`,
      ),
    );
  }
  return acc.result();
}

export async function cleanup(
  acc: ProbeAccumulator,
  key: string,
  deleteObject: ((key: string) => Promise<void>) | undefined,
): Promise<void> {
  if (!deleteObject) {
    acc.leftovers.push(`${key} (no credentialed delete available)`);
    return;
  }
  try {
    await deleteObject(key);
  } catch (err) {
    acc.leftovers.push(`${key} (delete failed: ${err instanceof Error ? err.message : String(err)})`);
  }
}

function websiteRequest(bucket: string, cfg: S3ProbeConfig, region?: string): { url: URL; host?: string } | undefined {
  if (cfg.websiteEndpoint) {
    const b = overrideBase(cfg.websiteEndpoint, '--s3-website-endpoint');
    if (!cfg.websiteHost) return { url: new URL(`${b.href}${bucket}/`) };
    const host = `${bucket}.${cfg.websiteHost}${b.port ? `:${b.port}` : ''}`;
    return { url: b, host };
  }
  if (cfg.endpoint || !region) return undefined;
  const u = new URL(`http://${s3WebsiteHost(bucket, region)}/`);
  if (!u.hostname.endsWith(awsDomain(region))) return undefined;
  return { url: u };
}
