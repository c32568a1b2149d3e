/**
 * Synthetic GCS JSON API and Azure ARM responders for benchmarks (127.0.0.1, injected latency, optional
 * throttling: GCS 429 rateLimitExceeded, ARM 429 TooManyRequests with Retry-After: 1).
 *
 * GCS: GET /storage/v1/b?project=P (paginated, maxResults / pageToken), GET /storage/v1/b/B
 * (projection=full adds acl/defaultObjectAcl), GET /storage/v1/b/B/iam, and Org Policy v2
 * GET /v2/projects/P/policies/C:getEffectivePolicy (what providers/gcp collectGcp reads once per project).
 * ARM: GET /subscriptions, GET /subscriptions/S/providers/Microsoft.Storage/storageAccounts (nextLink pages
 * of 100), GET .../storageAccounts/A/blobServices/default/containers, GET .../blobServices/default (with
 * staticWebsite, as @azure/arm-storage reads it). Shapes follow mocks/gcs/server.ts and mocks/azure/arm-server.ts.
 * N "buckets" = N GCS buckets / N Azure containers (10 per storage account).
 */
import type { IncomingMessage } from 'node:http';
import { type Reply, type Responder, type ResponderOptions, startResponder } from './common.js';

export interface CloudResponderOptions extends ResponderOptions {
  kind: 'gcs' | 'azure';
  buckets: number;
  project?: string;
  subscription?: string;
  /** GCS: projects `bench-p0000`... each listing its own consecutive slice of the N buckets (default: one project). */
  projects?: number;
}

/** Project k of a multi-project bench estate. */
export const benchProject = (k: number) => `bench-p${String(k).padStart(4, '0')}`;

const json = (status: number, v: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
  body: JSON.stringify(v),
});

const gcsError = (status: number, reason: string, message: string) =>
  json(status, { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } });

export const gcsBucketName = (i: number) => `gbench-${String(i).padStart(6, '0')}`;
export const azureAccountName = (a: number) => `abench${String(a).padStart(6, '0')}`;
export const CONTAINERS_PER_ACCOUNT = 10;

function gcsBucket(i: number, project: string, full: boolean) {
  const name = gcsBucketName(i);
  return {
    kind: 'storage#bucket',
    id: name,
    selfLink: `https://www.googleapis.com/storage/v1/b/${name}`,
    projectNumber: '123456789012',
    name,
    timeCreated: '2024-01-15T10:00:00.000Z',
    updated: '2024-01-15T10:00:00.000Z',
    metageneration: '1',
    iamConfiguration: {
      uniformBucketLevelAccess: { enabled: i % 3 !== 0 },
      publicAccessPrevention: i % 5 === 0 ? 'enforced' : 'inherited',
    },
    location: 'US',
    locationType: 'multi-region',
    storageClass: 'STANDARD',
    etag: 'CAE=',
    ...(i % 25 === 0 ? { website: { mainPageSuffix: 'index.html' } } : {}),
    ...(full && i % 3 === 0
      ? {
          acl: [{ kind: 'storage#bucketAccessControl', entity: `project-owners-${project}`, role: 'OWNER' }],
          defaultObjectAcl: i % 6 === 0 ? [{ kind: 'storage#objectAccessControl', entity: 'allUsers', role: 'READER' }] : [],
        }
      : {}),
  };
}

function gcsIam(i: number) {
  const name = gcsBucketName(i);
  const bindings = [
    { role: 'roles/storage.legacyBucketOwner', members: ['projectEditor:bench', 'projectOwner:bench'] },
    { role: 'roles/storage.legacyBucketReader', members: ['projectViewer:bench'] },
  ];
  if (i % 10 === 0) bindings.push({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
  if (i % 10 === 1) bindings.push({ role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] });
  return { kind: 'storage#policy', resourceId: `projects/_/buckets/${name}`, version: 1, etag: 'CAE=', bindings };
}

function handleGcs(url: URL, n: number, project: string, projects: number): { op: string; reply: Reply } {
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  // Org Policy v2 effective policy (mocks/gcs/server.ts shape); the constraint is not enforced in the bench estate.
  const org = /^\/v2\/projects\/([^/]+)\/policies\/([^/:]+):getEffectivePolicy$/.exec(url.pathname);
  if (org) {
    const constraint = decodeURIComponent(org[2] ?? '');
    const name = `projects/123456789012/policies/${constraint}`;
    return {
      op: 'orgpolicy:getEffectivePolicy',
      reply: json(
        200,
        constraint === 'storage.publicAccessPrevention'
          ? { name, spec: { etag: 'CAE=', updateTime: '2024-01-15T10:00:00.000Z', rules: [{ enforce: false }] } }
          : { name },
      ),
    };
  }
  if (seg[0] !== 'storage' || seg[1] !== 'v1' || seg[2] !== 'b')
    return { op: 'gcs:other', reply: gcsError(404, 'notFound', 'Not Found') };
  if (seg.length === 3) {
    const max = Math.max(1, Math.min(1000, Number(url.searchParams.get('maxResults') ?? 1000)));
    // with several projects, project k lists its slice [k*m, (k+1)*m)
    const k = projects > 1 ? /^bench-p(\d{4})$/.exec(url.searchParams.get('project') ?? '')?.[1] : undefined;
    const m = Math.ceil(n / projects);
    const [from, to] = k === undefined ? [0, n] : [Math.min(n, Number(k) * m), Math.min(n, (Number(k) + 1) * m)];
    const start = Number(url.searchParams.get('pageToken') ?? from) || from;
    const end = Math.min(to, start + max);
    const items = [];
    for (let i = start; i < end; i++) items.push(gcsBucket(i, project, false));
    return {
      op: 'gcs:buckets.list',
      reply: json(200, { kind: 'storage#buckets', items, ...(end < to ? { nextPageToken: String(end) } : {}) }),
    };
  }
  const m = /^gbench-(\d{6})$/.exec(seg[3] ?? '');
  const i = m ? Number(m[1]) : -1;
  if (i < 0 || i >= n) return { op: 'gcs:notFound', reply: gcsError(404, 'notFound', 'The specified bucket does not exist.') };
  if (seg.length === 4)
    return { op: 'gcs:buckets.get', reply: json(200, gcsBucket(i, project, url.searchParams.get('projection') === 'full')) };
  if (seg[4] === 'iam' && seg.length === 5) return { op: 'gcs:buckets.getIamPolicy', reply: json(200, gcsIam(i)) };
  return { op: 'gcs:other', reply: gcsError(404, 'notFound', 'Not Found') };
}

function handleArm(url: URL, n: number, sub: string, origin: string): { op: string; reply: Reply } {
  const p = url.pathname.toLowerCase();
  const accounts = Math.ceil(n / CONTAINERS_PER_ACCOUNT);
  if (p === '/subscriptions')
    return {
      op: 'arm:subscriptions.list',
      reply: json(200, {
        value: [{ id: `/subscriptions/${sub}`, subscriptionId: sub, displayName: 'bench', state: 'Enabled', tenantId: sub }],
      }),
    };
  const acctList = `/subscriptions/${sub}/providers/microsoft.storage/storageaccounts`;
  if (p === acctList) {
    const start = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
    const end = Math.min(accounts, start + 100);
    const value = [];
    for (let a = start; a < end; a++) {
      const name = azureAccountName(a);
      value.push({
        id: `/subscriptions/${sub}/resourceGroups/rg-bench/providers/Microsoft.Storage/storageAccounts/${name}`,
        name,
        type: 'Microsoft.Storage/storageAccounts',
        location: 'eastus',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS', tier: 'Standard' },
        properties: {
          allowBlobPublicAccess: a % 4 === 0,
          minimumTlsVersion: 'TLS1_2',
          publicNetworkAccess: 'Enabled',
          networkAcls: {
            bypass: 'AzureServices',
            defaultAction: a % 5 === 0 ? 'Deny' : 'Allow',
            ipRules: [],
            virtualNetworkRules: [],
          },
          primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/`, web: `https://${name}.z13.web.core.windows.net/` },
          provisioningState: 'Succeeded',
        },
      });
    }
    const next =
      end < accounts
        ? {
            nextLink: `${origin}/subscriptions/${sub}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01&$skiptoken=${end}`,
          }
        : {};
    return { op: 'arm:storageAccounts.list', reply: json(200, { value, ...next }) };
  }
  const m = /\/storageaccounts\/abench(\d{6})\/blobservices\/default(\/containers)?$/.exec(p);
  const a = m ? Number(m[1]) : -1;
  if (!m || a >= accounts)
    return { op: 'arm:notFound', reply: json(404, { error: { code: 'ResourceNotFound', message: 'not found' } }) };
  const base = `/subscriptions/${sub}/resourceGroups/rg-bench/providers/Microsoft.Storage/storageAccounts/${azureAccountName(a)}/blobServices/default`;
  if (!m[2])
    return {
      op: 'arm:blobServices.get',
      reply: json(200, {
        id: base,
        name: 'default',
        type: 'Microsoft.Storage/storageAccounts/blobServices',
        sku: { name: 'Standard_LRS', tier: 'Standard' },
        properties: {
          cors: { corsRules: [] },
          deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false },
          containerDeleteRetentionPolicy: { enabled: false },
          isVersioningEnabled: false,
          staticWebsite: a % 25 === 0 ? { enabled: true, indexDocument: 'index.html' } : { enabled: false },
        },
      }),
    };
  const value = [];
  for (let c = 0; c < CONTAINERS_PER_ACCOUNT && a * CONTAINERS_PER_ACCOUNT + c < n; c++) {
    value.push({
      id: `${base}/containers/c${c}`,
      name: `c${c}`,
      type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
      properties: {
        publicAccess: c === 0 ? 'Container' : c === 1 ? 'Blob' : 'None',
        hasImmutabilityPolicy: false,
        hasLegalHold: false,
      },
    });
  }
  return { op: 'arm:containers.list', reply: json(200, { value }) };
}

export function startCloudResponder(opts: CloudResponderOptions): Promise<Responder> {
  const project = opts.project ?? 'bench-project';
  const sub = opts.subscription ?? '00000000-0000-0000-0000-00000000bec4';
  const handle = (req: IncomingMessage, url: URL) =>
    opts.kind === 'gcs'
      ? handleGcs(url, opts.buckets, project, Math.max(1, Math.floor(opts.projects ?? 1)))
      : handleArm(url, opts.buckets, sub, `http://${req.headers.host}`);
  const throttle =
    opts.kind === 'gcs'
      ? () => gcsError(429, 'rateLimitExceeded', 'The rate of change requests to the bucket is too high.')
      : () => json(429, { error: { code: 'TooManyRequests', message: 'throttled' } }, { 'retry-after': '1' });
  return startResponder(opts, handle, throttle);
}
