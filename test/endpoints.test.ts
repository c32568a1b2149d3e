import { describe, expect, it } from 'vitest';
import { awsDomain, s3WebsiteHost } from '../src/endpoints/aws.js';

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
    expect(awsPartitionOfRegionName('${var.region}')).toBeUndefined();
  });
});
