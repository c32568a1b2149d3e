import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentialIdentity } from '@smithy/types';
import { Agent } from 'undici';
import { awsPartition, s3BucketTarget, s3ServiceTarget } from '../../src/endpoints/aws.js';
import type {
  BucketAnswer,
  BucketList,
  BucketListPage,
  BucketOp,
  BucketOutputs,
  BucketQuery,
  BucketReader,
} from './bucket-reader.js';
import { type Exchanged, exchange } from '../http-exchange.js';
import type { AwsCredentials } from './clients.js';
import type { RawGrant } from './normalize.js';
import { READ_ONLY_COMMANDS } from './readonly.js';
import { GetSigner, NodeSha256, queryString } from './sigv4-get.js';
import { type Xml, xmlReader } from './xml.js';

/*
 * A lean S3 client for the seven per-bucket configuration GETs, the hot path of a scan. The SDK spends about
 * 1 ms of CPU per call (middleware stack, endpoint rules, schema serde); this path signs with SigV4 built from the
 * SDK signer's own parts (sigv4-get.ts), sends with undici and reads the small XML answers with fast-xml-parser:
 * about 0.15 ms per call. It can only send `GET /<bucket>?<subresource>` for the subresources below, each of
 * which is a read-only SDK command on the allowlist (readonly.ts), so the read-only guarantee holds by
 * construction. Errors are raised in the SDK's shape (name = S3 error code, $metadata.httpStatusCode,
 * $response.headers), so errors.ts and the scheduler classify them exactly as SDK errors. Region redirects
 * (301, 400 IllegalLocationConstraintException or AuthorizationHeaderMalformed naming x-amz-bucket-region) are
 * followed once. Clock skew is corrected from the server's Date header, as the SDK does.
 */

const SUBRESOURCE: Record<BucketOp, string> = {
  GetBucketPolicy: 'policy',
  GetBucketPolicyStatus: 'policyStatus',
  GetBucketAcl: 'acl',
  GetPublicAccessBlock: 'publicAccessBlock',
  GetBucketOwnershipControls: 'ownershipControls',
  GetBucketWebsite: 'website',
  GetBucketRequestPayment: 'requestPayment',
};
for (const op of [...Object.keys(SUBRESOURCE), 'ListBuckets']) {
  if (!Object.hasOwn(READ_ONLY_COMMANDS.s3, `${op}Command`)) throw new Error(`s3-http: ${op} is not on the read-only allowlist`);
}

/** Errors of a request signed with a skewed clock (the SDK corrects its clock on these). */
const SKEWED = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'SignatureDoesNotMatch', 'InvalidSignatureException']);
/** Clock difference worth correcting (S3 refuses requests more than 15 minutes off). */
const SKEW_MS = 5 * 60_000;

/** SHA-256 of the empty body (every request here is a body-less GET). */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const USER_AGENT = 'bucketaudit (read-only S3 configuration reads)';

/** Partitions whose S3 host is s3.REGION.<awsDomain>; others (ISO) go through the SDK. */
const HTTP_PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/**
 * Provider credentials cached until 5 minutes before they expire (static ones forever), with the SDK's own
 * memoization (the one its clients use); a failed call is asked again next time.
 */
export function memoCredentials(c: AwsCredentials): () => Promise<AwsCredentialIdentity> {
  if (typeof c !== 'function') return () => Promise.resolve(c);
  const memo = memoizeIdentityProvider(c, isIdentityExpired, doesIdentityRequireRefresh) as () => Promise<AwsCredentialIdentity>;
  return () => memo();
}

/** An S3 error in the SDK's shape: what errors.ts and src/scheduler/classify.ts read. */
export class S3HttpError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $response: { statusCode: number; headers: Record<string, string> };
  readonly $fault: 'client' | 'server';
  constructor(code: string, message: string, status: number, headers: Record<string, string>) {
    // A service answer, not a bug: no stack trace (a third of the reads end in a documented 404).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message || code);
    Error.stackTraceLimit = limit;
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    const requestId = headers['x-amz-request-id'];
    this.$metadata = requestId ? { httpStatusCode: status, requestId } : { httpStatusCode: status };
    this.$response = { statusCode: status, headers };
  }
}

// Entities are decoded by `decodeRefs` (below), in one pass: a parser's own pass followed by one for numeric
// references decoded '&amp;#38;' twice (to '&', where the SDK reads '&#38;').
const parser = xmlReader(['Grant', 'Rule', 'Bucket']);

const obj = (v: unknown): Xml | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Xml) : undefined);
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The five XML entities and numeric character references (&#38; &#x26;), each decoded once, left to right. */
function decodeRefs(t: string): string {
  if (!t.includes('&')) return t;
  return t.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g,
    (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (name !== undefined) return NAMED[name] ?? m;
      const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    },
  );
}
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? decodeRefs(v) : typeof v === 'number' ? String(v) : undefined;
/** An element that is present (even empty: `<X/>` parses to '') as an object. */
const element = (v: unknown): Xml | undefined => obj(v) ?? (v === '' ? {} : undefined);
function bool(v: unknown): boolean | undefined {
  const s = str(v)?.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * The document's root element, whatever its name (undefined for an empty body). The SDK reads it the same
 * way: Ceph RGW names the PublicAccessBlock root "BlockPublicAccessBlockConfiguration", and answers an
 * unknown subresource (?ownershipControls) with a ListBucketResult, which reads as a configuration with
 * no rules.
 */
function parseRoot(text: string, op: BucketOp, status: number, headers: Record<string, string>): Xml | undefined {
  if (text.trim() === '') return undefined;
  try {
    const doc = parser.parse(text) as Xml;
    const name = Object.keys(doc).find((k) => !k.startsWith('?'));
    return name === undefined ? undefined : element(doc[name]);
  } catch (err) {
    throw new S3HttpError(
      'MalformedResponse',
      `${op}: unreadable XML (${err instanceof Error ? err.message : String(err)})`,
      status,
      headers,
    );
  }
}

/** 2xx body -> the SDK command's output shape. Pure. */
export function parseBucketOutput<K extends BucketOp>(
  op: K,
  text: string,
  status = 200,
  headers: Record<string, string> = {},
): BucketOutputs[K] {
  if (op === 'GetBucketPolicy') return (text === '' ? {} : { Policy: text }) as BucketOutputs[K];
  const root = parseRoot(text, op, status, headers);
  let out: BucketOutputs[BucketOp];
  switch (op) {
    case 'GetBucketPolicyStatus': {
      out = root ? { PolicyStatus: defined({ IsPublic: bool(root.IsPublic) }) } : {};
      break;
    }
    case 'GetPublicAccessBlock': {
      const c = root;
      out = c
        ? {
            PublicAccessBlockConfiguration: defined({
              BlockPublicAcls: bool(c.BlockPublicAcls),
              IgnorePublicAcls: bool(c.IgnorePublicAcls),
              BlockPublicPolicy: bool(c.BlockPublicPolicy),
              RestrictPublicBuckets: bool(c.RestrictPublicBuckets),
            }),
          }
        : {};
      break;
    }
    case 'GetBucketOwnershipControls': {
      const oc = root;
      const rules = Array.isArray(oc?.Rule) ? oc.Rule : [];
      const Rules = rules.map((r: unknown) => defined({ ObjectOwnership: str(obj(r)?.ObjectOwnership) }));
      out = oc ? { OwnershipControls: Rules.length > 0 ? { Rules } : {} } : {};
      break;
    }
    case 'GetBucketWebsite': {
      const w = root ?? {};
      const index = obj(w.IndexDocument);
      const error = obj(w.ErrorDocument);
      const redirect = obj(w.RedirectAllRequestsTo);
      out = defined({
        IndexDocument: index ? defined({ Suffix: str(index.Suffix) }) : undefined,
        ErrorDocument: error ? defined({ Key: str(error.Key) }) : undefined,
        RedirectAllRequestsTo: redirect
          ? defined({ HostName: str(redirect.HostName), Protocol: str(redirect.Protocol) })
          : undefined,
      });
      break;
    }
    case 'GetBucketRequestPayment': {
      out = defined({ Payer: str(root?.Payer) });
      break;
    }
    case 'GetBucketAcl': {
      const acp = root ?? {};
      const owner = obj(acp.Owner);
      const list = element(acp.AccessControlList);
      const grants = list?.Grant;
      out = defined({
        Owner: owner ? defined({ ID: str(owner.ID), DisplayName: str(owner.DisplayName) }) : undefined,
        Grants: list ? (Array.isArray(grants) ? grants.map(grant) : []) : undefined,
      });
      break;
    }
    default:
      throw new Error(`s3-http: no reader for ${String(op)}`);
  }
  return out as BucketOutputs[K];
}

/** A ListBuckets 2xx body -> the SDK command's output shape (names, regions, owner, continuation token). Pure. */
export function parseBucketList(text: string, status = 200, headers: Record<string, string> = {}): BucketList {
  let doc: Xml;
  try {
    doc = text.trim() === '' ? {} : parser.parse(text);
  } catch (err) {
    throw new S3HttpError(
      'MalformedResponse',
      `ListBuckets: unreadable XML (${err instanceof Error ? err.message : String(err)})`,
      status,
      headers,
    );
  }
  // An error document with a 200 (as the SDK reads it: the error it names)
  if (obj(doc.Error)) throw errorFromResponse(status, text, headers);
  const root = element(doc.ListAllMyBucketsResult);
  // Not a bucket list (a proxy's page, another document): an error, never "no buckets".
  if (!root)
    throw new S3HttpError('MalformedResponse', 'ListBuckets: the answer is not a ListAllMyBucketsResult', status, headers);
  const owner = obj(root.Owner);
  const list = element(root.Buckets)?.Bucket;
  const Buckets = (Array.isArray(list) ? list : []).map((b: unknown) => {
    const x = obj(b) ?? {};
    return defined({ Name: str(x.Name), BucketRegion: str(x.BucketRegion) });
  });
  return defined({
    Buckets,
    Owner: owner ? defined({ ID: str(owner.ID), DisplayName: str(owner.DisplayName) }) : undefined,
    ContinuationToken: str(root.ContinuationToken) || undefined,
  });
}

function grant(raw: unknown): RawGrant {
  const g = obj(raw) ?? {};
  const who = obj(g.Grantee);
  return defined({
    Grantee: who
      ? defined({
          Type: str(who.type),
          ID: str(who.ID),
          DisplayName: str(who.DisplayName),
          URI: str(who.URI),
          EmailAddress: str(who.EmailAddress),
        })
      : undefined,
    Permission: str(g.Permission),
  });
}

/** Error body -> S3HttpError (the SDK's name when the body has no code: NotFound for 404, else Unknown). */
export function errorFromResponse(status: number, text: string, headers: Record<string, string>): S3HttpError {
  let code: string | undefined;
  let message = '';
  let region: string | undefined;
  if (text.trim() !== '') {
    try {
      const e = obj((parser.parse(text) as Xml).Error);
      code = str(e?.Code);
      message = str(e?.Message) ?? '';
      region = str(e?.Region);
    } catch {
      // not XML (a proxy's HTML page): fall back to the status
    }
  }
  const h = region && !headers['x-amz-bucket-region'] ? { ...headers, 'x-amz-bucket-region': region } : headers;
  return new S3HttpError(code ?? (status === 404 ? 'NotFound' : 'Unknown'), message, status, h);
}

export interface S3HttpOptions {
  credentials: AwsCredentials;
  /** S3-compatible endpoint (path-style). Without it: the AWS regional endpoints. */
  endpoint?: string;
  /** Connections per origin. */
  maxSockets: number;
  /** A connection pool shared with other readers (the targets of one scan); not closed by `destroy`. */
  agent?: Agent;
}

/** An answer off the wire, not decoded yet (see BucketReader.fetch). */
class WireAnswer {
  readonly undecoded = true as const;
  constructor(
    readonly status: number,
    readonly text: string,
    readonly headers: Record<string, string>,
  ) {}
}

/** A keep-alive connection pool for the lean reader, `maxSockets` connections per origin. */
export function s3Agent(maxSockets: number): Agent {
  return new Agent({ connections: Math.max(1, maxSockets), keepAliveTimeout: 10_000 });
}

/** Whether this client can address `region` (AWS commercial, China, GovCloud, or any region on a custom endpoint). */
export function httpServes(region: string, endpoint?: string): boolean {
  return endpoint !== undefined || HTTP_PARTITIONS.has(awsPartition(region));
}

export class S3HttpReader implements BucketReader {
  readonly kind = 'http' as const;
  private readonly signer: GetSigner;
  private readonly endpoint: URL | undefined;
  private readonly agent: Agent;
  private readonly ownAgent: boolean;

  constructor(opts: S3HttpOptions) {
    this.signer = new GetSigner(memoCredentials(opts.credentials), NodeSha256);
    this.endpoint = opts.endpoint ? new URL(opts.endpoint) : undefined;
    this.ownAgent = !opts.agent;
    this.agent = opts.agent ?? s3Agent(opts.maxSockets);
  }

  /** Server clock minus ours (ms), learnt from Date headers once they differ by more than SKEW_MS. */
  private clockOffsetMs = 0;

  async read<K extends BucketOp>(op: K, q: BucketQuery, region: string, signal: AbortSignal): Promise<BucketOutputs[K]> {
    return this.decode(op, await this.fetch(op, q, region, signal));
  }

  decode<K extends BucketOp>(op: K, answer: BucketAnswer<K>): BucketOutputs[K] {
    if (!(answer instanceof WireAnswer)) return answer as BucketOutputs[K];
    if (answer.status >= 200 && answer.status < 300) return parseBucketOutput(op, answer.text, answer.status, answer.headers);
    throw errorFromResponse(answer.status, answer.text, answer.headers);
  }

  async fetch<K extends BucketOp>(op: K, q: BucketQuery, region: string, signal: AbortSignal): Promise<BucketAnswer<K>> {
    try {
      return await this.skewRetried(() => this.once(op, q, region, signal));
    } catch (err) {
      const redirect = redirectRegion(err, region);
      if (!redirect) throw err;
      return this.once(op, q, redirect, signal);
    }
  }

  /**
   * `attempt`, once more after a skewed-clock answer whose Date header just moved the offset (the second try is signed
   * right; a wrong secret, with the clock right, is not retried).
   */
  private async skewRetried<T>(attempt: () => Promise<T>): Promise<T> {
    const offset = this.clockOffsetMs;
    try {
      return await attempt();
    } catch (err) {
      if (err instanceof S3HttpError && SKEWED.has(err.name) && this.clockOffsetMs !== offset) return attempt();
      throw err;
    }
  }

  /** The last Date header read: it changes once a second, and most answers repeat it. */
  private lastDate: string | undefined;

  private learnClock(date: string | undefined): void {
    if (!date || date === this.lastDate) return;
    this.lastDate = date;
    const server = Date.parse(date);
    if (Number.isNaN(server)) return;
    const offset = server - Date.now();
    this.clockOffsetMs = Math.abs(offset) > SKEW_MS ? offset : 0;
  }

  /** One ListBuckets page (a clock-skew answer is tried once more, as `fetch` does). */
  listBuckets(page: BucketListPage, region: string, signal: AbortSignal): Promise<BucketList> {
    return this.skewRetried(() => this.listOnce(page, region, signal));
  }

  private async listOnce(page: BucketListPage, region: string, signal: AbortSignal): Promise<BucketList> {
    const t = s3ServiceTarget(region, this.endpoint);
    // The SDK's query: the page size, the token, and the operation's x-id.
    const query: Record<string, string> = { 'max-buckets': String(page.max), 'x-id': 'ListBuckets' };
    if (page.token) query['continuation-token'] = page.token;
    const res = await this.send(
      t,
      query,
      { host: t.host, 'user-agent': USER_AGENT, 'x-amz-content-sha256': EMPTY_SHA256 },
      region,
      signal,
    );
    if (res.status >= 200 && res.status < 300) return parseBucketList(res.text, res.status, res.headers);
    throw errorFromResponse(res.status, res.text, res.headers);
  }

  /** A signed GET of `t.path` with `query`: the answer as text, the server's clock learnt from it. */
  private async send(
    t: { protocol: string; host: string; path: string },
    query: Record<string, string>,
    headers: Record<string, string>,
    region: string,
    signal: AbortSignal,
  ): Promise<Exchanged> {
    const signed = await this.signer.sign({ path: t.path, query, headers }, region, new Date(Date.now() + this.clockOffsetMs));
    const res = await exchange(this.agent, `${t.protocol}//${t.host}`, `${t.path}?${queryString(query)}`, signed, signal);
    this.learnClock(res.headers.date);
    return res;
  }

  private async once<K extends BucketOp>(op: K, q: BucketQuery, region: string, signal: AbortSignal): Promise<BucketAnswer<K>> {
    const sub = SUBRESOURCE[op];
    const t = s3BucketTarget(q.Bucket, region, this.endpoint);
    const headers: Record<string, string> = {
      host: t.host,
      'user-agent': USER_AGENT, // not signed (SigV4 leaves it out)
      'x-amz-content-sha256': EMPTY_SHA256,
      ...(q.ExpectedBucketOwner ? { 'x-amz-expected-bucket-owner': q.ExpectedBucketOwner } : {}),
    };
    const res = await this.send(t, { [sub]: '' }, headers, region, signal);
    // 2xx and 404 (a configuration that is not set, or no bucket) are final, whatever the body says: decoded
    // later, outside the slot. Anything else is decoded now, as the scheduler (retries) and `fetch`
    // (region redirects, clock skew) need its error code.
    if ((res.status >= 200 && res.status < 300) || res.status === 404) return new WireAnswer(res.status, res.text, res.headers);
    throw errorFromResponse(res.status, res.text, res.headers);
  }

  destroy(): void {
    if (this.ownAgent) void this.agent.destroy().catch(() => undefined);
  }
}

/** The region to retry in after a wrong-region answer (SDK followRegionRedirects), if any. */
function redirectRegion(err: unknown, region: string): string | undefined {
  if (!(err instanceof S3HttpError)) return undefined;
  const status = err.$metadata.httpStatusCode;
  // As the SDK's region-redirect middleware: 301, or 400 IllegalLocationConstraintException (opt-in regions);
  // also 400 AuthorizationHeaderMalformed, which names the region too (the SDK follows it for HeadBucket only).
  const redirectable =
    status === 301 ||
    (status === 400 && (err.name === 'IllegalLocationConstraintException' || err.name === 'AuthorizationHeaderMalformed'));
  if (!redirectable) return undefined;
  const hint = err.$response.headers['x-amz-bucket-region'];
  return hint && hint !== region ? hint : undefined;
}

/** The reader a scan uses: this client where it can address the region, the SDK elsewhere. */
export function httpBucketReader(opts: S3HttpOptions, sdk: BucketReader): BucketReader {
  const http = new S3HttpReader(opts);
  return {
    kind: 'http',
    async read(op, q, region, signal) {
      return this.decode(op, await this.fetch(op, q, region, signal));
    },
    fetch(op, q, region, signal) {
      return httpServes(region, opts.endpoint) ? http.fetch(op, q, region, signal) : sdk.fetch(op, q, region, signal);
    },
    decode: (op, answer) => http.decode(op, answer), // SDK outputs pass through
    listBuckets: (page, region, signal) =>
      httpServes(region, opts.endpoint) ? http.listBuckets(page, region, signal) : sdk.listBuckets(page, region, signal),
    destroy() {
      http.destroy();
      sdk.destroy();
    },
  };
}
