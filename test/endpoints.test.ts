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
