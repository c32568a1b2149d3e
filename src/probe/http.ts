import { request } from 'undici';
import { parseRetryAfter, type Scheduler } from '../scheduler/index.js';
import { flatHeaders } from '../runtime/http-headers.js';
import { VERSION } from '../version.js';

/**
 * The ONE anonymous HTTP wrapper used by every probe (P-0). It never sends credentials (no Authorization, no
 * cookies, no SDK), follows redirects manually (at most 2 hops, only within the provider's domains or the
 * configured override origin), has a per-request timeout, honours Retry-After within a bound, never reads
 * object bytes (2xx bodies are destroyed unread unless the caller asks for a bounded listing page) and turns
 * every failure into a value.
 */

export const USER_AGENT = `bucketaudit/${VERSION} (+probe)`;
const MAX_REDIRECTS = 2;
/** Upper bound for one listing page / JSON document. */
const MAX_LISTING_BYTES = 256 * 1024;
/** Upper bound for an error document (XML/JSON) read to extract the error code. */
const MAX_ERROR_BYTES = 8 * 1024;
const FORBIDDEN_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-goog-user-project',
  'x-ms-client-request-id',
]);

/** Provider domains requests and redirects may go to (hostname suffixes, exact or as a parent domain). */
export const PROVIDER_DOMAINS = {
  aws: ['amazonaws.com', 'amazonaws.com.cn'],
  gcp: ['storage.googleapis.com'],
  azure: [
    'blob.core.windows.net',
    'web.core.windows.net',
    'blob.core.usgovcloudapi.net',
    'web.core.usgovcloudapi.net',
    'blob.core.chinacloudapi.cn',
    'web.core.chinacloudapi.cn',
  ],
} as const;

/**
 * AWS hosts that are S3 service endpoints. *.amazonaws.com also holds customer-controlled hosts (EC2 public DNS,
 * ELB and API Gateway names), so a redirect may only go to a host whose S3 label ("s3", "s3-website-REGION",
 * "s3-accesspoint", ...) is followed by nothing but "dualstack" and a region.
 */
export const AWS_S3_HOST =
  /^(?:[a-z0-9.-]+\.)?s3(?:-[a-z0-9-]+)?(?:\.dualstack)?(?:\.[a-z]{2}(?:-[a-z]+)+-\d{1,2})?\.amazonaws\.com(?:\.cn)?$/;

export interface HttpContext {
  scheduler: Scheduler;
  /** Scheduler lane, e.g. "probe:aws". */
  lane: string;
  timeoutMs: number;
  /** Hostname suffixes allowed (the provider's domains). */
  allowedSuffixes: readonly string[];
  /** When set, a host under allowedSuffixes must also match (AWS: S3 service hosts only). */
  allowedHost?: RegExp;
  /** Exact origins allowed in addition (configured override endpoints, e.g. http://127.0.0.1:7480). */
  allowedOrigins: readonly string[];
  maxRedirects?: number;
  /** Longest Retry-After wait honoured (default 5 s); longer asks end as a throttled error value. */
  maxRetryAfterMs?: number;
  /** Retries after a 429/503 with Retry-After (default 1). */
  maxRetries?: number;
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface AnonRequest {
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  /** Send Range: bytes=0-0 (object read); a 2xx body is never read. */
  range?: boolean;
  /** Read a 2xx body as text up to 256 KiB (one listing page / JSON document). Default: 2xx bodies are destroyed unread. */
  readBody?: boolean;
  /**
   * A static website endpoint: its error pages are objects (custom error documents, of any content type), so
   * no body is read at all; the error code comes from headers (x-amz-error-code, x-ms-error-code).
   */
  website?: boolean;
  /** Host header override (RGW website endpoint emulation). */
  hostHeader?: string;
  label?: string;
}

export type HttpErrorKind =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'aborted'
  | 'redirect'
  | 'throttled'
  | 'server'
  | 'blocked'
  | 'other';

export interface AnonResponse {
  method: HttpMethod;
  /** The URL first requested. */
  url: string;
  /** The URL that produced the final answer (after redirects). */
  finalUrl: string;
  status?: number;
  headers: Record<string, string>;
  /** Provider error code (S3 XML <Code>, GCS error.errors[0].reason, Azure x-ms-error-code). */
  code?: string;
  requestId?: string;
  /** 2xx body when readBody was asked for (bounded). */
  body?: string;
  /** Body bytes consumed by the client (object reads: always 0). */
  bytesRead: number;
  redirects: string[];
  /** Set when no usable answer was obtained (the request did not crash anything). */
  error?: string;
  errorKind?: HttpErrorKind;
}

export function isAllowedUrl(url: URL, ctx: Pick<HttpContext, 'allowedSuffixes' | 'allowedOrigins' | 'allowedHost'>): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username || url.password) return false;
  if (ctx.allowedOrigins.includes(url.origin)) return true;
  const host = url.hostname.toLowerCase();
  if (ctx.allowedHost && !ctx.allowedHost.test(host)) return false;
  return ctx.allowedSuffixes.some((s) => host === s || host.endsWith(`.${s}`));
}

function pickRequestId(h: Record<string, string>): string | undefined {
  return h['x-amz-request-id'] ?? h['x-guploader-uploadid'] ?? h['x-ms-request-id'] ?? h['x-goog-request-id'];
}

/** Error code from headers or a small XML/JSON error document. */
function parseErrorCode(headers: Record<string, string>, body: string | undefined): string | undefined {
  const h = headers['x-ms-error-code'] ?? headers['x-amz-error-code'];
  if (h) return h;
  if (!body) return undefined;
  const xml = /<Code>([^<]{1,128})<\/Code>/.exec(body);
  if (xml) return xml[1];
  if (body.trimStart().startsWith('{')) {
    try {
      const j = JSON.parse(body) as { error?: { errors?: { reason?: string }[]; status?: string; code?: number } };
      return j.error?.errors?.[0]?.reason ?? j.error?.status ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function classify(err: unknown, timedOut: boolean, timeoutMs: number): { error: string; errorKind: HttpErrorKind } {
  if (timedOut) return { error: `timeout after ${timeoutMs} ms`, errorKind: 'timeout' };
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (e?.name === 'AbortError' || code === 'UND_ERR_ABORTED' || e?.name === 'TimeoutError')
    return { error: 'aborted', errorKind: 'aborted' };
  if (code === 'ENOTFOUND') return { error: `DNS: host not found (${code})`, errorKind: 'dns' };
  // EAI_AGAIN is a resolver that did not answer, not a name that does not exist: never "account not found".
  if (code === 'EAI_AGAIN') return { error: `DNS: resolver did not answer (${code})`, errorKind: 'timeout' };
  if (code === 'ECONNREFUSED') return { error: 'connection refused', errorKind: 'refused' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE')
    return { error: `connection reset (${code})`, errorKind: 'reset' };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { error: `timeout (${code})`, errorKind: 'timeout' };
  return { error: `${code ? `${code}: ` : ''}${e?.message ?? String(err)}`, errorKind: 'other' };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  body?: string;
  bytesRead: number;
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy(): unknown }, max: number): Promise<[string, number]> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    const room = max - n;
    chunks.push(room < c.length ? c.subarray(0, room) : c);
    n += Math.min(c.length, room);
    if (n >= max) {
      body.destroy();
      break;
    }
  }
  return [Buffer.concat(chunks).toString('utf8'), n];
}

async function oneHop(ctx: HttpContext, req: AnonRequest, url: URL, method: HttpMethod): Promise<Hop> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: '*/*' };
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const name = k.toLowerCase();
    if (FORBIDDEN_HEADERS.has(name)) throw new Error(`probe refused to send credential header "${name}"`);
    headers[name] = v;
  }
  if (req.range) headers.range = 'bytes=0-0';
  if (req.hostHeader) headers.host = req.hostHeader;
  return ctx.scheduler.run(
    ctx.lane,
    async (schedSignal) => {
      // Own controller so nothing fires on a finished response (an abort after completion would surface as an
      // unhandled stream error).
      const ac = new AbortController();
      const onAbort = () => ac.abort(schedSignal.reason);
      schedSignal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => ac.abort(new DOMException('probe request timed out', 'TimeoutError')), ctx.timeoutMs);
      try {
        if (schedSignal.aborted) throw schedSignal.reason;
        const res = await request(url, {
          method,
          headers,
          signal: ac.signal,
          ...(method === 'PUT' || method === 'POST' ? { body: '' } : {}),
        });
        res.body.on('error', () => undefined);
        const h = flatHeaders(res.headers as Record<string, string | string[] | undefined>);
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const ct = h['content-type'] ?? '';
        if (method !== 'HEAD' && ok && req.readBody && !req.range) {
          const [body, n] = await readBounded(res.body, MAX_LISTING_BYTES);
          return { status: res.statusCode, headers: h, body, bytesRead: n };
        }
        if (method !== 'HEAD' && !ok && !req.website && /xml|json/i.test(ct)) {
          // Provider error documents only (never HTML, nor anything from a website endpoint: an error *object*).
          const [body, n] = await readBounded(res.body, MAX_ERROR_BYTES);
          return { status: res.statusCode, headers: h, body, bytesRead: n };
        }
        res.body.destroy();
        return { status: res.statusCode, headers: h, bytesRead: 0 };
      } catch (err) {
        if (ac.signal.aborted && (ac.signal.reason as { name?: string })?.name === 'TimeoutError') throw ac.signal.reason;
        throw err;
      } finally {
        clearTimeout(timer);
        schedSignal.removeEventListener('abort', onAbort);
      }
    },
    { timeoutMs: ctx.timeoutMs, retry: false, ...(req.label ? { label: req.label } : {}) },
  );
}

/** Send one anonymous request (with manual redirects and bounded Retry-After). Never throws. */
export async function anonRequest(ctx: HttpContext, req: AnonRequest): Promise<AnonResponse> {
  const first = req.url.toString();
  const base: AnonResponse = { method: req.method, url: first, finalUrl: first, headers: {}, bytesRead: 0, redirects: [] };
  if (!isAllowedUrl(req.url, ctx)) {
    return { ...base, error: `refused: ${req.url.origin} is outside the provider's domains`, errorKind: 'blocked' };
  }
  const maxRedirects = ctx.maxRedirects ?? MAX_REDIRECTS;
  const maxRetries = ctx.maxRetries ?? 1;
  const maxWait = ctx.maxRetryAfterMs ?? 5_000;
  let url = req.url;
  let method = req.method;
  let retries = 0;
  const redirects: string[] = [];
  let bytes = 0;
  for (let attempt = 0; attempt < maxRedirects + maxRetries + 1; attempt++) {
    let hop: Hop;
    try {
      hop = await oneHop(ctx, req, url, method);
    } catch (err) {
      const timedOut = (err as { name?: string })?.name === 'TimeoutError' && !ctx.signal?.aborted;
      return { ...base, finalUrl: url.toString(), redirects, bytesRead: bytes, ...classify(err, timedOut, ctx.timeoutMs) };
    }
    bytes += hop.bytesRead;
    const result: AnonResponse = {
      ...base,
      finalUrl: url.toString(),
      status: hop.status,
      headers: hop.headers,
      redirects,
      bytesRead: bytes,
      ...(hop.body !== undefined && hop.status >= 200 && hop.status < 300 ? { body: hop.body } : {}),
    };
    const code = parseErrorCode(hop.headers, hop.status >= 300 ? hop.body : undefined);
    if (code) result.code = code;
    const rid = pickRequestId(hop.headers);
    if (rid) result.requestId = rid;
    // Retry-After (429 / 503): honour within the bound, once by default.
    if (hop.status === 429 || hop.status === 503) {
      const ra = hop.headers['retry-after'];
      const wait = ra ? parseRetryAfter(ra) : undefined;
      if (wait !== undefined) {
        if (wait > maxWait)
          return {
            ...result,
            error: `throttled: Retry-After ${Math.ceil(wait / 1000)} s exceeds the ${maxWait} ms bound`,
            errorKind: 'throttled',
          };
        if (retries >= maxRetries)
          return { ...result, error: `throttled after ${retries} retr${retries === 1 ? 'y' : 'ies'}`, errorKind: 'throttled' };
        retries++;
        await sleep(wait, ctx.signal);
        if (ctx.signal?.aborted) return { ...result, error: 'aborted', errorKind: 'aborted' };
        continue;
      }
    }
    // A server error or a throttle (503 SlowDown, 429, 500 InternalError) says nothing about access: an error
    // value (the probe could not settle the question), never a denial nor an allowance.
    if (hop.status >= 500 || hop.status === 429) {
      const throttled = hop.status === 429 || hop.status === 503 || /SlowDown|Throttl|ServerBusy|rateLimit/i.test(code ?? '');
      return {
        ...result,
        error: `${throttled ? 'throttled' : 'server error'}: ${hop.status}${code ? ` ${code}` : ''}`,
        errorKind: throttled ? 'throttled' : 'server',
      };
    }
    if ([301, 302, 303, 307, 308].includes(hop.status) && hop.headers.location && (method === 'GET' || method === 'HEAD')) {
      let next: URL;
      try {
        next = new URL(hop.headers.location, url);
      } catch {
        return { ...result, error: 'redirect with an invalid Location', errorKind: 'redirect' };
      }
      if (!isAllowedUrl(next, ctx))
        return { ...result, error: `redirect to ${next.origin} refused (outside the provider's domains)`, errorKind: 'redirect' };
      if (redirects.length >= maxRedirects)
        return { ...result, error: `stopped after ${maxRedirects} redirects (next: ${next.toString()})`, errorKind: 'redirect' };
      redirects.push(next.toString());
      url = next;
      if (hop.status === 303 && method !== 'HEAD') method = 'GET';
      continue;
    }
    return result;
  }
  return { ...base, finalUrl: url.toString(), redirects, bytesRead: bytes, error: 'too many attempts', errorKind: 'other' };
}
