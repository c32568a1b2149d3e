/**
 * The project's own Azure Resource Manager test server (Microsoft.Storage subset) on 127.0.0.1:0,
 * shaped like the real REST responses: subscriptions, storage accounts, blob service properties, containers,
 * nextLink paging, ARM error bodies ({"error":{"code","message"}}), 401/403/404/429 (+ Retry-After).
 * Every request is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startRecordingServer, type TestServer, takeFault } from '../_http.js';
import type { ArmEstate, ArmEstateAccount, ArmEstateSubscription, ArmFaultTarget, ArmOperation } from './estate.js';

/** `url` is the base to use as --azure-arm-endpoint. */
export type ArmServer = TestServer;

class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CREATED = '2021-03-01T09:00:00.0000000Z';

export async function startArmServer(estate: ArmEstate): Promise<ArmServer> {
  const counters = new Map<object, number>();
  return startRecordingServer((req, res) => {
    try {
      handle(estate, counters, req, res);
    } catch (err) {
      const e = err instanceof ArmError ? err : new ArmError(500, 'InternalServerError', String(err));
      send(res, e.status, { error: { code: e.code, message: e.message } }, e.headers);
    }
  });
}

function handle(estate: ArmEstate, counters: Map<object, number>, req: IncomingMessage, res: ServerResponse): unknown {
  const base = `http://${req.headers.host ?? '127.0.0.1'}`;
  const url = new URL(req.url ?? '/', base);
  const q = url.searchParams;
  const p = url.pathname.replace(/\/+$/, '');
  if (req.method !== 'GET') throw new ArmError(405, 'MethodNotAllowed', 'The test server is read-only.');
  if (!req.headers.authorization && !estate.allowAnonymous)
    throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
  if (!q.get('api-version'))
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  const fault = (op: ArmOperation, at: { subscriptionId?: string; account?: string }, scope: string) =>
    applyFaults(estate, counters, op, at, scope);
  const page = <T>(items: T[]) => paginate(items, q, estate.pageSize, base, url);

  if (p === '/subscriptions') {
    fault('subscriptions.list', {}, '/subscriptions');
    const { value, nextLink } = page(estate.subscriptions);
    return send(res, 200, {
      value: value.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        authorizationSource: 'RoleBased',
        managedByTenants: [],
        subscriptionId: s.subscriptionId,
        tenantId: '72f988bf-0000-0000-0000-2d7cd011db47',
        displayName: s.displayName ?? s.subscriptionId,
        state: 'Enabled',
        subscriptionPolicies: {
          locationPlacementId: 'Public_2014-09-01',
          quotaId: 'PayAsYouGo_2014-09-01',
          spendingLimit: 'Off',
        },
      })),
      ...(nextLink ? { nextLink } : {}),
      count: { type: 'Total', value: estate.subscriptions.length },
    });
  }
  let m = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts$/i.exec(p);
  if (m) {
    const sub = subscription(estate, m[1]!);
    fault('storageAccounts.list', { subscriptionId: sub.subscriptionId }, `/subscriptions/${sub.subscriptionId}`);
    const { value, nextLink } = page(sub.accounts);
    return send(res, 200, { value: value.map((a) => accountJson(sub, a)), ...(nextLink ? { nextLink } : {}) });
  }
  m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)(\/.*)?$/i.exec(
    p,
  );
  if (m) {
    const sub = subscription(estate, m[1]!);
    const acct = sub.accounts.find((a) => a.name === m![3] && a.resourceGroup.toLowerCase() === m![2]!.toLowerCase());
    const rest = m[4] ?? '';
    const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${m[2]}/providers/Microsoft.Storage/storageAccounts/${m[3]}`;
    const at = { subscriptionId: sub.subscriptionId, account: m[3]! };
    if (rest === '') {
      fault('storageAccounts.list', at, id);
      return send(res, 200, accountJson(sub, existing(acct, 'Microsoft.Storage/storageAccounts', m[3]!)));
    }
    if (/^\/blobServices\/default$/i.test(rest)) {
      fault('blobServices.get', at, `${id}/blobServices/default`);
      const a = existing(acct, 'Microsoft.Storage/storageAccounts', m[3]!);
      return send(res, 200, {
        id: `${id}/blobServices/default`,
        name: 'default',
        type: 'Microsoft.Storage/storageAccounts/blobServices',
        sku: { name: 'Standard_LRS', tier: 'Standard' },
        properties: {
          cors: { corsRules: [] },
          deleteRetentionPolicy: { allowPermanentDelete: false, enabled: true, days: 7 },
          containerDeleteRetentionPolicy: { enabled: true, days: 7 },
          isVersioningEnabled: false,
          ...(a.staticWebsite !== null ? { staticWebsite: a.staticWebsite ?? { enabled: false } } : {}),
        },
      });
    }
    if (/^\/blobServices\/default\/containers$/i.test(rest)) {
      fault('containers.list', at, `${id}/blobServices/default`);
      const a = existing(acct, 'Microsoft.Storage/storageAccounts', m[3]!);
      const { value, nextLink } = page(a.containers ?? []);
      return send(res, 200, {
        value: value.map((c) => ({
          id: `${id}/blobServices/default/containers/${c.name}`,
          name: c.name,
          type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
          etag: '"0x8DB0000000000000"',
          properties: {
            immutableStorageWithVersioning: { enabled: false },
            deleted: false,
            remainingRetentionDays: 0,
            defaultEncryptionScope: '$account-encryption-key',
            denyEncryptionScopeOverride: false,
            publicAccess: c.publicAccess ?? 'None',
            leaseStatus: 'Unlocked',
            leaseState: 'Available',
            lastModifiedTime: CREATED,
            hasImmutabilityPolicy: false,
            hasLegalHold: false,
          },
        })),
        ...(nextLink ? { nextLink } : {}),
      });
    }
  }
  throw new ArmError(404, 'InvalidResourceType', `The resource type could not be found for path '${url.pathname}'.`);
}

function subscription(estate: ArmEstate, id: string): ArmEstateSubscription {
  const s = estate.subscriptions.find((x) => x.subscriptionId === id);
  if (!s) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
  return s;
}

function existing<T>(v: T | undefined, type: string, name: string): T {
  if (!v) throw new ArmError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group was not found.`);
  return v;
}

function matches(t: ArmFaultTarget, op: ArmOperation, at: { subscriptionId?: string; account?: string }): boolean {
  return (
    t.operation === op &&
    (t.subscriptionId === undefined || t.subscriptionId === at.subscriptionId) &&
    (t.account === undefined || t.account === at.account)
  );
}

const ACTION_OF: Record<ArmOperation, string> = {
  'subscriptions.list': 'Microsoft.Resources/subscriptions/read',
  'storageAccounts.list': 'Microsoft.Storage/storageAccounts/read',
  'blobServices.get': 'Microsoft.Storage/storageAccounts/blobServices/read',
  'containers.list': 'Microsoft.Storage/storageAccounts/blobServices/containers/read',
};

function applyFaults(
  estate: ArmEstate,
  counters: Map<object, number>,
  op: ArmOperation,
  at: { subscriptionId?: string; account?: string },
  scope: string,
): void {
  const throttle = (estate.faults?.throttle ?? []).find((t) => matches(t, op, at) && takeFault(counters, t));
  if (throttle)
    throw new ArmError(
      429,
      'TooManyRequests',
      'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.',
      { 'Retry-After': String(throttle.retryAfterSeconds ?? 0) },
    );
  if ((estate.faults?.gone ?? []).some((t) => matches(t, op, at)))
    throw new ArmError(404, 'ResourceNotFound', `The Resource '${scope}' was not found.`);
  if ((estate.faults?.deny ?? []).some((t) => matches(t, op, at)))
    throw new ArmError(
      403,
      'AuthorizationFailed',
      `The client 'auditor@acme.example' with object id '11111111-2222-3333-4444-555555555555' does not have authorization to perform action '${ACTION_OF[op]}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
}

function accountJson(sub: ArmEstateSubscription, a: ArmEstateAccount) {
  const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${a.name}`;
  const location = a.location ?? 'westeurope';
  const net = a.networkAcls;
  return {
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    kind: a.kind ?? 'StorageV2',
    id,
    name: a.name,
    type: 'Microsoft.Storage/storageAccounts',
    location,
    tags: a.tags ?? {},
    properties: {
      dnsEndpointType: 'Standard',
      defaultToOAuthAuthentication: false,
      ...(a.publicNetworkAccess ? { publicNetworkAccess: a.publicNetworkAccess } : {}),
      keyCreationTime: { key1: CREATED, key2: CREATED },
      allowCrossTenantReplication: false,
      privateEndpointConnections: Array.from({ length: a.privateEndpoints ?? 0 }, (_, i) => ({
        id: `${id}/privateEndpointConnections/${a.name}.pe${i}`,
        name: `${a.name}.pe${i}`,
        type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections',
        properties: {
          provisioningState: 'Succeeded',
          privateEndpoint: {
            id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Network/privateEndpoints/pe${i}`,
          },
          privateLinkServiceConnectionState: { status: 'Approved', description: 'Auto-Approved', actionRequired: 'None' },
        },
      })),
      minimumTlsVersion: 'TLS1_2',
      ...(a.allowBlobPublicAccess !== undefined ? { allowBlobPublicAccess: a.allowBlobPublicAccess } : {}),
      ...(a.allowSharedKeyAccess !== undefined ? { allowSharedKeyAccess: a.allowSharedKeyAccess } : {}),
      networkAcls: {
        ipv6Rules: [],
        bypass: net?.bypass ?? 'AzureServices',
        virtualNetworkRules: (net?.virtualNetworkRules ?? []).map((v) => ({ id: v, action: 'Allow', state: 'Succeeded' })),
        ipRules: (net?.ipRules ?? []).map((v) => ({ value: v, action: 'Allow' })),
        defaultAction: net?.defaultAction ?? 'Allow',
      },
      supportsHttpsTrafficOnly: true,
      encryption: {
        requireInfrastructureEncryption: false,
        services: {
          file: { keyType: 'Account', enabled: true, lastEnabledTime: CREATED },
          blob: { keyType: 'Account', enabled: true, lastEnabledTime: CREATED },
        },
        keySource: 'Microsoft.Storage',
      },
      accessTier: 'Hot',
      provisioningState: 'Succeeded',
      creationTime: CREATED,
      primaryEndpoints: {
        dfs: `https://${a.name}.dfs.core.windows.net/`,
        web: `https://${a.name}.z6.web.core.windows.net/`,
        blob: `https://${a.name}.blob.core.windows.net/`,
        queue: `https://${a.name}.queue.core.windows.net/`,
        table: `https://${a.name}.table.core.windows.net/`,
        file: `https://${a.name}.file.core.windows.net/`,
      },
      primaryLocation: location,
      statusOfPrimary: 'available',
    },
  };
}

function paginate<T>(items: T[], q: URLSearchParams, pageSize: number | undefined, base: string, url: URL) {
  const start = Number(q.get('$skipToken') ?? '0') || 0;
  const n = pageSize && pageSize > 0 ? pageSize : 1000;
  const value = items.slice(start, start + n);
  if (start + n >= items.length) return { value };
  const next = new URL(url.pathname, base);
  next.searchParams.set('api-version', q.get('api-version') ?? '');
  next.searchParams.set('$skipToken', String(start + n));
  return { value, nextLink: next.toString() };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, {
    'Content-Type': 'application/json; charset=utf-8',
    'x-ms-request-id': '00000000-0000-0000-0000-000000000000',
    ...headers,
  });
}
