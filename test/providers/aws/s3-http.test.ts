import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { type ReplayServer, type Route, startReplayServer } from '../../../mocks/aws/replay-server.js';
import { BUCKET_COMMANDS, type BucketOp, type BucketReader } from '../../../providers/aws/bucket-reader.js';
import { createClients } from '../../../providers/aws/clients.js';
import { classifyError } from '../../../providers/aws/errors.js';
import { httpServes, memoCredentials, parseBucketOutput } from '../../../providers/aws/s3-http.js';
import { s3BucketTarget as requestTarget } from '../../../src/endpoints/aws.js';
import { retryAfterMs, classifyError as schedulerClass } from '../../../src/scheduler/index.js';

const OPS = Object.keys(BUCKET_COMMANDS) as BucketOp[];
const KEYS = { accessKeyId: 'AKIDHTTP', secretAccessKey: 'http-secret' };
const XMLH = { 'content-type': 'application/xml' };
const raw = (status: number, body: string, headers: Record<string, string> = XMLH): fx.ReplayResponse => ({
  status,
  headers,
  body,
});

/** What a read came to, comparable across the two clients: the output (SDK metadata dropped) or the error's meaning. */
async function outcome(reader: BucketReader, op: BucketOp, bucket: string, region = 'us-east-1') {
  try {
    const v = (await reader.read(
      op,
      { Bucket: bucket, ExpectedBucketOwner: '111122223333' },
      region,
      new AbortController().signal,
    )) as Record<string, unknown>;
    const { $metadata: _m, ...rest } = v;
    return { ok: JSON.parse(JSON.stringify(rest)) as unknown };
  } catch (err) {
    const c = classifyError(err, { operation: op, service: 's3' });
    return {
      error: (err as Error).name,
      status: (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
      meaning: c.kind === 'unknown' ? c.unknown.reason : c.kind,
      retry: schedulerClass(err),
      retryAfter: retryAfterMs(err),
    };
  }
}

/** Answers every bucket read of bucket "b" with the same canned response (per case). */
const CASES: [string, Partial<Record<BucketOp, Route>> | Route][] = [
  [
    'configured bucket (recorded AWS shapes)',
    {
      GetBucketPolicy: fx.bucketPolicy({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }],
      }),
      GetBucketPolicyStatus: fx.policyStatus(true),
      GetBucketAcl: fx.bucketAcl('c0ffee', [
        { group: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
        { id: 'beef', permission: 'WRITE_ACP' },
      ]),
      GetPublicAccessBlock: fx.bucketPab({
        BlockPublicAcls: true,
        IgnorePublicAcls: false,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: false,
      }),
      GetBucketOwnershipControls: fx.ownershipControls('BucketOwnerPreferred'),
      GetBucketWebsite: fx.website('index.html'),
      GetBucketRequestPayment: fx.requestPayment('Requester'),
    },
  ],
  [
    'hand-written shapes: e-mail grantee, escaped text, redirect-all website, partial BPA, two ownership rules',
    {
      GetBucketAcl: raw(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>c0ffee</ID><DisplayName>R&amp;D &lt;ops&gt;</DisplayName></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="AmazonCustomerByEmail"><EmailAddress>a@example.com</EmailAddress></Grantee><Permission>READ</Permission></Grant><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AuthenticatedUsers</URI></Grantee><Permission>WRITE</Permission></Grant></AccessControlList></AccessControlPolicy>`,
      ),
      GetBucketWebsite: raw(
        200,
        '<?xml version="1.0" encoding="UTF-8"?><WebsiteConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><RedirectAllRequestsTo><HostName>example.com</HostName><Protocol>https</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>',
      ),
      GetPublicAccessBlock: raw(
        200,
        '<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>',
      ),
      GetBucketOwnershipControls: raw(
        200,
        '<?xml version="1.0" encoding="UTF-8"?><OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
      ),
      GetBucketPolicyStatus: fx.policyStatus(false),
      GetBucketRequestPayment: fx.requestPayment('BucketOwner'),
      GetBucketPolicy: raw(200, '{"Version":"2012-10-17","Statement":[]}', { 'content-type': 'application/json' }),
    },
  ],
  [
    'documented "not configured" answers',
    {
      GetBucketPolicy: fx.S3_ERRORS.noSuchBucketPolicy(),
      GetBucketPolicyStatus: fx.S3_ERRORS.noSuchBucketPolicy(),
      GetPublicAccessBlock: fx.S3_ERRORS.noSuchPab(),
      GetBucketOwnershipControls: fx.S3_ERRORS.noOwnership(),
      GetBucketWebsite: fx.S3_ERRORS.noWebsite(),
      GetBucketAcl: fx.S3_ERRORS.noSuchBucket(),
      GetBucketRequestPayment: fx.S3_ERRORS.noSuchBucket(),
    },
  ],
  ['AccessDenied', fx.S3_ERRORS.accessDenied()],
  ['SlowDown with Retry-After', { ...fx.S3_ERRORS.slowDown(), headers: { ...XMLH, 'retry-after': '2' } }],
  ['500 InternalError', fx.s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.')],
  [
    '501 NotImplemented',
    fx.s3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented'),
  ],
  ['empty 404', raw(404, '')],
  ['empty 403', raw(403, '')],
  ['HTML 502 from a proxy', raw(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' })],
  ['empty 200', raw(200, '')],
];

describe('S3 HTTP reader (lean client) against recorded AWS answers: the same outputs and error meanings as the SDK', () => {
  let srv: ReplayServer;
  let http: BucketReader;
  let sdk: BucketReader;
  beforeAll(async () => {
    srv = await startReplayServer({});
    const settings = { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 4 };
    http = createClients(KEYS, { ...settings, s3Client: 'http' }).buckets;
    sdk = createClients(KEYS, { ...settings, s3Client: 'sdk' }).buckets;
  });
  afterAll(async () => {
    http.destroy();
    sdk.destroy();
    await srv.close();
  });

  it('picks the clients the settings name', () => {
    expect([http.kind, sdk.kind]).toEqual(['http', 'sdk']);
  });

  it.each(CASES)('%s', async (_name, routes) => {
    srv.routes.clear();
    for (const op of OPS) {
      const r = typeof routes === 'object' && !Array.isArray(routes) && !('status' in routes) ? routes[op] : routes;
      if (r) srv.set(op, r as Route);
    }
    for (const op of OPS) {
      srv.log.length = 0;
      const viaSdk = await outcome(sdk, op, 'b');
      const viaHttp = await outcome(http, op, 'b');
      expect(viaHttp, op).toEqual(viaSdk);
      // same request on the wire: GET, the subresource, ExpectedBucketOwner, signed for the region
      const [a, b] = srv.log;
      expect(b, op).toMatchObject({ method: 'GET', op, target: 'b', signingRegion: 'us-east-1', accessKeyId: KEYS.accessKeyId });
      expect(b?.headers['x-amz-expected-bucket-owner'], op).toBe('111122223333');
      expect(b?.path, op).toBe(a?.path);
    }
  });

  it.each(CASES)(
    '%s: fetch then decode (the split a scan uses) reads what read does; only 2xx and 404 are left for decode',
    async (_name, routes) => {
      srv.routes.clear();
      for (const op of OPS) {
        const r = typeof routes === 'object' && !Array.isArray(routes) && !('status' in routes) ? routes[op] : routes;
        if (r) srv.set(op, r as Route);
      }
      for (const reader of [http, sdk]) {
        for (const op of OPS) {
          const whole = await outcome(reader, op, 'b');
          srv.log.length = 0;
          const split = await outcome(
            {
              ...reader,
              read: async (o, q, region, signal) => reader.decode(o, await reader.fetch(o, q, region, signal)),
            },
            op,
            'b',
          );
          expect(split, `${reader.kind} ${op}`).toEqual(whole);
          // Where fetch throws, the scheduler sees the error (retries, redirects, skew); the rest it sees as answered.
          let thrown = false;
          try {
            await reader.fetch(op, { Bucket: 'b' }, 'us-east-1', new AbortController().signal);
          } catch {
            thrown = true;
          }
          const status = srv.log.at(-1)?.status ?? 0;
          const final = (status >= 200 && status < 300) || status === 404;
          expect(thrown, `${reader.kind} ${op} ${status}`).toBe(
            reader.kind === 'http' ? !final : !(status >= 200 && status < 300),
          );
        }
      }
    },
  );

  /** A ListBuckets page as each client reads it: the fields the adapter uses, or the error's meaning. */
  async function listed(reader: BucketReader, page: { max: number; token?: string }) {
    try {
      const v = await reader.listBuckets(page, 'us-east-1', new AbortController().signal);
      return {
        buckets: (v.Buckets ?? []).map((b) => [b.Name, b.BucketRegion]),
        owner: v.Owner?.ID,
        ownerName: v.Owner?.DisplayName,
        next: v.ContinuationToken,
      };
    } catch (err) {
      const c = classifyError(err, { operation: 'ListBuckets', service: 's3' });
      return { meaning: c.kind === 'unknown' ? c.unknown.reason : c.kind, retry: schedulerClass(err) };
    }
  }

  it.each([
    [
      'names, regions and owner',
      fx.listBuckets({ id: 'c0ffee', name: 'R&amp;D' }, [{ name: 'a', region: 'eu-west-1' }, { name: 'b' }]),
    ],
    ['no buckets', fx.listBuckets({ id: 'c0ffee', name: 'o' }, [])],
    [
      'a page with a continuation token',
      raw(
        200,
        '<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>x</Name><BucketRegion>us-west-2</BucketRegion></Bucket></Buckets><ContinuationToken>eyJhIjoxfQ+/=</ContinuationToken></ListAllMyBucketsResult>',
      ),
    ],
    ['AccessDenied', fx.S3_ERRORS.accessDenied()],
    ['SlowDown', fx.S3_ERRORS.slowDown()],
    ['500 InternalError', fx.s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.')],
  ])('ListBuckets, %s: the lean reader reads what the SDK reads, from the same request', async (_name, route) => {
    srv.routes.clear();
    srv.set('ListBuckets', route);
    for (const page of [{ max: 1000 }, { max: 10_000, token: 'eyJhIjoxfQ+/=' }]) {
      srv.log.length = 0;
      const viaSdk = await listed(sdk, page);
      const viaHttp = await listed(http, page);
      expect(viaHttp).toEqual(viaSdk);
      const [a, b] = srv.log;
      expect(b).toMatchObject({ method: 'GET', op: 'ListBuckets', signingRegion: 'us-east-1', accessKeyId: KEYS.accessKeyId });
      // max-buckets, and the token decoded to the same value
      expect(Object.fromEntries(b?.query ?? []), JSON.stringify(page)).toEqual(Object.fromEntries(a?.query ?? []));
    }
  });

  it('ListBuckets: a 200 answer that is no bucket list (a proxy page, an empty body) is an error, never "no buckets"', async () => {
    for (const body of ['<html><body>Welcome</body></html>', '', '<Error><Code>X</Code></Error>']) {
      srv.routes.clear();
      srv.set('ListBuckets', raw(200, body, { 'content-type': 'text/html' }));
      for (const reader of [http, sdk])
        await expect(
          reader.listBuckets({ max: 1000 }, 'us-east-1', new AbortController().signal),
          `${reader.kind}: ${body}`,
        ).rejects.toMatchObject({ name: body.startsWith('<Error') ? 'X' : 'MalformedResponse' });
    }
  });

  it('follows a 301 PermanentRedirect (x-amz-bucket-region) once, signed for the region named', async () => {
    srv.routes.clear();
    srv.set('GetBucketPolicyStatus', (r) =>
      r.signingRegion === 'eu-west-1' ? fx.policyStatus(true) : fx.S3_ERRORS.permanentRedirect('b', 'eu-west-1'),
    );
    srv.log.length = 0;
    expect(await outcome(http, 'GetBucketPolicyStatus', 'b', 'us-east-1')).toEqual({ ok: { PolicyStatus: { IsPublic: true } } });
    expect(srv.log.map((l) => [l.signingRegion, l.status])).toEqual([
      ['us-east-1', 301],
      ['eu-west-1', 200],
    ]);
    // a redirect loop is not followed twice: the second 301 is the answer
    srv.set('GetBucketPolicyStatus', fx.S3_ERRORS.permanentRedirect('b', 'eu-west-1'));
    srv.log.length = 0;
    expect(await outcome(http, 'GetBucketPolicyStatus', 'b', 'us-east-1')).toMatchObject({
      error: 'PermanentRedirect',
      status: 301,
    });
    expect(srv.log).toHaveLength(2);
  });

  it('sends the session token of temporary credentials and honours the abort signal', async () => {
    srv.routes.clear();
    srv.set('GetBucketPolicyStatus', fx.policyStatus(false));
    const temp = createClients(
      { ...KEYS, sessionToken: 'FQoGZXIvYXdzEXAMPLE' },
      { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 },
    );
    srv.log.length = 0;
    await temp.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', new AbortController().signal);
    expect(srv.log[0]?.headers['x-amz-security-token']).toBe('FQoGZXIvYXdzEXAMPLE');
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(temp.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', ac.signal)).rejects.toThrow();
    temp.destroy();
  });
});

describe('S3 HTTP reader: pure parts', () => {
  it('addresses AWS buckets virtual-hosted, dotted or upper-case names path-style, custom endpoints path-style', () => {
    expect(requestTarget('my-bucket', 'eu-west-1')).toEqual({
      protocol: 'https:',
      host: 'my-bucket.s3.eu-west-1.amazonaws.com',
      path: '/',
    });
    expect(requestTarget('my.bucket', 'us-east-1')).toEqual({
      protocol: 'https:',
      host: 's3.us-east-1.amazonaws.com',
      path: '/my.bucket/',
    });
    expect(requestTarget('Legacy_Bucket', 'us-east-1').path).toBe('/Legacy_Bucket/');
    expect(requestTarget('b', 'cn-north-1').host).toBe('s3.cn-north-1.amazonaws.com.cn');
    expect(requestTarget('logs', 'us-east-1', new URL('http://127.0.0.1:7480'))).toEqual({
      protocol: 'http:',
      host: '127.0.0.1:7480',
      path: '/logs/',
    });
    expect(requestTarget('logs', 'us-east-1', new URL('https://minio.example/s3/'))).toMatchObject({ path: '/s3/logs/' });
  });

  it('leaves the ISO partitions (other DNS suffixes) to the SDK', () => {
    expect(httpServes('us-east-1')).toBe(true);
    expect(httpServes('us-gov-west-1')).toBe(true);
    expect(httpServes('cn-northwest-1')).toBe(true);
    expect(httpServes('us-iso-east-1')).toBe(false);
    expect(httpServes('us-isob-east-1')).toBe(false);
    expect(httpServes('us-iso-east-1', 'http://127.0.0.1:9000')).toBe(true);
  });

  it('reads a malformed body as missing fields (normalize makes them unknown), never as "off"', () => {
    expect(parseBucketOutput('GetPublicAccessBlock', '')).toEqual({});
    expect(parseBucketOutput('GetBucketPolicyStatus', '<PolicyStatus><IsPublic>maybe</IsPublic></PolicyStatus>')).toEqual({
      PolicyStatus: {},
    });
    expect(() => parseBucketOutput('GetBucketAcl', '<AccessControlPolicy><Owner>')).not.toThrow(TypeError);
  });

  it('memoCredentials: asks a provider once while the credentials are fresh, again near expiry, and after a failure', async () => {
    let calls = 0;
    let expiration = new Date(Date.now() + 3_600_000);
    let fail = false;
    const m = memoCredentials(async () => {
      calls += 1;
      if (fail) throw new Error('no creds');
      return { ...KEYS, expiration };
    });
    await m();
    await m();
    expect(calls).toBe(1);
    expiration = new Date(Date.now() + 60_000); // next answer expires within the 5-minute window
    const { expiration: _e, ...rest } = await m();
    expect(rest).toEqual(KEYS);
    expect(calls).toBe(1); // still the fresh one
    fail = true;
    const m2 = memoCredentials(async () => {
      calls += 1;
      if (fail) throw new Error('no creds');
      return KEYS;
    });
    await expect(m2()).rejects.toThrow('no creds');
    fail = false;
    await expect(m2()).resolves.toEqual(KEYS);
  });
});

describe('S3 HTTP reader: clock skew, opt-in-region redirects, character references, SDK-only endpoint settings', () => {
  it('corrects a skewed clock from the Date header (one retry), and does not retry a wrong secret', async () => {
    const { createServer } = await import('node:http');
    const ahead = 3_600_000;
    let requests = 0;
    let skewMode = true;
    const server = createServer((req, res) => {
      requests += 1;
      const amz = String(req.headers['x-amz-date'] ?? '');
      const signedAt = Date.parse(amz.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      const serverNow = Date.now() + (skewMode ? ahead : 0);
      res.setHeader('date', new Date(serverNow).toUTCString());
      res.setHeader('content-type', 'application/xml');
      if (!skewMode) {
        res.statusCode = 403;
        res.end('<Error><Code>SignatureDoesNotMatch</Code><Message>wrong secret</Message></Error>');
      } else if (Math.abs(serverNow - signedAt) > 15 * 60_000) {
        res.statusCode = 403;
        res.end('<Error><Code>RequestTimeTooSkewed</Code><Message>too skewed</Message></Error>');
      } else {
        res.end('<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = createClients(KEYS, { region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, maxSockets: 2 });
    const sig = new AbortController().signal;
    try {
      expect(await c.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', sig)).toEqual({
        PolicyStatus: { IsPublic: false },
      });
      expect(requests).toBe(2); // refused once, then signed with the server's clock
      await c.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', sig);
      expect(requests).toBe(3); // the offset is kept
      skewMode = false; // server clock back to ours, now refusing the key: the clock is right, so no retry
      requests = 0;
      await expect(c.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', sig)).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
      });
      // the first refusal re-learnt a zero offset (one retry), the next one is final at once
      requests = 0;
      await expect(c.buckets.read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', sig)).rejects.toThrow();
      expect(requests).toBe(1);
    } finally {
      c.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('follows 400 IllegalLocationConstraintException naming the region (opt-in regions), as the SDK does', async () => {
    const srv = await startReplayServer({});
    const c = createClients(KEYS, { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 });
    try {
      srv.set('GetBucketPolicyStatus', (r) =>
        r.signingRegion === 'ap-east-1'
          ? fx.policyStatus(true)
          : fx.s3Error(400, 'IllegalLocationConstraintException', 'The ap-east-1 location constraint is incompatible', '', {
              'x-amz-bucket-region': 'ap-east-1',
            }),
      );
      const v = await c.buckets.read('GetBucketPolicyStatus', { Bucket: 'hk' }, 'us-east-1', new AbortController().signal);
      expect(v).toEqual({ PolicyStatus: { IsPublic: true } });
      expect(srv.log.map((l) => [l.signingRegion, l.status])).toEqual([
        ['us-east-1', 400],
        ['ap-east-1', 200],
      ]);
    } finally {
      c.destroy();
      await srv.close();
    }
  });

  it('decodes numeric character references as the SDK parser does', () => {
    const body =
      '<WebsiteConfiguration><IndexDocument><Suffix>a&#x26;b&#38;c&amp;d.html</Suffix></IndexDocument><ErrorDocument><Key>&#233;rr.html</Key></ErrorDocument></WebsiteConfiguration>';
    expect(parseBucketOutput('GetBucketWebsite', body)).toEqual({
      IndexDocument: { Suffix: 'a&b&c&d.html' },
      ErrorDocument: { Key: 'érr.html' },
    });
  });

  it('keeps the reads on the SDK when FIPS, dual-stack or endpoint URLs are configured (env or profile)', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { sdkOnlyEndpointSetting } = await import('../../../providers/aws/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'ba-awscfg-'));
    const saved = { c: process.env.AWS_CONFIG_FILE, k: process.env.AWS_SHARED_CREDENTIALS_FILE };
    writeFileSync(
      join(dir, 'config'),
      '[default]\nregion = us-east-1\n[profile gov]\nuse_fips_endpoint = true\n[profile local]\nendpoint_url = http://127.0.0.1:4566\n',
    );
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'none');
    try {
      const none = { profiles: [] as string[] };
      expect(await sdkOnlyEndpointSetting(none, {})).toBeUndefined();
      expect(await sdkOnlyEndpointSetting(none, { AWS_USE_FIPS_ENDPOINT: 'true' })).toBe('AWS_USE_FIPS_ENDPOINT');
      expect(await sdkOnlyEndpointSetting(none, { AWS_USE_FIPS_ENDPOINT: 'false' })).toBeUndefined();
      expect(await sdkOnlyEndpointSetting(none, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566' })).toBe('AWS_ENDPOINT_URL_S3');
      expect(await sdkOnlyEndpointSetting({ profiles: ['gov'] }, {})).toBe('profile gov: use_fips_endpoint');
      expect(await sdkOnlyEndpointSetting(none, { AWS_PROFILE: 'local' })).toBe('profile local: endpoint_url');
      // --aws-endpoint wins: the reads go there either way
      expect(await sdkOnlyEndpointSetting({ profiles: ['gov'], endpoint: 'http://127.0.0.1:9000' }, {})).toBeUndefined();
    } finally {
      process.env.AWS_CONFIG_FILE = saved.c;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.k;
      if (saved.c === undefined) delete process.env.AWS_CONFIG_FILE;
      if (saved.k === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('S3 HTTP reader: the answer off the wire (its own undici handler)', () => {
  /** A raw server: each request answered by `answer` on the socket's response. */
  async function rawServer(answer: (res: import('node:http').ServerResponse, path: string) => void) {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => answer(res, req.url ?? ''));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as import('node:net').AddressInfo;
    return {
      endpoint: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((r) => server.close(() => r())),
      server,
    };
  }

  it('a body in several chunks with a byte-order mark: read whole, the mark dropped', async () => {
    const srv = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/xml', date: new Date().toUTCString() });
      const xml =
        '\uFEFF<?xml version="1.0" encoding="UTF-8"?><PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls></PublicAccessBlockConfiguration>';
      const half = Math.floor(xml.length / 2);
      res.write(xml.slice(0, half));
      setTimeout(() => res.end(xml.slice(half)), 10);
    });
    const c = createClients(KEYS, { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 });
    try {
      expect(await c.buckets.read('GetPublicAccessBlock', { Bucket: 'b' }, 'us-east-1', new AbortController().signal)).toEqual({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false },
      });
    } finally {
      c.destroy();
      await srv.close();
    }
  });

  it('a connection dropped mid-answer, and an abort while the answer is awaited: errors the scheduler retries or ends on', async () => {
    const srv = await rawServer((res, path) => {
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '500' });
      res.write('<PolicyStatus>');
      if (path.includes('policyStatus')) setTimeout(() => res.socket?.destroy(), 10); // dropped mid-body
      // otherwise: never ends (the caller aborts)
    });
    const c = createClients(KEYS, { region: 'us-east-1', endpoint: srv.endpoint, maxSockets: 2 });
    try {
      const dropped = await c.buckets
        .read('GetBucketPolicyStatus', { Bucket: 'b' }, 'us-east-1', new AbortController().signal)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(dropped).toBeInstanceOf(Error);
      expect(schedulerClass(dropped)).toBe('transient');
      const ac = new AbortController();
      const pending = c.buckets.read('GetBucketWebsite', { Bucket: 'b' }, 'us-east-1', ac.signal);
      setTimeout(() => ac.abort(new Error('timed out here')), 30);
      await expect(pending).rejects.toThrow();
    } finally {
      c.destroy();
      srv.server.closeAllConnections();
      await srv.close();
    }
  });
});
