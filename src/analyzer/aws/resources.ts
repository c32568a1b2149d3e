/** A-9 resource scoping: which bucket/object ARNs a Resource / NotResource list reaches, and at what scope. */
import { awsPartition } from '../../endpoints/aws.js';
import { globCovers, globMatch, globRemainders, hasWildcard, literalPrefix } from './glob.js';

/** Where a route's requests land: the bucket (or access point) ARN and the prefix of its object ARNs. */
export interface Target {
  /** arn:aws:s3:::bucket or arn:aws:s3:region:acct:accesspoint/name */
  base: string;
  /** arn:aws:s3:::bucket/ or arn:aws:s3:region:acct:accesspoint/name/object/ */
  objectBase: string;
}

/**
 * ARN partition of a bucket. China and GovCloud / ISO regions use their own partition and their bucket
 * policies name `arn:aws-cn:s3:::b/*` etc. The region decides (collectors write `arn:aws:s3:::` ids for every
 * region); an ARN id with a non-default partition is the fallback when the region is unknown.
 */
export function partitionOf(region: string | undefined, id?: string): string {
  if (region !== undefined) return awsPartition(region);
  const m = /^arn:(aws[a-z-]*):s3:/.exec(id ?? '');
  return m ? m[1]! : 'aws';
}

export function bucketTarget(bucket: string, partition = 'aws'): Target {
  return { base: `arn:${partition}:s3:::${bucket}`, objectBase: `arn:${partition}:s3:::${bucket}/` };
}

export function accessPointTarget(apArn: string): Target {
  return { base: apArn, objectBase: `${apArn}/object/` };
}

/** A bucket-kind action is effective iff a Resource pattern matches the bucket ARN (NotResource: unless excluded). */
export function reachesBucket(patterns: readonly string[], notResource: boolean, t: Target): boolean {
  const hit = patterns.some((p) => globMatch(p, t.base));
  return notResource ? !hit : hit;
}

/**
 * Key patterns an object-kind action reaches ("*" = every key). NotResource in an Allow is broad (A-9):
 * every key unless a NotResource pattern covers all objects of the target.
 */
export function reachedKeyPatterns(patterns: readonly string[], notResource: boolean, t: Target): string[] {
  if (notResource) return patterns.some((p) => globCovers(p, `${t.objectBase}*`)) ? [] : ['*'];
  const out = new Set<string>();
  for (const p of patterns) for (const r of globRemainders(p, t.objectBase)) if (r !== '') out.add(r);
  return [...out];
}

/** scope string for a key pattern: bucket | prefix:<literal before first wildcard> | object:<key>. */
export function scopeOfKeyPattern(key: string): string {
  if (/^\*+$/.test(key)) return 'bucket';
  if (!hasWildcard(key)) return `object:${key}`;
  const lit = literalPrefix(key);
  // A pattern starting with a wildcard ("*.txt") is narrower than the bucket: keep the whole pattern visible.
  return `prefix:${lit === '' ? key : lit}`;
}
