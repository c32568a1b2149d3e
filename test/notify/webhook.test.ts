import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { postWebhook, type webhookPayload } from '../../src/notify/webhook.js';
import { finding } from '../helpers/findings.js';

const base: AuditReport = {
  schemaVersion: 1,
  tool: { name: 'bucketaudit', version: '0' },
  generatedAt: '2026-11-21T00:00:00Z',
  command: 'scan',
  summary: {
    resources: 3,
    byVerdict: {},
    bySeverity: {},
    findings: { fail: 2, unknown: 0, pass: 0, suppressed: 0 },
    partial: false,
  },
  resources: [],
  findings: [
    finding('old', 'BA-AWS-001', { baseline: 'unchanged' }),
    finding('fresh', 'BA-AWS-001', { baseline: 'new', severity: 'critical' }),
    finding('hidden', 'BA-AWS-001', { baseline: 'new', suppressed: { reason: 'site', by: 'allowlist:x' } }),
  ],
  errors: [],
  baseline: { previousGeneratedAt: '2026-11-20T00:00:00Z', new: 1, unchanged: 1, resolved: [] },
};

describe('webhook notification', () => {
  const received: { body: string; headers: IncomingHttpHeaders }[] = [];
  let url = '';
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.statusCode = status;
      res.end('ok');
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts only new, unsuppressed exposures as Slack-compatible JSON', async () => {
    expect(await postWebhook(url, base)).toBeUndefined();
    const got = JSON.parse(received.at(-1)!.body) as ReturnType<typeof webhookPayload>;
    expect(got.text).toMatch(/^bucketaudit: 1 new since the baseline finding/);
    expect(got.text).toContain('arn:aws:s3:::fresh');
    expect(got.text).not.toContain('arn:aws:s3:::old');
    expect(got.text).not.toContain('arn:aws:s3:::hidden');
    expect(Array.isArray(got.blocks)).toBe(true);
    expect(received.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('a failing receiver is reported as a value, not thrown', async () => {
    status = 500;
    expect(await postWebhook(url, base)).toBe('webhook answered HTTP 500');
    expect(await postWebhook('http://127.0.0.1:1/none', base)).toMatch(/^webhook failed/);
  });
});
