/**
 * GCP clients, created from options (never globals).
 *
 * Production: @google-cloud/storage and google-auth-library with Application Default Credentials.
 * Test servers: with `endpoint` (--gcs-endpoint) the Storage client uses `apiEndpoint` and, for an http://
 * endpoint, an interceptor adds `Authorization: Bearer <token>` where token = env BUCKETAUDIT_GCP_TEST_TOKEN
 * (default "test-owner"). The project's GCS test server (mocks/gcs) treats requests WITH an Authorization
 * header as the owner (the scan) and requests WITHOUT one as anonymous (the probe), so both can share one server.
 * Resource Manager / Org Policy / IAM go to `apiEndpoint` (--gcp-api-endpoint; default: the GCS test endpoint
 * when one is given, else the Google hosts) with the same token. SDK retries are off: the scheduler retries.
 */
import { isPlainHttp } from '../endpoint.js';
import type { GcpScanOptions } from '../types.js';

export const GCP_TEST_TOKEN_ENV = 'BUCKETAUDIT_GCP_TEST_TOKEN';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

interface GcpApis {
  crm: string;
  orgPolicy: string;
  iam: string;
  /** Base used for endpoints.api of resources (JSON API host). */
  storage: string;
}

export function gcpApis(opts: GcpScanOptions): GcpApis {
  const strip = (u: string) => u.replace(/\/+$/, '').replace(/\/storage\/v1$/, '');
  const over = opts.apiEndpoint ?? opts.endpoint;
  return {
    crm: over ? strip(over) : 'https://cloudresourcemanager.googleapis.com',
    orgPolicy: over ? strip(over) : 'https://orgpolicy.googleapis.com',
    iam: over ? strip(over) : 'https://iam.googleapis.com',
    storage: opts.endpoint ? strip(opts.endpoint) : 'https://storage.googleapis.com',
  };
}

/** Static test token for http:// test endpoints; undefined = use ADC. */
export function testToken(opts: GcpScanOptions, env: Record<string, string | undefined>): string | undefined {
  if (isPlainHttp(opts.endpoint) || isPlainHttp(opts.apiEndpoint)) return env[GCP_TEST_TOKEN_ENV] ?? 'test-owner';
  return undefined;
}

export async function createStorage(opts: GcpScanOptions, projectId: string | undefined, token: string | undefined) {
  const { Storage } = await import('@google-cloud/storage');
  const base = opts.endpoint?.replace(/\/+$/, '').replace(/\/storage\/v1$/, '');
  const storage = new Storage({
    ...(base ? { apiEndpoint: base, useAuthWithCustomEndpoint: !isPlainHttp(base) } : {}),
    ...(projectId ? { projectId } : {}),
    retryOptions: { autoRetry: false, maxRetries: 0 },
  });
  if (base && isPlainHttp(base) && token) {
    storage.interceptors.push({
      request: (reqOpts) => {
        reqOpts.headers = { ...reqOpts.headers, Authorization: `Bearer ${token}` };
        return reqOpts as never;
      },
    });
  }
  return storage;
}

/** Error shaped like the GCS/gaxios ApiError (code = HTTP status, errors[0].reason) for REST calls. */
class GcpRestError extends Error {
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

type RestGet = (url: string, signal: AbortSignal) => Promise<unknown>;

/** GET JSON with the owner's credentials (static test token or ADC). */
export function restClient(token: string | undefined): RestGet {
  let headersP: Promise<Record<string, string>> | undefined;
  const authHeaders = async (): Promise<Record<string, string>> => {
    if (token) return { Authorization: `Bearer ${token}` };
    headersP ??= (async () => {
      const { GoogleAuth } = await import('google-auth-library');
      const client = await new GoogleAuth({ scopes: [SCOPE] }).getClient();
      const h = await client.getRequestHeaders();
      const out: Record<string, string> = {};
      if (h instanceof Headers)
        h.forEach((v, k) => {
          out[k] = v;
        });
      else Object.assign(out, h as Record<string, string>);
      return out;
    })();
    return headersP;
  };
  return async (url, signal) => {
    const res = await fetch(url, { headers: { Accept: 'application/json', ...(await authHeaders()) }, signal });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { raw: text };
    }
    if (!res.ok) {
      const err = (body as { error?: { message?: string; status?: string; errors?: { reason?: string; message?: string }[] } })
        .error;
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        headers[k] = v;
      });
      throw new GcpRestError(
        res.status,
        err?.message ?? `HTTP ${res.status}`,
        err?.errors ?? (err?.status ? [{ reason: err.status }] : []),
        headers,
      );
    }
    return body;
  };
}
