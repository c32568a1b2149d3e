import {
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetObjectAclCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type Bucket,
} from '@aws-sdk/client-s3';
import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  ListAccessPointsCommand,
} from '@aws-sdk/client-s3-control';
import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { settleAll } from '../../src/scheduler/index.js';
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
import type { AwsScanOptions, CollectContext, CollectResult } from '../types.js';
import { BucketGone, call, type Outcome, toKnown, unknownOf } from './calls.js';
import { type AwsClients, type AwsTarget, partitionOf } from './clients.js';
import { errorCode, regionHint } from './errors.js';
import { apiEndpoint, bucketArn, websiteEndpoint } from './endpoints.js';
import { assumableRolesFor, collectOpenRoles, type OpenRole } from './iam-roles.js';
import {
  known,
  normalizeAccessPoint,
  normalizeAcl,
  normalizeBpaOutput,
  normalizeOwnership,
  normalizePolicyStatus,
  normalizeRequestPayment,
  normalizeWebsite,
  type RawAccessPoint,
} from './normalize.js';

const MAX_PAGES = 10_000;
const ACCOUNT_ID = /^\d{12}$/;

/** Everything collected once per account and shared by its buckets. */
interface AccountContext {
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
): Promise<CollectResult> {
  const errors: ReportError[] = [];
  const region = clients.settings.region;
  const ident = await call(ctx, `aws:${target.label}:global:sts`, 'sts', 'GetCallerIdentity', (s) =>
    clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: s }),
  );
  const accountId = ident.ok && ident.value.Account && ACCOUNT_ID.test(ident.value.Account) ? ident.value.Account : undefined;
  const listLane = `aws:${accountId ?? target.label}:${region}:s3`;
  const listed = await listBuckets(clients, ctx, listLane);
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
    return { resources: [], errors };
  }
  const { buckets, ownerId } = listed.value;
  const account = accountId ?? ownerId ?? '';
  const acct = await accountLevel(clients, ctx, {
    region,
    account,
    ...(accountId ? { accountId } : {}),
    ...(ownerId ? { ownerId } : {}),
  });
  let done = 0;
  const settled = await settleAll(buckets, ctx.concurrency, async (b) => {
    try {
      // Renew an assumed role here, outside scheduler.run (the SDK's own refresh would re-enter it); a failure
      // leaves the still-valid credentials in use and shows up on the calls once they expire.
      await target.session?.ensureFresh().catch(() => undefined);
      return await collectBucket(b, acct, clients, opts, ctx);
    } finally {
      done += 1;
      ctx.onProgress?.({ phase: 'collect', provider: 'aws', done, total: buckets.length, label: b.Name ?? '' });
    }
  });
  const resources: StorageResource[] = [];
  settled.forEach((s, i) => {
    const name = buckets[i]?.Name ?? '';
    const id = bucketArn(name, partitionOf(region));
    if (s.status === 'fulfilled') {
      resources.push(s.value);
    } else if (s.reason instanceof BucketGone) {
      errors.push({
        stage: 'collect',
        provider: 'aws',
        resourceId: id,
        operation: s.reason.operation,
        code: s.reason.code,
        message: `bucket ${name} disappeared during the scan (${s.reason.code}); dropped`,
      });
    } else {
      // Never lose a bucket ListBuckets returned: keep it with every input unknown.
      const detail = s.reason instanceof Error ? s.reason.message : String(s.reason);
      errors.push({ stage: 'collect', provider: 'aws', resourceId: id, message: `bucket ${name}: ${detail}` });
      resources.push(unknownBucket(name, buckets[i]?.BucketRegion ?? region, acct, clients, detail));
    }
  });
  return { resources, errors };
}

async function listBuckets(
  clients: AwsClients,
  ctx: CollectContext,
  lane: string,
): Promise<Outcome<{ buckets: Bucket[]; ownerId?: string }>> {
  const buckets: Bucket[] = [];
  let ownerId: string | undefined;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const o = await call(ctx, lane, 's3', 'ListBuckets', (s) =>
      clients.s3().send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }), {
        abortSignal: s,
      }),
    );
    if (!o.ok) return o;
    ownerId ??= o.value.Owner?.ID;
    buckets.push(...(o.value.Buckets ?? []).filter((x) => x.Name));
    if (!o.value.ContinuationToken || o.value.ContinuationToken === token) break;
    token = o.value.ContinuationToken;
  }
  return { ok: true, value: ownerId ? { buckets, ownerId } : { buckets } };
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
    try {
      accountBpa = toKnown(
        bpa,
        'GetPublicAccessBlock (account)',
        (v) => normalizeBpaOutput(v, 'GetPublicAccessBlock (account)'),
        {
          value: null,
        },
      );
    } catch {
      accountBpa = unknownOf(bpa, 'GetPublicAccessBlock (account)');
    }
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

async function collectBucket(
  bucket: Bucket,
  acct: AccountContext,
  clients: AwsClients,
  opts: AwsScanOptions,
  ctx: CollectContext,
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
  region ||= clients.settings.region;
  const s3 = clients.s3(region);
  const lane = `aws:${acct.account}:${region}:s3`;
  const q = { Bucket: name, ...ebo(acct) };
  const s3call = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => call(ctx, lane, 's3', op, fn);

  const [policyO, bpaO, ownO, webO, payO, accessPoints] = await Promise.all([
    s3call('GetBucketPolicy', (s) => s3.send(new GetBucketPolicyCommand(q), { abortSignal: s })),
    s3call('GetPublicAccessBlock', (s) => s3.send(new GetPublicAccessBlockCommand(q), { abortSignal: s })),
    s3call('GetBucketOwnershipControls', (s) => s3.send(new GetBucketOwnershipControlsCommand(q), { abortSignal: s })),
    s3call('GetBucketWebsite', (s) => s3.send(new GetBucketWebsiteCommand(q), { abortSignal: s })),
    s3call('GetBucketRequestPayment', (s) => s3.send(new GetBucketRequestPaymentCommand(q), { abortSignal: s })),
    collectAccessPoints(name, region, acct, clients, ctx),
  ]);
  const policy = toKnown(
    policyO,
    'GetBucketPolicy',
    (v) =>
      v.Policy !== undefined
        ? known<string | null>(v.Policy)
        : { known: false, reason: 'error', operation: 'GetBucketPolicy', detail: 'GetBucketPolicy: empty response' },
    { value: null },
  );
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
  const requesterPays = toKnown(payO, 'GetBucketRequestPayment', normalizeRequestPayment);
  const enforced = ownership.known && ownership.value === 'BucketOwnerEnforced';

  // Second wave: only what the first answers leave open (fewer calls per bucket).
  const [policyStatus, acl, objectAcls] = await Promise.all([
    policy.known && policy.value === null
      ? Promise.resolve(known<boolean | null>(null))
      : s3call('GetBucketPolicyStatus', (s) => s3.send(new GetBucketPolicyStatusCommand(q), { abortSignal: s })).then((o) =>
          toKnown(o, 'GetBucketPolicyStatus', (v) => normalizePolicyStatus(v, 'GetBucketPolicyStatus'), { value: null }),
        ),
    enforced
      ? Promise.resolve<Known<S3Acl>>({
          known: true,
          value: { ...(acct.ownerId ? { ownerId: acct.ownerId } : {}), grants: [] },
          origin: 'default',
          note: 'not read: BucketOwnerEnforced disables ACLs (A-12)',
        })
      : s3call('GetBucketAcl', (s) => s3.send(new GetBucketAclCommand(q), { abortSignal: s })).then((o) =>
          toKnown(o, 'GetBucketAcl', (v) => known(normalizeAcl(v))),
        ),
    opts.objectAclSample && !enforced ? sampleObjectAcls(name, opts.objectAclSample, s3call, s3, acct) : undefined,
  ]);

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
    ...(acct.accountId ? { ownerAccountId: acct.accountId } : {}),
    ...(acct.ownerId ? { ownerCanonicalId: acct.ownerId } : {}),
    ...(clients.customEndpoint ? { customEndpoint: true } : {}),
    ...(acct.alias ? { accountAlias: acct.alias } : {}),
    ...(objectAcls ? { objectAcls } : {}),
  };
  const web = website.known && website.value ? websiteEndpoint(name, region, clients.settings.endpoint) : undefined;
  const id = bucketArn(name, partitionOf(region));
  return {
    id,
    provider: 'aws',
    kind: 'bucket',
    name,
    account: acct.account,
    region,
    source: { origin: 'live', uri: id },
    endpoints: { api: apiEndpoint(name, region, clients.settings.endpoint), ...(web ? { website: web } : {}) },
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
      if (o.c.kind === 'unknown') return o.c.unknown;
      continue; // NoSuchKey race: the object went away
    }
    out.push({ key, acl: normalizeAcl(o.value) });
  }
  return known(out);
}

async function collectAccessPoints(
  bucket: string,
  region: string,
  acct: AccountContext,
  clients: AwsClients,
  ctx: CollectContext,
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
  const AccountId = acct.controlAccountId;
  const ctl = clients.s3control(region);
  const lane = `aws:${acct.account}:${region}:s3control`;
  const ctlCall = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => call(ctx, lane, 's3control', op, fn);
  const listed: RawAccessPoint[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const o = await ctlCall('ListAccessPoints', (s) =>
      ctl.send(new ListAccessPointsCommand({ AccountId, Bucket: bucket, ...(token ? { NextToken: token } : {}) }), {
        abortSignal: s,
      }),
    );
    if (!o.ok) return unknownOf(o, 'ListAccessPoints');
    listed.push(...(o.value.AccessPointList ?? []));
    if (!o.value.NextToken || o.value.NextToken === token) break;
    token = o.value.NextToken;
  }
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
      const policy = safeKnown(() =>
        toKnown(policyO, 'GetAccessPointPolicy', (v) => known<string | null>(v.Policy ?? null), { value: null }),
      );
      let policyStatus: Known<boolean | null> = known(null);
      if (!(policy.known && policy.value === null)) {
        const st = await ctlCall('GetAccessPointPolicyStatus', (s) =>
          ctl.send(new GetAccessPointPolicyStatusCommand({ AccountId, Name }), { abortSignal: s }),
        );
        policyStatus = safeKnown(() =>
          toKnown(st, 'GetAccessPointPolicyStatus', (v) => normalizePolicyStatus(v, 'GetAccessPointPolicyStatus'), {
            value: null,
          }),
        );
      }
      return normalizeAccessPoint(ap, detail, policy, policyStatus);
    }),
  );
  return known(aps);
}

/** S3 Control never means "bucket gone": a NoSuchBucket there reads as unknown. */
function safeKnown<T>(f: () => Known<T>): Known<T> {
  try {
    return f();
  } catch (err) {
    const u: UnknownValue = {
      known: false,
      reason: 'error',
      detail: err instanceof Error ? err.message : String(err),
    };
    return u;
  }
}

/** A bucket whose collection crashed: kept, with every decisive input unknown. */
function unknownBucket(name: string, region: string, acct: AccountContext, clients: AwsClients, detail: string): StorageResource {
  const u: UnknownValue = { known: false, reason: 'error', detail };
  const id = bucketArn(name, partitionOf(region));
  return {
    id,
    provider: 'aws',
    kind: 'bucket',
    name,
    account: acct.account,
    region,
    source: { origin: 'live', uri: id },
    endpoints: { api: apiEndpoint(name, region, clients.settings.endpoint) },
    facts: {
      provider: 'aws',
      policy: u,
      acl: u,
      bucketBpa: u,
      accountBpa: acct.accountBpa,
      ownership: u,
      website: u,
      accessPoints: u,
      ...(clients.customEndpoint ? { customEndpoint: true } : {}),
    },
  };
}
