import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients } from '../../../providers/aws/clients.js';
import { ReadOnlyViolationError } from '../../../providers/aws/readonly.js';

describe('read-only guard on adapter clients', () => {
  let server: Server;
  let endpoint: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucketPolicy</Code><Message></Message></Error>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const clients = () =>
    createClients({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, { region: 'us-east-1', endpoint, maxSockets: 2 });

  it('refuses PutBucketPolicy / DeleteBucket / PutObject before any network I/O', async () => {
    const c = clients();
    const before = seen.length;
    await expect(c.s3().send(new PutBucketPolicyCommand({ Bucket: 'b', Policy: '{}' }))).rejects.toBeInstanceOf(
      ReadOnlyViolationError,
    );
    await expect(c.s3('eu-west-1').send(new DeleteBucketCommand({ Bucket: 'b' }))).rejects.toThrow(/read-only/);
    await expect(c.s3().send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }))).rejects.toBeInstanceOf(
      ReadOnlyViolationError,
    );
    await expect(
      c.s3control().send(new PutPublicAccessBlockCommand({ AccountId: '123456789012', PublicAccessBlockConfiguration: {} })),
    ).rejects.toBeInstanceOf(ReadOnlyViolationError);
    expect(seen.length).toBe(before);
    c.destroy();
  });

  it('lets allowlisted reads through to the server', async () => {
    const c = clients();
    const before = seen.length;
    const err = await c
      .s3()
      .send(new GetBucketPolicyCommand({ Bucket: 'b' }))
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('NoSuchBucketPolicy');
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toMatch(/^GET \/b\/?\?policy/);
    c.destroy();
  });
});
