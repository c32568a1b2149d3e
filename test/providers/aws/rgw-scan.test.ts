import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_COMMANDS, type BucketOp } from '../../../providers/aws/bucket-reader.js';
import { type AwsClients, createClients } from '../../../providers/aws/clients.js';
import { collectAws } from '../../../providers/aws/index.js';
import type { CollectContext } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { main } from '../../../src/cli/main.js';
import type { AuditReport, AwsS3Facts, StorageResource } from '../../../src/model/index.js';
import { createScheduler } from '../../../src/scheduler/index.js';
import { type RgwServer, startRgw } from '../../helpers/rgw.js';
import { ALT_LOCKED, ALT_OPEN, type AnonObservation, ESTATE, seedEstate } from './rgw-estate.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** Plain unsigned HTTP (no Authorization), path-style. `host` overrides the Host header (website endpoint). */
function anon(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function observe(endpoint: string, bucket: string, key = 'hello.txt'): Promise<AnonObservation> {
  const list = await anon(`${endpoint}/${bucket}?list-type=2&max-keys=1`);
  const get = await anon(`${endpoint}/${bucket}/${encodeURIComponent(key)}`);
  return { list: list.status, get: get.status };
}

async function runCli(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

function ctxFor(env: Record<string, string>): CollectContext {
  const scheduler = createScheduler({ concurrency: 8, requestTimeoutMs: 15_000 });
  return { scheduler, concurrency: 4, signal: scheduler.signal, env, analyzer: defaultContext() };
}

describe('AWS adapter against Ceph RGW (real S3 implementation)', () => {
  let rgw: RgwServer;
  let adminEnv: Record<string, string>;
  let altEnv: Record<string, string>;
  let facts: Map<string, StorageResource>;

  beforeAll(async () => {
    rgw = await startRgw();
    await seedEstate(rgw);
    adminEnv = { AWS_ACCESS_KEY_ID: rgw.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.admin.secretAccessKey };
    altEnv = { AWS_ACCESS_KEY_ID: rgw.alt.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.alt.secretAccessKey };
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: rgw.endpoint, objectAclSample: 5 }, ctxFor(adminEnv));
    expect(r.errors).toEqual([]);
    facts = new Map(r.resources.map((x) => [x.name, x]));
  });
  afterAll(async () => {
    await rgw?.stop();
  });

  const f = (name: string) => facts.get(name)?.facts as AwsS3Facts;

  it('collects every bucket ListBuckets returned, with ids, owner account and path-style endpoints', () => {
    expect([...facts.keys()].sort()).toEqual(ESTATE.map((b) => b.name).sort());
    const r = facts.get('ba-private') as StorageResource;
    expect(r).toMatchObject({
      id: 'arn:aws:s3:::ba-private',
      provider: 'aws',
      kind: 'bucket',
      account: 'admin',
      region: 'us-east-1',
      source: { origin: 'live', uri: 'arn:aws:s3:::ba-private' },
      endpoints: { api: `${rgw.endpoint}/ba-private/` },
    });
    expect(f('ba-private')).toMatchObject({
      customEndpoint: true,
      ownerCanonicalId: 'admin',
      policy: { known: true, value: null },
      policyStatus: { known: true, value: null },
      website: { known: true, value: null },
      requesterPays: { known: true, value: false },
      // RGW: no S3 Control, empty ownership controls, no AWS IAM => unknown 'unsupported', not failures
      accountBpa: { known: false, reason: 'unsupported' },
      accessPoints: { known: false, reason: 'unsupported' },
      ownership: { known: false, reason: 'unsupported' },
      assumableRoles: { known: false, reason: 'unsupported' },
    });
  });

  it('records policies, ACLs, BPA flags, website and sampled object ACLs as facts', () => {
    const pol = f('ba-policy-getobject').policy;
    expect(pol.known && JSON.parse(pol.value as string).Statement[0].Sid).toBe('PublicRead');
    const acl = f('ba-acl-public-read').acl;
    expect(acl.known && acl.value.grants).toContainEqual({ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' });
    const rw = f('ba-acl-public-read-write').acl;
    expect(rw.known && rw.value.grants).toContainEqual({ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'WRITE' });
    expect(f('ba-bpa-ipa').bucketBpa).toEqual({
      known: true,
      value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    expect(f('ba-bpa-rpb').bucketBpa).toMatchObject({ known: true, value: { restrictPublicBuckets: true } });
    expect(f('ba-website').website).toEqual({ known: true, value: { indexDocument: 'index.html' } });
    const objs = f('ba-object-acl').objectAcls;
    expect(objs?.known).toBe(true);
    const pub = objs?.known ? objs.value.find((o) => o.key === 'public.txt') : undefined;
    expect(pub?.acl.grants).toContainEqual({ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' });
    // RGW's provider opinion is recorded (the analyzer treats it as informational on custom endpoints).
    expect(f('ba-shared').policyStatus).toMatchObject({ known: true });
  });

  it('the lean HTTP reader and the SDK read the same outputs and errors from RGW, for every bucket and read', async () => {
    const keys = { accessKeyId: rgw.admin.accessKeyId, secretAccessKey: rgw.admin.secretAccessKey };
    const settings = { region: 'us-east-1', endpoint: rgw.endpoint, maxSockets: 4 };
    const readers = [
      createClients(keys, { ...settings, s3Client: 'sdk' }),
      createClients(keys, { ...settings, s3Client: 'http' }),
    ];
    const read = async (c: AwsClients, op: BucketOp, Bucket: string) => {
      try {
        const { $metadata: _m, ...v } = (await c.buckets.read(
          op,
          { Bucket },
          'us-east-1',
          new AbortController().signal,
        )) as Record<string, unknown>;
        return JSON.parse(JSON.stringify(v)) as unknown;
      } catch (err) {
        return {
          error: (err as Error).name,
          status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
        };
      }
    };
    let compared = 0;
    for (const b of ESTATE) {
      for (const op of Object.keys(BUCKET_COMMANDS) as BucketOp[]) {
        const [viaSdk, viaHttp] = await Promise.all(readers.map((c) => read(c, op, b.name)));
        expect(viaHttp, `${b.name} ${op}`).toEqual(viaSdk);
        compared += 1;
      }
    }
    expect(compared).toBe(ESTATE.length * 7);
    for (const c of readers) c.destroy();
  });

  it('unsigned requests: RGW lets anonymous callers do exactly what the estate table says', async () => {
    const seen: Record<string, AnonObservation> = {};
    for (const b of ESTATE) seen[b.name] = await observe(rgw.endpoint, b.name, b.key);
    expect(seen).toEqual(Object.fromEntries(ESTATE.map((b) => [b.name, b.anon])));
    const port = new URL(rgw.endpoint).port;
    const site = await anon(`${rgw.endpoint}/`, `ba-website.s3-website.localhost:${port}`);
    expect(site.status).toBe(200);
  });

  it('CLI scan --format json: every bucket present with the verdict the rules give, agreeing with the server', async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'scan',
        '--provider',
        'aws',
        '--aws-endpoint',
        rgw.endpoint,
        '--format',
        'json',
        '--object-acl-sample',
        '5',
        '--concurrency',
        '8',
      ],
      adminEnv,
    );
    expect(code, stderr).toBeLessThan(2);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.errors).toEqual([]);
    const byName = new Map(report.resources.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(ESTATE.map((b) => b.name).sort());
    for (const r of report.resources) {
      expect(r).toMatchObject({ provider: 'aws', kind: 'bucket', account: 'admin', id: `arn:aws:s3:::${r.name}` });
    }
    // Verdicts per exposure-semantics (A-1..A-19): one comparison so a failure lists every mismatch.
    const got = Object.fromEntries(ESTATE.map((b) => [b.name, byName.get(b.name)?.verdict]));
    expect(got).toEqual(Object.fromEntries(ESTATE.map((b) => [b.name, b.verdict])));
    // The verdict must agree with what the server observes (except documented RGW differences).
    for (const b of ESTATE) {
      const r = byName.get(b.name);
      if (!r || b.rgwDiffers) continue;
      const caps = new Set(r.capabilities.map((c) => c.capability));
      if (b.anon.list === 200) expect({ bucket: b.name, verdict: r.verdict }).toMatchObject({ verdict: 'PUBLIC' });
      if (b.anon.get === 200 && r.verdict === 'PUBLIC') expect(caps.has('READ'), b.name).toBe(true);
      if (b.anon.list === 200) expect(caps.has('LIST'), b.name).toBe(true);
      if (r.verdict === 'PUBLIC' && caps.has('LIST')) expect(b.anon.list, b.name).toBe(200);
      if (['PRIVATE', 'SHARED', 'PUBLIC_AUTHENTICATED', 'LATENT'].includes(r.verdict))
        expect(b.anon, b.name).toEqual({ list: 403, get: 403 });
    }
  });

  it("scan with the alt user's credentials: a bucket whose policy it may not read is still reported, UNKNOWN input named", async () => {
    const r = await collectAws({ profiles: [], roleArns: [], endpoint: rgw.endpoint }, ctxFor(altEnv));
    expect(r.resources.map((x) => x.name).sort()).toEqual([ALT_LOCKED, ALT_OPEN]);
    const locked = r.resources.find((x) => x.name === ALT_LOCKED)?.facts as AwsS3Facts;
    expect(locked.policy).toMatchObject({
      known: false,
      reason: 'access-denied',
      operation: 'GetBucketPolicy',
      code: 'AccessDenied',
    });
    expect(locked.acl.known).toBe(true);

    const { code, stdout, stderr } = await runCli(
      ['scan', '--provider', 'aws', '--aws-endpoint', rgw.endpoint, '--format', 'json'],
      altEnv,
    );
    expect([0, 1], stderr).toContain(code);
    const report = JSON.parse(stdout) as AuditReport;
    const res = report.resources.find((x) => x.name === ALT_LOCKED);
    expect(res).toBeDefined();
    expect(
      res?.unknownInputs.some((u) => u.reason === 'access-denied' && /policy/i.test(`${u.input} ${u.operation ?? ''}`)),
    ).toBe(true);
    expect(report.resources.map((x) => x.name)).toContain(ALT_OPEN);
  });
});
