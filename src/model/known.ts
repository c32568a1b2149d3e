/**
 * A value the collector either knows or could not learn.
 * "Not configured" is a KNOWN value (e.g. no bucket policy => known null);
 * AccessDenied, throttling, timeouts and Terraform "known after apply" are UNKNOWN.
 */
export type UnknownReason =
  | 'access-denied'
  | 'not-collected'
  | 'computed' // Terraform: known only after apply
  | 'error'
  | 'throttled'
  | 'timeout'
  | 'unsupported' // the (S3-compatible) service does not implement the API
  | 'malformed' // the document could not be parsed
  | 'aborted'; // the run was interrupted before this input was read

/** Where a known value came from: read from the provider / file, or a documented provider default. */
export type ValueOrigin = 'observed' | 'configured' | 'default';

export interface KnownValue<T> {
  known: true;
  value: T;
  /** 'default' means a provider default was applied (named in `note`), e.g. new S3 buckets get BPA on. */
  origin?: ValueOrigin;
  note?: string;
}

export interface UnknownValue {
  known: false;
  reason: UnknownReason;
  /** Human-readable detail, e.g. "GetBucketPolicy: AccessDenied (403)". */
  detail?: string;
  /** API operation or Terraform attribute that could not be read. */
  operation?: string;
  /** Provider error code, e.g. AccessDenied, SlowDown, AuthorizationFailed. */
  code?: string;
}

export type Known<T> = KnownValue<T> | UnknownValue;
