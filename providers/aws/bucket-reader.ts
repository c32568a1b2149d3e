import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import type { RawAcl, RawBpa } from './normalize.js';

/**
 * The per-bucket, read-only S3 configuration reads: the hot path of a scan (about 4.9 calls per bucket).
 * Two implementations answer them with the same output shapes (those of the SDK commands, which
 * normalize.ts reads): the SDK's S3Client, and `S3HttpReader` (s3-http.ts), a signed undici client
 * that costs a fraction of the SDK's CPU per call. Both raise errors of the same shape (A-21 mapping in
 * errors.ts reads only `name`, HTTP status and `x-amz-bucket-region`).
 */
export interface BucketOutputs {
  GetBucketPolicy: { Policy?: string };
  GetBucketPolicyStatus: { PolicyStatus?: { IsPublic?: boolean } };
  GetBucketAcl: RawAcl;
  GetPublicAccessBlock: { PublicAccessBlockConfiguration?: RawBpa };
  GetBucketOwnershipControls: { OwnershipControls?: { Rules?: { ObjectOwnership?: string }[] } };
  GetBucketWebsite: {
    IndexDocument?: { Suffix?: string };
    ErrorDocument?: { Key?: string };
    RedirectAllRequestsTo?: { HostName?: string; Protocol?: string };
  };
  GetBucketRequestPayment: { Payer?: string };
}
export type BucketOp = keyof BucketOutputs;

export interface BucketQuery {
  Bucket: string;
  ExpectedBucketOwner?: string;
}

/**
 * What `fetch` gives back: the decoded output, or (http client) the answer as it came off the wire, to be
 * decoded by `decode` once the call has given its concurrency slot back. Opaque to callers.
 */
export type BucketAnswer<K extends BucketOp> = BucketOutputs[K] | { readonly undecoded: true };

export interface BucketReader {
  /** Which client answers ('sdk' or 'http'), for reports and benchmarks. */
  readonly kind: 'sdk' | 'http';
  /** One read, decoded: `decode(op, await fetch(...))`. */
  read<K extends BucketOp>(op: K, q: BucketQuery, region: string, signal: AbortSignal): Promise<BucketOutputs[K]>;
  /**
   * One read, for the hot path: the network part only. Retryable and redirect answers are decoded and thrown
   * here (the scheduler classifies them); a 2xx or 404 answer may come back undecoded, for `decode` to parse
   * outside the scheduler slot (then the next call goes out without waiting for this one's parsing).
   */
  fetch<K extends BucketOp>(op: K, q: BucketQuery, region: string, signal: AbortSignal): Promise<BucketAnswer<K>>;
  /** The output of a fetched answer, or the SDK-shaped error it carries (thrown). Synchronous, CPU only. */
  decode<K extends BucketOp>(op: K, answer: BucketAnswer<K>): BucketOutputs[K];
  destroy(): void;
}

/** The SDK command of each read (its name is what the read-only allowlist and docs/permissions.md list). */
export const BUCKET_COMMANDS = {
  GetBucketPolicy: GetBucketPolicyCommand,
  GetBucketPolicyStatus: GetBucketPolicyStatusCommand,
  GetBucketAcl: GetBucketAclCommand,
  GetPublicAccessBlock: GetPublicAccessBlockCommand,
  GetBucketOwnershipControls: GetBucketOwnershipControlsCommand,
  GetBucketWebsite: GetBucketWebsiteCommand,
  GetBucketRequestPayment: GetBucketRequestPaymentCommand,
} as const;

interface SendsCommands {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<unknown>;
}

/** The reads through the SDK's S3Client of each region (guarded read-only, region redirects followed). */
export function sdkBucketReader(s3: (region: string) => SendsCommands): BucketReader {
  return {
    kind: 'sdk',
    read(op, q, region, signal) {
      const Command = BUCKET_COMMANDS[op] as unknown as new (input: BucketQuery) => unknown;
      return s3(region).send(new Command(q), { abortSignal: signal }) as Promise<never>;
    },
    fetch(op, q, region, signal) {
      return this.read(op, q, region, signal);
    },
    decode: (_op, answer) => answer as never, // the SDK decodes inside send
    destroy() {},
  };
}
