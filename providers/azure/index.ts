/**
 * Azure Blob adapter: subscriptions -> storage accounts (ARM) -> blob service properties + containers (ARM).
 * Emits one 'account' resource per storage account and one 'container' resource per container.
 * Read-only; never calls listKeys. Every network call runs through the scheduler (lane azure:<sub>:arm).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Known, ReportError, StorageResource } from '../../src/model/index.js';
import { settleAll, statusOf, unknownReasonOf } from '../../src/scheduler/index.js';
import { collectError } from '../_errors.js';
import type { AzureScanOptions, CollectContext, CollectResult } from '../types.js';
import { isPlainHttp } from '../endpoint.js';
import { azurePages } from '../paging.js';
import { collectEachTarget } from '../each-target.js';
import { adaptPipelineForHttp, armClientOptions, azureCredential } from './live.js';
import {
  type ArmAccountInput,
  azureUnknown,
  canonicalBlobBase,
  normalizeAccount,
  normalizePublicAccess,
  normalizeStaticWebsite,
  parseArmId,
  type StaticWebsiteInput,
} from './normalize.js';

export { AZURE_TEST_TOKEN_ENV } from './live.js';

type StaticWebsiteFacts = Known<{ enabled: boolean; indexDocument?: string; errorDocument404Path?: string } | null>;

function errorEntry(err: unknown, operation: string, extra: Partial<ReportError> = {}): ReportError {
  return collectError('azure', azureUnknown(err, operation, unknownReasonOf(err)), operation, extra);
}

/** The account name an Azurite-style blob endpoint serves (http://127.0.0.1:PORT/ACCOUNT), or the host label. */
function accountOfBlobEndpoint(url: string): string | undefined {
  try {
    const u = new URL(url);
    const seg = u.pathname.split('/').filter(Boolean)[0];
    return seg ?? u.hostname.split('.')[0];
  } catch {
    return undefined;
  }
}

export async function collectAzure(opts: AzureScanOptions, ctx: CollectContext): Promise<CollectResult> {
  const resources: StorageResource[] = [];
  const errors: ReportError[] = [];
  let credential: TokenCredential;
  try {
    credential = await azureCredential(opts, ctx.env);
  } catch (err) {
    return { resources, errors: [errorEntry(err, 'credential')] };
  }
  const { StorageManagementClient } = await import('@azure/arm-storage');
  const clientOpts = armClientOptions(opts);
  const insecure = isPlainHttp(opts.armEndpoint);

  // Subscription ids are GUIDs, compared case-insensitively by ARM: one named twice (flags, config, another
  // spelling) is read once, first spelling wins.
  const given = new Map<string, string>();
  for (const s of opts.subscriptions) {
    const id = s.trim();
    if (id && !given.has(id.toLowerCase())) given.set(id.toLowerCase(), id);
  }
  let subscriptions = [...given.values()];
  if (subscriptions.length === 0) {
    try {
      const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
      const sc = new SubscriptionClient(credential, clientOpts);
      if (insecure) adaptPipelineForHttp(sc.pipeline, credential);
      const subs = await azurePages(
        ctx,
        'azure:arm:subscriptions',
        (abortSignal) => sc.subscriptions.list({ abortSignal }),
        (x) => x.subscriptionId,
        // A later page that fails: what was listed before it is scanned, with an error entry (so below).
        { operation: 'subscriptions.list', errors, laterPageFailed: (err) => errorEntry(err, 'subscriptions.list') },
      );
      subscriptions = subs.flatMap((s) => (s.subscriptionId ? [s.subscriptionId] : []));
    } catch (err) {
      return { resources, errors: [...errors, errorEntry(err, 'subscriptions.list')] };
    }
  }

  const blobOverrideAccount = opts.blobEndpoint ? accountOfBlobEndpoint(opts.blobEndpoint) : undefined;

  // Subscriptions are read at once (collectEachTarget).
  // A resource reached twice (ARM ids are case-insensitive) is reported once, from the first subscription in order.
  const read = await collectEachTarget(
    subscriptions,
    ctx.concurrency,
    ctx,
    collectSubscription,
    (sub, reason) => errorEntry(reason, 'collect', { resourceId: `/subscriptions/${sub}` }),
    (r) => r.id.toLowerCase(),
  );
  for (const r of read.resources) resources.push(r);
  for (const e of read.errors) errors.push(e);

  async function collectSubscription(subscriptionId: string, tctx: CollectContext): Promise<CollectResult> {
    const resources: StorageResource[] = [];
    const errors: ReportError[] = [];
    const lane = `azure:${subscriptionId}:arm`;
    const client = new StorageManagementClient(credential, subscriptionId, clientOpts);
    if (insecure) adaptPipelineForHttp(client.pipeline, credential);
    let accounts: ArmAccountInput[];
    try {
      const where = { resourceId: `/subscriptions/${subscriptionId}` };
      accounts = (await azurePages(
        ctx,
        lane,
        (abortSignal) => client.storageAccounts.list({ abortSignal }),
        (x) => x.id ?? x.name,
        {
          operation: 'storageAccounts.list',
          errors,
          ...where,
          laterPageFailed: (err) => errorEntry(err, 'storageAccounts.list', where),
        },
      )) as ArmAccountInput[];
    } catch (err) {
      errors.push(errorEntry(err, 'storageAccounts.list', { resourceId: `/subscriptions/${subscriptionId}` }));
      return { resources, errors };
    }
    let done = 0;
    // No settleAll signal: on Ctrl-C every item still runs, its calls fail fast in the scheduler and it is kept
    // with its inputs unknown ('aborted'), instead of vanishing from the report.
    const settled = await settleAll(accounts, ctx.concurrency, async (a) => {
      const out = await collectAccount(a);
      done += 1;
      tctx.onProgress?.({ phase: 'collect', provider: 'azure', done, total: accounts.length, label: a.name ?? '' });
      return out;
    });
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        resources.push(...s.value.resources);
        errors.push(...s.value.errors);
      } else errors.push(errorEntry(s.reason, 'collect', { resourceId: accounts[i]?.id ?? '' }));
    });
    return { resources, errors };

    async function collectAccount(a: ArmAccountInput): Promise<CollectResult> {
      const errs: ReportError[] = [];
      const name = a.name ?? '';
      const { resourceGroup } = parseArmId(a.id);
      const rg = resourceGroup ?? '';
      const override = opts.blobEndpoint && blobOverrideAccount === name ? opts.blobEndpoint.replace(/\/+$/, '') : undefined;

      // Static website: ARM blobServices/default (arm-storage 20 models staticWebsite); data plane as fallback.
      let staticWebsite: StaticWebsiteFacts;
      try {
        const props = await ctx.scheduler.run(
          lane,
          (abortSignal) => client.blobServices.getServiceProperties(rg, name, { abortSignal }),
          {
            label: 'blobServices.getServiceProperties',
          },
        );
        const sw = (props as { staticWebsite?: StaticWebsiteInput }).staticWebsite;
        staticWebsite = sw ? normalizeStaticWebsite(sw) : await dataPlaneStaticWebsite(override ?? a.primaryEndpoints?.blob);
      } catch (err) {
        if (statusOf(err) === 404) {
          return { resources: [], errors: [errorEntry(err, 'blobServices.getServiceProperties', { resourceId: a.id ?? name })] };
        }
        staticWebsite = azureUnknown(err, 'blobServices.getServiceProperties', unknownReasonOf(err));
      }

      const settings = normalizeAccount(a, staticWebsite, override ? { blobEndpoint: override, webEndpoint: override } : {});
      const base = canonicalBlobBase(name);
      const apiBase = override ?? (a.primaryEndpoints?.blob ?? `${base}/`).replace(/\/+$/, '');
      const out: StorageResource[] = [
        {
          id: a.id ?? base,
          provider: 'azure',
          kind: 'account',
          name,
          account: subscriptionId,
          ...(a.location ? { region: a.location } : {}),
          source: { origin: 'live', uri: a.id ?? base },
          ...(a.tags && Object.keys(a.tags).length ? { tags: a.tags } : {}),
          endpoints: { api: apiBase, ...(settings.webEndpoint ? { website: settings.webEndpoint } : {}) },
          facts: { provider: 'azure', scope: 'account', account: settings },
        },
      ];
      try {
        const containers = (
          await azurePages(
            ctx,
            lane,
            (abortSignal) => client.blobContainers.list(rg, name, { abortSignal }),
            (x) => x.name,
            {
              operation: 'blobContainers.list',
              errors: errs,
              resourceId: a.id ?? base,
              laterPageFailed: (err) => errorEntry(err, 'blobContainers.list', { resourceId: a.id ?? base }),
            },
          )
        ).flatMap((c) => (c.name ? [{ name: c.name, ...(c.publicAccess ? { publicAccess: c.publicAccess } : {}) }] : []));
        for (const c of containers) {
          const id = `${base}/${c.name}`;
          out.push({
            id,
            provider: 'azure',
            kind: 'container',
            name: c.name,
            account: subscriptionId,
            ...(a.location ? { region: a.location } : {}),
            source: { origin: 'live', uri: id },
            endpoints: {
              api: `${apiBase}/${c.name}`,
              ...(c.name === '$web' && settings.webEndpoint ? { website: settings.webEndpoint } : {}),
            },
            facts: {
              provider: 'azure',
              scope: 'container',
              account: settings,
              publicAccess: normalizePublicAccess(c.publicAccess),
            },
          });
        }
      } catch (err) {
        // The account stays in the result; its containers could not be enumerated (named in the errors).
        errs.push(errorEntry(err, 'blobContainers.list', { resourceId: a.id ?? base }));
      }
      return { resources: out, errors: errs };
    }
  }

  /** Data-plane fallback (Entra token; needs a data role). Unknown when it cannot be read. */
  async function dataPlaneStaticWebsite(blobEndpoint: string | undefined): Promise<StaticWebsiteFacts> {
    // With an ARM test endpoint, never reach out to real Azure hosts; http test blob endpoints need a shared key.
    if (!blobEndpoint || isPlainHttp(blobEndpoint) || (opts.armEndpoint && !opts.blobEndpoint))
      return {
        known: false,
        reason: 'not-collected',
        operation: 'BlobService.getProperties',
        detail: 'ARM returned no staticWebsite and the data plane was not queried (no https blob endpoint)',
      };
    try {
      const { BlobServiceClient } = await import('@azure/storage-blob');
      const svc = new BlobServiceClient(blobEndpoint, credential, { retryOptions: { maxTries: 1 } });
      const props = await ctx.scheduler.run(
        `azure:data:${new URL(blobEndpoint).hostname}`,
        (abortSignal) => svc.getProperties({ abortSignal }),
        {
          label: 'BlobService.getProperties',
        },
      );
      return normalizeStaticWebsite(props.staticWebsite ?? null);
    } catch (err) {
      return azureUnknown(err, 'BlobService.getProperties', unknownReasonOf(err));
    }
  }

  return { resources, errors };
}
