/**
 * Error classification for the scheduler: decides whether a failed call is retried, and how.
 *
 * Understands, without importing any SDK:
 * - AWS SDK v3 service errors: `name` (SlowDown, ThrottlingException...), `$metadata.httpStatusCode`,
 *   `$retryable` ({ throttling?: boolean }), `$response.headers` (Retry-After);
 * - @google-cloud/storage / gaxios errors: `code` (HTTP status as a number, or a Node errno string),
 *   `errors[0].reason` (rateLimitExceeded), `response.status` / `response.headers`;
 * - Azure RestError: `statusCode`, `code` (ServerBusy, ECONNRESET, REQUEST_SEND_ERROR), `response.headers.get()`;
 * - undici / fetch / Node network errors: `code` (ECONNRESET, UND_ERR_SOCKET...), "socket hang up",
 *   `TypeError: fetch failed` with the real error in `cause`;
 * - the scheduler's own AbortError / TimeoutError (see errors.ts).
 *
 * 503 without a more specific code counts as throttling: S3 answers "503 SlowDown / ServiceUnavailable,
 * reduce your request rate", Azure "503 ServerBusy" (exposure-semantics A-21).
 */
export type ErrorClass = 'throttle' | 'transient' | 'fatal' | 'timeout' | 'aborted';

const THROTTLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'TooManyRequests',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'TransactionInProgressException',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'ServiceUnavailable',
  'ServerBusy',
]);

const TRANSIENT_NAMES = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceException',
  'RequestTimeout',
  'RequestTimeoutException',
  'OperationTimedOut',
  'InternalServerErrorException',
  'BadGateway',
  'GatewayTimeout',
]);

const GCS_THROTTLE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);
const GCS_TRANSIENT_REASONS = new Set(['backendError', 'internalError']);

const NETWORK_TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_REQ_RETRY',
  'REQUEST_SEND_ERROR',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_GOAWAY_SESSION',
]);

const NETWORK_TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

type Bag = Record<string, unknown>;
const isObj = (v: unknown): v is Bag => typeof v === 'object' && v !== null;

/** HTTP status carried by an SDK / gaxios / RestError / fetch-style error, if any. */
export function statusOf(err: unknown): number | undefined {
  if (!isObj(err)) return undefined;
  const meta = err.$metadata;
  if (isObj(meta) && typeof meta.httpStatusCode === 'number') return meta.httpStatusCode;
  if (typeof err.statusCode === 'number') return err.statusCode;
  if (typeof err.status === 'number') return err.status;
  if (typeof err.code === 'number') return err.code; // gaxios / ApiError: code = HTTP status
  const res = err.response ?? err.$response;
  if (isObj(res)) {
    if (typeof res.status === 'number') return res.status;
    if (typeof res.statusCode === 'number') return res.statusCode;
  }
  return undefined;
}

function classifyOne(err: unknown): ErrorClass {
  if (!isObj(err)) return 'fatal';
  const name = typeof err.name === 'string' ? err.name : '';
  const code = typeof err.code === 'string' ? err.code : '';
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'aborted';
  if (name === 'TimeoutError' || code === 'ERR_TIMEOUT' || NETWORK_TIMEOUT_CODES.has(code)) return 'timeout';
  if (THROTTLE_NAMES.has(name) || THROTTLE_NAMES.has(code)) return 'throttle';
  const retryable = err.$retryable;
  if (isObj(retryable) && retryable.throttling === true) return 'throttle';
  const errors = err.errors;
  const reason = Array.isArray(errors) && isObj(errors[0]) ? errors[0].reason : undefined;
  if (typeof reason === 'string' && GCS_THROTTLE_REASONS.has(reason)) return 'throttle';
  const status = statusOf(err);
  if (status === 429 || status === 503) return 'throttle';
  if (TRANSIENT_NAMES.has(name) || TRANSIENT_NAMES.has(code)) return 'transient';
  if (typeof reason === 'string' && GCS_TRANSIENT_REASONS.has(reason)) return 'transient';
  if (status === 500 || status === 502 || status === 504 || status === 408) return 'transient';
  // A 4xx answer is final even when the SDK flags it retryable for its own reasons (e.g. clock skew), and whatever
  // its message says: the message is the server's text (an S3-compatible server's "socket hang up" is an answer).
  if (status !== undefined && status >= 400 && status < 500) return 'fatal';
  if (NETWORK_TRANSIENT_CODES.has(code)) return 'transient';
  const errno = typeof err.errno === 'string' ? err.errno : '';
  if (NETWORK_TRANSIENT_CODES.has(errno)) return 'transient';
  const message = typeof err.message === 'string' ? err.message : '';
  if (/socket hang up|other side closed|ECONNRESET|network socket disconnected/i.test(message)) return 'transient';
  if (retryable !== undefined && retryable !== false && retryable !== null) return 'transient';
  return 'fatal';
}

/**
 * Classify an error. Follows `cause` (fetch's "TypeError: fetch failed", wrapped errors) up to 5 levels
 * when the outer error alone looks fatal and is not an HTTP answer.
 */
export function classifyError(err: unknown): ErrorClass {
  let cur: unknown = err;
  for (let depth = 0; depth < 6 && cur !== undefined && cur !== null; depth++) {
    const c = classifyOne(cur);
    if (c !== 'fatal') return c;
    // An HTTP answer is what it says; whatever it wraps is not a reason to send the request again.
    if (statusOf(cur) !== undefined) return 'fatal';
    cur = isObj(cur) ? cur.cause : undefined;
  }
  return 'fatal';
}

function headerFrom(headers: unknown, name: string): string | undefined {
  if (!isObj(headers)) return undefined;
  if (typeof headers.get === 'function') {
    const v = (headers.get as (n: string) => unknown).call(headers, name);
    return typeof v === 'string' ? v : undefined;
  }
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name) continue;
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const HMS = '(\\d{2}):(\\d{2}):(\\d{2})';
/** IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{1,2}) ${MON} (\\d{4}) ${HMS} (?:GMT|UTC)$`, 'i');
/** Obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
const RFC850_DATE = new RegExp(`^${LONG_DAY}, (\\d{1,2})-${MON}-(\\d{2}) ${HMS} GMT$`, 'i');
/** Obsolete asctime: Sun Nov  6 08:49:37 1994 (GMT by definition) */
const ASCTIME_DATE = new RegExp(`^${DAY} ${MON} +(\\d{1,2}) ${HMS} (\\d{4})$`, 'i');

/**
 * An HTTP-date (RFC 9110 5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms, all UTC) as epoch ms.
 * Nothing else: `Date.parse` also takes "2099", "Tue 2099" or "-5" (local-time guesses), and reads asctime as
 * local time.
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const v = value.trim().replace(/\s+/g, ' ');
  // [day, month, year, hour, minute, second]
  let parts: (string | undefined)[] | undefined;
  let year: number | undefined;
  const imf = IMF_FIXDATE.exec(v);
  const rfc850 = imf ? null : RFC850_DATE.exec(v);
  const asctime = imf || rfc850 ? null : ASCTIME_DATE.exec(v);
  if (imf) {
    parts = imf.slice(1, 7);
    year = Number(imf[3]);
  } else if (rfc850) {
    parts = rfc850.slice(1, 7);
    // RFC 9110: a two-digit year that looks more than 50 years in the future is in the past century.
    const thisYear = new Date(now).getUTCFullYear();
    year = 2000 + Number(rfc850[3]);
    while (year > thisYear + 50) year -= 100;
  } else if (asctime) {
    parts = [asctime[2], asctime[1], asctime[6], asctime[3], asctime[4], asctime[5]];
    year = Number(asctime[6]);
  }
  if (!parts || year === undefined) return undefined;
  const month = MONTHS.indexOf((parts[1] ?? '').toLowerCase());
  const [d, h, mi, se] = [parts[0], parts[3], parts[4], parts[5]].map(Number) as [number, number, number, number];
  if (month < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return undefined;
  const t = Date.UTC(year, month, d, h, mi, se);
  // 31 Feb and the like roll over into the next month: not a date.
  return new Date(Date.UTC(year, month, d)).getUTCDate() === d ? t : undefined;
}

/**
 * Parse a Retry-After value: delta-seconds (decimals tolerated) or an HTTP-date. Returns ms >= 0, or undefined for
 * anything else (negative numbers, garbage: the caller then waits its own backoff).
 */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = parseHttpDate(v, now);
  if (t === undefined) return undefined;
  return Math.max(0, t - now);
}

/**
 * How long the server asked us to wait, in ms (uncapped), from any error shape that carries response
 * headers: SDK v3 `$response.headers`, RestError `response.headers.get`, gaxios `response.headers`,
 * a fetch `Response` in `err.response`, or `err.headers`. Also honours `x-ms-retry-after-ms` /
 * `retry-after-ms` (Azure). Follows `cause`.
 */
export function retryAfterMs(err: unknown, now: number = Date.now()): number | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 6 && isObj(cur); depth++) {
    const holders = [cur.$response, cur.response, cur];
    for (const h of holders) {
      if (!isObj(h)) continue;
      const headers = h.headers;
      const ms = headerFrom(headers, 'retry-after-ms') ?? headerFrom(headers, 'x-ms-retry-after-ms');
      if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
      const ra = headerFrom(headers, 'retry-after');
      if (ra !== undefined) {
        const parsed = parseRetryAfter(ra, now);
        if (parsed !== undefined) return parsed;
      }
    }
    cur = cur.cause;
  }
  return undefined;
}
