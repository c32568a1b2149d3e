import { usageError } from '../../src/errors.js';
/**
 * Azure clients, created from options (never globals).
 *
 * Credentials: DefaultAzureCredential in production. When an ARM endpoint override is given AND the env var
 * BUCKETAUDIT_AZURE_TEST_TOKEN is set, a static TokenCredential with that token is used instead (test servers
 * only; no real Azure needed). Against an http:// endpoint (test server) the clients get
 * `allowInsecureConnection` and the SDK's bearer policy (which refuses non-TLS URLs) is replaced by one that
 * sets the same `Authorization: Bearer <token>` header. Read-only: this module never calls listKeys.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { Pipeline, PipelinePolicy } from '@azure/core-rest-pipeline';
import { isPlainHttp } from '../endpoint.js';
import type { AzureScanOptions } from '../types.js';

export const AZURE_TEST_TOKEN_ENV = 'BUCKETAUDIT_AZURE_TEST_TOKEN';
const ARM_SCOPE = 'https://management.azure.com/.default';

function staticTokenCredential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

export async function azureCredential(opts: AzureScanOptions, env: Record<string, string | undefined>): Promise<TokenCredential> {
  const testToken = env[AZURE_TEST_TOKEN_ENV];
  if (opts.armEndpoint && testToken) return staticTokenCredential(testToken);
  // A real ARM token must never travel over plain http (adaptPipelineForHttp would attach it to every request).
  if (isPlainHttp(opts.armEndpoint)) {
    throw usageError(
      `--azure-arm-endpoint ${opts.armEndpoint} is plain http: real Azure credentials are only sent over https (test servers take ${AZURE_TEST_TOKEN_ENV})`,
    );
  }
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

/** Client options for an ARM endpoint override; the scheduler retries, so SDK retries are off. */
export function armClientOptions(opts: AzureScanOptions) {
  return {
    ...(opts.armEndpoint ? { endpoint: opts.armEndpoint.replace(/\/+$/, '') } : {}),
    ...(isPlainHttp(opts.armEndpoint) ? { allowInsecureConnection: true } : {}),
    retryOptions: { maxRetries: 0 },
  };
}

/** For http:// test endpoints: swap the TLS-only bearer policy for a plain header policy. */
export function adaptPipelineForHttp(pipeline: Pipeline, credential: TokenCredential, scope = ARM_SCOPE): void {
  pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
  const policy: PipelinePolicy = {
    name: 'bucketauditTestBearerPolicy',
    async sendRequest(request, next) {
      const t = await credential.getToken(scope);
      if (t) request.headers.set('Authorization', `Bearer ${t.token}`);
      return next(request);
    },
  };
  pipeline.addPolicy(policy, { phase: 'Sign' });
}
