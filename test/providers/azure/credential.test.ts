import { describe, expect, it } from 'vitest';
import { AZURE_TEST_TOKEN_ENV, azureCredential } from '../../../providers/azure/live.js';
import { isPlainHttp } from '../../../providers/endpoint.js';
import { BucketAuditError } from '../../../src/errors.js';

describe('azureCredential: real Azure tokens never go over plain http', () => {
  it('an http ARM endpoint takes the test token, and without one is a usage error (exit 2), not DefaultAzureCredential', async () => {
    const opts = { subscriptions: [], armEndpoint: 'http://127.0.0.1:10000' };
    const t = await (await azureCredential(opts, { [AZURE_TEST_TOKEN_ENV]: 'test-token' })).getToken('x');
    expect(t?.token).toBe('test-token');
    const err = await azureCredential(opts, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BucketAuditError);
    expect((err as BucketAuditError).code).toBe('USAGE');
    expect((err as Error).message).toMatch(/plain http/);
  });

  it('the scheme is case-insensitive: HTTP:// is plain http too', async () => {
    const err = await azureCredential({ subscriptions: [], armEndpoint: 'HTTP://127.0.0.1:10000' }, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BucketAuditError);
    expect((err as BucketAuditError).code).toBe('USAGE');
    expect(isPlainHttp(' Http://x')).toBe(true);
    expect(isPlainHttp('https://management.azure.com')).toBe(false);
    expect(isPlainHttp(undefined)).toBe(false);
  });
});
