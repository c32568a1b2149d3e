import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayServer, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { createRoleSession, REFRESH_WINDOW_MS, RoleCredentialsExpired, roleAccount } from '../../../providers/aws/assume.js';
import { type AwsClients, createClients } from '../../../providers/aws/clients.js';
import { createScheduler, type Scheduler } from '../../../src/scheduler/index.js';

const ARN = 'arn:aws:iam::111111111111:role/BucketAuditRole';
const T0 = Date.parse('2030-01-01T00:00:00Z');
const MIN = 60_000;

describe('role session: explicit AssumeRole through the scheduler, renewed within 5 minutes of expiry', () => {
  let srv: ReplayServer;
  let clients: AwsClients;
  let scheduler: Scheduler;
  let clock: number;
  const session = () =>
    createRoleSession({
      roleArn: ARN,
      externalId: 'xid-1',
      sts: clients.sts,
      scheduler,
      lane: 'aws:111111111111:global:sts',
      now: () => clock,
    });
  const assumes = () => srv.log.filter((l) => l.op === 'AssumeRole');

  beforeAll(async () => {
    srv = await startReplayServer();
    clients = createClients(
      { accessKeyId: 'AKIDBASE', secretAccessKey: 'base' },
      { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 },
    );
  });
  afterAll(async () => {
    clients.destroy();
    await srv.close();
  });
  beforeEach(() => {
    srv.routes.clear();
    srv.log.length = 0;
    clock = T0;
    scheduler = createScheduler({ concurrency: 4, requestTimeoutMs: 10_000, sleep: async () => {} });
  });

  it('assumes once, reuses while more than 5 minutes remain, re-assumes inside the window', async () => {
    srv.set('AssumeRole', [
      fx.assumeRole(ARN, { accessKeyId: 'ASIAFIRST', expiration: new Date(T0 + 60 * MIN) }),
      fx.assumeRole(ARN, { accessKeyId: 'ASIASECOND', expiration: new Date(T0 + 115 * MIN) }),
    ]);
    const s = session();
    const first = await s.ensureFresh();
    expect(first).toMatchObject({ accessKeyId: 'ASIAFIRST', sessionToken: 'FwoGZXIvYXdzEREPLAYASIAFIRST' });
    expect(first.expiration.toISOString()).toBe(new Date(T0 + 60 * MIN).toISOString());
    expect(await s.provider()).toBe(first);
    clock = T0 + 60 * MIN - REFRESH_WINDOW_MS - 1; // 5 min + 1 ms left: still fresh
    expect((await s.provider()).accessKeyId).toBe('ASIAFIRST');
    expect(assumes()).toHaveLength(1);

    clock = T0 + 56 * MIN; // 4 minutes left: the provider re-assumes
    expect((await s.provider()).accessKeyId).toBe('ASIASECOND');
    expect(assumes()).toHaveLength(2);
    expect(s.assumed).toBe(2);
    const form = assumes()[1]?.form;
    expect(form?.get('ExternalId')).toBe('xid-1');
    expect(form?.get('RoleSessionName')).toBe(`bucketaudit-${T0 + 56 * MIN}`);
    expect(scheduler.stats().lanes['aws:111111111111:global:sts']?.calls).toBe(2);
  });

  it('concurrent ensureFresh calls share one AssumeRole', async () => {
    srv.set('AssumeRole', fx.assumeRole(ARN, { accessKeyId: 'ASIAONCE', expiration: new Date(T0 + 60 * MIN) }));
    const s = session();
    const all = await Promise.all([s.ensureFresh(), s.ensureFresh(), s.ensureFresh()]);
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAONCE']));
    expect(assumes()).toHaveLength(1);
  });

  it('asked while signing inside scheduler.run: keeps still-valid credentials (no re-entry), fails once expired', async () => {
    srv.set('AssumeRole', [
      fx.assumeRole(ARN, { accessKeyId: 'ASIAINSIDE', expiration: new Date(T0 + 60 * MIN) }),
      fx.assumeRole(ARN, { accessKeyId: 'ASIARENEWED', expiration: new Date(T0 + 121 * MIN) }),
    ]);
    const s = session();
    await s.ensureFresh();
    clock = T0 + 58 * MIN; // inside the window but not expired
    const inside = await scheduler.run('aws:111111111111:us-east-1:s3', () => s.provider());
    expect(inside.accessKeyId).toBe('ASIAINSIDE');
    expect(assumes()).toHaveLength(1);
    clock = T0 + 61 * MIN; // expired
    await expect(scheduler.run('aws:111111111111:us-east-1:s3', () => s.provider())).rejects.toBeInstanceOf(
      RoleCredentialsExpired,
    );
    // outside run, the same provider renews
    expect((await s.provider()).accessKeyId).toBe('ASIARENEWED');
    expect(assumes()).toHaveLength(2);
  });

  it('AccessDenied is rethrown from ensureFresh (the collector turns it into one error entry)', async () => {
    srv.set('AssumeRole', fx.stsError(403, 'AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${ARN}`));
    const s = session();
    await expect(s.ensureFresh()).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(s.assumed).toBe(0);
  });

  it('roleAccount reads the account of a role ARN in any partition', () => {
    expect(roleAccount(ARN)).toBe('111111111111');
    expect(roleAccount('arn:aws-cn:iam::222222222222:role/path/x')).toBe('222222222222');
    expect(roleAccount('not-an-arn')).toBeUndefined();
  });
});
