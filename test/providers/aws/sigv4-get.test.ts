import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { GetSigner, type GetToSign, NodeSha256 } from '../../../providers/aws/sigv4-get.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const EXAMPLE: AwsCredentialIdentity = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** What the SDK's own signer makes of the same request (the lean reader used it until the signer was made lean). */
async function sdkSigned(creds: AwsCredentialIdentity, req: GetToSign, region: string, date: Date) {
  const signer = new SignatureV4({ credentials: creds, region, service: 's3', sha256: NodeSha256, uriEscapePath: false });
  const [hostname = '', port] = (req.headers.host ?? '').split(':');
  const signed = await signer.sign(
    { method: 'GET', protocol: 'https:', hostname, ...(port ? { port: Number(port) } : {}), ...req },
    { signingDate: date },
  );
  return signed.headers;
}

describe('GetSigner: SigV4 for the lean reader, from the SDK signer parts', () => {
  it("AWS's documented example (GET Object, us-east-1, 2013-05-24): the documented signature", async () => {
    const headers = await new GetSigner(async () => EXAMPLE, NodeSha256).sign(
      {
        path: '/test.txt',
        query: {},
        headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      'us-east-1',
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  const subresources = ['policy', 'policyStatus', 'acl', 'publicAccessBlock', 'ownershipControls', 'website', 'requestPayment'];
  const cases: { name: string; creds: AwsCredentialIdentity; req: GetToSign; region: string; date: Date }[] = [];
  for (const [i, sub] of subresources.entries()) {
    cases.push({
      name: `path-style ${sub} on a custom endpoint with a port`,
      creds: EXAMPLE,
      req: {
        path: `/bucket-${i}.example`,
        query: { [sub]: '' },
        headers: { host: '127.0.0.1:7480', 'x-amz-content-sha256': EMPTY_SHA256 },
      },
      region: 'us-east-1',
      date: new Date(Date.UTC(2026, 10, 21, 23, 59, 59, 999)),
    });
    cases.push({
      name: `virtual-hosted ${sub}, session token, expected owner, eu-west-1`,
      creds: { ...EXAMPLE, sessionToken: `FwoGZXIvYXdzE${i}//token+with/slashes=` },
      req: {
        path: '/',
        query: { [sub]: '' },
        headers: {
          host: `bucket-${i}.s3.eu-west-1.amazonaws.com`,
          'x-amz-content-sha256': EMPTY_SHA256,
          'x-amz-expected-bucket-owner': '123456789012',
        },
      },
      region: 'eu-west-1',
      date: new Date(Date.UTC(2027, 0, 1, 0, 0, i)),
    });
  }
  cases.push({
    name: 'GovCloud, with the user-agent the reader sends (never signed)',
    creds: EXAMPLE,
    req: {
      path: '/',
      query: { policyStatus: '' },
      headers: {
        host: 'b.s3.us-gov-west-1.amazonaws.com',
        'user-agent': 'bucketaudit (read-only S3 configuration reads)',
        'x-amz-content-sha256': EMPTY_SHA256,
      },
    },
    region: 'us-gov-west-1',
    date: new Date(Date.UTC(2026, 5, 30, 23, 59, 59)),
  });
  cases.push({
    name: 'China partition, a header value with runs of spaces (canonicalized)',
    creds: EXAMPLE,
    req: {
      path: '/',
      query: { acl: '' },
      headers: { host: 'b.s3.cn-north-1.amazonaws.com.cn', 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-meta-note': '  a   b ' },
    },
    region: 'cn-north-1',
    date: new Date(Date.UTC(2026, 1, 28, 12, 0, 0)),
  });

  cases.push({
    name: 'a signed header with spaces and a tab to canonicalize (the SDK function, not the plain path)',
    creds: { ...EXAMPLE, sessionToken: 'token' },
    req: {
      path: '/',
      query: { website: '' },
      headers: {
        host: 'b.s3.us-east-1.amazonaws.com',
        'x-amz-content-sha256': EMPTY_SHA256,
        'x-amz-expected-bucket-owner': ' 1234 \t 5678  ',
      },
    },
    region: 'us-east-1',
    date: new Date(Date.UTC(2026, 10, 22, 2, 0, 0)),
  });

  it.each(cases)('$name: the same headers as SignatureV4.sign', async ({ creds, req, region, date }) => {
    const mine = await new GetSigner(async () => creds, NodeSha256).sign(req, region, date);
    const sdk = await sdkSigned(creds, req, region, date);
    expect(mine).toEqual(sdk);
  });

  it('the signing key is derived once per credentials, day and region; new credentials sign with their own key', async () => {
    let creds: AwsCredentialIdentity = EXAMPLE;
    const signer = new GetSigner(async () => creds, NodeSha256);
    const req = cases[0]?.req as GetToSign;
    const day = new Date(Date.UTC(2026, 10, 21, 10));
    const a = await signer.sign(req, 'us-east-1', day);
    expect(await signer.sign(req, 'us-east-1', day)).toEqual(a);
    creds = { accessKeyId: 'AKIDROTATED', secretAccessKey: 'another/secret' };
    const b = await signer.sign(req, 'us-east-1', day);
    expect(b.authorization).not.toBe(a.authorization);
    expect(b).toEqual(await sdkSigned(creds, req, 'us-east-1', day));
    // the next day, and another region
    const next = new Date(Date.UTC(2026, 10, 22, 0, 0, 1));
    expect(await signer.sign(req, 'eu-west-1', next)).toEqual(await sdkSigned(creds, req, 'eu-west-1', next));
  });

  it('one signer over a scan: the same headers as the SDK for every request, across seconds and midnight UTC', async () => {
    const creds = { ...EXAMPLE, sessionToken: 'session/token=' };
    const signer = new GetSigner(async () => creds, NodeSha256);
    const start = Date.UTC(2026, 10, 21, 23, 59, 58, 400);
    let n = 0;
    for (let ms = 0; ms < 4_000; ms += 350) {
      const date = new Date(start + ms);
      for (const c of cases.slice(0, 4)) {
        const region = c.region;
        expect(await signer.sign(c.req, region, date)).toEqual(await sdkSigned(creds, c.req, region, date));
        n += 1;
      }
    }
    expect(n).toBe(48);
  });

  it('a credentials object whose secret changes in place signs with the new secret', async () => {
    const creds = { accessKeyId: 'AKIDMUTABLE', secretAccessKey: 'first/secret' };
    const signer = new GetSigner(async () => creds, NodeSha256);
    const req = cases[0]?.req as GetToSign;
    const day = new Date(Date.UTC(2026, 10, 21, 10));
    expect(await signer.sign(req, 'us-east-1', day)).toEqual(await sdkSigned({ ...creds }, req, 'us-east-1', day));
    creds.secretAccessKey = 'second/secret';
    expect(await signer.sign(req, 'us-east-1', day)).toEqual(await sdkSigned({ ...creds }, req, 'us-east-1', day));
  });

  it('a session token renewed in place (same keys) signs with the new token', async () => {
    const creds = { accessKeyId: EXAMPLE.accessKeyId, secretAccessKey: EXAMPLE.secretAccessKey, sessionToken: 'first-token' };
    const signer = new GetSigner(async () => creds, NodeSha256);
    const req = cases[0]?.req as GetToSign;
    const day = new Date(Date.UTC(2026, 10, 22, 3));
    expect(await signer.sign(req, 'us-east-1', day)).toEqual(await sdkSigned({ ...creds }, req, 'us-east-1', day));
    creds.sessionToken = 'second-token';
    expect(await signer.sign(req, 'us-east-1', day)).toEqual(await sdkSigned({ ...creds }, req, 'us-east-1', day));
  });

  it('derives a signing key once per credentials, day and region', async () => {
    let derivations = 0;
    const secret = 'counted/secret';
    // getSigningKey starts every derivation with an HMAC keyed by the secret itself
    class Counting extends NodeSha256 {
      constructor(key?: Parameters<typeof NodeSha256.prototype.update>[0]) {
        super(key);
        if (key === secret) derivations += 1;
      }
    }
    const signer = new GetSigner(async () => ({ accessKeyId: 'AKIDCOUNT', secretAccessKey: secret }), Counting);
    const req = cases[0]?.req as GetToSign;
    const day = new Date(Date.UTC(2026, 10, 21, 10));
    for (let i = 0; i < 20; i++) await signer.sign(req, 'us-east-1', new Date(day.getTime() + i * 1000));
    expect(derivations).toBe(1);
    await signer.sign(req, 'eu-west-1', day);
    await signer.sign(req, 'us-east-1', new Date(Date.UTC(2026, 10, 22, 0, 0, 1)));
    expect(derivations).toBe(3);
  });

  it('refuses what it cannot sign: invalid credentials, no payload hash header', async () => {
    const req = cases[0]?.req as GetToSign;
    await expect(
      new GetSigner(async () => ({ accessKeyId: 1 }) as unknown as AwsCredentialIdentity, NodeSha256).sign(req, 'us-east-1'),
    ).rejects.toThrow('Resolved credential object is not valid');
    await expect(
      new GetSigner(async () => EXAMPLE, NodeSha256).sign({ ...req, headers: { host: 'h' } }, 'us-east-1'),
    ).rejects.toThrow('x-amz-content-sha256');
  });
});
