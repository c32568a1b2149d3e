import type { UnknownValue } from '../../src/model/index.js';
import { classifyError as schedulerClass, statusOf } from '../../src/scheduler/index.js';

/** Which AWS API family a call went to (error meaning differs slightly per family). */
export type AwsService = 's3' | 's3control' | 'sts' | 'iam' | 'organizations';

/**
 * A-21: what an SDK error means for the auditor.
 * - absent: the documented "not configured" answer (a KNOWN null), never an unknown;
 * - no-bucket: the bucket vanished between ListBuckets and the call: drop it with an error entry;
 * - unknown: the input could not be read (access denied, throttled, timeout, unsupported, error).
 */
export type Classified =
  | { kind: 'absent'; code: string }
  | { kind: 'no-bucket'; code: string; status?: number }
  | { kind: 'unknown'; unknown: UnknownValue };

/**
 * The documented "not configured" answer (404 + this code) of each read that has one. Only the code of the
 * operation itself means "not configured": another read's code (a proxy or an S3-compatible server answering
 * the wrong subresource) or the code with a status other than 404 is an unexpected answer, so unknown.
 */
const ABSENT: Readonly<Record<string, string>> = {
  GetBucketPolicy: 'NoSuchBucketPolicy',
  GetBucketPolicyStatus: 'NoSuchBucketPolicy',
  GetPublicAccessBlock: 'NoSuchPublicAccessBlockConfiguration', // bucket (S3) and account (S3 Control)
  GetBucketOwnershipControls: 'OwnershipControlsNotFoundError',
  GetBucketWebsite: 'NoSuchWebsiteConfiguration',
  GetAccessPointPolicy: 'NoSuchAccessPointPolicy',
  GetAccessPointPolicyStatus: 'NoSuchAccessPointPolicy',
};
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AuthorizationHeaderMalformed',
]);
/** Timeouts beyond the scheduler's own ('timeout' / 'aborted': its per-call timer): server- and socket-side ones. */
const TIMEOUT = new Set(['RequestTimeout', 'RequestTimeoutException']);
const TIMEOUT_ERRNO = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNRESET', 'UND_ERR_SOCKET']);
const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed', 'UnsupportedOperation', 'InvalidAction']);

interface SdkErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  $response?: { headers?: Record<string, string | undefined> };
}

/** Error code and HTTP status of an SDK (or network) error; never reads the message (RGW sends none). */
export function errorCode(err: unknown): { code: string; status?: number } {
  const e = (err ?? {}) as SdkErrorLike;
  const status = statusOf(err);
  const code = e.Code ?? (typeof e.name === 'string' && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
  return status !== undefined ? { code, status } : { code };
}

/** Region hint of a redirect / HeadBucket error (A-21). */
export function regionHint(err: unknown): string | undefined {
  const h = (err as SdkErrorLike | undefined)?.$response?.headers;
  return h?.['x-amz-bucket-region'] ?? undefined;
}

export interface ClassifyOptions {
  operation: string;
  service: AwsService;
  /** The whole run was cancelled (Ctrl-C): not a timeout of this call. */
  runAborted?: boolean;
}

/** Map an SDK error to the auditor's meaning (A-21). Matches on `name` and HTTP status only. */
export function classifyError(err: unknown, o: ClassifyOptions): Classified {
  const { code, status } = errorCode(err);
  const errno = (err as { code?: string } | undefined)?.code;
  const unknown = (reason: UnknownValue['reason']): Classified => ({
    kind: 'unknown',
    unknown: {
      known: false,
      reason,
      operation: o.operation,
      code,
      detail: `${o.operation}: ${code}${status !== undefined ? ` (${status})` : ''}`,
    },
  });
  if (Object.hasOwn(ABSENT, o.operation) && ABSENT[o.operation] === code && (status === undefined || status === 404)) {
    return { kind: 'absent', code };
  }
  if (o.service === 's3control' && code === 'NoSuchBucket') return unknown('unsupported'); // S3-compatible service without S3 Control
  if (o.service === 's3' && (code === 'NoSuchBucket' || (o.operation === 'HeadBucket' && status === 404))) {
    return status !== undefined ? { kind: 'no-bucket', code, status } : { kind: 'no-bucket', code };
  }
  if (o.runAborted) return unknown('aborted');
  // Throttle and timeout knowledge is the scheduler's (it already retried these): one list, not two.
  const sc = schedulerClass(err);
  if (sc === 'timeout' || sc === 'aborted' || TIMEOUT.has(code) || (errno !== undefined && TIMEOUT_ERRNO.has(errno))) {
    return unknown('timeout');
  }
  if (DENIED.has(code) || status === 403 || status === 401) return unknown('access-denied');
  if (sc === 'throttle') return unknown('throttled');
  if (UNSUPPORTED.has(code) || status === 405 || status === 501) return unknown('unsupported');
  return unknown('error');
}
