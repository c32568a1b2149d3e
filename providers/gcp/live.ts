/**
 * GCP clients, created from options (never globals).
 *
 * The scan reads through the JSON REST client (rest.ts); the Storage client (@google-cloud/storage, Application
 * Default Credentials) serves the probe's opt-in write checks and their clean-up.
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
