/**
 * Google Cloud Storage adapter: projects (opts or Resource Manager) -> buckets -> per bucket metadata
 * (projection=full), IAM policy v3, effective org PAP (per project), custom roles (IAM roles.get, cached).
 * Read-only: every call is a GET of the JSON API through one REST client (rest.ts), run through the scheduler in
 * lane gcp:<project>:storage (gcp:<project>:api for Resource Manager / Org Policy / IAM). Errors become values: 401/403 => unknown access-denied, 404 => bucket gone.
 */
import type { Known, ReportError, StorageResource } from '../../src/model/index.js';
import { settleAll, statusOf, unknownReasonOf } from '../../src/scheduler/index.js';
import { collectError } from '../_errors.js';
import { allPages } from '../paging.js';
import { collectEachTarget } from '../each-target.js';
import type { CollectContext, CollectResult, GcpScanOptions } from '../types.js';
import { gcpApis, testToken } from './live.js';
import {
  customRoleNames,
  gcpUnknown,
  normalizeBucket,
  normalizeBindings,
  normalizeEffectiveBooleanPolicy,
  type RawBucket,
  type RawEffectivePolicy,
  type RawPolicy,
} from './normalize.js';
import { createGcpRest, type GcpRest } from './rest.js';

export { GCP_TEST_TOKEN_ENV } from './live.js';

function errorEntry(err: unknown, operation: string, extra: Partial<ReportError> = {}): ReportError {
  return collectError('gcp', gcpUnknown(err, operation, unknownReasonOf(err)), operation, extra);
}

const enc = encodeURIComponent;

export async function collectGcp(opts: GcpScanOptions, ctx: CollectContext): Promise<CollectResult> {
  const apis = gcpApis(opts);
  const token = testToken(opts, ctx.env);
  const rest = createGcpRest({ ...(token ? { token } : {}), connections: ctx.concurrency });
  try {
    return await collectWith(opts, ctx, apis, rest.get);
  } finally {
    rest.close();
  }
}

async function collectWith(
  opts: GcpScanOptions,
  ctx: CollectContext,
  apis: ReturnType<typeof gcpApis>,
  get: GcpRest['get'],
): Promise<CollectResult> {
  const errors: ReportError[] = []; // of the project listing

  // A project named twice (flags, config) is read once; first spelling wins.
  let projects = [...new Set(opts.projects.map((p) => p.trim()).filter((p) => p !== ''))];
  if (projects.length === 0) {
    try {
      type Project = { projectId?: string; lifecycleState?: string };
      const listed = await allPages(
        async (pageToken) => {
          const url = `${apis.crm}/v1/projects?pageSize=500${pageToken ? `&pageToken=${enc(pageToken)}` : ''}`;
          const page = (await ctx.scheduler.run('gcp:resourcemanager', (signal) => get(url, signal), {
            label: 'projects.list',
          })) as { projects?: Project[]; nextPageToken?: string };
          return { items: page.projects ?? [], next: page.nextPageToken };
        },
        (p: Project) => p.projectId,
        // A later page that fails: the projects listed before it are scanned, with an error entry.
        { provider: 'gcp', operation: 'projects.list', errors, laterPageFailed: (err) => errorEntry(err, 'projects.list') },
      );
      projects = listed.flatMap((p) => (p.projectId && (p.lifecycleState ?? 'ACTIVE') === 'ACTIVE' ? [p.projectId] : []));
    } catch (err) {
      return { resources: [], errors: [...errors, errorEntry(err, 'projects.list')] };
    }
  }

  const roleCache = new Map<string, Promise<Known<string[]>>>();
  const resolveRole = (role: string, lane: string): Promise<Known<string[]>> => {
    let p = roleCache.get(role);
    if (!p) {
      p = ctx.scheduler
        .run(lane, (signal) => get(`${apis.iam}/v1/${role}`, signal), { label: 'roles.get' })
        .then(
          (r): Known<string[]> => ({
            known: true,
            value: [...((r as { includedPermissions?: string[] }).includedPermissions ?? [])],
            origin: 'observed',
          }),
          (err) => gcpUnknown(err, 'iam.roles.get', unknownReasonOf(err)),
        );
      roleCache.set(role, p);
    }
    return p;
  };

  // Projects are read at once (collectEachTarget).
  // Bucket names are global: a bucket seen through two targets (a project named by id and by number) is reported
  // once, from the first target in the given order (collectEachTarget keeps the first copy by id, in target order).
  const read = await collectEachTarget(projects, ctx.concurrency, ctx, collectProject, (project, reason) =>
    errorEntry(reason, 'collect', { resourceId: `projects/${project}` }),
  );
  return { resources: read.resources, errors: [...errors, ...read.errors] };

  async function collectProject(project: string, tctx: CollectContext): Promise<CollectResult> {
    const resources: StorageResource[] = [];
    const errors: ReportError[] = [];
    const lane = `gcp:${project}:storage`;
    const apiLane = `gcp:${project}:api`;

    // Bucket enumeration, page by page (each page one scheduler call, retried with its own token).
    const names: string[] = [];
    try {
      // Only the names are kept from each page (whole bucket resources of a 10k listing held to its end cost about
      // 110 MB, measured), and only names are asked for (`fields`).
      const listed = await allPages(
        async (pageToken) => {
          const url = `${apis.storage}/storage/v1/b?project=${enc(project)}&maxResults=1000&fields=${enc('items(name),nextPageToken')}${pageToken ? `&pageToken=${enc(pageToken)}` : ''}`;
          const page = (await ctx.scheduler.run(lane, (signal) => get(url, signal), { label: 'buckets.list' })) as {
            items?: { name?: string }[];
            nextPageToken?: string;
          };
          return { items: (page.items ?? []).flatMap((b) => (b.name ? [b.name] : [])), next: page.nextPageToken };
        },
        (name) => name,
        {
          provider: 'gcp',
          operation: 'storage.buckets.list',
          errors,
          resourceId: `projects/${project}`,
          laterPageFailed: (err) => errorEntry(err, 'storage.buckets.list', { resourceId: `projects/${project}` }),
        },
      );
      for (const name of listed) names.push(name); // not push(...listed): 100k+ arguments overflow the stack
    } catch (err) {
      errors.push(errorEntry(err, 'storage.buckets.list', { resourceId: `projects/${project}` }));
      return { resources, errors };
    }

    // Effective org constraint storage.publicAccessPrevention (once per project).
    const orgPap: Promise<Known<boolean>> = ctx.scheduler
      .run(
        apiLane,
        (signal) =>
          get(`${apis.orgPolicy}/v2/projects/${enc(project)}/policies/storage.publicAccessPrevention:getEffectivePolicy`, signal),
        { label: 'orgpolicy.getEffectivePolicy' },
      )
      .then(
        (p): Known<boolean> => normalizeEffectiveBooleanPolicy(p as RawEffectivePolicy),
        (err) => gcpUnknown(err, 'orgpolicy.policies.getEffectivePolicy', unknownReasonOf(err)),
      );

    let done = 0;
    // No settleAll signal: on Ctrl-C every item still runs, its calls fail fast in the scheduler and it is kept
    // with its inputs unknown ('aborted'), instead of vanishing from the report.
    const settled = await settleAll(names, ctx.concurrency, async (name) => {
      const r = await collectBucket(name);
      done += 1;
      tctx.onProgress?.({ phase: 'collect', provider: 'gcp', done, total: names.length, label: name });
      return r;
    });
    settled.forEach((s, i) => {
      if (s.status === 'rejected') errors.push(errorEntry(s.reason, 'collect', { resourceId: `gs://${names[i]}` }));
      else if ('error' in s.value) errors.push(s.value.error);
      else resources.push(s.value.resource);
    });

    async function collectBucket(name: string): Promise<{ resource: StorageResource } | { error: ReportError }> {
      const id = `gs://${name}`;
      const bucketUrl = `${apis.storage}/storage/v1/b/${enc(name)}`;
      const gone = (err: unknown, op: string) =>
        statusOf(err) === 404
          ? { error: errorEntry(err, op, { resourceId: id, message: `${id}: bucket not found (deleted during the scan?)` }) }
          : undefined;

      // Metadata with projection=full; a 403 there falls back to the default projection (ACLs then unknown).
      let metadata: Known<RawBucket>;
      let fullProjection = true;
      const getMeta = (projection: 'full' | 'noAcl') =>
        ctx.scheduler.run(lane, async (signal) => (await get(`${bucketUrl}?projection=${projection}`, signal)) as RawBucket, {
          label: `buckets.get(${projection})`,
        });
      try {
        metadata = { known: true, value: await getMeta('full'), origin: 'observed' };
      } catch (err) {
        const g = gone(err, 'storage.buckets.get');
        if (g) return g;
        const st = statusOf(err);
        if (st === 401 || st === 403) {
          fullProjection = false;
          try {
            metadata = { known: true, value: await getMeta('noAcl'), origin: 'observed' };
          } catch (err2) {
            const g2 = gone(err2, 'storage.buckets.get');
            if (g2) return g2;
            metadata = gcpUnknown(err2, 'storage.buckets.get', unknownReasonOf(err2));
          }
        } else metadata = gcpUnknown(err, 'storage.buckets.get', unknownReasonOf(err));
      }

      let policy: Known<RawPolicy>;
      try {
        const p = await ctx.scheduler.run(lane, (signal) => get(`${bucketUrl}/iam?optionsRequestedPolicyVersion=3`, signal), {
          label: 'buckets.getIamPolicy',
        });
        policy = { known: true, value: p as RawPolicy, origin: 'observed' };
      } catch (err) {
        const g = gone(err, 'storage.buckets.getIamPolicy');
        if (g) return g;
        policy = gcpUnknown(err, 'storage.buckets.getIamPolicy', unknownReasonOf(err));
      }

      // Custom roles are resolved once per scan (cached) and in parallel for a bucket.
      const roles = policy.known ? customRoleNames(normalizeBindings(policy.value)) : [];
      const customRoles: Record<string, Known<string[]>> = Object.fromEntries(
        await Promise.all(roles.map(async (role) => [role, await resolveRole(role, apiLane)] as const)),
      );

      const facts = normalizeBucket({
        metadata,
        fullProjection,
        policy,
        orgPublicAccessPrevention: await orgPap,
        customRoles,
      });
      const meta = metadata.known ? metadata.value : undefined;
      return {
        resource: {
          id,
          provider: 'gcp',
          kind: 'bucket',
          name,
          account: project,
          ...(meta?.location ? { region: meta.location.toLowerCase() } : {}),
          source: { origin: 'live', uri: id },
          ...(meta?.labels && Object.keys(meta.labels).length ? { tags: meta.labels } : {}),
          endpoints: { api: bucketUrl },
          facts,
        },
      };
    }
    return { resources, errors };
  }
}
