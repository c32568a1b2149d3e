import { describe, expect, it } from 'vitest';
import { classifyError, parseRetryAfter, retryAfterMs } from '../../src/scheduler/classify.js';
import { SchedulerAbortError, SchedulerTimeoutError } from '../../src/scheduler/errors.js';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const sdk = (name: string, status: number, extra: Record<string, unknown> = {}) =>
  named(name, { $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client', ...extra });

describe('classifyError', () => {
  it.each([
    ['SlowDown 503', sdk('SlowDown', 503), 'throttle'],
    ['ServiceUnavailable 503', sdk('ServiceUnavailable', 503), 'throttle'],
    ['ThrottlingException', sdk('ThrottlingException', 400), 'throttle'],
    ['Throttling', sdk('Throttling', 400), 'throttle'],
    ['TooManyRequestsException', sdk('TooManyRequestsException', 429), 'throttle'],
    ['RequestLimitExceeded', sdk('RequestLimitExceeded', 400), 'throttle'],
    ['unknown name, $retryable throttling', sdk('Weird', 400, { $retryable: { throttling: true } }), 'throttle'],
    ['unknown name, 429', sdk('Unknown', 429), 'throttle'],
    ['InternalError 500', sdk('InternalError', 500), 'transient'],
    ['unknown 502', sdk('Unknown', 502), 'transient'],
    ['unknown 504', sdk('Unknown', 504), 'transient'],
    ['unknown 5xx $retryable', sdk('Unknown', 599, { $retryable: {} }), 'transient'],
    ['AccessDenied 403', sdk('AccessDenied', 403), 'fatal'],
    ['NoSuchBucketPolicy 404', sdk('NoSuchBucketPolicy', 404), 'fatal'],
    ['PermanentRedirect 301', sdk('PermanentRedirect', 301), 'fatal'],
    ['gaxios 429', Object.assign(new Error('rate'), { code: 429 }), 'throttle'],
    [
      'gaxios rateLimitExceeded 403',
      Object.assign(new Error('rate'), { code: 403, errors: [{ reason: 'rateLimitExceeded' }] }),
      'throttle',
    ],
    ['gaxios 503', Object.assign(new Error('x'), { code: 503 }), 'throttle'],
    ['gaxios 500', Object.assign(new Error('x'), { code: 500 }), 'transient'],
    ['gaxios 403 forbidden', Object.assign(new Error('x'), { code: 403, errors: [{ reason: 'forbidden' }] }), 'fatal'],
    ['gaxios ECONNRESET string code', Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'transient'],
    ['Azure 429', named('RestError', { statusCode: 429 }), 'throttle'],
    ['Azure 503 ServerBusy', named('RestError', { statusCode: 503, code: 'ServerBusy' }), 'throttle'],
    ['Azure REQUEST_SEND_ERROR', named('RestError', { code: 'REQUEST_SEND_ERROR' }), 'transient'],
    ['Azure 403 AuthorizationFailed', named('RestError', { statusCode: 403, code: 'AuthorizationFailed' }), 'fatal'],
    ['Node ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'transient'],
    ['Node EPIPE', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), 'transient'],
    ['Node ETIMEDOUT', Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'transient'],
    ['socket hang up', new Error('socket hang up'), 'transient'],
    ['undici socket', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'transient'],
    ['undici headers timeout', Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
    [
      'fetch failed cause ECONNRESET',
      new TypeError('fetch failed', { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) }),
      'transient',
    ],
    ['fetch failed no cause', new TypeError('fetch failed'), 'fatal'],
    ['SDK TimeoutError', named('TimeoutError'), 'timeout'],
    ['scheduler timeout', new SchedulerTimeoutError('t', 10), 'timeout'],
    ['AbortError', named('AbortError'), 'aborted'],
    ['scheduler abort', new SchedulerAbortError(), 'aborted'],
    ['string', 'boom', 'fatal'],
    ['undefined', undefined, 'fatal'],
    ['plain Error', new Error('bad input'), 'fatal'],
  ])('%s', (_label, err, want) => {
    expect(classifyError(err)).toBe(want);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('parses seconds and HTTP-dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('finds the header on SDK, RestError, gaxios and fetch-style errors', () => {
    expect(retryAfterMs(sdk('SlowDown', 503, { $response: { statusCode: 503, headers: { 'retry-after': '2' } } }), now)).toBe(
      2000,
    );
    const restHeaders = new Map([['retry-after', '4']]);
    expect(retryAfterMs(named('RestError', { statusCode: 429, response: { headers: restHeaders } }), now)).toBe(4000);
    expect(
      retryAfterMs(
        named('RestError', { statusCode: 503, response: { headers: new Map([['x-ms-retry-after-ms', '250']]) } }),
        now,
      ),
    ).toBe(250);
    expect(
      retryAfterMs(Object.assign(new Error('x'), { code: 429, response: { status: 429, headers: { 'Retry-After': '1' } } }), now),
    ).toBe(1000);
    const res = new Response('', { status: 429, headers: { 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' } });
    expect(retryAfterMs(Object.assign(new Error('x'), { response: res }), now)).toBe(5000);
    expect(retryAfterMs(new Error('x', { cause: { headers: { 'retry-after': '7' } } }), now)).toBe(7000);
    expect(retryAfterMs(sdk('SlowDown', 503), now)).toBeUndefined();
  });
});
