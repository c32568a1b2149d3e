import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';
import { type RgwServer, startRgw } from '../helpers/rgw.js';

/** Issue acceptance: two scheduled runs against real Ceph RGW with one bucket made public in between. */
describe('scheduled audits: baseline, fail-on, allowlist (real RGW)', () => {
  let rgw: RgwServer;
  let dir: string;
  let env: Record<string, string>;
  const scan = (extra: string[]) =>
    runCli(['scan', '--provider', 'aws', '--aws-endpoint', rgw.endpoint, '--quiet', ...extra], { cwd: dir, env });
  const read = async (f: string) => JSON.parse(await readFile(join(dir, f), 'utf8')) as AuditReport;

  beforeAll(async () => {
    rgw = await startRgw();
    dir = await mkdtemp(join(tmpdir(), 'ba-scheduled-'));
    env = { AWS_ACCESS_KEY_ID: rgw.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: rgw.admin.secretAccessKey, AWS_REGION: 'us-east-1' };
    const s3 = rgw.client('admin');
    for (const b of ['sched-a', 'sched-b', 'sched-c']) {
      await s3.send(new CreateBucketCommand({ Bucket: b }));
      await s3.send(new PutObjectCommand({ Bucket: b, Key: 'report.csv', Body: 'x' }));
    }
  });
  afterAll(async () => {
    await rgw?.stop();
  });

  it('the second run reports exactly one new finding and gates on it; an allowlist entry lets it pass', async () => {
    const first = await scan(['--format', 'json', '--output', 'run1.json']);
    expect(first.code).toBe(0);
    const run1 = await read('run1.json');
    expect(run1.resources.map((r) => r.verdict)).toEqual(['PRIVATE', 'PRIVATE', 'PRIVATE']);

    // between the runs, someone makes one bucket public
    const publicRead = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Oops', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::sched-b/*' }],
    };
    await rgw.client('admin').send(new PutBucketPolicyCommand({ Bucket: 'sched-b', Policy: JSON.stringify(publicRead) }));
    const anon = await fetch(`${rgw.endpoint}/sched-b/report.csv`);
    expect(anon.status).toBe(200); // the server really serves it anonymously now

    const second = await scan(['--baseline', 'run1.json', '--fail-on', 'high', '--format', 'json', '--output', 'run2.json']);
    expect(second.code).toBe(1);
    const run2 = await read('run2.json');
    const fresh = run2.findings.filter((f) => f.baseline === 'new' && (f.status === 'fail' || f.status === 'unknown'));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.resourceId).toBe('arn:aws:s3:::sched-b');
    expect(run2.baseline?.new).toBe(1);
    expect(run2.resources.find((r) => r.name === 'sched-b')?.verdict).toBe('PUBLIC');

    // the same run with an allowlist entry for that bucket: exit 0, listed as allowed with reason and expiry
    await writeFile(
      join(dir, 'bucketaudit.yaml'),
      [
        'version: 1',
        'allowlist:',
        '  - resource: "arn:aws:s3:::sched-b"',
        '    reason: public report downloads for customers',
        '    owner: data-team@example.com',
        '    expires: 2099-12-31',
        '',
      ].join('\n'),
    );
    const third = await scan([
      '--config',
      'bucketaudit.yaml',
      '--baseline',
      'run1.json',
      '--fail-on',
      'high',
      '--format',
      'json',
      '--output',
      'run3.json',
    ]);
    expect(third.code).toBe(0);
    const run3 = await read('run3.json');
    const allowed = run3.findings.filter((f) => f.resourceId === 'arn:aws:s3:::sched-b' && f.suppressed);
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed[0]?.suppressed).toMatchObject({
      reason: 'public report downloads for customers',
      expires: '2099-12-31',
      owner: 'data-team@example.com',
    });
    expect(run3.allowlist?.applied[0]).toMatchObject({
      pattern: 'arn:aws:s3:::sched-b',
      expires: '2099-12-31',
      resourceIds: ['arn:aws:s3:::sched-b'],
    });
    // the table shows it as allowed, with reason and expiry
    const table = await scan(['--config', 'bucketaudit.yaml', '--baseline', 'run1.json', '--format', 'table']);
    expect(table.stdout).toMatch(/public report downloads for customers/);
    expect(table.stdout).toMatch(/2099-12-31/);

    // an expired entry stops suppressing and is reported
    await writeFile(
      join(dir, 'expired.yaml'),
      (await readFile(join(dir, 'bucketaudit.yaml'), 'utf8')).replace('2099-12-31', '2020-01-01'),
    );
    const fourth = await scan([
      '--config',
      'expired.yaml',
      '--baseline',
      'run1.json',
      '--fail-on',
      'high',
      '--format',
      'json',
      '--output',
      'run4.json',
    ]);
    expect(fourth.code).toBe(1);
    expect(fourth.stderr).toMatch(/expired on 2020-01-01/);
    expect((await read('run4.json')).allowlist?.expired[0]?.resourceIds).toEqual(['arn:aws:s3:::sched-b']);

    // diff shows the one change
    const diff = await runCli(['diff', 'run1.json', 'run2.json'], { cwd: dir });
    expect(diff.stdout).toMatch(/^1 new, 0 resolved, 1 verdict change/);
    expect(diff.stdout).toMatch(/~ sched-b: PRIVATE -> PUBLIC/);
  });
});
