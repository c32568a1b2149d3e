import { describe, expect, it } from 'vitest';
import {
  azureAccountNameError,
  azureContainerNameError,
  encodeKeyPath,
  gcsBucketNameError,
  keyUrl,
  objectKeyError,
  s3BucketNameError,
} from '../../src/probe/names.js';
import { classifyKey, sensitiveKeys } from '../../src/probe/sensitive.js';
import { linesOf, parseTarget, parseTargets, targetId } from '../../src/probe/targets.js';

describe('N-1 S3 bucket names', () => {
  it.each([
    ['my-bucket', true],
    ['a.b.c', true],
    ['abc', true],
    ['my-ap-abcdefghijklmnopqrstuvwxyz01234-s3alias', true],
    ['ab', false],
    ['a'.repeat(64), false],
    ['My-Bucket', false],
    ['my_bucket', false],
    ['-bucket', false],
    ['bucket-', false],
    ['a..b', false],
    ['192.168.1.1', false],
    ['evil.com/x', false],
    ['b?x=1', false],
    ['b#x', false],
    ['b%2f', false],
    ['user@host', false],
    ['host:80', false],
    ['a\\b', false],
    ['a b', false],
    ['a\nb', false],
  ])('%j valid=%s', (name, ok) => {
    expect(s3BucketNameError(name) === undefined).toBe(ok);
  });
  it('legacy names only behind the flag', () => {
    expect(s3BucketNameError('Legacy_Bucket')).toMatch(/legacy/);
    expect(s3BucketNameError('Legacy_Bucket', { legacy: true })).toBeUndefined();
    expect(s3BucketNameError('Legacy/Bucket', { legacy: true })).toBeDefined();
  });
});

describe('N-2 / N-3 / N-4', () => {
  it.each([
    ['my_bucket-1', true],
    ['a.b', true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}`, true],
    [`${'a'.repeat(64)}.b`, false],
    ['goog-bucket', false],
    ['my-google-bucket', false],
    ['10.0.0.1', false],
    ['Upper', false],
    ['_start', false],
    ['a..b', false],
  ])('GCS %j valid=%s', (name, ok) => {
    expect(gcsBucketNameError(name) === undefined).toBe(ok);
  });
  it('Azure accounts and containers', () => {
    expect(azureAccountNameError('devstoreaccount1')).toBeUndefined();
    expect(azureAccountNameError('Dev')).toBeDefined();
    expect(azureAccountNameError('a'.repeat(25))).toBeDefined();
    expect(azureAccountNameError('evil.com')).toBeDefined();
    for (const ok of ['$web', '$root', '$logs', 'abc', 'a-b-c']) expect(azureContainerNameError(ok)).toBeUndefined();
    for (const bad of ['ab', 'a--b', '-ab', 'ab-', 'AB', '$other', 'a/b']) expect(azureContainerNameError(bad)).toBeDefined();
  });
  it('object keys are encoded per segment and cannot escape the bucket', () => {
    expect(objectKeyError('a\u0000b')).toBeDefined();
    expect(objectKeyError('x'.repeat(1025))).toBeDefined();
    expect(encodeKeyPath('dir/a b?#.txt')).toBe('dir/a%20b%3F%23.txt');
    const base = new URL('http://127.0.0.1:1/bucket/');
    // WHATWG URL normalises %2E%2E as "..": such keys are rejected, never sent outside the bucket.
    expect(() => keyUrl(base, '../../other/x')).toThrow(/dot segments/);
    expect(() => keyUrl(base, 'a/../b')).toThrow(/dot segments/);
    expect(keyUrl(base, 'a/..b/c.').pathname).toBe('/bucket/a/..b/c.');
    expect(keyUrl(base, '/abs').pathname).toBe('/bucket//abs');
  });
});

describe('targets', () => {
  it.each([
    ['s3://my-bucket', 's3://my-bucket', undefined],
    ['s3://my-bucket/dir/key.txt', 's3://my-bucket', 'dir/key.txt'],
    ['gs://my-bucket', 'gs://my-bucket', undefined],
    ['az://acct1/container-a', 'az://acct1/container-a', undefined],
    ['az://acct1/container-a/x/y.bin', 'az://acct1/container-a', 'x/y.bin'],
    ['https://my-bucket.s3.amazonaws.com/', 's3://my-bucket', undefined],
    ['https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b', 's3://my-bucket', 'a b'],
    ['https://my.dotted.bucket.s3.dualstack.us-east-1.amazonaws.com/', 's3://my.dotted.bucket', undefined],
    ['https://s3.amazonaws.com/my.bucket/k', 's3://my.bucket', 'k'],
    ['https://s3.us-west-2.amazonaws.com/my-bucket', 's3://my-bucket', undefined],
    ['https://bkt1.s3-us-west-2.amazonaws.com', 's3://bkt1', undefined],
    ['http://site1.s3-website-us-east-1.amazonaws.com/', 's3://site1', undefined],
    ['https://bkt2.s3.cn-north-1.amazonaws.com.cn/', 's3://bkt2', undefined],
    ['https://storage.googleapis.com/gbucket/o/k', 'gs://gbucket', 'o/k'],
    ['https://gbucket.storage.googleapis.com/', 'gs://gbucket', undefined],
    ['https://storage.googleapis.com/storage/v1/b/gbucket/o/a%2Fb', 'gs://gbucket', 'a/b'],
    ['https://storage.cloud.google.com/gbucket/x', 'gs://gbucket', 'x'],
    ['https://acct1.blob.core.windows.net/cont1/blob.txt', 'az://acct1/cont1', 'blob.txt'],
    ['https://acct1.blob.core.usgovcloudapi.net/cont1', 'az://acct1/cont1', undefined],
    ['https://acct1.z13.web.core.windows.net/', 'az://acct1/$web', undefined],
  ])('%s', (input, id, key) => {
    const t = parseTarget(input);
    expect(targetId(t)).toBe(id);
    expect(t.key).toBe(key);
  });
  it('sovereign and web endpoints keep their hosts', () => {
    const g = parseTarget('https://acct1.blob.core.usgovcloudapi.net/cont1');
    expect(g.provider === 'azure' && g.blobSuffix).toBe('blob.core.usgovcloudapi.net');
    const w = parseTarget('https://acct1.z13.web.core.windows.net/');
    expect(w.provider === 'azure' && w.webUrl).toBe('https://acct1.z13.web.core.windows.net/');
  });
  it('bare names need --provider', () => {
    expect(() => parseTarget('my-bucket')).toThrow(/--provider/);
    expect(targetId(parseTarget('my-bucket', { provider: 'aws' }))).toBe('s3://my-bucket');
    expect(targetId(parseTarget('my-bucket', { provider: 'gcp' }))).toBe('gs://my-bucket');
    expect(targetId(parseTarget('acct1/cont', { provider: 'azure' }))).toBe('az://acct1/cont');
  });
  it.each([
    's3://evil.com@x',
    's3://a/b?x',
    's3://UPPER',
    'ftp://x',
    'https://example.com/bucket',
    'https://user:pw@b1.s3.amazonaws.com/',
    'https://b1.s3.amazonaws.com/?list-type=2',
    'http://b1.s3.amazonaws.com/',
    'az://acct1',
    'az://acct1/ab',
    'gs://goog-x',
    'https://acct1.evil.web.core.windows.net/',
  ])('rejects %s with a reason', (input) => {
    expect(() => parseTarget(input, { provider: 'aws' })).toThrow(/./);
  });
  it.each([
    ['https://myap-123456789012.s3-accesspoint.us-east-1.amazonaws.com/', /S3 access point URL, not a bucket/],
    ['https://myap-123456789012.s3-accesspoint.dualstack.us-east-1.amazonaws.com/k', /S3 access point URL, not a bucket/],
    [
      'https://olap-123456789012--ol-s3.s3-object-lambda.us-east-1.amazonaws.com/',
      /S3 Object Lambda access point URL, not a bucket/,
    ],
    ['https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/', /Multi-Region Access Point URL, not a bucket/],
    ['https://op-01ac5d28a6a232904.s3-outposts.us-west-2.amazonaws.com/', /S3 on Outposts access point URL, not a bucket/],
  ])('%s is an S3 access point front, not a bucket (it was probed as a bucket named after its first label)', (input, why) => {
    expect(() => parseTarget(input)).toThrow(why);
  });
  it('reports per line and keeps going', () => {
    const lines = linesOf('# comment\ns3://good-one\n\ns3://Bad_One\ngs://ok-bucket\ns3://good-one\n', 'list.txt');
    const { targets, errors } = parseTargets(lines);
    expect(targets.map(targetId)).toEqual(['s3://good-one', 'gs://ok-bucket']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'list.txt', line: 4, input: 's3://Bad_One' });
  });
});

describe('sensitive key names', () => {
  it.each([
    ['keys/server.pem', 'private-key'],
    ['home/.ssh/id_rsa', 'private-key'],
    ['id_ed25519', 'private-key'],
    ['.aws/credentials', 'credentials'],
    ['config/service-account.json', 'credentials'],
    ['app/.env', 'env-file'],
    ['.env.production', 'env-file'],
    ['infra/terraform.tfstate', 'terraform-state'],
    ['infra/prod.tfstate.backup', 'terraform-state'],
    ['dumps/users.sql', 'database-dump'],
    ['db/prod.dump.gz', 'database-dump'],
    ['site.bak', 'backup'],
    ['backup-2024.tar.gz', 'backup'],
    ['releases/src.zip', 'source-archive'],
    ['project-source.tar.gz', 'source-archive'],
    ['dist/app.jar', 'package'],
    ['pkgs/tool.deb', 'package'],
  ])('%s -> %s', (key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });
  it.each(['index.html', 'img/logo.png', 'docs/readme.md', 'environment.txt', 'data/report.csv'])('%s is not sensitive', (k) => {
    expect(classifyKey(k)).toBeUndefined();
  });
  it('bounds the list', () => {
    expect(
      sensitiveKeys(
        Array.from({ length: 50 }, (_, i) => `${i}.pem`),
        5,
      ),
    ).toHaveLength(5);
  });
});

describe('azure blob endpoint override scope', () => {
  it('serves only the account it names', async () => {
    const { endpointServesAccount } = await import('../../src/probe/azure.js');
    expect(endpointServesAccount('http://127.0.0.1:10000/devstoreaccount1', 'devstoreaccount1')).toBe(true);
    expect(endpointServesAccount('http://127.0.0.1:10000/devstoreaccount1', 'acmepublicweb')).toBe(false);
    expect(endpointServesAccount('https://acme.blob.core.windows.net', 'acme')).toBe(true);
    expect(endpointServesAccount('https://acme.blob.core.windows.net', 'other')).toBe(false);
    expect(endpointServesAccount('not a url', 'acme')).toBe(false);
  });
});

describe('printable: a name echoed in an error message', () => {
  it('shows C0 and C1 controls, bidi overrides and line breaks as escapes, on one line', async () => {
    const { printable } = await import('../../src/probe/names.js');
    expect(printable('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(printable('csi\x9b31m')).toBe('csi\\x9b31m'); // a one-byte CSI passed through before
    expect(printable('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe');
    expect(printable('two\nlines\ttab')).toBe('two\\x0alines\\x09tab');
  });
});
