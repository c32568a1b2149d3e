import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { type Bucket, GetObjectAclCommand, HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  type AccessPoint,
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  ListAccessPointsCommand,
} from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsPartition } from '../../src/endpoints/aws.js';
import type {
  AwsAccessPoint,
  AwsBpa,
  AwsS3Facts,
  Known,
  ReportError,
  S3Acl,
  StorageResource,
  UnknownValue,
} from '../../src/model/index.js';
import { intern, internString } from '../../src/model/intern.js';
import { settleAll } from '../../src/scheduler/index.js';
import type { GateHold } from '../../src/scheduler/gate.js';
import type { AwsScanOptions, CollectContext, CollectResult } from '../types.js';
import type { BucketOp, BucketOutputs } from './bucket-reader.js';
import { afterPendingIo, BucketGone, call, failed, type Outcome, toKnown, unknownOf } from './calls.js';
import type { AwsClients, AwsTarget } from './clients.js';
import { apiEndpoint, bucketArn, websiteEndpoint } from './endpoints.js';
import { errorCode, regionHint } from './errors.js';
import { assumableRolesFor, collectOpenRoles, type OpenRole } from './iam-roles.js';
import {
  known,
  normalizeAccessPoint,
  normalizeAclOutput,
  normalizeBpaOutput,
  normalizeOwnership,
  normalizePolicy,
  normalizePolicyStatus,
  normalizeRequestPayment,
  normalizeWebsite,
  type RawAccessPoint,
} from './normalize.js';
import { allPages } from '../paging.js';
import { collectInWorkers, earlyWorkerCount, prepareThreadCode, type StartedWorkers, startWorkers, workerCount } from './pool.js';

const ACCOUNT_ID = /^\d{12}$/;

/** Everything collected once per account and shared by its buckets (structured-clone safe: sent to workers). */
export interface AccountContext {
  /** 12-digit account id from STS (drives ExpectedBucketOwner and S3 Control). */
  accountId?: string;
  /** Resource account: the account id, else the ListBuckets owner id (custom endpoints). */
  account: string;
  ownerId?: string;
  alias?: string;
  accountBpa: Known<AwsBpa | null>;
  /** S3 Control answers (false on services without it, e.g. Ceph RGW). */
  s3control: boolean;
  controlAccountId?: string;
  roles: Known<OpenRole[]>;
}

/** Scan one target (credentials): identity, bucket list, account-level inputs, then every bucket in parallel. */
export async function collectTarget(
  target: AwsTarget,
  clients: AwsClients,
  opts: AwsScanOptions,
  ctx: CollectContext,
  /** The target's hold on the scan's gate (other targets read at the same time): threads run holding it alone. */
  hold: GateHold,
  /**
   * Whether other targets are read at the same time. Then threads start only once this target holds the gate alone
   * (collectInWorkers starts them), so that one target's threads are alive at a time: started ahead, each of 16
   * accounts of more than 1,000 buckets would load its own two while it waits for the gate.
   */
  others = false,
): Promise<CollectResult> {
  const errors: ReportError[] = [];
  const region = clients.settings.region;
  // The worker threads' code: a cache check (a bundle build after a change), started now so that threads can start
  // as soon as the listing shows more than one page.
  if (opts.workers === undefined || opts.workers > 1) void prepareThreadCode();
  // Identity and the listing at once (ListBuckets does not need the account id); the account-level calls start as
  // soon as the identity names the account, while the listing goes on.
  const identP = call(ctx, `aws:${target.label}:global:sts`, 'sts', 'GetCallerIdentity', (s) =>
    clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: s }),
  );
  const idOf = (o: Awaited<typeof identP>) =>
    o.ok && o.value.Account && ACCOUNT_ID.test(o.value.Account) ? o.value.Account : undefined;
  const acctEarly = identP.then((o) => {
    const accountId = idOf(o);
    return accountId ? accountLevel(clients, ctx, { region, account: accountId, accountId }) : undefined;
  });
  acctEarly.catch(() => undefined); // awaited below; a listing that fails first leaves it unread
  // Threads started while more pages come: a listing of more than one page (more than LIST_FIRST_PAGE buckets) is
  // read by threads (pool.ts earlyWorkerCount); they load while the rest is listed. Stopped again if the count turns
  // out to ask for one thread (50,000+ buckets: the memory budget), or the listing fails.
  let early: Promise<StartedWorkers | undefined> | undefined;
  let started: StartedWorkers | undefined;
  try {
    const listed = await listBuckets(clients, ctx, `aws:${target.label}:${region}:s3`, errors, (n) => {
      if (ctx.signal.aborted || others) return;
      const want = earlyWorkerCount(opts.workers, n, ctx.concurrency);
      if (early && want <= 1) {
        void early.then((w) => w?.discard());
        early = undefined;
      } else if (!early && want > 1) early = startWorkers(want, ctx.signal);
    });
    const ident = await identP;
    const accountId = idOf(ident);
    started = await early;
    if (!listed.ok) {
      const { code, status } = errorCode(listed.err);
      errors.push({
        stage: 'collect',
        provider: 'aws',
        operation: 'ListBuckets',
        code,
        message: `cannot list buckets for ${target.label}: ${code}${status ? ` (${status})` : ''}${
          !ident.ok ? `; GetCallerIdentity also failed (${errorCode(ident.err).code})` : ''
        }`,
      });
      await acctEarly; // in flight already: ended before the target is
      return { resources: [], errors };
    }
    const { buckets, ownerId } = listed.value;
    const account = accountId ?? ownerId ?? '';
    const workers = workerCount(opts.workers, buckets.length, ctx.concurrency);
    // Threads started for a count that the whole list changed (e.g. 1,001 to 2,999 buckets: one thread): not used.
    if (started && started.size !== workers) {
      started.discard();
      started = undefined;
    }
    // Otherwise they start now and load (about 0.15 s from the bundle) while the account-level calls end.
    if (workers > 1 && !started && !others && !ctx.signal.aborted) early = startWorkers(workers, ctx.signal);
    // Read early with the account id; without one (a custom endpoint), with the owner id the listing gave.
    const byIdentity = await acctEarly;
    const acct = byIdentity
      ? { ...byIdentity, ...(ownerId ? { ownerId } : {}) }
      : await accountLevel(clients, ctx, { region, account, ...(ownerId ? { ownerId } : {}) });
    const apIndex = new AccessPointIndex(acct, clients, ctx);
    let done = 0;
    const progress = (name: string) => {
      done += 1;
      ctx.onProgress?.({ phase: 'collect', provider: 'aws', done, total: buckets.length, label: name });
    };
    let outcomes: (BucketOutcome | undefined)[] = [];
    if (workers > 1) {
      // Access point lists of every region ListBuckets names: read once here, shared with the workers, while the
      // threads load.
      if (acct.s3control) for (const r of new Set(buckets.map((b) => b.BucketRegion || region))) void apIndex.get(r);
      started ??= await early;
      const apLists = await apIndex.snapshot();
      const inWorkers = () =>
        collectInWorkers({
          buckets,
          acct,
          target,
          clients,
          opts,
          ctx,
          workers,
          apLists,
          onDone: progress,
          ...(started ? { started: started.take() } : {}),
        });
      const pool = await hold.exclusively(inWorkers);
      outcomes = pool.outcomes;
      errors.push(...pool.errors);
      ctx.onWorkerStats?.(pool.stats);
    }
    // In this thread: everything (one worker), or what a worker thread could not finish.
    const local = buckets.flatMap((_b, i) => (outcomes[i] === undefined ? [i] : []));
    if (local.length > 0) {
      const settled = await settleAll(local, ctx.concurrency, async (i) => {
        const b = buckets[i] as Bucket;
        try {
          // Renew an assumed role here, outside scheduler.run (the SDK's own refresh would re-enter it); a failure
          // leaves the still-valid credentials in use and shows up on the calls once they expire.
          await target.session?.ensureFresh().catch(() => undefined);
          return await runBucket(b, acct, clients, opts, ctx, apIndex);
        } finally {
          progress(b.Name ?? '');
        }
      });
      settled.forEach((s, k) => {
        outcomes[local[k] as number] =
          s.status === 'fulfilled'
            ? s.value
            : { kind: 'error', detail: s.reason instanceof Error ? s.reason.message : String(s.reason) };
      });
    }
    const resources: StorageResource[] = [];
    buckets.forEach((b, i) => {
      const name = b.Name ?? '';
      const bucketRegion = b.BucketRegion || region;
      const id = bucketArn(name, awsPartition(bucketRegion));
      const o: BucketOutcome = outcomes[i] ?? { kind: 'error', detail: 'no result' };
      if (o.kind === 'ok') {
        resources.push(o.resource);
      } else if (o.kind === 'gone') {
        errors.push({
          stage: 'collect',
          provider: 'aws',
          resourceId: id,
          operation: o.operation,
          code: o.code,
          message: `bucket ${name} disappeared during the scan (${o.code}); dropped`,
        });
      } else {
        // Never lose a bucket ListBuckets returned: keep it with every input unknown.
        errors.push({ stage: 'collect', provider: 'aws', resourceId: id, message: `bucket ${name}: ${o.detail}` });
        resources.push(unknownBucket(name, bucketRegion, acct, clients, o.detail, o.kind));
      }
    });
    return { resources, errors };
  } finally {
    // Threads started early and not handed over (a failed listing, an error on the way); discard is idempotent.
    started?.discard();
    void early?.then((s) => s?.discard());
  }
}

/**
 * Buckets per ListBuckets page. The first page is small: it comes back in one round trip and a few ms of parsing,
 * and a continuation token on it (more than 1,000 buckets) starts the worker threads, which then load while the
 * rest is listed. The pages after it are the largest S3 allows (1 to 10,000): a 10k-bucket account is listed in two
 * calls, not eleven. A server that returns fewer per page is paged as before.
 */
const LIST_FIRST_PAGE = 1_000;
const LIST_PAGE = 10_000;

/** A ListBuckets page that failed, carried out of `allPages` as the listing's outcome. */
class ListFailed {
  constructor(readonly outcome: Outcome<never>) {}
}

async function listBuckets(
  clients: AwsClients,
  ctx: CollectContext,
  lane: string,
  errors: ReportError[],
  onMorePages?: (listed: number) => void,
): Promise<Outcome<{ buckets: Bucket[]; ownerId?: string }>> {
  let ownerId: string | undefined;
  try {
    const buckets = await allPages(
      async (token) => {
        const page = token ? { max: LIST_PAGE, token } : { max: LIST_FIRST_PAGE };
        const o = await call(ctx, lane, 's3', 'ListBuckets', (s) =>
          clients.buckets.listBuckets(page, clients.settings.region, s),
        );
        if (!o.ok) throw new ListFailed(o);
        ownerId ??= o.value.Owner?.ID;
        return { items: (o.value.Buckets ?? []).filter((b) => b.Name), next: o.value.ContinuationToken };
      },
      (b) => b.Name,
      {
        provider: 'aws',
        operation: 'ListBuckets',
        errors,
        // A later page that fails: the buckets of the pages before it are collected, with an error entry.
        laterPageFailed: (err) => {
          const { code, status } = errorCode(err instanceof ListFailed && !err.outcome.ok ? err.outcome.err : err);
          return {
            stage: 'collect',
            provider: 'aws',
            operation: 'ListBuckets',
            code,
            message: `ListBuckets: ${code}${status ? ` (${status})` : ''}`,
          };
        },
      },
      onMorePages,
    );
    return { ok: true, value: ownerId ? { buckets, ownerId } : { buckets } };
  } catch (err) {
    if (err instanceof ListFailed) return err.outcome;
    throw err;
  }
}

async function accountLevel(
  clients: AwsClients,
  ctx: CollectContext,
  a: { region: string; account: string; accountId?: string; ownerId?: string },
): Promise<AccountContext> {
  const controlAccountId = a.accountId ?? (clients.customEndpoint ? a.ownerId : undefined);
  const iamLane = `aws:${a.account}:global:iam`;
  const [bpa, roles, alias] = await Promise.all([
    controlAccountId
      ? call(ctx, `aws:${a.account}:${a.region}:s3control`, 's3control', 'GetPublicAccessBlock', (s) =>
          clients.s3control().send(new GetAccountPublicAccessBlockCommand({ AccountId: controlAccountId }), { abortSignal: s }),
        )
      : undefined,
    collectOpenRoles(clients, ctx, iamLane),
    call(ctx, iamLane, 'iam', 'ListAccountAliases', (s) =>
      clients.iam.send(new ListAccountAliasesCommand({}), { abortSignal: s }),
    ),
  ]);
  let accountBpa: Known<AwsBpa | null>;
  if (!bpa) {
    accountBpa = {
      known: false,
      reason: 'not-collected',
      operation: 'GetPublicAccessBlock (account)',
      detail: 'account id unknown (sts:GetCallerIdentity failed): account Block Public Access not read',
    };
  } else {
    // S3 Control errors never classify as 'no-bucket' (errors.ts), so toKnown cannot throw BucketGone here.
    accountBpa = toKnown(bpa, 'GetPublicAccessBlock (account)', (v) => normalizeBpaOutput(v, 'GetPublicAccessBlock (account)'), {
      value: null,
    });
    // An S3-compatible service without S3 Control answers anything from NoSuchBucket (RGW) to odd 4xx codes.
    if (!accountBpa.known && clients.customEndpoint && accountBpa.reason === 'error') {
      accountBpa = {
        ...accountBpa,
        reason: 'unsupported',
        detail: `${accountBpa.detail ?? 'S3 Control'}: S3 Control (account Block Public Access) is not available on this S3-compatible endpoint`,
      };
    }
  }
  const s3control = !(!accountBpa.known && accountBpa.reason === 'unsupported') && controlAccountId !== undefined;
  const firstAlias = alias.ok ? alias.value.AccountAliases?.[0] : undefined;
  return {
    account: a.account,
    accountBpa,
    s3control,
    roles,
    ...(a.accountId ? { accountId: a.accountId } : {}),
    ...(a.ownerId ? { ownerId: a.ownerId } : {}),
    ...(firstAlias ? { alias: firstAlias } : {}),
    ...(controlAccountId ? { controlAccountId } : {}),
  };
}

/** What became of one bucket: plain data, so a worker thread can send it back. */
export type BucketOutcome =
  | { kind: 'ok'; resource: StorageResource }
  | { kind: 'gone'; operation: string; code: string }
  | { kind: 'error' | 'aborted'; detail: string };

/** Collect one bucket; never throws (a crash is an 'error' outcome, NoSuchBucket a 'gone' one). */
export async function runBucket(
  bucket: Bucket,
  acct: AccountContext,
  clients: AwsClients,
  opts: Pick<AwsScanOptions, 'objectAclSample'>,
  ctx: CollectContext,
  apIndex: AccessPointIndex,
): Promise<BucketOutcome> {
  try {
    return { kind: 'ok', resource: await collectBucket(bucket, acct, clients, opts, ctx, apIndex) };
  } catch (err) {
    if (err instanceof BucketGone) return { kind: 'gone', operation: err.operation, code: err.code };
    return { kind: 'error', detail: err instanceof Error ? err.message : String(err) };
  }
}

async function collectBucket(
  bucket: Bucket,
  acct: AccountContext,
  clients: AwsClients,
  opts: Pick<AwsScanOptions, 'objectAclSample'>,
  ctx: CollectContext,
  apIndex: AccessPointIndex,
): Promise<StorageResource> {
  const name = bucket.Name as string;
  let region = bucket.BucketRegion;
  if (!region) {
    const head = await call(ctx, `aws:${acct.account}:${clients.settings.region}:s3`, 's3', 'HeadBucket', (s) =>
      clients.s3().send(new HeadBucketCommand({ Bucket: name, ...ebo(acct) }), { abortSignal: s }),
    );
    if (head.ok) region = head.value.BucketRegion;
    else if (head.c.kind === 'no-bucket') throw new BucketGone('HeadBucket', head.c.code);
    else region = regionHint(head.err);
  }
  region = internString(region || clients.settings.region); // one copy per region name, not per bucket
  const s3 = clients.s3(region);
  const lane = `aws:${acct.account}:${region}:s3`;
  const q = { Bucket: name, ...ebo(acct) };
  const s3call = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => call(ctx, lane, 's3', op, fn);
  // A read: the request in the scheduler slot, its answer decoded once the slot is free (BucketReader.fetch).
  const reader = clients.buckets;
  const read = async <K extends BucketOp>(op: K): Promise<Outcome<BucketOutputs[K]>> => {
    const o = await s3call(op, (s) => reader.fetch(op, q, region, s));
    if (!o.ok) return o;
    await afterPendingIo();
    try {
      return { ok: true, value: reader.decode(op, o.value) };
    } catch (err) {
      return failed(ctx, 's3', op, err);
    }
  };

  const [policyO, bpaO, ownO, webO, accessPoints] = await Promise.all([
    read('GetBucketPolicy'),
    read('GetPublicAccessBlock'),
    read('GetBucketOwnershipControls'),
    read('GetBucketWebsite'),
    collectAccessPoints(name, region, acct, clients, ctx, apIndex),
  ]);
  const policy = toKnown(policyO, 'GetBucketPolicy', (v) => normalizePolicy(v, 'GetBucketPolicy'), { value: null });
  const bucketBpa = toKnown(bpaO, 'GetPublicAccessBlock', (v) => normalizeBpaOutput(v, 'GetPublicAccessBlock'), {
    value: null,
  });
  const ownership = toKnown(ownO, 'GetBucketOwnershipControls', normalizeOwnership, { value: null });
  const website = toKnown(
    webO,
    'GetBucketWebsite',
    (v) => known<ReturnType<typeof normalizeWebsite> | null>(normalizeWebsite(v)),
    {
      value: null,
    },
  );
  const enforced = ownership.known && ownership.value === 'BucketOwnerEnforced';
  // Requester Pays only changes what an ANONYMOUS request gets (website / probe context, never decisive). With
  // no bucket policy (so no access-point delegation either, A-17) and ACLs disabled or ignored (bucket or
  // object ACLs alike, A-12 / A-15), no anonymous route exists for it to refuse: do not read it.
  const ipa =
    (bucketBpa.known && bucketBpa.value?.ignorePublicAcls === true) ||
    (acct.accountBpa.known && acct.accountBpa.value?.ignorePublicAcls === true);
  const noAnonymousRoute = policy.known && policy.value === null && (enforced || ipa);

  // Second wave: only what the first answers leave open (fewer calls per bucket).
  const [policyStatus, acl, objectAcls, requesterPays] = await Promise.all([
    policy.known && policy.value === null
      ? Promise.resolve(known<boolean | null>(null))
      : read('GetBucketPolicyStatus').then((o) =>
          toKnown(o, 'GetBucketPolicyStatus', (v) => normalizePolicyStatus(v, 'GetBucketPolicyStatus'), { value: null }),
        ),
    enforced
      ? Promise.resolve<Known<S3Acl>>(
          intern({
            known: true,
            value: { ...(acct.ownerId ? { ownerId: acct.ownerId } : {}), grants: [] },
            origin: 'default',
            note: 'not read: BucketOwnerEnforced disables ACLs (A-12)',
          }),
        )
      : read('GetBucketAcl').then((o) => toKnown(o, 'GetBucketAcl', (v) => normalizeAclOutput(v, 'GetBucketAcl'))),
    opts.objectAclSample && !enforced ? sampleObjectAcls(name, opts.objectAclSample, s3call, s3, acct) : undefined,
    noAnonymousRoute
      ? Promise.resolve<Known<boolean>>(
          intern({
            known: false,
            reason: 'not-collected',
            operation: 'GetBucketRequestPayment',
            detail: `not read: no bucket policy and ACLs ${enforced ? 'disabled (BucketOwnerEnforced)' : 'ignored (IgnorePublicAcls)'}, so no anonymous request for Requester Pays to refuse`,
          }),
        )
      : read('GetBucketRequestPayment').then((o) => toKnown(o, 'GetBucketRequestPayment', normalizeRequestPayment)),
  ]);

  // One literal with every key (absent ones undefined, which JSON leaves out): V8 gives all 100k buckets one
  // shape with in-object fields, instead of spread-built objects with their own property stores.
  const facts: AwsS3Facts = {
    provider: 'aws',
    policy,
    policyStatus,
    acl,
    bucketBpa,
    accountBpa: acct.accountBpa,
    ownership,
    website,
    accessPoints,
    requesterPays,
    assumableRoles: assumableRolesFor(acct.roles, name),
    ownerAccountId: acct.accountId,
    ownerCanonicalId: acct.ownerId,
    customEndpoint: clients.customEndpoint ? true : undefined,
    accountAlias: acct.alias,
    objectAcls,
  };
  const web = website.known && website.value ? websiteEndpoint(name, region, clients.settings.endpoint) : undefined;
  return bucketResource(name, region, acct, clients, facts, web);
}

/** The StorageResource of one bucket (collected or not): id, endpoints and source from the name and region. */
function bucketResource(
  name: string,
  region: string,
  acct: AccountContext,
  clients: AwsClients,
  facts: AwsS3Facts,
  website?: string,
): StorageResource {
  const id = bucketArn(name, awsPartition(region));
  return {
    id,
    provider: 'aws',
    kind: 'bucket',
    name,
    account: acct.account,
    region,
    source: { origin: 'live', uri: id },
    endpoints: { api: apiEndpoint(name, region, clients.settings.endpoint), website },
    facts,
  };
}

function ebo(acct: AccountContext): { ExpectedBucketOwner?: string } {
  return acct.accountId ? { ExpectedBucketOwner: acct.accountId } : {};
}

type S3Call = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => Promise<Outcome<T>>;

async function sampleObjectAcls(
  bucket: string,
  n: number,
  s3call: S3Call,
  s3: ReturnType<AwsClients['s3']>,
  acct: AccountContext,
): Promise<Known<{ key: string; acl: S3Acl }[]>> {
  const listed = await s3call('ListObjectsV2', (s) =>
    s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: n, ...ebo(acct) }), { abortSignal: s }),
  );
  if (!listed.ok) return toKnown(listed, 'ListObjectsV2', () => known([]));
  const keys = (listed.value.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).slice(0, n);
  const out: { key: string; acl: S3Acl }[] = [];
  for (const key of keys) {
    const o = await s3call('GetObjectAcl', (s) =>
      s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key, ...ebo(acct) }), { abortSignal: s }),
    );
    if (!o.ok) {
      // The object went away between the listing and this read (404 NoSuchKey): nothing left to expose, next one.
      // Any other error leaves the sample unknown (a partial sample would hide it).
      if (o.c.kind === 'unknown' && o.c.unknown.code !== 'NoSuchKey') return o.c.unknown;
      continue;
    }
    const acl = normalizeAclOutput(o.value, 'GetObjectAcl');
    if (!acl.known) return acl;
    out.push({ key, acl: acl.value });
  }
  return known(out);
}

/** ListAccessPoints of one account and region, grouped by bucket (a Map: structured-clone safe). */
export type ApList = Known<Map<string, RawAccessPoint[]>>;

/**
 * s3control:ListAccessPoints once per account and region (paginated, no Bucket filter), grouped by bucket,
 * instead of once per bucket. A failed list makes every bucket's accessPoints the same unknown, never "none".
 */
export class AccessPointIndex {
  private readonly lists = new Map<string, Promise<ApList>>();
  constructor(
    private readonly acct: AccountContext,
    private readonly clients: AwsClients,
    private readonly ctx: CollectContext,
    seed?: ReadonlyMap<string, ApList>,
  ) {
    for (const [region, list] of seed ?? []) this.lists.set(region, Promise.resolve(list));
  }

  get(region: string): Promise<ApList> {
    let p = this.lists.get(region);
    if (!p) {
      p = this.list(region);
      this.lists.set(region, p);
    }
    return p;
  }

  /** The lists read so far (to seed worker threads). */
  async snapshot(): Promise<Map<string, ApList>> {
    const out = new Map<string, ApList>();
    for (const [region, p] of this.lists) out.set(region, await p);
    return out;
  }

  private async list(region: string): Promise<ApList> {
    const AccountId = this.acct.controlAccountId as string;
    const ctl = this.clients.s3control(region);
    const lane = `aws:${this.acct.account}:${region}:s3control`;
    const where = `account ${this.acct.account}, ${region}: every bucket there`;
    const loop: ReportError[] = [];
    let aps: AccessPoint[];
    try {
      aps = await allPages(
        async (token) => {
          const o = await call(this.ctx, lane, 's3control', 'ListAccessPoints', (s) =>
            ctl.send(new ListAccessPointsCommand({ AccountId, MaxResults: 1000, ...(token ? { NextToken: token } : {}) }), {
              abortSignal: s,
            }),
          );
          if (!o.ok) throw new ListFailed(o);
          return { items: o.value.AccessPointList ?? [], next: o.value.NextToken };
        },
        (ap) => (ap.Bucket && ap.Name ? `${ap.Bucket}/${ap.Name}` : undefined),
        { provider: 'aws', operation: 'ListAccessPoints', errors: loop },
      );
    } catch (err) {
      if (!(err instanceof ListFailed)) throw err;
      const u = unknownOf(err.outcome, 'ListAccessPoints');
      return { ...u, detail: `${u.detail ?? 'ListAccessPoints'} (${where})` };
    }
    // A listing that did not end (a looping server): an access point may be missing, so nothing here is known.
    if (loop.length > 0)
      return { known: false, reason: 'error', operation: 'ListAccessPoints', detail: `${loop[0]?.message} (${where})` };
    const byBucket = new Map<string, RawAccessPoint[]>();
    for (const ap of aps) {
      if (!ap.Bucket) continue;
      const l = byBucket.get(ap.Bucket);
      if (l) l.push(ap);
      else byBucket.set(ap.Bucket, [ap]);
    }
    return known(byBucket);
  }
}

async function collectAccessPoints(
  bucket: string,
  region: string,
  acct: AccountContext,
  clients: AwsClients,
  ctx: CollectContext,
  apIndex: AccessPointIndex,
): Promise<Known<AwsAccessPoint[]>> {
  if (!acct.s3control || !acct.controlAccountId) {
    const base = acct.accountBpa.known ? undefined : acct.accountBpa;
    return {
      known: false,
      reason: base?.reason === 'unsupported' ? 'unsupported' : 'not-collected',
      operation: 'ListAccessPoints',
      detail:
        base?.reason === 'unsupported'
          ? 'ListAccessPoints: S3 Control is not available on this endpoint'
          : 'ListAccessPoints: account id unknown',
    };
  }
  const lists = await apIndex.get(region);
  if (!lists.known) return lists;
  const listed = lists.value.get(bucket) ?? [];
  if (listed.length === 0) return known([]);
  const AccountId = acct.controlAccountId;
  const ctl = clients.s3control(region);
  const lane = `aws:${acct.account}:${region}:s3control`;
  const ctlCall = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => call(ctx, lane, 's3control', op, fn);
  const aps = await Promise.all(
    listed.map(async (ap) => {
      const Name = ap.Name ?? '';
      const [detailO, policyO] = await Promise.all([
        ctlCall('GetAccessPoint', (s) => ctl.send(new GetAccessPointCommand({ AccountId, Name }), { abortSignal: s })),
        ctlCall('GetAccessPointPolicy', (s) =>
          ctl.send(new GetAccessPointPolicyCommand({ AccountId, Name }), { abortSignal: s }),
        ),
      ]);
      const detail: Known<RawAccessPoint> = detailO.ok ? known(detailO.value) : unknownOf(detailO, 'GetAccessPoint');
      const policy = toKnown(policyO, 'GetAccessPointPolicy', (v) => normalizePolicy(v, 'GetAccessPointPolicy'), {
        value: null,
      });
      let policyStatus: Known<boolean | null> = known(null);
      if (!(policy.known && policy.value === null)) {
        const st = await ctlCall('GetAccessPointPolicyStatus', (s) =>
          ctl.send(new GetAccessPointPolicyStatusCommand({ AccountId, Name }), { abortSignal: s }),
        );
        policyStatus = toKnown(st, 'GetAccessPointPolicyStatus', (v) => normalizePolicyStatus(v, 'GetAccessPointPolicyStatus'), {
          value: null,
        });
      }
      return normalizeAccessPoint(ap, detail, policy, policyStatus);
    }),
  );
  return known(aps);
}

/** A bucket whose collection crashed: kept, with every decisive input unknown. */
function unknownBucket(
  name: string,
  region: string,
  acct: AccountContext,
  clients: AwsClients,
  detail: string,
  reason: 'error' | 'aborted' = 'error',
): StorageResource {
  const u: UnknownValue = { known: false, reason, detail };
  return bucketResource(name, region, acct, clients, {
    provider: 'aws',
    policy: u,
    acl: u,
    bucketBpa: u,
    accountBpa: acct.accountBpa,
    ownership: u,
    website: u,
    accessPoints: u,
    policyStatus: u,
    requesterPays: u,
    // Account-level facts are in hand whatever happened to this bucket (an open role still exposes it).
    assumableRoles: assumableRolesFor(acct.roles, name),
    ownerAccountId: acct.accountId,
    ownerCanonicalId: acct.ownerId,
    accountAlias: acct.alias,
    customEndpoint: clients.customEndpoint ? true : undefined,
  });
}
