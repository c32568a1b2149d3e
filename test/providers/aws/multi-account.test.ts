import { CreateAccountCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayRequest, type ReplayServer, type Route, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { collectAws } from '../../../providers/aws/index.js';
import { createClients } from '../../../providers/aws/clients.js';
import { READ_ONLY_COMMANDS, ReadOnlyViolationError } from '../../../providers/aws/readonly.js';
import type { AwsScanOptions, CollectContext } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import type { AuditReport } from '../../../src/model/index.js';
import { createScheduler } from '../../../src/scheduler/index.js';
import { runCli } from '../../helpers/cli.js';

const BASE_KEY = 'AKIDBASEREPLAY';
const MGMT = '999999999999';
const ORG = { id: 'o-replay1234', management: MGMT };
const ROLE = 'BucketAuditRole';
const A = '111111111111';
const B = '222222222222'; // its role cannot be assumed
const C = '333333333333';
const D = '444444444444'; // SUSPENDED: never assumed
const KEY: Record<string, string> = { [A]: 'ASIAREPLAYAAAAAAAAAA', [C]: 'ASIAREPLAYCCCCCCCCCC', [MGMT]: 'ASIAREPLAYMMMMMMMMMM' };
const BUCKETS: Record<string, string[]> = {
  [A]: ['alpha-logs', 'alpha-site'],
  [C]: ['gamma-data'],
  [MGMT]: ['mgmt-trail'],
};
const accountOfKey = (k?: string) => Object.entries(KEY).find(([, v]) => v === k)?.[0];
const roleArn = (acct: string, name = ROLE) => `arn:aws:iam::${acct}:role/${name}`;
const inAnHour = () => new Date(Date.now() + 3600_000);

/** AssumeRole: A, C and the management account answer with their own keys; B is denied. */
const assumeRoute = (r: ReplayRequest) => {
  const arn = r.form?.get('RoleArn') ?? '';
  const acct = /iam::(\d{12}):role/.exec(arn)?.[1] ?? '';
  const key = KEY[acct];
  if (!key)
    return fx.stsError(
      403,
      'AccessDenied',
      `User: arn:aws:iam::${MGMT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
  return fx.assumeRole(arn, { accessKeyId: key, expiration: inAnHour() });
};

/** One server for every account: the signing key says which account is calling. */
function estate(): Record<string, Route> {
  return {
    AssumeRole: assumeRoute,
    GetCallerIdentity: (r) => {
      const acct = accountOfKey(r.accessKeyId);
      return acct ? fx.assumedCallerIdentity(acct, ROLE) : fx.callerIdentity(MGMT);
    },
    ListBuckets: (r) => {
      const acct = accountOfKey(r.accessKeyId);
      const names = acct ? (BUCKETS[acct] ?? []) : ['base-only'];
      return fx.listBuckets(
        { id: `canon-${acct ?? 'base'}`, name: 'owner' },
        names.map((name) => ({ name, region: 'us-east-1' })),
      );
    },
    ListAccounts: (r) =>
      r.json?.NextToken === 'tok-2'
        ? fx.listAccounts(ORG, [
            { id: C, name: 'gamma' },
            { id: D, name: 'delta', state: 'SUSPENDED' },
          ])
        : fx.listAccounts(
            ORG,
            [
              { id: A, name: 'alpha' },
              { id: B, name: 'beta' },
            ],
            'tok-2',
          ),
    ...fx.plainAccountRoutes(),
  };
}

function ctx(): CollectContext {
  const scheduler = createScheduler({ concurrency: 8, requestTimeoutMs: 10_000, sleep: async () => {} });
  return {
    scheduler,
    concurrency: 4,
    signal: scheduler.signal,
    env: { AWS_ACCESS_KEY_ID: BASE_KEY, AWS_SECRET_ACCESS_KEY: 'base-secret' },
    analyzer: defaultContext(),
  };
}

describe('--aws-endpoint input', () => {
  it('a value that is not an http(s) URL is a usage error naming the flag, before any call', async () => {
    const o: AwsScanOptions = { profiles: [], roleArns: [], endpoint: 'not a url' };
    await expect(collectAws(o, ctx())).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--aws-endpoint'),
    });
  });
});

describe('multi-account AWS: --aws-role-arn and --aws-org-role over recorded STS / Organizations', () => {
  let srv: ReplayServer;
  const opts = (o: Partial<AwsScanOptions>): AwsScanOptions => ({ profiles: [], roleArns: [], endpoint: srv.endpoint, ...o });
  const ops = (op: string) => srv.log.filter((l) => l.op === op);

  beforeAll(async () => {
    srv = await startReplayServer(estate());
  });
  afterAll(() => srv.close());
  beforeEach(() => {
    srv.routes.clear();
    for (const [k, v] of Object.entries(estate())) srv.set(k, v);
    srv.log.length = 0;
  });

  it('--aws-role-arn: one guarded AssumeRole (ExternalId, RoleSessionName, 3600 s), then every call signed with the assumed key', async () => {
    const c = ctx();
    const r = await collectAws(opts({ roleArns: [roleArn(A)], externalId: 'xid-42' }), c);
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => x.name).sort()).toEqual(['alpha-logs', 'alpha-site']);
    expect(r.resources.every((x) => x.account === A)).toBe(true);

    const assumes = ops('AssumeRole');
    expect(assumes).toHaveLength(1);
    const form = assumes[0]?.form;
    expect(form?.get('RoleArn')).toBe(roleArn(A));
    expect(form?.get('ExternalId')).toBe('xid-42');
    expect(form?.get('DurationSeconds')).toBe('3600');
    expect(form?.get('RoleSessionName')).toMatch(/^bucketaudit-\d+$/);
    expect(assumes[0]?.accessKeyId).toBe(BASE_KEY); // assumed with the base credentials

    const rest = srv.log.filter((l) => l.op !== 'AssumeRole');
    expect(rest.map((l) => l.op)).toEqual(expect.arrayContaining(['GetCallerIdentity', 'ListBuckets', 'GetBucketPolicy']));
    for (const l of rest) {
      expect(l.accessKeyId, `${l.op} ${l.target ?? ''}`).toBe(KEY[A]);
      expect(l.headers['x-amz-security-token'], l.op).toBe(`FwoGZXIvYXdzEREPLAY${KEY[A]}`);
    }
    expect(c.scheduler.stats().lanes[`aws:${A}:global:sts`]?.calls).toBeGreaterThanOrEqual(1);
    // the base account itself is not scanned when a role is given
    expect(srv.log.some((l) => l.accessKeyId === BASE_KEY && l.op !== 'AssumeRole')).toBe(false);
  });

  it('--aws-role-arn without --aws-external-id sends no ExternalId; a denied role is one error entry, no crash', async () => {
    const r = await collectAws(opts({ roleArns: [roleArn(B), roleArn(C)] }), ctx());
    expect(ops('AssumeRole').every((l) => !l.form?.has('ExternalId'))).toBe(true);
    expect(r.resources.map((x) => x.name)).toEqual(['gamma-data']);
    expect(r.errors).toEqual([
      expect.objectContaining({ stage: 'collect', provider: 'aws', operation: 'AssumeRole', code: 'AccessDenied' }),
    ]);
    expect(r.errors[0]?.message).toContain(B);
  });

  it('--aws-org-role: ListAccounts pages are followed, a SUSPENDED account is named and never assumed, each other with its own credentials', async () => {
    const r = await collectAws(opts({ orgRole: ROLE }), ctx());
    const pages = ops('ListAccounts');
    expect(pages).toHaveLength(2);
    expect(pages[0]?.json?.NextToken).toBeUndefined();
    expect(pages[1]?.json?.NextToken).toBe('tok-2');
    expect(pages[0]?.headers['x-amz-target']).toBe('AWSOrganizationsV20161128.ListAccounts');
    expect(pages.every((l) => l.accessKeyId === BASE_KEY)).toBe(true);

    expect(ops('AssumeRole').map((l) => l.form?.get('RoleArn'))).toEqual([roleArn(A), roleArn(B), roleArn(C)]);
    expect(r.resources.map((x) => `${x.account}/${x.name}`).sort()).toEqual([
      `${A}/alpha-logs`,
      `${A}/alpha-site`,
      `${C}/gamma-data`,
    ]);
    for (const l of ops('ListBuckets')) expect([KEY[A], KEY[C]]).toContain(l.accessKeyId);
    for (const l of srv.log.filter((x) => x.op === 'GetBucketPolicy')) {
      expect(l.accessKeyId).toBe(l.target?.startsWith('alpha') ? KEY[A] : KEY[C]);
      expect(l.headers['x-amz-expected-bucket-owner']).toBe(l.target?.startsWith('alpha') ? A : C);
    }
    expect(r.errors).toHaveLength(2);
    // the SUSPENDED account is named (never assumed), the denied one too
    expect(r.errors[0]).toMatchObject({
      stage: 'collect',
      provider: 'aws',
      operation: 'ListAccounts',
      resourceId: D,
      code: 'SUSPENDED',
    });
    expect(r.errors[1]).toMatchObject({ stage: 'collect', provider: 'aws', operation: 'AssumeRole', code: 'AccessDenied' });
    expect(r.errors[1]?.message).toContain(`account ${B}`);
  });

  describe('the organization account the caller is in (ListAccounts includes the management account itself)', () => {
    const withManagement = () =>
      srv.set('ListAccounts', () =>
        fx.listAccounts(ORG, [
          { id: MGMT, name: 'management' },
          { id: A, name: 'alpha' },
        ]),
      );

    it("no org role there (it is created in member accounts only): scanned with the caller's own credentials, one note", async () => {
      withManagement();
      srv.set('AssumeRole', (r) =>
        r.form?.get('RoleArn') === roleArn(MGMT)
          ? fx.stsError(403, 'AccessDenied', 'no role in the management account')
          : assumeRoute(r),
      );
      const r = await collectAws(opts({ orgRole: ROLE }), ctx());
      // (its buckets were never scanned: one AssumeRole error entry and nothing else)
      expect(r.resources.map((x) => `${x.account}/${x.name}`).sort()).toEqual([
        `${A}/alpha-logs`,
        `${A}/alpha-site`,
        `${MGMT}/base-only`,
      ]);
      expect(
        ops('ListBuckets')
          .map((l) => l.accessKeyId)
          .sort(),
      ).toEqual([BASE_KEY, KEY[A]].sort());
      expect(r.errors).toEqual([
        expect.objectContaining({
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: expect.stringMatching(/account 999999999999.*scanned with them instead/),
        }),
      ]);
    });

    it('with the org role there: scanned through it like any member, no note', async () => {
      withManagement();
      const r = await collectAws(opts({ orgRole: ROLE }), ctx());
      expect(r.errors).toEqual([]);
      expect(r.resources.map((x) => `${x.account}/${x.name}`).sort()).toEqual([
        `${A}/alpha-logs`,
        `${A}/alpha-site`,
        `${MGMT}/mgmt-trail`,
      ]);
      expect(ops('ListBuckets').some((l) => l.accessKeyId === BASE_KEY)).toBe(false);
    });

    it("another member account whose role is denied is still one error entry, not scanned with the caller's credentials", async () => {
      srv.set('ListAccounts', () => fx.listAccounts(ORG, [{ id: B, name: 'beta' }]));
      const r = await collectAws(opts({ orgRole: ROLE }), ctx());
      expect(r.resources).toEqual([]);
      expect(r.errors).toEqual([
        expect.objectContaining({ operation: 'AssumeRole', message: expect.stringMatching(/not scanned/) }),
      ]);
      expect(ops('ListBuckets')).toEqual([]);
    });
  });

  it('--aws-org-role through the real CLI: two accounts reported, one AssumeRole error entry and the SUSPENDED account named, exit 0/1 (never 2)', async () => {
    const run = await runCli(
      ['scan', '-p', 'aws', '--aws-endpoint', srv.endpoint, '--aws-org-role', ROLE, '--format', 'json', '-q'],
      { env: { AWS_ACCESS_KEY_ID: BASE_KEY, AWS_SECRET_ACCESS_KEY: 'base-secret' } },
    );
    expect([0, 1], run.stderr).toContain(run.code);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.resources.map((x) => x.name).sort()).toEqual(['alpha-logs', 'alpha-site', 'gamma-data']);
    const assumeErrors = report.errors.filter((e) => e.operation === 'AssumeRole');
    expect(assumeErrors).toHaveLength(1);
    expect(assumeErrors[0]).toMatchObject({ stage: 'collect', provider: 'aws', code: 'AccessDenied' });
    expect(assumeErrors[0]?.message).toContain(B);
    expect(report.errors.filter((e) => e.provider === 'aws')).toHaveLength(2);
    expect(report.errors.find((e) => e.operation === 'ListAccounts')).toMatchObject({ resourceId: D, code: 'SUSPENDED' });
  });

  it('AWSOrganizationsNotInUseException => one clear error entry, nothing assumed', async () => {
    srv.set(
      'ListAccounts',
      fx.jsonError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
    );
    const r = await collectAws(opts({ orgRole: ROLE }), ctx());
    expect(r.resources).toEqual([]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        stage: 'collect',
        provider: 'aws',
        operation: 'ListAccounts',
        code: 'AWSOrganizationsNotInUseException',
      }),
    ]);
    expect(r.errors[0]?.message).toMatch(/not a member of an AWS Organization/);
    expect(ops('AssumeRole')).toEqual([]);
  });

  it('ListAccounts denied on page 2 => the accounts of page 1 are still scanned, plus one error entry', async () => {
    const page1 = fx.listAccounts(ORG, [{ id: A, name: 'alpha' }], 'tok-2');
    srv.set('ListAccounts', [
      page1,
      fx.jsonError(400, 'AccessDeniedException', 'You don’t have permissions to access this resource.'),
    ]);
    const r = await collectAws(opts({ orgRole: ROLE }), ctx());
    expect(r.resources.map((x) => x.name).sort()).toEqual(['alpha-logs', 'alpha-site']);
    expect(r.errors).toEqual([expect.objectContaining({ operation: 'ListAccounts', code: 'AccessDeniedException' })]);
    expect(r.errors[0]?.message).toMatch(/management account or a delegated administrator/);
  });

  it('read-only guard: STS and Organizations refuse non-allowlisted commands before any I/O', async () => {
    const c = createClients(
      { accessKeyId: BASE_KEY, secretAccessKey: 'base-secret' },
      { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 },
    );
    try {
      await expect(c.sts.send(new GetSessionTokenCommand({}))).rejects.toBeInstanceOf(ReadOnlyViolationError);
      await expect(c.organizations.send(new DescribeOrganizationCommand({}))).rejects.toBeInstanceOf(ReadOnlyViolationError);
      await expect(
        c.organizations.send(new CreateAccountCommand({ Email: 'x@example.com', AccountName: 'x' })),
      ).rejects.toBeInstanceOf(ReadOnlyViolationError);
      expect(srv.log).toEqual([]);
    } finally {
      c.destroy();
    }
  });

  it('AssumeRole and ListAccounts are sent through the guard: off the allowlist, they are refused and reported', async () => {
    const sts = READ_ONLY_COMMANDS.sts as Record<string, string | null>;
    const org = READ_ONLY_COMMANDS.organizations as Record<string, string | null>;
    const saved = { assume: sts.AssumeRoleCommand, list: org.ListAccountsCommand };
    delete sts.AssumeRoleCommand;
    delete org.ListAccountsCommand;
    try {
      const r1 = await collectAws(opts({ roleArns: [roleArn(A)] }), ctx());
      expect(r1.resources).toEqual([]);
      expect(r1.errors).toEqual([expect.objectContaining({ operation: 'AssumeRole', code: 'ReadOnlyViolationError' })]);
      const r2 = await collectAws(opts({ orgRole: ROLE }), ctx());
      expect(r2.errors).toEqual([expect.objectContaining({ operation: 'ListAccounts', code: 'ReadOnlyViolationError' })]);
      expect(srv.log).toEqual([]);
    } finally {
      sts.AssumeRoleCommand = saved.assume ?? null;
      org.ListAccountsCommand = saved.list ?? null;
    }
    expect(READ_ONLY_COMMANDS.sts.AssumeRoleCommand).toBe('sts:AssumeRole');
  });
});
