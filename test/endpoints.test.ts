import { describe, expect, it } from 'vitest';
import { awsDomain, s3BucketTarget, s3VirtualHostable, s3WebsiteHost } from '../src/endpoints/aws.js';

describe('AWS endpoint facts', () => {
  it.each([
    ['us-east-1', 'b.s3-website-us-east-1.amazonaws.com'],
    ['eu-west-1', 'b.s3-website-eu-west-1.amazonaws.com'],
    ['eu-central-1', 'b.s3-website.eu-central-1.amazonaws.com'],
    ['cn-north-1', 'b.s3-website.cn-north-1.amazonaws.com.cn'],
  ])('website host in %s', (region, host) => {
    expect(s3WebsiteHost('b', region)).toBe(host);
  });
  it('China regions use their own domain', () => {
    expect(awsDomain('cn-northwest-1')).toBe('amazonaws.com.cn');
    expect(awsDomain(undefined)).toBe('amazonaws.com');
  });
});

describe('AWS partitions (one copy for adapter, analyzer and Terraform)', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
  ])('%s -> %s', async (region, partition) => {
    const { awsPartition, awsPartitionOfRegionName } = await import('../src/endpoints/aws.js');
    expect(awsPartition(region)).toBe(partition);
    expect(awsPartitionOfRegionName(region)).toBe(partition);
  });
  it('a name that is not a region shape has no partition (Terraform never guesses)', async () => {
    const { awsPartitionOfRegionName } = await import('../src/endpoints/aws.js');
    expect(awsPartitionOfRegionName('mars-1')).toBeUndefined();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal Terraform interpolation, not a JS template
    expect(awsPartitionOfRegionName('${var.region}')).toBeUndefined();
  });
});

describe('S3 addressing (one rule for the adapter reads and the probe)', () => {
  it('virtual-hosted for DNS-label names, path-style for dotted and legacy names, global host without a region', () => {
    expect(s3VirtualHostable('my-bucket')).toBe(true);
    for (const n of ['my.bucket', 'Legacy_Bucket', 'ab', `${'a'.repeat(64)}`, '-x-']) expect(s3VirtualHostable(n), n).toBe(false);
    expect(s3BucketTarget('my-bucket', 'eu-west-1')).toEqual({
      protocol: 'https:',
      host: 'my-bucket.s3.eu-west-1.amazonaws.com',
      path: '/',
    });
    expect(s3BucketTarget('my-bucket', undefined)).toEqual({ protocol: 'https:', host: 'my-bucket.s3.amazonaws.com', path: '/' });
    expect(s3BucketTarget('my.bucket', 'cn-north-1')).toEqual({
      protocol: 'https:',
      host: 's3.cn-north-1.amazonaws.com.cn',
      path: '/my.bucket/',
    });
    expect(s3BucketTarget('Legacy_Bucket', undefined).path).toBe('/Legacy_Bucket/');
    // custom endpoints: always path-style under the endpoint's own path, name escaped
    expect(s3BucketTarget('logs', 'us-east-1', new URL('http://127.0.0.1:7480'))).toEqual({
      protocol: 'http:',
      host: '127.0.0.1:7480',
      path: '/logs/',
    });
    expect(s3BucketTarget('a b', undefined, new URL('https://minio.example/s3')).path).toBe('/s3/a%20b/');
  });
});
