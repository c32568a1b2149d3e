import { CreateBucketCommand, ListObjectsV2Command, PutBucketAclCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsProbeCleanup } from '../../providers/aws/probe-cleanup.js';
import type { AuditReport } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';
import { resource } from '../helpers/findings.js';
import { type RgwServer, startRgw } from '../helpers/rgw.js';

describe('scan --probe --probe-write (real RGW)', () => {
  let rgw: RgwServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    rgw = await startRgw();
    env = { AWS_ACCESS_KEY_ID: rgw.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.admin.secretAccessKey, AWS_REGION: 'us-east-1' };
    const s3 = rgw.client('admin');
    await s3.send(new CreateBucketCommand({ Bucket: 'pw-open' }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'pw-open', ACL: 'public-read-write' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'pw-closed' }));
    await s3.send(new PutObjectCommand({ Bucket: 'pw-closed', Key: 'keep.txt', Body: 'x' }));
  });
  afterAll(async () => {
    await rgw?.stop();
  });

  it('proves anonymous write on the open bucket, deletes its object with the scan credentials, leaves nothing behind', async () => {
    const r = await runCli(
      ['scan', '-p', 'aws', '--aws-endpoint', rgw.endpoint, '--probe', '--probe-write', '--quiet', '--format', 'json'],
      { env },
    );
    expect(r.code, r.stderr).not.toBe(2);
    const report = JSON.parse(r.stdout) as AuditReport;
    const open = report.resources.find((x) => x.name === 'pw-open');
    expect(open?.probe?.writable).toBe(true);
    expect(open?.probe?.leftovers ?? []).toEqual([]);
    expect(open?.capabilities.some((c) => c.capability === 'WRITE')).toBe(true);
    expect(report.resources.find((x) => x.name === 'pw-closed')?.probe?.writable).not.toBe(true);
    for (const b of ['pw-open', 'pw-closed']) {
      const left = await rgw.client('admin').send(new ListObjectsV2Command({ Bucket: b, Prefix: 'bucketaudit-probe/' }));
      expect(left.KeyCount ?? 0, `leftovers in ${b}`).toBe(0);
    }
  });

  it('the cleanup client deletes nothing but probe objects', async () => {
    const del = awsProbeCleanup({ profiles: [], roleArns: [], endpoint: rgw.endpoint }, env);
    await expect(del(resource('pw-closed'), 'keep.txt')).rejects.toThrow(/not a probe object/);
    const still = await rgw.client('admin').send(new ListObjectsV2Command({ Bucket: 'pw-closed' }));
    expect(still.Contents?.map((c) => c.Key)).toEqual(['keep.txt']);
  });
});
