import { createHash } from 'node:crypto';
import type { StorageResource } from '../model/index.js';

/**
 * Canonical resource key: provider, kind and the NAME that identifies the resource at the provider, never the
 * source or Terraform address, so live and Terraform sources of the same bucket share a key.
 * S3 and GCS bucket names and Azure account names are global; Azure containers are named within their account.
 */
export function resourceKey(resource: Pick<StorageResource, 'provider' | 'kind' | 'name' | 'facts'>): string {
  let name = resource.name;
  const f = resource.facts;
  if (f.provider === 'azure' && resource.kind === 'container' && f.account.accountName) {
    name = `${f.account.accountName}/${resource.name}`;
  }
  return `${resource.provider}:${resource.kind}:${name}`;
}

/** sha256 hex of checkId + provider + canonical resource key. */
export function fingerprintOf(checkId: string, resource: Pick<StorageResource, 'provider' | 'kind' | 'name' | 'facts'>): string {
  return createHash('sha256')
    .update(`${checkId}\n${resource.provider}\n${resourceKey(resource)}`)
    .digest('hex');
}

/** Canonical key of the account a resource belongs to (account-scoped checks). */
export function accountKey(resource: Pick<StorageResource, 'provider' | 'account'>): string {
  return `${resource.provider}:account:${resource.account}`;
}

/** Fingerprint of an account-scoped finding: stable whichever bucket of the account carried it. */
export function accountFingerprintOf(checkId: string, resource: Pick<StorageResource, 'provider' | 'account'>): string {
  return createHash('sha256')
    .update(`${checkId}\n${resource.provider}\n${accountKey(resource)}`)
    .digest('hex');
}
