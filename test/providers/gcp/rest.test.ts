import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_REUSE_MS, createGcpRest, GcpRestError, reusedHeaders } from '../../../providers/gcp/rest.js';
import { classifyError, retryAfterMs, statusOf } from '../../../src/scheduler/index.js';

describe('reusedHeaders', () => {
  it('asks the auth library once per period, and again after it (the library refreshes tokens itself)', async () => {
    let t = 0;
    let asked = 0;
    const h = reusedHeaders(
      async () => ({ authorization: `Bearer t${++asked}` }),
      1000,
      () => t,
    );
    expect(await h()).toEqual({ authorization: 'Bearer t1' });
    t = 999;
    expect(await h()).toEqual({ authorization: 'Bearer t1' });
    t = 1000;
    expect(await h()).toEqual({ authorization: 'Bearer t2' });
    expect(asked).toBe(2);
  });

  it('concurrent first callers share one request; a failure is not kept', async () => {
    let asked = 0;
    let fail = true;
    const h = reusedHeaders(
      async () => {
        asked += 1;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('metadata server unreachable');
        return { authorization: 'Bearer ok' };
      },
      60_000,
      () => 0,
    );
    const first = await Promise.allSettled([h(), h(), h()]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(asked).toBe(1);
    fail = false;
    expect(await h()).toEqual({ authorization: 'Bearer ok' });
    expect(asked).toBe(2);
  });
});

describe('createGcpRest against a loopback server', () => {
  let srv: Server;
  let base = '';
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  beforeAll(async () => {
    srv = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/ok') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"b","n":1}');
      if (path === '/empty') return void res.writeHead(204).end();
      if (path === '/html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>portal</html>');
      if (path === '/gone')
        return void res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"code":404,"message":"The specified bucket does not exist.","errors":[{"reason":"notFound"}]}}');
      if (path === '/slow')
        return void res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
          .end('{"error":{"code":429,"message":"rate","errors":[{"reason":"rateLimitExceeded"}]}}');
      if (path === '/proxy') return void res.writeHead(502).end('Bad Gateway');
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => srv.close(() => r())));

  const signal = new AbortController().signal;

  it('sends the bearer token and Accept: application/json, and returns the parsed body', async () => {
    const rest = createGcpRest({ token: 'test-owner' });
    try {
      expect(await rest.get(`${base}/ok?projection=full`, signal)).toEqual({ name: 'b', n: 1 });
      expect(await rest.get(`${base}/empty`, signal)).toEqual({});
      const last = seen.at(-1)!;
      expect(last.headers.authorization).toBe('Bearer test-owner');
      expect(last.headers.accept).toBe('application/json');
    } finally {
      rest.close();
    }
  });

  it('errors carry the status, the reason and the headers, as the scheduler reads them', async () => {
    const rest = createGcpRest({ token: 'x' });
    try {
      const gone = await rest.get(`${base}/gone`, signal).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(GcpRestError);
      expect(statusOf(gone)).toBe(404);
      expect((gone as GcpRestError).errors[0]?.reason).toBe('notFound');
      expect((gone as GcpRestError).message).toBe('The specified bucket does not exist.');
      expect(classifyError(gone)).toBe('fatal');

      const slow = await rest.get(`${base}/slow`, signal).catch((e: unknown) => e);
      expect(classifyError(slow)).toBe('throttle');
      expect(retryAfterMs(slow)).toBe(3000);

      const proxy = await rest.get(`${base}/proxy`, signal).catch((e: unknown) => e);
      expect(statusOf(proxy)).toBe(502);
      expect(classifyError(proxy)).toBe('transient');
    } finally {
      rest.close();
    }
  });

  it('a 2xx answer that is not JSON is an error, not an empty (private-looking) resource', async () => {
    const rest = createGcpRest({ token: 'x' });
    try {
      await expect(rest.get(`${base}/html`, signal)).rejects.toThrow(/not JSON/);
    } finally {
      rest.close();
    }
  });

  it('a long scan sends the refreshed token: headers are asked for again after AUTH_REUSE_MS', async () => {
    let t = 0;
    let token = 'ya29.first';
    const rest = createGcpRest({ auth: async () => ({ authorization: `Bearer ${token}` }), now: () => t });
    try {
      await rest.get(`${base}/ok`, signal);
      expect(seen.at(-1)!.headers.authorization).toBe('Bearer ya29.first');
      token = 'ya29.second'; // the library refreshed it (an access token lives an hour at most)
      t = AUTH_REUSE_MS - 1;
      await rest.get(`${base}/ok`, signal);
      expect(seen.at(-1)!.headers.authorization).toBe('Bearer ya29.first');
      t = AUTH_REUSE_MS;
      await rest.get(`${base}/ok`, signal);
      expect(seen.at(-1)!.headers.authorization).toBe('Bearer ya29.second');
    } finally {
      rest.close();
    }
  });

  it('an aborted signal rejects the request', async () => {
    const rest = createGcpRest({ token: 'x' });
    try {
      const ac = new AbortController();
      ac.abort(new Error('stop'));
      await expect(rest.get(`${base}/ok`, ac.signal)).rejects.toThrow();
    } finally {
      rest.close();
    }
  });
});
