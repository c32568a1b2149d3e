import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import type { ReportError, StorageResource } from '../../src/model/index.js';
import type { AwsScanOptions, CollectContext, CollectResult } from '../types.js';
import { call } from './calls.js';
import {
  type AwsTarget,
  assumeRole,
  baseTargets,
  type ClientSettings,
  createClients,
  partitionOf,
  resolveRegion,
} from './clients.js';
import { errorCode } from './errors.js';
import { collectTarget } from './live.js';

export { apiEndpoint, bucketArn, websiteEndpoint } from './endpoints.js';
export { READ_ONLY_COMMANDS, ReadOnlyViolationError } from './readonly.js';

/**
 * The AWS adapter: every bucket each target can list becomes a StorageResource (inputs it could not read
 * are Known unknowns); only enumeration failures become report errors. Read-only by construction.
 */
export async function collectAws(opts: AwsScanOptions, ctx: CollectContext): Promise<CollectResult> {
  const settings: ClientSettings = {
    region: resolveRegion(opts, ctx.env),
    maxSockets: Math.max(ctx.concurrency, 1),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  };
  const errors: ReportError[] = [];
  const targets = await resolveTargets(opts, ctx, settings, errors);
  const resources: StorageResource[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    if (ctx.signal.aborted) break;
    const clients = createClients(target.credentials, settings);
    try {
      const r = await collectTarget(target, clients, opts, ctx);
      for (const res of r.resources) {
        if (seen.has(res.id)) continue; // two profiles can see the same bucket
        seen.add(res.id);
        resources.push(res);
      }
      errors.push(...r.errors);
    } finally {
      clients.destroy();
    }
  }
  return { resources, errors };
}

/** Base credentials, then roles assumed from them (--aws-role-arn), then one role per org account (--aws-org-role). */
async function resolveTargets(
  opts: AwsScanOptions,
  ctx: CollectContext,
  settings: ClientSettings,
  errors: ReportError[],
): Promise<AwsTarget[]> {
  const bases = baseTargets(opts, ctx.env);
  if (opts.roleArns.length === 0 && !opts.orgRole) return bases;
  const out: AwsTarget[] = [];
  for (const base of bases) {
    for (const arn of opts.roleArns) out.push(assumeRole(base, arn, settings, opts.externalId));
  }
  if (opts.orgRole) {
    const base = bases[0] as AwsTarget;
    const clients = createClients(base.credentials, settings);
    try {
      let token: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const o = await call(ctx, 'aws:org:global:organizations', 'organizations', 'ListAccounts', (s) =>
          clients.organizations.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }), { abortSignal: s }),
        );
        if (!o.ok) {
          const { code } = errorCode(o.err);
          errors.push({
            stage: 'collect',
            provider: 'aws',
            operation: 'ListAccounts',
            code,
            message: `cannot list organization accounts for --aws-org-role: ${code}`,
          });
          break;
        }
        for (const a of o.value.Accounts ?? []) {
          if (!a.Id || (a.Status && a.Status !== 'ACTIVE')) continue;
          const roleArn = `arn:${partitionOf(settings.region)}:iam::${a.Id}:role/${opts.orgRole}`;
          out.push({ ...assumeRole(base, roleArn, settings, opts.externalId), label: `org:${a.Id}` });
        }
        if (!o.value.NextToken) break;
        token = o.value.NextToken;
      }
    } finally {
      clients.destroy();
    }
  }
  return out;
}
