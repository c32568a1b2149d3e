import { BucketAuditError } from '../../src/errors.js';
import type { StorageResource } from '../../src/model/index.js';
import type { GcpScanOptions } from '../types.js';
import { createStorage, testToken } from './live.js';

const PROBE_PREFIX = 'bucketaudit-probe/';

/** Cleanup for `--probe-write` on GCS: deletes only the probe's own object, with the scan's credentials. */
export function gcpProbeCleanup(opts: GcpScanOptions, env: Record<string, string | undefined>) {
  let storage: ReturnType<typeof createStorage> | undefined;
  return async (resource: StorageResource, key: string): Promise<void> => {
    if (!key.startsWith(PROBE_PREFIX)) throw new BucketAuditError('INTERNAL', `refusing to delete ${key}: not a probe object`);
    storage ??= createStorage(opts, resource.account || undefined, testToken(opts, env));
    await (await storage).bucket(resource.name).file(key).delete();
  };
}
