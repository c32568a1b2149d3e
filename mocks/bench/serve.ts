/**
 * Child-process entry of a bench responder (keeps the responder's CPU out of the measured process).
 * Started with child_process.fork (IPC). Messages: parent -> { type: 'stats' } | { type: 'close' };
 * child -> { type: 'ready', url } | { type: 'stats', stats }. Exits when the parent disconnects, on
 * 'close', or after its lifetime (bounded by design).
 */
import type { Responder } from './common.js';
import { startS3Responder } from './s3.js';
import { startCloudResponder } from './cloud.js';

export interface ServeArgs {
  kind: 's3' | 'gcs' | 'azure';
  buckets: number;
  latencyMs: number;
  jitterMs?: number;
  rps?: number;
  lifetimeMs?: number;
  /** AWS member accounts / GCS projects (default 1). */
  targets?: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ServeArgs;
  const common = {
    latencyMs: args.latencyMs,
    ...(args.jitterMs ? { jitterMs: args.jitterMs } : {}),
    ...(args.rps ? { rps: args.rps } : {}),
    lifetimeMs: args.lifetimeMs ?? 15 * 60_000,
  };
  const r: Responder =
    args.kind === 's3'
      ? await startS3Responder({ ...common, buckets: args.buckets, ...(args.targets ? { accounts: args.targets } : {}) })
      : await startCloudResponder({
          ...common,
          kind: args.kind,
          buckets: args.buckets,
          ...(args.targets ? { projects: args.targets } : {}),
        });
  const stop = async () => {
    await r.close();
    process.exit(0);
  };
  setTimeout(() => void stop(), common.lifetimeMs).unref();
  process.on('disconnect', () => void stop());
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') process.send?.({ type: 'stats', stats: r.stats() });
    if (m.type === 'close') void stop();
  });
  process.send?.({ type: 'ready', url: r.url });
}

void main();
