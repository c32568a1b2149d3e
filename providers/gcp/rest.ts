/**
 * JSON GETs to Google APIs (Cloud Storage JSON API, Resource Manager, Org Policy, IAM) with the owner's credentials.
 *
 * The scan reads every bucket through this client, not through @google-cloud/storage: a metadata or IAM read is one
 * GET whose answer is the API's JSON resource, which the SDK returns unchanged, while the SDK's request stack
 * (gaxios, retry and interceptor layers, a `Bucket` object per name) cost about 0.9 ms of CPU per call against
 * 0.15 ms here (measured, `npm run bench -- --only gcs-adapter-10k`, docs/benchmarks.md). Requests go through one
 * undici Agent per scan (keep-alive, `connections` sockets per origin); `close()` ends its sockets.
 *
 * Credentials: a static bearer token (test servers), or Application Default Credentials through google-auth-library.
 * The library keeps the access token and refreshes it before it expires (an hour at most); its headers are asked
 * for again at least once a minute, so a scan that runs for hours keeps sending a valid token.
 */
import { Agent } from 'undici';
import { exchange } from '../http-exchange.js';

export const GCP_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** How long headers from the auth library are reused before it is asked again (it refreshes tokens itself). */
export const AUTH_REUSE_MS = 60_000;

/** Error shaped like the GCS/gaxios ApiError (code = HTTP status, errors[0].reason), as the scheduler classifies. */
export class GcpRestError extends Error {
  readonly code: number;
  readonly errors: { reason?: string; message?: string }[];
  readonly response: { status: number; headers: Record<string, string> };
  constructor(status: number, message: string, errors: { reason?: string; message?: string }[], headers: Record<string, string>) {
    super(message);
    this.name = 'GcpRestError';
    this.code = status;
    this.errors = errors;
    this.response = { status, headers };
  }
}

export type AuthHeaders = () => Promise<Record<string, string>>;

export interface GcpRest {
  /** The JSON body of a 2xx answer; anything else rejects with a GcpRestError (network errors as undici's). */
  get(url: string, signal: AbortSignal): Promise<unknown>;
  close(): void;
}

export interface GcpRestOptions {
  /** Static bearer token (test servers). Without it: Application Default Credentials. */
  token?: string;
  /** Headers to send, asked for at most once per AUTH_REUSE_MS (tests; default: the token or ADC). */
  auth?: AuthHeaders;
  /** Sockets per origin (the scan's concurrency). */
  connections?: number;
  now?: () => number;
}

/** Application Default Credentials' request headers (the library refreshes the token when it nears expiry). */
export function adcHeaders(): AuthHeaders {
  let client: Promise<{ getRequestHeaders(): Promise<unknown> }> | undefined;
  return async () => {
    client ??= (async () => {
      const { GoogleAuth } = await import('google-auth-library');
      return new GoogleAuth({ scopes: [GCP_SCOPE] }).getClient();
    })().catch((err: unknown) => {
      client = undefined; // a metadata server that did not answer once is asked again next time
      throw err;
    });
    const h = await (await client).getRequestHeaders();
    const out: Record<string, string> = {};
    if (h instanceof Headers)
      h.forEach((v, k) => {
        out[k] = v;
      });
    else Object.assign(out, h as Record<string, string>);
    return out;
  };
}

/**
 * `auth`'s headers, reused for `reuseMs` and shared by concurrent callers (one request to the auth library at a
 * time). A failure is not kept: the next call asks again.
 */
export function reusedHeaders(auth: AuthHeaders, reuseMs: number, now: () => number): AuthHeaders {
  let held: { at: number; headers: Promise<Record<string, string>> } | undefined;
  return () => {
    const t = now();
    if (!held || t - held.at >= reuseMs) {
      const mine = { at: t, headers: auth() };
      held = mine;
      mine.headers.catch(() => {
        if (held === mine) held = undefined;
      });
    }
    return held.headers;
  };
}

function errorOf(status: number, text: string, headers: Record<string, string>): GcpRestError {
  let err: { message?: string; status?: string; errors?: { reason?: string; message?: string }[] } | undefined;
  try {
    err = (JSON.parse(text) as { error?: typeof err }).error;
  } catch {
    // not JSON (a proxy's page): the status says it
  }
  return new GcpRestError(
    status,
    err?.message ?? `HTTP ${status}`,
    err?.errors ?? (err?.status ? [{ reason: err.status }] : []),
    headers,
  );
}

export function createGcpRest(opts: GcpRestOptions = {}): GcpRest {
  const token = opts.token;
  const base: AuthHeaders = opts.auth ?? (token ? async () => ({ authorization: `Bearer ${token}` }) : adcHeaders());
  const auth = reusedHeaders(base, AUTH_REUSE_MS, opts.now ?? (() => performance.now()));
  const agent = new Agent({ connections: Math.max(1, opts.connections ?? 16), keepAliveTimeout: 10_000 });
  return {
    async get(url, signal) {
      const u = new URL(url);
      const { status, text, headers } = await exchange(
        agent,
        u.origin,
        `${u.pathname}${u.search}`,
        { accept: 'application/json', ...(await auth()) },
        signal,
      );
      if (status < 200 || status >= 300) throw errorOf(status, text, headers);
      if (!text) return {};
      try {
        return JSON.parse(text);
      } catch {
        throw new GcpRestError(status, `the answer from ${u.host} is not JSON`, [{ reason: 'invalid' }], {});
      }
    },
    close() {
      void agent.destroy().catch(() => undefined);
    },
  };
}
