import {
  type Bucket,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type Owner,
} from '@aws-sdk/client-s3';
import type { RawAcl, RawBpa } from './normalize.js';
import { S3HttpError } from './s3-http.js';

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

/** One ListBuckets page asked for: the first (no token) or the one after `token`. */
export interface BucketListPage {
  max: number;
  token?: string;
}

/** A ListBuckets page in the SDK command's output shape (the fields the adapter reads). */
export interface BucketList {
  Buckets?: Bucket[];
  Owner?: Owner;
  ContinuationToken?: string;
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
  /** One page of the account's buckets (ListBuckets, sent to `region`'s S3 endpoint or the custom one). */
  listBuckets(page: BucketListPage, region: string, signal: AbortSignal): Promise<BucketList>;
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

/**
 * ListBuckets through the SDK. The SDK reads a 200 answer that is no bucket list (a proxy's HTML page, an empty
 * body) as an account without buckets; every real list names its owner, so one without is an error here.
 */
async function sdkListBuckets(s3: SendsCommands, page: BucketListPage, signal: AbortSignal): Promise<BucketList> {
  const input = page.token ? { MaxBuckets: page.max, ContinuationToken: page.token } : { MaxBuckets: page.max };
  const out = (await s3.send(new ListBucketsCommand(input), { abortSignal: signal })) as BucketList & {
    $metadata?: { httpStatusCode?: number };
  };
  if (out.Owner === undefined && (out.Buckets ?? []).length === 0)
    throw new S3HttpError(
      'MalformedResponse',
      'ListBuckets: the answer is not a bucket list',
      out.$metadata?.httpStatusCode ?? 200,
      {},
    );
  return out;
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
    listBuckets: (page, region, signal) => sdkListBuckets(s3(region), page, signal),
    destroy() {},
  };
}
