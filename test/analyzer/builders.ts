import { defaultContext } from '../../src/analyzer/context.js';
import type { AnalyzerContext, TrustZone } from '../../src/analyzer/context.js';
import type {
  AzureAccountSettings,
  AzureNetworkRules,
  GcsAclEntry,
  GcsBinding,
  GcsFacts,
  Known,
  StorageResource,
  UnknownReason,
  UnknownValue,
} from '../../src/model/index.js';

export const NOW = new Date('2025-06-01T00:00:00Z');

export function known<T>(value: T): Known<T> {
  return { known: true, value };
}

export function unknown(reason: UnknownReason = 'access-denied', code = 'AccessDenied', operation?: string): UnknownValue {
  return { known: false, reason, code, detail: `${code} (test)`, ...(operation ? { operation } : {}) };
}

/** Accept either a plain value or an explicit Known. */
type K<T> = T | Known<T>;

function isKnown(v: unknown): v is Known<unknown> {
  return typeof v === 'object' && v !== null && 'known' in v && typeof (v as { known: unknown }).known === 'boolean';
}

function k<T>(v: K<T>): Known<T> {
  return isKnown(v) ? (v as Known<T>) : known(v as T);
}

export function ctx(over: Partial<Omit<AnalyzerContext, 'trust'>> & { trust?: Partial<TrustZone> } = {}): AnalyzerContext {
  const { trust, ...rest } = over;
  return defaultContext({
    now: NOW,
    ...rest,
    trust: { awsAccounts: [], awsOrgIds: [], gcpDomains: [], gcpProjects: [], ...trust },
  });
}

/* ------------------------------------------------------------------ GCS ------------------------------------------------------------------ */

export interface GcsOpts {
  name?: string;
  project?: string;
  projectNumber?: string;
  ubla?: K<boolean>;
  pap?: K<'enforced' | 'inherited' | 'unspecified'>;
  orgPap?: K<boolean>;
  requesterPays?: K<boolean>;
  website?: K<{ mainPageSuffix?: string; notFoundPage?: string } | null>;
  bindings?: K<GcsBinding[]>;
  acl?: K<GcsAclEntry[]>;
  defaultObjectAcl?: K<GcsAclEntry[]>;
  customRoles?: Record<string, Known<string[]>>;
  objectAcls?: K<{ name: string; acl: GcsAclEntry[] }[]>;
}

/** A GCS bucket with safe defaults: UBLA on, PAP inherited, org constraint off, no bindings. */
export function gcsBucket(o: GcsOpts = {}): StorageResource {
  const name = o.name ?? 'b1';
  const facts: GcsFacts = {
    provider: 'gcp',
    ...(o.projectNumber ? { projectNumber: o.projectNumber } : {}),
    uniformBucketLevelAccess: k(o.ubla ?? true),
    publicAccessPrevention: k(o.pap ?? 'inherited'),
    orgPublicAccessPrevention: k(o.orgPap ?? false),
    requesterPays: k(o.requesterPays ?? false),
    website: k(o.website ?? null),
    iamBindings: k(o.bindings ?? []),
    acl: k(o.acl ?? []),
    defaultObjectAcl: k(o.defaultObjectAcl ?? []),
    ...(o.customRoles ? { customRoles: o.customRoles } : {}),
    ...(o.objectAcls !== undefined ? { objectAcls: k(o.objectAcls) } : {}),
  };
  return {
    id: `gs://${name}`,
    provider: 'gcp',
    kind: 'bucket',
    name,
    account: o.project ?? 'proj-a',
    source: { origin: 'mock', uri: `gs://${name}` },
    facts,
  };
}

export function binding(role: string, members: string[], expression?: string): GcsBinding {
  return { role, members, ...(expression ? { condition: { title: 't', expression } } : {}) };
}

/* ----------------------------------------------------------------- Azure ----------------------------------------------------------------- */

export interface AzureAccountOpts {
  accountName?: string;
  allowBlobPublicAccess?: K<boolean | null>;
  publicNetworkAccess?: K<'Enabled' | 'Disabled' | 'SecuredByPerimeter' | null>;
  networkRules?: K<AzureNetworkRules | null>;
  privateEndpointConnections?: number;
  allowSharedKeyAccess?: K<boolean | null>;
  staticWebsite?: K<{ enabled: boolean; indexDocument?: string; errorDocument404Path?: string } | null>;
}

/** Account settings with permissive-but-closed defaults: allowBlobPublicAccess true, network open, shared key off, no website. */
export function azureSettings(o: AzureAccountOpts = {}): AzureAccountSettings {
  const accountName = o.accountName ?? 'acct1';
  /** `null` is a meaningful value here (unset), so only `undefined` falls back to the default. */
  const pick = <T>(v: K<T> | undefined, d: T): Known<T> => k(v === undefined ? d : v);
  return {
    accountName,
    subscriptionId: 'sub-1',
    resourceGroup: 'rg-1',
    allowBlobPublicAccess: pick(o.allowBlobPublicAccess, true),
    publicNetworkAccess: pick(o.publicNetworkAccess, 'Enabled'),
    networkRules: pick(o.networkRules, null),
    ...(o.privateEndpointConnections !== undefined ? { privateEndpointConnections: o.privateEndpointConnections } : {}),
    allowSharedKeyAccess: pick(o.allowSharedKeyAccess, false),
    staticWebsite: pick(o.staticWebsite, null),
    webEndpoint: `https://${accountName}.z6.web.core.windows.net/`,
    blobEndpoint: `https://${accountName}.blob.core.windows.net/`,
  };
}

export function azureAccount(o: AzureAccountOpts = {}): StorageResource {
  const account = azureSettings(o);
  const uri = `https://${account.accountName}.blob.core.windows.net`;
  return {
    id: uri,
    provider: 'azure',
    kind: 'account',
    name: account.accountName,
    account: 'sub-1',
    source: { origin: 'mock', uri },
    facts: { provider: 'azure', scope: 'account', account },
  };
}

export function azureContainer(
  o: AzureAccountOpts & { container?: string; publicAccess?: K<'None' | 'Blob' | 'Container'> } = {},
): StorageResource {
  const account = azureSettings(o);
  const name = o.container ?? 'c1';
  const uri = `https://${account.accountName}.blob.core.windows.net/${name}`;
  return {
    id: uri,
    provider: 'azure',
    kind: 'container',
    name,
    account: 'sub-1',
    source: { origin: 'mock', uri },
    facts: { provider: 'azure', scope: 'container', account, publicAccess: k(o.publicAccess ?? 'None') },
  };
}

export function rules(
  defaultAction: 'Allow' | 'Deny',
  ipRules: string[] = [],
  virtualNetworkRules: string[] = [],
): AzureNetworkRules {
  return { defaultAction, ipRules, virtualNetworkRules };
}
