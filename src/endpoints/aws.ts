/**
 * AWS S3 host names shared by the analyzer (website context, A-18), the probe (P-A) and the adapter (resource
 * endpoints). Pure facts, one copy.
 */

/** Regions whose website endpoint is "s3-website-REGION" (dash); every other region uses "s3-website.REGION". */
const DASH_WEBSITE_REGIONS: ReadonlySet<string> = new Set([
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

/** DNS suffix of AWS endpoints in a region (China regions have their own). */
export function awsDomain(region?: string): string {
  return region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * A bucket name usable as one DNS label over TLS (lowercase letters, digits and "-", 3 to 63 characters):
 * virtual-hosted addressing. Dotted names (the wildcard certificate covers one label) and legacy names (upper
 * case, "_") go path-style.
 */
export function s3VirtualHostable(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
}

/**
 * Where a REST request for `bucket` goes: a custom endpoint (Ceph RGW, MinIO: always path-style, under the
 * endpoint's path), else the AWS host of the region (the global host without a region), virtual-hosted when
 * the name allows. `path` ends with "/". Pure: the one addressing rule of the adapter's reads and the probe.
 */
export function s3BucketTarget(
  bucket: string,
  region: string | undefined,
  endpoint?: URL,
): { protocol: string; host: string; path: string } {
  if (endpoint) {
    const base = endpoint.pathname.endsWith('/') ? endpoint.pathname : `${endpoint.pathname}/`;
    return { protocol: endpoint.protocol, host: endpoint.host, path: `${base}${encodeURIComponent(bucket)}/` };
  }
  const svc = region ? `s3.${region}.${awsDomain(region)}` : `s3.${awsDomain(region)}`;
  if (s3VirtualHostable(bucket)) return { protocol: 'https:', host: `${bucket}.${svc}`, path: '/' };
  return { protocol: 'https:', host: svc, path: `/${encodeURIComponent(bucket)}/` };
}

/**
 * Where a service-level REST request (ListBuckets) goes: a custom endpoint (under its path), else the S3 host of
 * the region. `path` ends with "/".
 */
export function s3ServiceTarget(region: string, endpoint?: URL): { protocol: string; host: string; path: string } {
  if (endpoint)
    return {
      protocol: endpoint.protocol,
      host: endpoint.host,
      path: endpoint.pathname.endsWith('/') ? endpoint.pathname : `${endpoint.pathname}/`,
    };
  return { protocol: 'https:', host: `s3.${region}.${awsDomain(region)}`, path: '/' };
}

/** Host of a bucket's static website endpoint (HTTP only), e.g. b.s3-website-us-east-1.amazonaws.com. */
export function s3WebsiteHost(bucket: string, region: string): string {
  const sep = DASH_WEBSITE_REGIONS.has(region) ? '-' : '.';
  return `${bucket}.s3-website${sep}${region}.${awsDomain(region)}`;
}

/** ARN partition of a region by its prefix (China, GovCloud, ISO); 'aws' for every other region. */
export function awsPartition(region: string): string {
  const r = region.toLowerCase();
  if (r.startsWith('cn-')) return 'aws-cn';
  if (r.startsWith('us-gov-')) return 'aws-us-gov';
  if (r.startsWith('us-isob-')) return 'aws-iso-b';
  if (r.startsWith('us-isof-')) return 'aws-iso-f';
  if (r.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (r.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** The partition only when `region` has the shape of a region name (e.g. eu-central-1); undefined otherwise. */
export function awsPartitionOfRegionName(region: string): string | undefined {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? awsPartition(region) : undefined;
}
