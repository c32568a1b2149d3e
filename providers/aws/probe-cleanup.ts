import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BucketAuditError } from '../../src/errors.js';
import type { StorageResource } from '../../src/model/index.js';
import type { AwsScanOptions } from '../types.js';
import { baseTargets, resolveRegion } from './clients.js';

/** The only key prefix a write probe ever creates, and the only thing this client may delete. */
export const PROBE_PREFIX = 'bucketaudit-probe/';

/**
 * Cleanup for the opt-in `--probe-write` test: deletes the probe's own object WITH THE SCAN'S CREDENTIALS.
 * A separate client from the scan's (which refuses every write): it accepts exactly one command,
 * DeleteObject, and only for keys under bucketaudit-probe/. Uses the base credentials; buckets scanned
 * through assumed roles may refuse, and the probe then reports the object as a leftover.
 */
export function awsProbeCleanup(opts: AwsScanOptions, env: Record<string, string | undefined>) {
  const target = baseTargets(opts, env)[0];
  const clients = new Map<string, S3Client>();
  const clientFor = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      c = new S3Client({
        region,
        maxAttempts: 2,
        ...(target ? { credentials: target.credentials } : {}),
        ...(opts.endpoint
          ? {
              endpoint: opts.endpoint,
              forcePathStyle: true,
              requestChecksumCalculation: 'WHEN_REQUIRED',
              responseChecksumValidation: 'WHEN_REQUIRED',
            }
          : {}),
      });
      c.middlewareStack.add(
        (next, context) => async (args) => {
          const input = args.input as { Key?: string };
          if (context.commandName !== 'DeleteObjectCommand' || !input.Key?.startsWith(PROBE_PREFIX)) {
            throw new BucketAuditError('INTERNAL', `probe cleanup client refuses ${context.commandName} ${input.Key ?? ''}`);
          }
          return next(args);
        },
        { step: 'initialize', name: 'bucketauditProbeCleanupGuard' },
      );
      clients.set(region, c);
    }
    return c;
  };
  return async (resource: StorageResource, key: string): Promise<void> => {
    if (!key.startsWith(PROBE_PREFIX)) throw new BucketAuditError('INTERNAL', `refusing to delete ${key}: not a probe object`);
    await clientFor(resource.region ?? resolveRegion(opts, env)).send(
      new DeleteObjectCommand({ Bucket: resource.name, Key: key }),
    );
  };
}
