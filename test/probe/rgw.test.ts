import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, StorageResource } from '../../src/model/index.js';
import { probeAssessments } from '../../src/probe/enrich.js';
import type { ProbeReport } from '../../src/probe/render.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { type RgwServer, startRgw } from '../helpers/rgw.js';
import { runCli } from './cli-io.js';

let rgw: RgwServer;
let s3: S3Client;

const policy = (action: string, resource: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Pub', Effect: 'Allow', Principal: '*', Action: action, Resource: resource }],
  });

/** What a raw unsigned request observes (the expectation the probe must match exactly). */
async function raw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const r = await request(url, { method: 'GET', headers });
  r.body.on('error', () => undefined);
  const body = r.statusCode >= 200 && r.statusCode < 300 && headers.range ? '' : await r.body.text();
  if (headers.range) r.body.destroy();
  return { status: r.statusCode, body };
}

beforeAll(async () => {
  rgw = await startRgw();
  s3 = rgw.client('admin');
  const put = (Bucket: string, Key: string, ACL?: 'public-read') =>
    s3.send(new PutObjectCommand({ Bucket, Key, Body: 'hello world', ...(ACL ? { ACL } : {}) }));
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-private' }));
  await put('pa-private', 'secret.txt');
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-public-read', ACL: 'public-read' }));
  await put('pa-public-read', 'backups/db.sql');
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-policy-get' }));
  await put('pa-policy-get', 'obj.txt');
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'pa-policy-get',
      Policy: policy('s3:GetObject', 'arn:aws:s3:::pa-policy-get/*'),
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-public-list' }));
  await put('pa-public-list', '.env');
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: 'pa-public-list',
      Policy: policy('s3:ListBucket', 'arn:aws:s3:::pa-public-list'),
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-object-acl' }));
  await put('pa-object-acl', 'public.txt', 'public-read');
  await put('pa-object-acl', 'private.txt');
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-public-write', ACL: 'public-read-write' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'pa-site' }));
  await put('pa-site', 'index.html');
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'pa-site', Policy: policy('s3:GetObject', 'arn:aws:s3:::pa-site/*') }));
  await s3.send(
    new PutBucketWebsiteCommand({ Bucket: 'pa-site', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }),
  );
});

afterAll(async () => {
  await rgw?.stop();
});

const TARGETS: { target: string; bucket: string; key?: string }[] = [
  { target: 's3://pa-private/secret.txt', bucket: 'pa-private', key: 'secret.txt' },
  { target: 's3://pa-public-read', bucket: 'pa-public-read' },
  { target: 's3://pa-policy-get/obj.txt', bucket: 'pa-policy-get', key: 'obj.txt' },
  { target: 's3://pa-public-list', bucket: 'pa-public-list' },
  { target: 's3://pa-object-acl/public.txt', bucket: 'pa-object-acl', key: 'public.txt' },
  { target: 's3://pa-object-acl/private.txt', bucket: 'pa-object-acl', key: 'private.txt' },
];

describe('bucketaudit probe against Ceph RGW', () => {
  it('reports exactly what unsigned requests observe, per bucket', async () => {
    const out = await runCli([
      'probe',
      '--s3-endpoint',
      rgw.endpoint,
      '--format',
      'json',
      '--list-max-keys',
      '10',
      ...TARGETS.map((t) => t.target),
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const rep = JSON.parse(out.stdout) as ProbeReport;
    expect(rep.schemaVersion).toBe(1);
    expect(rep.errors).toEqual([]);
    expect(rep.targets).toHaveLength(TARGETS.length);
    for (const [i, t] of TARGETS.entries()) {
      const got = rep.targets[i]!;
      const base = `${rgw.endpoint}/${t.bucket}/`;
      const list = await raw(`${base}?list-type=2&max-keys=10&encoding-type=url`);
      const listable = list.status === 200 && list.body.includes('<ListBucketResult');
      const firstKey = /<Key>([^<]*)<\/Key>/.exec(list.body)?.[1];
      const key = t.key ?? (firstKey ? decodeURIComponent(firstKey) : undefined);
      const read = key
        ? await raw(`${base}${key.split('/').map(encodeURIComponent).join('/')}`, { range: 'bytes=0-0' })
        : undefined;
      const readable = read ? read.status === 200 || read.status === 206 : undefined;
      const acl = await raw(`${base}?acl`);
      const ctx = `${t.target}: ${JSON.stringify(got.result.observations)}`;
      expect(got.result.exists, ctx).toBe(true);
      expect(got.result.listable, ctx).toBe(listable);
      expect(got.result.readable, ctx).toBe(readable);
      expect(got.result.observations.find((o) => o.check === 'list')?.status, ctx).toBe(list.status);
      expect(got.result.observations.find((o) => o.check === 'read')?.status, ctx).toBe(read?.status);
      expect(got.result.observations.find((o) => o.check === 'acl')?.status, ctx).toBe(acl.status);
      expect(got.result.status, ctx).toBe(listable || readable || acl.status === 200 ? 'confirmed' : 'not-confirmed');
      for (const o of got.result.observations) expect(o.url.startsWith(`${rgw.endpoint}/`)).toBe(true);
    }
    // Sanity: the seeded estate covers every shape.
    const byTarget = Object.fromEntries(rep.targets.map((t) => [t.input, t]));
    expect(byTarget['s3://pa-private/secret.txt']?.result.status).toBe('not-confirmed');
    expect(byTarget['s3://pa-public-read']?.result.listable).toBe(true);
    expect(byTarget['s3://pa-public-read']?.result.sensitiveKeys).toEqual(['database-dump: backups/db.sql']);
    expect(byTarget['s3://pa-public-list']?.result.sensitiveKeys).toEqual(['env-file: .env']);
    expect(byTarget['s3://pa-policy-get/obj.txt']?.result.readable).toBe(true);
    expect(byTarget['s3://pa-policy-get/obj.txt']?.result.listable).toBe(false);
    expect(byTarget['s3://pa-object-acl/public.txt']?.result.readable).toBe(true);
    expect(byTarget['s3://pa-object-acl/private.txt']?.result.readable).toBe(false);
    // The list-only bucket denies reading its object; listing is HIGH, list+read would be CRITICAL.
    expect(byTarget['s3://pa-public-list']?.severity).toBe('high');
  });

  it('probes the RGW website endpoint through a Host override', async () => {
    const port = new URL(rgw.endpoint).port;
    const direct = await raw(`${rgw.endpoint}/`, { host: `pa-site.s3-website.localhost:${port}`, range: 'bytes=0-0' });
    const out = await runCli([
      'probe',
      '--s3-endpoint',
      rgw.endpoint,
      '--s3-website-endpoint',
      rgw.endpoint,
      '--s3-website-host',
      's3-website.localhost',
      '--format',
      'json',
      's3://pa-site',
      's3://pa-private',
    ]);
    const rep = JSON.parse(out.stdout) as ProbeReport;
    const site = rep.targets[0]!.result;
    expect(site.observations.find((o) => o.check === 'website')?.status).toBe(direct.status);
    expect(site.website).toBe(direct.status === 200 || direct.status === 206);
    expect(site.website).toBe(true);
    expect(rep.targets[1]!.result.website).toBe(false);
  });

  it('gates on --fail-on and writes a table', async () => {
    const hi = await runCli(['probe', '--s3-endpoint', rgw.endpoint, '--fail-on', 'high', 's3://pa-public-read']);
    expect(hi.code).toBe(1);
    expect(hi.stdout).toMatch(/s3:\/\/pa-public-read\s+confirmed/);
    const crit = await runCli(['probe', '--s3-endpoint', rgw.endpoint, '--fail-on', 'critical', 's3://pa-public-list']);
    expect(crit.code).toBe(0);
    const priv = await runCli(['probe', '--s3-endpoint', rgw.endpoint, '--fail-on', 'low', 's3://pa-private']);
    expect(priv.code).toBe(0);
  });

  it('sweeps 1,000 targets at concurrency 64: every target ends with a result or a named error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bucketaudit-probe-'));
    const lines: string[] = [];
    const real = [
      'pa-private',
      'pa-public-read',
      'pa-policy-get',
      'pa-public-list',
      'pa-object-acl',
      'pa-site',
      'pa-public-write',
    ];
    for (let i = 0; i < 1000; i++) {
      if (i % 10 === 3) lines.push(`s3://Bad_Name_${i}`);
      else if (i % 10 === 7) lines.push(`s3://bad..name${i}`);
      else if (i < real.length * 20 && i % 20 === 0) lines.push(`s3://${real[i / 20]}`);
      else lines.push(`s3://nx-bucket-${i}`);
    }
    const file = join(dir, 'targets.txt');
    await writeFile(file, `${lines.join('\n')}\n`);
    const out = await runCli([
      'probe',
      '--s3-endpoint',
      rgw.endpoint,
      '--concurrency',
      '64',
      '--format',
      'json',
      '--from-file',
      file,
    ]);
    const rep = JSON.parse(out.stdout) as ProbeReport;
    expect(rep.targets.length + rep.errors.length).toBe(1000);
    expect(rep.errors).toHaveLength(200);
    for (const e of rep.errors) {
      expect(e.file).toBe(file);
      expect(lines[(e.line ?? 0) - 1]).toBe(e.input);
      expect(e.message).toMatch(/N-1/);
    }
    for (const t of rep.targets) {
      expect(['confirmed', 'not-confirmed', 'error']).toContain(t.result.status);
      if (t.result.status === 'error') expect(t.result.error).toBeTruthy();
      if (t.target.startsWith('s3://nx-bucket-')) expect(t.result.exists).toBe(false);
    }
    const found = rep.targets.filter((t) => t.result.exists).map((t) => t.target);
    expect(found.sort()).toEqual(real.map((b) => `s3://${b}`).sort());
    expect(out.code).toBe(0);
  });

  it('scan --probe-write: create-only write, deleted with the scan credentials; leftovers reported without them', async () => {
    const a = (name: string): Assessment => ({
      resource: {
        id: `arn:aws:s3:::${name}`,
        provider: 'aws',
        kind: 'bucket',
        name,
        account: '',
        source: { origin: 'live', uri: `arn:aws:s3:::${name}` },
        facts: { provider: 'aws' },
      } as unknown as StorageResource,
      verdict: 'PUBLIC',
      capabilities: [{ capability: 'LIST', scope: 'bucket' }],
      severity: 'high',
      reasons: [],
      grants: [],
      neutralizedBy: [],
      guardrails: [],
      unknownInputs: [],
      context: [],
    });
    const opts = {
      scheduler: createScheduler({ concurrency: 4, requestTimeoutMs: 5_000 }),
      concurrency: 2,
      write: true,
      s3Endpoint: rgw.endpoint,
    };
    const keys = async () =>
      ((await s3.send(new ListObjectsV2Command({ Bucket: 'pa-public-write', Prefix: 'bucketaudit-probe/' }))).Contents ?? []).map(
        (o) => o.Key!,
      );
    const [withDelete] = await probeAssessments([a('pa-public-write')], {
      ...opts,
      deleteObject: async (r, key) => {
        await s3.send(new DeleteObjectCommand({ Bucket: r.name, Key: key }));
      },
    });
    expect(withDelete?.probe?.writable).toBe(true);
    expect(withDelete?.probe?.leftovers).toBeUndefined();
    expect(withDelete?.verdict).toBe('PUBLIC');
    expect(withDelete?.severity).toBe('critical');
    expect(withDelete?.capabilities.map((c) => c.capability)).toContain('WRITE');
    expect(await keys()).toEqual([]);
    const [without] = await probeAssessments([a('pa-public-write')], opts);
    expect(without?.probe?.leftovers).toHaveLength(1);
    const left = await keys();
    expect(left).toHaveLength(1);
    expect(without?.probe?.leftovers?.[0]).toContain(left[0]!);
    await s3.send(new DeleteObjectCommand({ Bucket: 'pa-public-write', Key: left[0]! }));
    // The private bucket is not writable: no object, no leftovers.
    const [priv] = await probeAssessments([a('pa-private')], opts);
    expect(priv?.probe?.writable).toBe(false);
    expect(priv?.probe?.leftovers).toBeUndefined();
  });
});
