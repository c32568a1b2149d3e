/** Object API and website URLs per bucket (A-18, section 4 P-A). Names are validated again by the probe. */

/** Regions whose website endpoint uses "s3-website-REGION" (dash); every other region uses "s3-website.REGION". */
const DASH_WEBSITE_REGIONS = new Set([
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-west-1',
  'sa-east-1',
  'us-gov-west-1',
]);

function domainOf(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Base URL of the object API: virtual-host on AWS (path-style for dotted names), path-style on a custom endpoint. */
export function apiEndpoint(bucket: string, region: string, customEndpoint?: string): string {
  if (customEndpoint) {
    const base = new URL(customEndpoint.endsWith('/') ? customEndpoint : `${customEndpoint}/`);
    return new URL(`${encodeURIComponent(bucket)}/`, base).toString();
  }
  const domain = domainOf(region);
  if (bucket.includes('.')) return `https://s3.${region}.${domain}/${encodeURIComponent(bucket)}/`;
  return `https://${bucket}.s3.${region}.${domain}/`;
}

/** Static website endpoint (HTTP only) on AWS; undefined on custom endpoints, whose website host scheme varies. */
export function websiteEndpoint(bucket: string, region: string, customEndpoint?: string): string | undefined {
  if (customEndpoint) return undefined;
  const sep = DASH_WEBSITE_REGIONS.has(region) ? '-' : '.';
  return `http://${bucket}.s3-website${sep}${region}.${domainOf(region)}/`;
}

export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}
