import { loadSharedConfigFiles } from '@smithy/core/config';
import { usageError } from '../../src/errors.js';
import type { ReportError } from '../../src/model/index.js';
import { SharedExclusiveGate, withSharedHold } from '../../src/scheduler/gate.js';
import { collectEachTarget } from '../each-target.js';
import type { AwsScanOptions, CollectContext, CollectResult } from '../types.js';
import { type AwsTarget, type ClientSettings, createClients, createConnections, resolveRegion } from './clients.js';
import { collectTarget } from './live.js';
import { resolveTargets, startTarget } from './targets.js';

export { apiEndpoint, bucketArn, websiteEndpoint } from './endpoints.js';
export { READ_ONLY_COMMANDS, ReadOnlyViolationError } from './readonly.js';

/**
 * Targets read at once: enough to keep the cap busy with small accounts (a dozen calls in flight each, on
 * average), few enough that their SDK clients stay a few MB.
 */
export function targetsAtOnce(targets: number, concurrency: number): number {
  return Math.max(1, Math.min(targets, 16, Math.ceil(concurrency / 4)));
}

/**
 * The AWS adapter: every bucket each target can list becomes a StorageResource (inputs it could not read
 * are Known unknowns); only enumeration failures (ListAccounts, AssumeRole, ListBuckets) become report
 * errors, and one target's failure never stops the others. Read-only by construction.
 */
export async function collectAws(opts: AwsScanOptions, ctx: CollectContext): Promise<CollectResult> {
  if (opts.endpoint !== undefined && !isHttpUrl(opts.endpoint)) {
    throw usageError(`--aws-endpoint: not an http(s) URL: ${JSON.stringify(opts.endpoint)}`);
  }
  const s3Client = opts.s3Client ?? ((await sdkOnlyEndpointSetting(opts, ctx.env)) ? 'sdk' : 'http');
  const settings: ClientSettings = {
    region: resolveRegion(opts, ctx.env),
    maxSockets: Math.max(ctx.concurrency, 1),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    s3Client,
  };
  const plan = await resolveTargets(opts, ctx, settings);
  // Targets (accounts, roles) are read several at once (collectEachTarget; a bucket two of them can see is kept once,
  // the first one's). A target whose buckets go to worker threads holds the gate alone meanwhile: the threads' calls
  // are not the main scheduler's.
  const gate = new SharedExclusiveGate();
  const connections = createConnections(settings.maxSockets);
  const atOnce = targetsAtOnce(plan.targets.length, ctx.concurrency);
  try {
    const read = await collectEachTarget(
      plan.targets,
      atOnce,
      ctx,
      (target, tctx) =>
        withSharedHold(gate, async (hold): Promise<CollectResult> => {
          // Interrupted before this target started: its buckets are not known, so the report names the target.
          if (ctx.signal.aborted) return { resources: [], errors: [notStarted(target)] };
          const started = await startTarget(target);
          const note = started.error ? [started.error] : [];
          if (!started.target) return { resources: [], errors: note };
          const clients = createClients(started.target.credentials, settings, connections);
          try {
            const r = await collectTarget(started.target, clients, opts, tctx, hold, atOnce > 1);
            return { resources: r.resources, errors: [...note, ...r.errors] };
          } finally {
            clients.destroy();
          }
        }),
      (target, reason) => ({
        stage: 'collect',
        provider: 'aws',
        message: `${target.label}: ${reason instanceof Error ? reason.message : String(reason)}`,
      }),
    );
    return { resources: read.resources, errors: [...plan.errors, ...read.errors] };
  } finally {
    connections.destroy();
    plan.destroy();
  }
}

function notStarted(target: AwsTarget): ReportError {
  return {
    stage: 'collect',
    provider: 'aws',
    ...(target.account ? { resourceId: target.account } : {}),
    code: 'aborted',
    message: `${target.account ? `account ${target.account}` : target.label}: not scanned, the run was interrupted first`,
  };
}

const ENDPOINT_ENV = ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT'];
const ENDPOINT_PROFILE_KEYS = ['endpoint_url', 'use_fips_endpoint', 'use_dualstack_endpoint', 'services'];

/**
 * An endpoint setting the SDK honours and the lean S3 reader does not (FIPS, dual-stack, endpoint URLs from the
 * environment or the profile), if any: the per-bucket reads then stay on the SDK, so they go where every other
 * call goes. Without --aws-endpoint only; a broken config file is the SDK's to report.
 */
export async function sdkOnlyEndpointSetting(
  opts: Pick<AwsScanOptions, 'endpoint' | 'profiles'>,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  if (opts.endpoint) return undefined;
  for (const k of ENDPOINT_ENV) {
    const v = env[k]?.trim();
    if (v && v.toLowerCase() !== 'false') return k;
  }
  const names = opts.profiles.length > 0 ? opts.profiles : [env.AWS_PROFILE ?? 'default'];
  try {
    const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
    for (const name of names) {
      const section = configFile[name] ?? {};
      for (const key of ENDPOINT_PROFILE_KEYS) {
        const v = section[key]?.trim();
        if (v && v.toLowerCase() !== 'false') return `profile ${name}: ${key}`;
      }
    }
  } catch {
    // no readable config file: nothing configured there
  }
  return undefined;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
