import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayServer, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { collectAws } from '../../../providers/aws/index.js';
import type { CollectContext } from '../../../providers/types.js';
import type { AwsS3Facts, StorageResource } from '../../../src/model/index.js';
import type { SchedulerOptions } from '../../../src/scheduler/index.js';
import { ACCOUNT, ALL_USERS, estate, replayContext } from './replay-estate.js';

const ctx = (extra: SchedulerOptions = {}): CollectContext => replayContext({ sleep: async () => {}, ...extra }, 4);

describe('AWS adapter against recorded AWS responses (what RGW cannot do)', () => {
  let srv: ReplayServer;
  let byName: Map<string, StorageResource>;
  const facts = (n: string) => byName.get(n)?.facts as AwsS3Facts;
  const scan = async (c = ctx()) => {
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, c);
    byName = new Map(r.resources.map((x) => [x.name, x]));
    return r;
  };

  beforeAll(async () => {
    srv = await startReplayServer(estate());
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.routes.clear();
    for (const [k, v] of Object.entries(estate())) srv.set(k, v);
    srv.log.length = 0;
  });

  it('collects every bucket with the account id, alias and ExpectedBucketOwner on bucket calls', async () => {
    const r = await scan();
    expect(r.errors).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(['busy', 'data-lake', 'denied', 'enforced', 'far-away', 'with-aps']);
    expect(byName.get('data-lake')).toMatchObject({ id: 'arn:aws:s3:::data-lake', account: ACCOUNT, region: 'us-east-1' });
    expect(facts('data-lake')).toMatchObject({
      ownerAccountId: ACCOUNT,
      accountAlias: 'replay-prod',
      requesterPays: { known: true, value: true },
    });
    const bucketCalls = srv.log.filter((l) => l.target && l.op.startsWith('GetBucket'));
    expect(bucketCalls.length).toBeGreaterThan(0);
    for (const l of bucketCalls) expect(l.headers['x-amz-expected-bucket-owner'], `${l.op} ${l.target}`).toBe(ACCOUNT);
    // read-only: nothing but GET/HEAD on S3 and S3 Control, query POSTs only to STS/IAM
    expect(srv.log.filter((l) => !['GET', 'HEAD'].includes(l.method) && !l.form)).toEqual([]);
  });

  it('account BPA: on / off (404) / AccessDenied / service without S3 Control', async () => {
    await scan();
    expect(facts('data-lake').accountBpa).toEqual({
      known: true,
      value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    });
    expect(srv.log.filter((l) => l.op === 'GetAccountPublicAccessBlock')).toHaveLength(1); // once per account
    expect(srv.log.find((l) => l.op === 'GetAccountPublicAccessBlock')?.headers['x-amz-account-id']).toBe(ACCOUNT);

    srv.set(
      'GetAccountPublicAccessBlock',
      fx.controlError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
    );
    await scan();
    expect(facts('data-lake').accountBpa).toEqual({ known: true, value: null });

    srv.set('GetAccountPublicAccessBlock', fx.controlError(403, 'AccessDenied', 'Access Denied'));
    await scan();
    expect(facts('data-lake').accountBpa).toMatchObject({ known: false, reason: 'access-denied', code: 'AccessDenied' });
    expect(byName.size).toBe(6);

    srv.set('GetAccountPublicAccessBlock', fx.s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist'));
    await scan();
    expect(facts('data-lake').accountBpa).toMatchObject({ known: false, reason: 'unsupported' });
    expect(facts('with-aps').accessPoints).toMatchObject({ known: false, reason: 'unsupported' });
  });

  it('ownership controls: BucketOwnerEnforced skips the ACL read; 404 means ObjectWriter (null) and the ACL is read', async () => {
    await scan();
    expect(facts('enforced').ownership).toEqual({ known: true, value: 'BucketOwnerEnforced' });
    expect(facts('enforced').acl).toMatchObject({ known: true, origin: 'default', value: { grants: [] } });
    expect(srv.log.some((l) => l.op === 'GetBucketAcl' && l.target === 'enforced')).toBe(false);
    expect(facts('enforced').bucketBpa).toMatchObject({
      known: true,
      value: { blockPublicAcls: true, restrictPublicBuckets: true },
    });
    expect(facts('data-lake').ownership).toEqual({ known: true, value: null });
    expect(facts('data-lake').acl).toMatchObject({
      known: true,
      value: { grants: expect.arrayContaining([{ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }]) },
    });
    expect(facts('data-lake').bucketBpa).toEqual({ known: true, value: null });
    expect(facts('data-lake').website).toEqual({ known: true, value: { indexDocument: 'index.html' } });
  });

  it('no policy => policy status known null without a GetBucketPolicyStatus call', async () => {
    await scan();
    expect(facts('enforced').policy).toEqual({ known: true, value: null });
    expect(facts('enforced').policyStatus).toEqual({ known: true, value: null });
    expect(srv.log.some((l) => l.op === 'GetBucketPolicyStatus' && l.target === 'enforced')).toBe(false);
    expect(facts('data-lake').policyStatus).toEqual({ known: true, value: true });
  });

  it('access points: Internet with public policy, VPC with NoSuchAccessPointPolicy', async () => {
    await scan();
    const aps = facts('with-aps').accessPoints;
    expect(aps.known).toBe(true);
    if (!aps.known) return;
    const internet = aps.value.find((a) => a.name === 'ap-internet');
    const vpc = aps.value.find((a) => a.name === 'ap-vpc');
    expect(internet).toMatchObject({
      networkOrigin: 'Internet',
      arn: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap-internet`,
      policyStatus: { known: true, value: true },
      bpa: { known: true, value: { blockPublicAcls: false, restrictPublicBuckets: false } },
    });
    expect(internet?.policy.known && JSON.parse(internet.policy.value as string).Statement[0].Principal).toBe('*');
    expect(vpc).toMatchObject({
      networkOrigin: 'VPC',
      vpcId: 'vpc-0abc',
      policy: { known: true, value: null },
      policyStatus: { known: true, value: null },
      bpa: {
        known: true,
        value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      },
    });
    expect(srv.log.some((l) => l.op === 'GetAccessPointPolicyStatus' && l.target === 'ap-vpc')).toBe(false);
    expect(facts('data-lake').accessPoints).toEqual({ known: true, value: [] });
    // one account-level ListAccessPoints (us-east-1; far-away's eu-west-1 has its own), never filtered by bucket
    const lists = srv.log.filter((l) => l.op === 'ListAccessPoints');
    expect(lists.map((l) => l.signingRegion).sort()).toEqual(['eu-west-1', 'us-east-1']);
    for (const l of lists) expect(l.query.get('bucket')).toBeNull();
    // per-access-point reads only for the bucket that has access points
    expect(new Set(srv.log.filter((l) => l.op.startsWith('GetAccessPoint')).map((l) => l.target))).toEqual(
      new Set(['ap-internet', 'ap-vpc']),
    );
  });

  it('IAM: a role any AWS principal can assume reaches the buckets its S3 statements name', async () => {
    await scan();
    const lake = facts('data-lake').assumableRoles;
    expect(lake?.known).toBe(true);
    if (!lake?.known) return;
    expect(lake.value).toHaveLength(1);
    const grant = lake.value[0];
    expect(grant?.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/open-role`);
    expect(grant?.trustEvidence).toMatch(/Statement\[0\]/);
    const doc = JSON.parse(grant?.permissionPolicy ?? '{}') as { Statement: { Action: unknown }[] };
    expect(doc.Statement.map((s) => s.Action)).toEqual([['s3:GetObject', 's3:ListBucket'], 's3:PutObject']);
    expect(facts('busy').assumableRoles).toEqual({ known: true, value: [] });
    // pinned and service roles are never expanded
    expect(srv.log.some((l) => l.op === 'ListRolePolicies' && l.target !== 'open-role')).toBe(false);
  });

  it('IAM AccessDenied => assumable roles unknown, buckets still reported', async () => {
    srv.set('ListRoles', fx.queryError(403, 'AccessDenied', 'User is not authorized to perform: iam:ListRoles'));
    const r = await scan();
    expect(byName.size).toBe(6);
    expect(r.errors).toEqual([]);
    expect(facts('data-lake').assumableRoles).toMatchObject({ known: false, operation: 'ListRoles', code: 'AccessDenied' });
  });

  it('region redirect: 301 PermanentRedirect with x-amz-bucket-region is followed once into eu-west-1', async () => {
    await scan();
    expect(byName.get('far-away')?.region).toBe('eu-west-1');
    expect(facts('far-away').policy).toMatchObject({ known: true });
    const heads = srv.log.filter((l) => l.op === 'HeadBucket' && l.target === 'far-away');
    expect(heads.map((h) => h.status)).toEqual([301, 200]);
    expect(heads[1]?.signingRegion).toBe('eu-west-1');
    expect(srv.log.find((l) => l.op === 'GetBucketPolicy' && l.target === 'far-away')?.signingRegion).toBe('eu-west-1');
  });

  it('throttling: 503 SlowDown twice then success => known value (scheduler retries, SDK does not)', async () => {
    const c = ctx({ maxAttempts: 5 });
    await scan(c);
    expect(facts('busy').policy).toMatchObject({ known: true });
    expect(srv.log.filter((l) => l.op === 'GetBucketPolicy' && l.target === 'busy').map((l) => l.status)).toEqual([
      503, 503, 200,
    ]);
    expect(c.scheduler.stats().retries).toBeGreaterThanOrEqual(2);
  });

  it('throttling that outlasts the retries => unknown "throttled", bucket kept', async () => {
    srv.set('GetBucketPolicy:busy', fx.S3_ERRORS.slowDown());
    await scan(ctx({ maxAttempts: 2 }));
    expect(facts('busy').policy).toMatchObject({
      known: false,
      reason: 'throttled',
      code: 'SlowDown',
      operation: 'GetBucketPolicy',
    });
  });

  it('AccessDenied on GetBucketPolicy => unknown "access-denied", never "no policy"', async () => {
    await scan();
    expect(facts('denied').policy).toMatchObject({
      known: false,
      reason: 'access-denied',
      code: 'AccessDenied',
      operation: 'GetBucketPolicy',
    });
    expect(facts('denied').policyStatus).toMatchObject({ known: false, reason: 'access-denied' });
  });

  it('NoSuchBucket between ListBuckets and the reads => dropped with an error entry', async () => {
    srv.set('GetBucketAcl:denied', fx.S3_ERRORS.noSuchBucket());
    const r = await scan();
    expect(byName.has('denied')).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ resourceId: 'arn:aws:s3:::denied', code: 'NoSuchBucket' }));
  });

  it('ListBuckets denied => one collect error, no crash', async () => {
    srv.set('ListBuckets', fx.S3_ERRORS.accessDenied());
    const r = await scan();
    expect(r.resources).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({ stage: 'collect', provider: 'aws', operation: 'ListBuckets', code: 'AccessDenied' }),
    ]);
  });
});

describe('AWS adapter call budget (requests recorded by the replay server)', () => {
  let srv: ReplayServer;
  beforeAll(async () => {
    srv = await startReplayServer(estate());
  });
  afterAll(() => srv.close());

  it('ListAccessPoints once per account and region; GetBucketRequestPayment only where an anonymous route can exist', async () => {
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, ctx());
    expect(r.resources).toHaveLength(6);
    const count = (op: string, target?: string) =>
      srv.log.filter((l) => l.op === op && (target === undefined || l.target === target)).length;
    // 6 buckets in 2 regions: 2 account-level lists instead of 6 per-bucket ones
    expect(count('ListAccessPoints')).toBe(2);
    // 'enforced': no policy + BucketOwnerEnforced => no anonymous route => not read, recorded as not-collected
    expect(count('GetBucketRequestPayment', 'enforced')).toBe(0);
    const enforced = r.resources.find((x) => x.name === 'enforced')?.facts as AwsS3Facts;
    expect(enforced.requesterPays).toMatchObject({ known: false, reason: 'not-collected', operation: 'GetBucketRequestPayment' });
    // 'with-aps': no policy, ACLs enabled but the ACCOUNT's IgnorePublicAcls is on => not read either
    expect(count('GetBucketRequestPayment', 'with-aps')).toBe(0);
    // buckets with a policy (or an unreadable one) => read
    for (const b of ['data-lake', 'far-away', 'busy', 'denied'])
      expect(count('GetBucketRequestPayment', b), b).toBeGreaterThanOrEqual(1);
    // per-bucket S3 calls for 'enforced': policy, PAB, ownership, website (no ACL, no policy status, no request payment)
    expect(
      srv.log
        .filter((l) => l.target === 'enforced')
        .map((l) => l.op)
        .sort(),
    ).toEqual(['GetBucketOwnershipControls', 'GetBucketPolicy', 'GetBucketWebsite', 'GetPublicAccessBlock']);
  });

  it('ACLs enabled and not ignored => read; bucket IgnorePublicAcls + no policy => not read', async () => {
    srv.set(
      'GetAccountPublicAccessBlock',
      fx.controlError(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
    );
    srv.log.length = 0;
    const r0 = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, ctx());
    const f0 = r0.resources.find((x) => x.name === 'with-aps')?.facts as AwsS3Facts;
    expect(f0.requesterPays).toEqual({ known: true, value: false });
    expect(srv.log.filter((l) => l.op === 'GetBucketRequestPayment' && l.target === 'with-aps')).toHaveLength(1);
    srv.log.length = 0;
    srv.set(
      'GetPublicAccessBlock:with-aps',
      fx.bucketPab({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false }),
    );
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, ctx());
    const f = r.resources.find((x) => x.name === 'with-aps')?.facts as AwsS3Facts;
    expect(f.requesterPays).toMatchObject({ known: false, reason: 'not-collected' });
    expect(srv.log.some((l) => l.op === 'GetBucketRequestPayment' && l.target === 'with-aps')).toBe(false);
    expect(f.accessPoints).toMatchObject({ known: true });
  });

  it('account-level ListAccessPoints denied => every bucket has the same unknown accessPoints, never "none"', async () => {
    srv.log.length = 0;
    srv.set('ListAccessPoints', fx.controlError(403, 'AccessDenied', 'Access Denied'));
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, ctx());
    expect(r.resources).toHaveLength(6);
    for (const res of r.resources) {
      expect((res.facts as AwsS3Facts).accessPoints, res.name).toMatchObject({
        known: false,
        reason: 'access-denied',
        operation: 'ListAccessPoints',
      });
    }
    expect(srv.log.filter((l) => l.op === 'ListAccessPoints')).toHaveLength(2);
    expect(srv.log.some((l) => l.op.startsWith('GetAccessPoint'))).toBe(false);
  });
  it('a ListAccessPoints that never stops paging => every bucket has an unknown accessPoints, never a partial list', async () => {
    srv.log.length = 0;
    const page = fx.listAccessPoints([]);
    srv.set('ListAccessPoints', {
      ...page,
      body: String(page.body).replace('</AccessPointList>', '</AccessPointList><NextToken>again</NextToken>'),
    });
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint }, ctx());
    expect(r.resources).toHaveLength(6);
    for (const res of r.resources) {
      expect((res.facts as AwsS3Facts).accessPoints, res.name).toMatchObject({
        known: false,
        reason: 'error',
        operation: 'ListAccessPoints',
        detail: expect.stringMatching(/repeated the page token/),
      });
    }
    // two pages per region (the second repeats the token), not forever
    expect(srv.log.filter((l) => l.op === 'ListAccessPoints')).toHaveLength(4);
  });
  it('the lean HTTP reader (default) and the SDK (--aws-s3-client sdk) collect identical resources, redirect, throttling and denial included', async () => {
    const run = async (s3Client: 'http' | 'sdk') => {
      srv.routes.clear();
      for (const [k, v] of Object.entries(estate())) srv.set(k, v);
      srv.log.length = 0;
      const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, s3Client }, ctx());
      const calls = srv.log.map((l) => `${l.op}:${l.target ?? ''}:${l.status}`).sort();
      const regions = srv.log.filter((l) => l.op.startsWith('GetBucket')).map((l) => [l.target, l.signingRegion, l.status]);
      return { resources: [...r.resources].sort((a, b) => a.id.localeCompare(b.id)), errors: r.errors, calls, regions };
    };
    const viaSdk = await run('sdk');
    const viaHttp = await run('http');
    expect(viaSdk.resources).toHaveLength(6);
    expect(viaHttp.resources).toEqual(viaSdk.resources);
    expect(viaHttp.errors).toEqual(viaSdk.errors);
    expect(viaHttp.calls).toEqual(viaSdk.calls);
    expect(viaHttp.calls.filter((c) => c.startsWith('GetBucketPolicy:busy:'))).toHaveLength(3); // 2 x SlowDown, then 200
    // Every bucket read is signed for the bucket's own region. (The SDK's followRegionRedirects does not always
    // manage that: after far-away's redirect, some concurrent reads of us-east-1 buckets on the same client were
    // signed for eu-west-1. The replay server answers them anyway; real S3 would redirect them back.)
    for (const [bucket, region, status] of viaHttp.regions) {
      if (status === 301) continue;
      expect(region, `${bucket}`).toBe(bucket === 'far-away' ? 'eu-west-1' : 'us-east-1');
    }
  });
});
