/**
 * Collection review: answers whose meaning the adapter got wrong (a verdict input read as known when it is not,
 * evidence lost, an account left out without a word). Each case runs on the replay server through collectAws.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayRequest, type ReplayServer, type Route, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { classifyError } from '../../../providers/aws/errors.js';
import { collectAws } from '../../../providers/aws/index.js';
import type { AwsScanOptions } from '../../../providers/types.js';
import type { AwsS3Facts } from '../../../src/model/index.js';
import { ACCOUNT, ALL_USERS, REPLAY_KEYS, replayContext } from './replay-estate.js';

const XMLH = { 'content-type': 'application/xml' };
const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function plainEstate(buckets = ['b']): Record<string, Route> {
  return {
    GetCallerIdentity: fx.callerIdentity(ACCOUNT),
    ListBuckets: fx.listBuckets(
      { id: 'c0ffee', name: 'owner' },
      buckets.map((name) => ({ name, region: 'us-east-1' })),
    ),
    ...fx.plainAccountRoutes(),
  };
}

const listObjects = (keys: string[]): fx.ReplayResponse => ({
  status: 200,
  headers: XMLH,
  body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="${S3NS}"><Name>b</Name><Prefix></Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>${keys.length}</MaxKeys><IsTruncated>false</IsTruncated>${keys
    .map(
      (k) =>
        `<Contents><Key>${k}</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified><ETag>"0"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('')}</ListBucketResult>`,
});

const sdkError = (name: string, status: number): Error => {
  const e = new Error('') as Error & { $metadata: unknown; $response: unknown };
  e.name = name;
  e.$metadata = { httpStatusCode: status };
  e.$response = { statusCode: status, headers: {} };
  return e;
};

describe('collection review: "not configured" only for the documented code of the read itself', () => {
  it.each([
    ['NoSuchWebsiteConfiguration', 404, 'GetBucketPolicy'],
    ['NoSuchBucketPolicy', 404, 'GetPublicAccessBlock'],
    ['NoSuchPublicAccessBlockConfiguration', 404, 'GetBucketOwnershipControls'],
    ['OwnershipControlsNotFoundError', 404, 'GetBucketWebsite'],
    ['NoSuchAccessPointPolicy', 404, 'GetBucketPolicy'],
    ['NoSuchBucketPolicy', 400, 'GetBucketPolicy'],
    ['NoSuchBucketPolicy', 403, 'GetBucketPolicyStatus'],
  ])('%s (%i) answering %s is unknown, never a known "none"', (code, status, operation) => {
    const c = classifyError(sdkError(code, status), { operation, service: 's3' });
    expect(c.kind).toBe('unknown');
  });

  it('the documented pairs stay "not configured", S3 Control included', () => {
    expect(classifyError(sdkError('NoSuchBucketPolicy', 404), { operation: 'GetBucketPolicyStatus', service: 's3' })).toEqual({
      kind: 'absent',
      code: 'NoSuchBucketPolicy',
    });
    expect(
      classifyError(sdkError('NoSuchPublicAccessBlockConfiguration', 404), {
        operation: 'GetPublicAccessBlock',
        service: 's3control',
      }).kind,
    ).toBe('absent');
    expect(
      classifyError(sdkError('NoSuchAccessPointPolicy', 404), { operation: 'GetAccessPointPolicyStatus', service: 's3control' })
        .kind,
    ).toBe('absent');
  });
});

describe('collection review on the replay server (both S3 clients)', () => {
  let srv: ReplayServer;
  const opts = (o: Partial<AwsScanOptions> = {}): AwsScanOptions => ({
    profiles: [],
    roleArns: [],
    endpoint: srv.endpoint,
    ...o,
  });

  beforeAll(async () => {
    srv = await startReplayServer(plainEstate());
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.routes.clear();
    for (const [k, v] of Object.entries(plainEstate())) srv.set(k, v);
    srv.log.length = 0;
  });

  it.each(['http', 'sdk'] as const)(
    '%s: a read answered with ANOTHER read\'s "not configured" code (a proxy or gateway mixing subresources) is unknown, not "no policy" / "no BPA"',
    async (s3Client) => {
      srv.set('GetBucketPolicy', fx.S3_ERRORS.noWebsite());
      srv.set('GetPublicAccessBlock', fx.S3_ERRORS.noSuchBucketPolicy());
      const r = await collectAws(opts({ s3Client }), replayContext({ sleep: async () => {} }, 4));
      const f = r.resources[0]?.facts as AwsS3Facts;
      expect(r.resources).toHaveLength(1);
      expect(f.policy).toMatchObject({ known: false, code: 'NoSuchWebsiteConfiguration' });
      expect(f.bucketBpa).toMatchObject({ known: false, code: 'NoSuchBucketPolicy' });
      // the documented answers of the other reads still read as "not configured"
      expect(f.ownership).toEqual({ known: true, value: null });
      expect(f.website).toEqual({ known: true, value: null });
    },
  );

  it.each(['http', 'sdk'] as const)(
    '%s: a 200 GetBucketAcl / GetObjectAcl without an AccessControlList (empty body, a proxy\'s HTML page) is unknown, never "no grants"',
    async (s3Client) => {
      const bodies = [
        '',
        '<html><body>Request blocked</body></html>',
        `<AccessControlPolicy xmlns="${S3NS}"><Owner><ID>c0ffee</ID></Owner></AccessControlPolicy>`,
      ];
      for (const body of bodies) {
        srv.set('GetBucketAcl', { status: 200, headers: XMLH, body });
        srv.set('ListObjectsV2', listObjects(['a.txt']));
        srv.set('GetObjectAcl', { status: 200, headers: XMLH, body });
        const r = await collectAws(opts({ s3Client, objectAclSample: 1 }), replayContext({ sleep: async () => {} }, 4));
        const f = r.resources[0]?.facts as AwsS3Facts | undefined;
        expect(f?.acl, body).toMatchObject({ known: false, reason: 'malformed', operation: 'GetBucketAcl' });
        expect(f?.objectAcls, body).toMatchObject({ known: false, reason: 'malformed', operation: 'GetObjectAcl' });
      }
      // an empty list is an answer: no grants
      srv.set('GetBucketAcl', {
        status: 200,
        headers: XMLH,
        body: `<AccessControlPolicy xmlns="${S3NS}"><Owner><ID>c0ffee</ID></Owner><AccessControlList/></AccessControlPolicy>`,
      });
      const r = await collectAws(opts({ s3Client }), replayContext({ sleep: async () => {} }, 4));
      expect((r.resources[0]?.facts as AwsS3Facts | undefined)?.acl).toEqual({
        known: true,
        value: { ownerId: 'c0ffee', grants: [] },
      });
    },
  );

  it.each(['http', 'sdk'] as const)(
    '%s: escaped text is decoded once, as the SDK does ("&amp;#38;" is the text "&#38;", not "&")',
    async (s3Client) => {
      srv.set('GetBucketWebsite', {
        status: 200,
        headers: XMLH,
        body: `<WebsiteConfiguration xmlns="${S3NS}"><IndexDocument><Suffix>a&amp;#38;b&amp;lt;c&#38;d&#x3C;e&apos;</Suffix></IndexDocument></WebsiteConfiguration>`,
      });
      const r = await collectAws(opts({ s3Client }), replayContext({ sleep: async () => {} }, 4));
      expect((r.resources[0]?.facts as AwsS3Facts | undefined)?.website).toEqual({
        known: true,
        value: { indexDocument: "a&#38;b&lt;c&d<e'" },
      });
    },
  );

  it('object ACL sample: an object deleted between ListObjectsV2 and GetObjectAcl (404 NoSuchKey) is skipped; the public ACL read before it is kept', async () => {
    srv.set('ListObjectsV2', listObjects(['public.txt', 'gone.txt']));
    srv.set('GetObjectAcl', (r: ReplayRequest) =>
      r.path.endsWith('/gone.txt')
        ? fx.s3Error(404, 'NoSuchKey', 'The specified key does not exist.')
        : fx.bucketAcl('c0ffee', [{ group: ALL_USERS, permission: 'READ' }]),
    );
    const r = await collectAws(opts({ objectAclSample: 2 }), replayContext({ sleep: async () => {} }, 4));
    const f = r.resources[0]?.facts as AwsS3Facts;
    expect(f.objectAcls?.known && f.objectAcls.value.map((o) => o.key)).toEqual(['public.txt']);
    expect(f.objectAcls?.known && f.objectAcls.value[0]?.acl.grants).toContainEqual({
      grantee: { type: 'Group', uri: ALL_USERS },
      permission: 'READ',
    });
    expect(srv.log.filter((l) => l.op === 'GetObjectAcl')).toHaveLength(2);
  });

  it('object ACL sample: any other per-object error (AccessDenied) still makes the sample unknown', async () => {
    srv.set('ListObjectsV2', listObjects(['a.txt']));
    srv.set('GetObjectAcl', fx.S3_ERRORS.accessDenied());
    const r = await collectAws(opts({ objectAclSample: 1 }), replayContext({ sleep: async () => {} }, 4));
    expect((r.resources[0]?.facts as AwsS3Facts | undefined)?.objectAcls).toMatchObject({
      known: false,
      reason: 'access-denied',
    });
  });
});

describe('collection review: --aws-org-role and member accounts that are not ACTIVE', () => {
  const ORG = { id: 'o-review1234', management: '999999999999' };
  const ACTIVE = '111111111111';
  const SUSPENDED = '444444444444';
  const CLOSING = '555555555555';
  const CREATING = '666666666666';
  const KEYS: Record<string, string> = { [ACTIVE]: 'ASIAREVIEWAAAAAAAAAA', [CLOSING]: 'ASIAREVIEWCCCCCCCCCC' };
  const acctOf = (k?: string) => Object.entries(KEYS).find(([, v]) => v === k)?.[0];
  let srv: ReplayServer;

  beforeAll(async () => {
    srv = await startReplayServer({
      AssumeRole: (r) => {
        const arn = r.form?.get('RoleArn') ?? '';
        const key = KEYS[/iam::(\d{12}):role/.exec(arn)?.[1] ?? ''];
        return key
          ? fx.assumeRole(arn, { accessKeyId: key, expiration: new Date(Date.now() + 3600_000) })
          : fx.stsError(403, 'AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${arn}`);
      },
      GetCallerIdentity: (r) => {
        const a = acctOf(r.accessKeyId);
        return a ? fx.assumedCallerIdentity(a, 'Audit') : fx.callerIdentity(ORG.management);
      },
      ListBuckets: (r) => {
        const a = acctOf(r.accessKeyId) ?? 'base';
        return fx.listBuckets({ id: `canon-${a}`, name: 'owner' }, [{ name: `bucket-${a}`, region: 'us-east-1' }]);
      },
      ListAccounts: fx.listAccounts(ORG, [
        { id: ACTIVE, name: 'alpha' },
        { id: SUSPENDED, name: 'delta', state: 'SUSPENDED' },
        { id: CLOSING, name: 'epsilon', state: 'PENDING_CLOSURE' },
        { id: CREATING, name: 'zeta', state: 'PENDING_ACTIVATION' },
      ]),
      ...fx.plainAccountRoutes(),
    });
  });
  afterAll(() => srv.close());

  it('a closed (SUSPENDED) or not yet created account is one named entry; a PENDING_CLOSURE account still serves its buckets and is scanned', async () => {
    const c = replayContext({ sleep: async () => {} }, 4);
    c.env = { AWS_ACCESS_KEY_ID: REPLAY_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: REPLAY_KEYS.secretAccessKey };
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: srv.endpoint, orgRole: 'Audit' }, c);
    expect(r.resources.map((x) => x.name).sort()).toEqual([`bucket-${ACTIVE}`, `bucket-${CLOSING}`]);
    expect(r.errors).toEqual([
      expect.objectContaining({ operation: 'ListAccounts', resourceId: SUSPENDED, code: 'SUSPENDED' }),
      expect.objectContaining({ operation: 'ListAccounts', resourceId: CREATING, code: 'PENDING_ACTIVATION' }),
    ]);
    expect(r.errors[0]?.message).toContain(`account ${SUSPENDED} (delta) is SUSPENDED`);
    const assumed = srv.log.filter((l) => l.op === 'AssumeRole').map((l) => l.form?.get('RoleArn'));
    expect(assumed.sort()).toEqual([`arn:aws:iam::${ACTIVE}:role/Audit`, `arn:aws:iam::${CLOSING}:role/Audit`]);
  });
});
