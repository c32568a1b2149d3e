import { describe, expect, it } from 'vitest';
import { classifyError, regionHint } from '../../../providers/aws/errors.js';

/** An SDK-v3-shaped service error (RGW sends an empty Message: never match on it). */
function sdkError(name: string, status?: number, headers: Record<string, string> = {}): Error {
  const e = new Error('') as Error & { $metadata: unknown; $response: unknown };
  e.name = name;
  e.$metadata = status !== undefined ? { httpStatusCode: status } : {};
  e.$response = { statusCode: status, headers };
  return e;
}

const op = (operation: string, service: 's3' | 's3control' | 'iam' | 'sts' = 's3') => ({ operation, service });

describe('A-21 error mapping', () => {
  it.each([
    ['NoSuchBucketPolicy', 'GetBucketPolicy'],
    ['NoSuchPublicAccessBlockConfiguration', 'GetPublicAccessBlock'],
    ['OwnershipControlsNotFoundError', 'GetBucketOwnershipControls'],
    ['NoSuchWebsiteConfiguration', 'GetBucketWebsite'],
    ['NoSuchAccessPointPolicy', 'GetAccessPointPolicy'],
  ])('%s is "not configured" (a known null), never unknown', (name, operation) => {
    expect(classifyError(sdkError(name, 404), op(operation))).toEqual({ kind: 'absent', code: name });
  });

  it('NoSuchBucket on S3 drops the bucket; HeadBucket 404 (name NotFound) too', () => {
    expect(classifyError(sdkError('NoSuchBucket', 404), op('GetBucketAcl')).kind).toBe('no-bucket');
    expect(classifyError(sdkError('NotFound', 404), op('HeadBucket')).kind).toBe('no-bucket');
  });

  it('NoSuchBucket from S3 Control means the service has no S3 Control (Ceph RGW): unsupported', () => {
    const c = classifyError(sdkError('NoSuchBucket', 404), op('GetPublicAccessBlock', 's3control'));
    expect(c).toMatchObject({ kind: 'unknown', unknown: { reason: 'unsupported', code: 'NoSuchBucket' } });
  });

  it.each([
    ['AccessDenied', 403, 'access-denied'],
    ['AllAccessDisabled', 403, 'access-denied'],
    ['Unknown', 403, 'access-denied'],
    ['InvalidAccessKeyId', 403, 'access-denied'],
    ['SlowDown', 503, 'throttled'],
    ['ServiceUnavailable', 503, 'throttled'],
    ['Unknown', 503, 'throttled'],
    ['ThrottlingException', 400, 'throttled'],
    ['TimeoutError', undefined, 'timeout'],
    ['AbortError', undefined, 'timeout'],
    ['NotImplemented', 501, 'unsupported'],
    ['Unknown', 405, 'unsupported'],
    ['InternalError', 500, 'error'],
    ['PermanentRedirect', 301, 'error'],
  ] as const)('%s (%s) -> unknown %s with operation and code', (name, status, reason) => {
    const c = classifyError(sdkError(name, status), op('GetBucketPolicy'));
    expect(c).toMatchObject({ kind: 'unknown', unknown: { known: false, reason, operation: 'GetBucketPolicy', code: name } });
    if (c.kind === 'unknown') expect(c.unknown.detail).toContain('GetBucketPolicy');
  });

  it('a run-wide abort is "aborted", not a timeout', () => {
    const c = classifyError(sdkError('AbortError'), { ...op('GetBucketAcl'), runAborted: true });
    expect(c).toMatchObject({ kind: 'unknown', unknown: { reason: 'aborted' } });
  });

  it('network errno timeouts are timeouts', () => {
    const e = Object.assign(new Error('socket'), { code: 'ETIMEDOUT' });
    expect(classifyError(e, op('GetBucketAcl'))).toMatchObject({ unknown: { reason: 'timeout' } });
  });

  it('ignores the message entirely', () => {
    const e = sdkError('AccessDenied', 403);
    e.message = 'NoSuchBucketPolicy';
    expect(classifyError(e, op('GetBucketPolicy'))).toMatchObject({ unknown: { reason: 'access-denied' } });
  });

  it('reads the region hint header', () => {
    expect(regionHint(sdkError('PermanentRedirect', 301, { 'x-amz-bucket-region': 'eu-west-1' }))).toBe('eu-west-1');
  });
});
