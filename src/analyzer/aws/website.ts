/** A-18 static website endpoint and requester-pays context. */
import type { AccessGrant, AwsS3Facts, Evidence, StorageResource } from '../../model/index.js';
import { s3WebsiteHost } from '../../endpoints/aws.js';
import { isActive } from '../verdict.js';

export function websiteEndpoint(bucket: string, region: string): string {
  return `http://${s3WebsiteHost(bucket, region)}`;
}

export function websiteContext(resource: StorageResource, facts: AwsS3Facts, grants: readonly AccessGrant[]): Evidence[] {
  const out: Evidence[] = [];
  const w = facts.website;
  const rp = facts.requesterPays;
  if (rp?.known && rp.value) {
    out.push({
      kind: 'default',
      path: 'requesterPays',
      summary: 'Requester Pays is enabled: anonymous requests to the API are refused (403)',
    });
  }
  if (!w.known || w.value === null) return out;
  const url =
    resource.endpoints?.website ??
    (facts.customEndpoint ? undefined : websiteEndpoint(resource.name, resource.region ?? 'us-east-1'));
  const where = url ?? 'the website endpoint of the custom S3 service';
  if (w.value.redirectAllRequestsTo) {
    out.push({
      kind: 'website',
      path: 'website',
      summary: `website configured at ${where}: redirects every request to ${w.value.redirectAllRequestsTo}`,
      rules: ['A-18'],
    });
    return out;
  }
  const publicRead = grants.some(
    (g) =>
      isActive(g) &&
      (g.exposure === 'PUBLIC' || g.exposure === 'RESTRICTED') &&
      g.principal.type === 'anonymous' &&
      g.capabilities.some((c) => c.capability === 'READ'),
  );
  const index = w.value.indexDocument ? ` (index document ${w.value.indexDocument})` : '';
  if (rp?.known && rp.value) {
    out.push({
      kind: 'website',
      path: 'website',
      summary: `website configured at ${where}${index}, but Requester Pays makes the website endpoint answer 403`,
      rules: ['A-18'],
    });
  } else if (publicRead) {
    out.push({
      kind: 'website',
      path: 'website',
      summary: `website endpoint ${where}${index} serves the anonymously readable objects over HTTP`,
      rules: ['A-18'],
    });
  } else {
    out.push({
      kind: 'website',
      path: 'website',
      summary: `website configured at ${where}${index} without public read: the endpoint serves nothing anonymously`,
      rules: ['A-18'],
    });
  }
  return out;
}
