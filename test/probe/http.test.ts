import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_S3_HOST, anonRequest, type HttpContext, isAllowedUrl, PROVIDER_DOMAINS, USER_AGENT } from '../../src/probe/http.js';
import { createScheduler } from '../../src/scheduler/index.js';

interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let other: Server;
let origin: string;
let otherOrigin: string;
const hits: Hit[] = [];
const bigResponses: ServerResponse[] = [];
let throttleCount = 0;

function listen(s: Server): Promise<string> {
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const u = req.url ?? '/';
    if (u === '/ok') return void res.end('<x/>');
    if (u.startsWith('/chain/')) {
      const n = Number(u.slice('/chain/'.length));
      res.writeHead(302, { location: n >= 3 ? '/final' : `/chain/${n + 1}` });
      return void res.end();
    }
    if (u === '/final') return void res.end('final');
    if (u === '/foreign') {
      res.writeHead(301, { location: 'https://evil.example.com/steal' });
      return void res.end();
    }
    if (u === '/to-other') {
      res.writeHead(307, { location: `${otherOrigin}/x` });
      return void res.end();
    }
    if (u === '/big') {
      // A server that ignores Range and streams a large body (bounded loop).
      bigResponses.push(res);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let i = 0;
      const pump = () => {
        while (i < 4096) {
          i++;
          if (!res.write(Buffer.alloc(65536, 1))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    if (u === '/throttle') {
      throttleCount++;
      if (throttleCount === 1) {
        res.writeHead(503, { 'retry-after': '1' });
        return void res.end();
      }
      return void res.end('ok');
    }
    if (u === '/throttle-long') {
      res.writeHead(429, { 'retry-after': '3600' });
      return void res.end();
    }
    if (u === '/site-error') {
      // A website endpoint serving a JSON custom error document (an object) with its error code in a header.
      res.writeHead(404, { 'content-type': 'application/json', 'x-amz-error-code': 'NoSuchKey' });
      return void res.end(JSON.stringify({ secret: 'x'.repeat(64 * 1024) }));
    }
    if (u === '/hang') return; // never answers
    if (u === '/reset') return void req.socket.destroy();
    if (u === '/s3err') {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'REQ123' });
      return void res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message></Message></Error>');
    }
    if (u === '/gcserr') {
      res.writeHead(401, { 'content-type': 'application/json; charset=UTF-8', 'x-guploader-uploadid': 'UP1' });
      return void res.end(JSON.stringify({ error: { code: 401, errors: [{ reason: 'required' }] } }));
    }
    if (u === '/azerr') {
      res.writeHead(404, { 'x-ms-error-code': 'ResourceNotFound', 'x-ms-request-id': 'AZ1' });
      return void res.end();
    }
    res.writeHead(404);
    res.end();
  });
  other = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: `other:${req.url}`, headers: req.headers });
    res.end('other');
  });
  origin = await listen(server);
  otherOrigin = await listen(other);
});

afterAll(async () => {
  server.closeAllConnections();
  other.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => other.close(r));
  // Nothing the probe sent carried credentials, and every request identified itself.
  for (const h of hits) {
    expect(h.headers.authorization).toBeUndefined();
    expect(h.headers.cookie).toBeUndefined();
    expect(h.headers['proxy-authorization']).toBeUndefined();
    expect(h.headers['x-amz-security-token']).toBeUndefined();
    expect(h.headers['user-agent']).toBe(USER_AGENT);
  }
});

function ctx(extra: Partial<HttpContext> = {}): HttpContext {
  return {
    scheduler: createScheduler({ concurrency: 4, requestTimeoutMs: 10_000 }),
    lane: 'probe:test',
    timeoutMs: 5_000,
    allowedSuffixes: ['amazonaws.com'],
    allowedOrigins: [origin],
    ...extra,
  };
}

const url = (p: string) => new URL(p, origin);

describe('anonymous HTTP wrapper', () => {
  it('sends no credentials, identifies itself and reports status', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/ok'), readBody: true });
    expect(r.status).toBe(200);
    expect(r.body).toBe('<x/>');
    expect(hits[before]?.headers['user-agent']).toMatch(/^bucketaudit\/\d+\.\d+\.\d+ \(\+probe\)$/);
  });

  it('refuses to send a credential header (error value, nothing sent)', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/ok'), headers: { Authorization: 'AWS4 x' } });
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/credential header/);
    const r2 = await anonRequest(ctx(), { method: 'GET', url: url('/ok'), headers: { Cookie: 'a=b' } });
    expect(r2.error).toMatch(/credential header/);
    expect(hits.length).toBe(before);
  });

  it('refuses a first URL outside the allowed domains', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx(), { method: 'GET', url: new URL(`${otherOrigin}/x`) });
    expect(r.errorKind).toBe('blocked');
    expect(hits.length).toBe(before);
  });

  it('refuses a redirect to a foreign domain and to another origin', async () => {
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/foreign') });
    expect(r.status).toBe(301);
    expect(r.errorKind).toBe('redirect');
    expect(r.error).toMatch(/evil\.example\.com.*refused/);
    const before = hits.length;
    const r2 = await anonRequest(ctx(), { method: 'GET', url: url('/to-other') });
    expect(r2.errorKind).toBe('redirect');
    expect(hits.slice(before).map((h) => h.url)).toEqual(['/to-other']);
  });

  it('AWS: only S3 service hosts, not customer hosts under amazonaws.com', () => {
    const aws = { allowedSuffixes: PROVIDER_DOMAINS.aws, allowedOrigins: [], allowedHost: AWS_S3_HOST };
    for (const ok of [
      'https://b.s3.amazonaws.com/',
      'https://s3.amazonaws.com/b.dotted/',
      'https://b.s3.eu-west-1.amazonaws.com/',
      'https://b.s3.dualstack.us-gov-west-1.amazonaws.com/',
      'http://b.s3-website-us-east-1.amazonaws.com/',
      'http://b.s3-website.eu-central-1.amazonaws.com/',
      'https://b.s3.cn-north-1.amazonaws.com.cn/',
    ])
      expect(isAllowedUrl(new URL(ok), aws), ok).toBe(true);
    for (const bad of [
      'http://ec2-1-2-3-4.compute-1.amazonaws.com/',
      'https://s3-evil-1.us-east-1.elb.amazonaws.com/',
      'https://abc123.execute-api.us-east-1.amazonaws.com/',
      'https://amazonaws.com/',
    ])
      expect(isAllowedUrl(new URL(bad), aws), bad).toBe(false);
  });

  it('follows at most 2 redirects: a chain of 3 stops after 2 hops', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/chain/1') });
    expect(hits.slice(before).map((h) => h.url)).toEqual(['/chain/1', '/chain/2', '/chain/3']);
    expect(r.redirects).toHaveLength(2);
    expect(r.status).toBe(302);
    expect(r.errorKind).toBe('redirect');
    expect(r.error).toMatch(/stopped after 2 redirects/);
  });

  it('sends Range: bytes=0-0 and consumes no more than 1 byte of an object body', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/big'), range: true });
    expect(r.status).toBe(200);
    expect(r.bytesRead).toBeLessThanOrEqual(1);
    expect(r.body).toBeUndefined();
    expect(hits[before]?.headers.range).toBe('bytes=0-0');
    const res = bigResponses.at(-1)!;
    // The client hung up: the server never finished writing the 256 MiB body.
    await new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('close', () => resolve())));
    expect(res.writableFinished).toBe(false);
  });

  it('reads no byte of a website error page (it is an object), taking the code from headers', async () => {
    const r = await anonRequest(ctx(), { method: 'GET', url: url('/site-error'), range: true, website: true });
    expect(r.status).toBe(404);
    expect(r.code).toBe('NoSuchKey');
    expect(r.bytesRead).toBe(0);
    expect(r.body).toBeUndefined();
  });

  it('honours Retry-After within the bound, and gives up when it exceeds the bound', async () => {
    const before = hits.length;
    const r = await anonRequest(ctx({ maxRetryAfterMs: 2_000 }), { method: 'GET', url: url('/throttle') });
    expect(r.status).toBe(200);
    expect(hits.slice(before).map((h) => h.url)).toEqual(['/throttle', '/throttle']);
    const before2 = hits.length;
    const r2 = await anonRequest(ctx({ maxRetryAfterMs: 2_000 }), { method: 'GET', url: url('/throttle-long') });
    expect(r2.status).toBe(429);
    expect(r2.errorKind).toBe('throttled');
    expect(hits.length - before2).toBe(1);
  });

  it('turns a timeout and a reset into error values', async () => {
    const r = await anonRequest(ctx({ timeoutMs: 300 }), { method: 'GET', url: url('/hang') });
    expect(r.status).toBeUndefined();
    expect(r.errorKind).toBe('timeout');
    const r2 = await anonRequest(ctx(), { method: 'GET', url: url('/reset') });
    expect(r2.status).toBeUndefined();
    expect(r2.error).toBeTruthy();
  });

  it('collects error codes and request ids of the three providers', async () => {
    const s3 = await anonRequest(ctx(), { method: 'GET', url: url('/s3err') });
    expect([s3.status, s3.code, s3.requestId]).toEqual([403, 'AccessDenied', 'REQ123']);
    const gcs = await anonRequest(ctx(), { method: 'GET', url: url('/gcserr') });
    expect([gcs.status, gcs.code, gcs.requestId]).toEqual([401, 'required', 'UP1']);
    const az = await anonRequest(ctx(), { method: 'HEAD', url: url('/azerr') });
    expect([az.status, az.code, az.requestId]).toEqual([404, 'ResourceNotFound', 'AZ1']);
  });
});
