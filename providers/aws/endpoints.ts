/** Object API and website URLs per bucket (A-18, section 4 P-A). Names are validated again by the probe. */
import { awsDomain, s3WebsiteHost } from '../../src/endpoints/aws.js';

/** Base URL of the object API: virtual-host on AWS (path-style for dotted names), path-style on a custom endpoint. */
export function apiEndpoint(bucket: string, region: string, customEndpoint?: string): string {
  if (customEndpoint) {
    const base = new URL(customEndpoint.endsWith('/') ? customEndpoint : `${customEndpoint}/`);
    return new URL(`${encodeURIComponent(bucket)}/`, base).toString();
  }
  const domain = awsDomain(region);
  if (bucket.includes('.')) return `https://s3.${region}.${domain}/${encodeURIComponent(bucket)}/`;
  return `https://${bucket}.s3.${region}.${domain}/`;
}

/** Static website endpoint (HTTP only) on AWS; undefined on custom endpoints, whose website host scheme varies. */
export function websiteEndpoint(bucket: string, region: string, customEndpoint?: string): string | undefined {
  if (customEndpoint) return undefined;
  return `http://${s3WebsiteHost(bucket, region)}/`;
}

export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}
