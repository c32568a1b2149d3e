import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RgwServer, startRgw } from './rgw.js';

describe('project RGW script', () => {
  let rgw: RgwServer;
  beforeAll(async () => {
    rgw = await startRgw();
  });
  afterAll(async () => {
    await rgw?.stop();
  });
  it('serves S3 on loopback and separates the two users', async () => {
    expect(new URL(rgw.endpoint).hostname).toBe('127.0.0.1');
    await rgw.client('admin').send(new CreateBucketCommand({ Bucket: 'helper-check' }));
    const mine = await rgw.client('admin').send(new ListBucketsCommand({}));
    const theirs = await rgw.client('alt').send(new ListBucketsCommand({}));
    expect(mine.Buckets?.map((b) => b.Name)).toContain('helper-check');
    expect(theirs.Buckets?.map((b) => b.Name) ?? []).not.toContain('helper-check');
  });
});
