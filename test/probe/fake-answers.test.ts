import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAzure } from '../../src/probe/azure.js';
import { probeGcs } from '../../src/probe/gcs.js';
import { probeS3 } from '../../src/probe/s3.js';
import { sweep } from '../../src/probe/sweep.js';
import { parseTarget } from '../../src/probe/targets.js';
import { createScheduler } from '../../src/scheduler/index.js';

/**
 * A scripted server standing in for each provider (through the override endpoints), for answers the local
 * servers never give: 5xx, throttles without Retry-After, proxies and captive pages.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => void res.end();
let server: Server;
let origin: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  origin = await new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  for (const h of seen) {
    expect(h.headers.authorization).toBeUndefined();
    expect(h.headers.cookie).toBeUndefined();
    expect(['GET', 'HEAD']).toContain(h.method);
  }
});

const common = () => ({ scheduler: createScheduler({ concurrency: 4, requestTimeoutMs: 10_000 }), timeoutMs: 3_000 });

function answer(status: number, headers: Record<string, string>, body = ''): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

const s3Xml = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>m</Message></Error>`;
const gcsJson = (code: number, reason: string) => JSON.stringify({ error: { code, message: 'm', errors: [{ reason }] } });

describe('server errors and throttles are inconclusive errors, never "not confirmed"', () => {
  const cases: { name: string; status: number; headers: Record<string, string>; body: string }[] = [
    {
      name: 'S3-style 503 SlowDown without Retry-After',
      status: 503,
      headers: { 'content-type': 'application/xml' },
      body: s3Xml('SlowDown'),
    },
    { name: '500 InternalError', status: 500, headers: { 'content-type': 'application/xml' }, body: s3Xml('InternalError') },
    { name: '429 without Retry-After', status: 429, headers: {}, body: '' },
    { name: '502 from a proxy (HTML)', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' },
  ];
  for (const c of cases) {
    it(`S3: ${c.name}`, async () => {
      handler = answer(c.status, c.headers, c.body);
      const r = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` });
      expect(r.status).toBe('error');
      expect(r.error).toMatch(new RegExp(String(c.status)));
      expect(r.listable).toBeUndefined();
      expect(r.observations.every((o) => o.outcome === 'error')).toBe(true);
    });
    it(`GCS: ${c.name}`, async () => {
      handler = answer(c.status, { 'content-type': 'application/json' }, gcsJson(c.status, 'backendError'));
      const r = await probeGcs('fa-bucket', { ...common(), endpoint: origin });
      expect(r.status).toBe('error');
      expect(r.listable).toBeUndefined();
    });
    it(`Azure: ${c.name}`, async () => {
      handler = answer(c.status, { 'x-ms-error-code': 'ServerBusy' });
      const r = await probeAzure(
        { account: 'devstoreaccount1', container: 'fa-cont' },
        { ...common(), blobEndpoint: `${origin}/devstoreaccount1` },
      );
      expect(r.status).toBe('error');
      expect(r.listable).toBeUndefined();
    });
  }

  it('a denial next to a server error is still an error (one check could not be settled)', async () => {
    handler = (req, res) => {
      if (req.method === 'HEAD') return answer(403, { 'x-amz-request-id': 'r' })(req, res);
      if ((req.url ?? '').includes('list-type'))
        return answer(503, { 'content-type': 'application/xml' }, s3Xml('SlowDown'))(req, res);
      return answer(403, { 'content-type': 'application/xml' }, s3Xml('AccessDenied'))(req, res);
    };
    const r = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` });
    expect(r.status).toBe('error');
    expect(r.listable).toBeUndefined();
    expect(r.observations.find((o) => o.check === 'list')?.outcome).toBe('error');
  });
});

describe('Azure --azure-blob-endpoint serves one account', () => {
  it("never probes another account's container there, nor reports that answer as this account's exposure", async () => {
    handler = answer(
      200,
      { 'content-type': 'application/xml', 'x-ms-request-id': 'r' },
      '<?xml version="1.0"?><EnumerationResults><Blobs><Blob><Name>a.txt</Name></Blob></Blobs></EnumerationResults>',
    );
    const before = seen.length;
    const cfg = { ...common(), blobEndpoint: `${origin}/devstoreaccount1` };
    const r = await probeAzure({ account: 'victimacct', container: 'public' }, cfg);
    expect(r.status).toBe('skipped');
    expect(r.capabilities).toEqual([]);
    expect(r.error).toMatch(/victimacct is not served by --azure-blob-endpoint/);
    expect(seen.length).toBe(before);
    // Through the probe command's sweep too.
    const [t] = await sweep([parseTarget('az://victimacct/public')], {
      ...cfg,
      azureBlobEndpoint: cfg.blobEndpoint,
      concurrency: 2,
    });
    expect(t?.result.status).toBe('skipped');
    expect(t?.severity).toBeUndefined();
    expect(seen.length).toBe(before);
    // The account the endpoint serves is probed.
    const ok = await probeAzure({ account: 'devstoreaccount1', container: 'public' }, cfg);
    expect(ok.status).toBe('confirmed');
  });
});

describe('a 200 that is not the provider answering is never confirmed exposure', () => {
  const LOGIN = '<html><body><form action="/login">Sign in to the Wi-Fi</form></body></html>';
  const captive: Handler = answer(200, { 'content-type': 'text/html' }, LOGIN);
  const captiveJson: Handler = answer(200, { 'content-type': 'application/json' }, '{}');

  it('S3: a captive page answering every request 200 (read, ?acl, ?policy, website)', async () => {
    handler = captive;
    const r = await probeS3(
      'fa-bucket',
      { ...common(), endpoint: `${origin}/`, websiteEndpoint: `${origin}/` },
      { key: 'secret.txt' },
    );
    expect(r.capabilities).toEqual([]);
    expect(r.status).toBe('error');
    expect([r.readable, r.website]).toEqual([undefined, undefined]);
    for (const c of ['read', 'acl', 'policy', 'website'])
      expect(r.observations.find((o) => o.check === c)?.outcome, c).toBe('error');
  });

  it('S3: the same requests answered by S3 (x-amz-request-id) are confirmed', async () => {
    handler = (req, res) => {
      if ((req.url ?? '').includes('list-type'))
        return answer(403, { 'x-amz-request-id': 'r', 'content-type': 'application/xml' }, s3Xml('AccessDenied'))(req, res);
      return answer(200, { 'x-amz-request-id': 'r' })(req, res);
    };
    const r = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/`, websiteEndpoint: `${origin}/` }, { key: 'k' });
    expect(r.status).toBe('confirmed');
    expect(r.capabilities.sort()).toEqual(['READ', 'READ_ACP']);
    expect([r.readable, r.website]).toEqual([true, true]);
  });

  it('GCS: a captive page (HTML) or a stray JSON document is not testIamPermissions, a listing or a read', async () => {
    for (const h of [captive, captiveJson, answer(200, { 'content-type': 'application/json' }, '[]')]) {
      handler = h;
      const r = await probeGcs('fa-bucket', { ...common(), endpoint: origin }, { key: 'k' });
      expect(r.capabilities).toEqual([]);
      expect(r.status).toBe('error');
      expect(r.exists).toBeUndefined();
      expect(r.observations.find((o) => o.check === 'testIamPermissions')?.outcome).toBe('error');
      expect(r.observations.find((o) => o.check === 'read')?.outcome).toBe('error');
    }
  });

  it('GCS: an empty bucket listing is still LIST', async () => {
    handler = (req, res) => {
      const u = req.url ?? '';
      if (u.includes('/iam/testPermissions'))
        return answer(
          200,
          { 'content-type': 'application/json' },
          JSON.stringify({ kind: 'storage#testIamPermissionsResponse' }),
        )(req, res);
      return answer(200, { 'content-type': 'application/json' }, JSON.stringify({ kind: 'storage#objects' }))(req, res);
    };
    const r = await probeGcs('fa-bucket', { ...common(), endpoint: origin });
    expect(r.status).toBe('confirmed');
    expect(r.capabilities).toEqual(['LIST']);
    expect(r.objectCount).toBe(0);
  });

  it('Azure: a captive page answering 200 is not container metadata, a blob read or a website', async () => {
    handler = captive;
    const r = await probeAzure(
      { account: 'devstoreaccount1', container: 'fa-cont', webUrl: `${origin}/` },
      { ...common(), blobEndpoint: `${origin}/devstoreaccount1` },
      { key: 'k' },
    );
    expect(r.capabilities).toEqual([]);
    expect(r.status).toBe('error');
    for (const c of ['container-properties', 'read', 'website'])
      expect(r.observations.find((o) => o.check === c)?.outcome, c).toBe('error');
  });
});

describe('a 403 that is not the provider answering is never "not public"', () => {
  const block: Handler = answer(403, { 'content-type': 'text/html' }, '<html>Blocked by your proxy</html>');
  it('S3, GCS and Azure: a proxy refusing every request leaves each check an error, not a denial (a pass)', async () => {
    handler = block;
    const s3 = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` }, { key: 'k' });
    const gcs = await probeGcs('fa-bucket', { ...common(), endpoint: origin }, { key: 'k' });
    const az = await probeAzure(
      { account: 'devstoreaccount1', container: 'fa-cont' },
      { ...common(), blobEndpoint: `${origin}/devstoreaccount1` },
      { key: 'k' },
    );
    for (const [name, r] of Object.entries({ s3, gcs, az })) {
      expect(r.status, name).toBe('error');
      expect(r.listable, name).toBeUndefined();
      expect(r.readable, name).toBeUndefined();
      expect(
        r.observations.filter((o) => o.outcome === 'denied'),
        name,
      ).toEqual([]);
    }
  });

  it("the same 403 with the provider's headers is a denial: not confirmed", async () => {
    handler = answer(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'R1' }, s3Xml('AccessDenied'));
    const r = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` }, { key: 'k' });
    expect(r.status).toBe('not-confirmed');
    expect(r.listable).toBe(false);
    expect(r.readable).toBe(false);
  });
});

describe('"no such bucket" only when the provider says so', () => {
  it('S3 and GCS: a 404 from something that is not the provider (wrong endpoint, proxy) is an error, not a missing bucket', async () => {
    handler = answer(404, { 'content-type': 'text/html' }, '<html>Not Found</html>');
    const s3 = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` });
    expect(s3.exists).toBeUndefined();
    expect(s3.status).toBe('error');
    const gcs = await probeGcs('fa-bucket', { ...common(), endpoint: origin });
    expect(gcs.exists).toBeUndefined();
    expect(gcs.status).toBe('error');
  });

  it('S3 and GCS: their own 404 is a missing bucket', async () => {
    handler = answer(404, { 'x-amz-request-id': 'r', 'x-guploader-uploadid': 'u' });
    const s3 = await probeS3('fa-bucket', { ...common(), endpoint: `${origin}/` });
    expect([s3.exists, s3.status]).toEqual([false, 'not-confirmed']);
    const gcs = await probeGcs('fa-bucket', { ...common(), endpoint: origin });
    expect([gcs.exists, gcs.status]).toEqual([false, 'not-confirmed']);
  });
});
