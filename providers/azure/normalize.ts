/**
 * Pure normalizers: ARM storage account / container models (as @azure/arm-storage 20 flattens them)
 * -> AzureAccountSettings facts. No I/O.
 */
import type { AzureAccountSettings, AzureNetworkRules, Known, UnknownReason, UnknownValue } from '../../src/model/index.js';
import { unknownFromError } from '../_errors.js';

/** The subset of the @azure/arm-storage StorageAccount model we read. */
export interface ArmAccountInput {
  id?: string;
  name?: string;
  location?: string;
  kind?: string;
  tags?: Record<string, string>;
  allowBlobPublicAccess?: boolean | null;
  allowSharedKeyAccess?: boolean | null;
  publicNetworkAccess?: string | null;
  networkRuleSet?: {
    defaultAction?: string;
    bypass?: string;
    ipRules?: { iPAddressOrRange?: string }[];
    /** IPv6 ACL rules (arm-storage 20 `NetworkRuleSet.ipv6Rules`): same shape and effect as ipRules. */
    ipv6Rules?: { iPAddressOrRange?: string }[];
    virtualNetworkRules?: { virtualNetworkResourceId?: string }[];
    resourceAccessRules?: unknown[];
  } | null;
  privateEndpointConnections?: ArmPrivateEndpointConnection[] | null;
  primaryEndpoints?: { blob?: string; web?: string } | null;
}

/** A private endpoint connection as arm-storage 20 flattens it (`properties.` kept as a fallback for raw REST JSON). */
export interface ArmPrivateEndpointConnection {
  privateLinkServiceConnectionState?: { status?: string } | null;
  properties?: { privateLinkServiceConnectionState?: { status?: string } | null } | null;
}

const known = <T>(value: T): Known<T> => ({ known: true, value, origin: 'observed' });

/** Connection states that carry no traffic, lower-cased (ARM enums are case-insensitive). */
const IDLE_PRIVATE_ENDPOINT_STATES: ReadonlySet<string> = new Set(['pending', 'rejected', 'disconnected']);

/**
 * Private endpoint connections that carry traffic. A Pending connection (anyone may request one, approval is manual) and a
 * Rejected or Disconnected one carry none; any other connection, with or without a state, is counted (the more exposed
 * reading: an approved one spelled in another case, or a state this code does not know, must not close the account).
 */
export function usablePrivateEndpoints(c: ArmAccountInput['privateEndpointConnections']): number {
  return (c ?? []).filter((pe) => {
    const status = (pe?.privateLinkServiceConnectionState ?? pe?.properties?.privateLinkServiceConnectionState)?.status;
    return typeof status !== 'string' || !IDLE_PRIVATE_ENDPOINT_STATES.has(status.toLowerCase());
  }).length;
}

/** Resource group from an ARM id (/subscriptions/S/resourceGroups/RG/providers/...). */
export function parseArmId(id: string | undefined): { subscriptionId?: string; resourceGroup?: string } {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(id ?? '');
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]! } : {};
}

function normalizeNetworkRules(n: ArmAccountInput['networkRuleSet']): AzureNetworkRules | null {
  if (!n) return null;
  return {
    // ARM enums compare case-insensitively; anything but Deny (absent, Allow, unknown) is the open reading.
    defaultAction: n.defaultAction?.trim().toLowerCase() === 'deny' ? 'Deny' : 'Allow',
    ipRules: [...(n.ipRules ?? []), ...(n.ipv6Rules ?? [])].map((r) => r.iPAddressOrRange ?? '').filter((v) => v !== ''),
    virtualNetworkRules: (n.virtualNetworkRules ?? []).map((r) => r.virtualNetworkResourceId ?? '').filter((v) => v !== ''),
    ...(n.bypass
      ? {
          bypass: n.bypass
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(n.resourceAccessRules?.length ? { resourceAccessRules: n.resourceAccessRules.length } : {}),
  };
}

const PNA_VALUES = { enabled: 'Enabled', disabled: 'Disabled', securedbyperimeter: 'SecuredByPerimeter' } as const;

/** publicNetworkAccess, compared case-insensitively (ARM enums); absent or not known to this code = null (Enabled). */
function pna(v: string | null | undefined): 'Enabled' | 'Disabled' | 'SecuredByPerimeter' | null {
  return typeof v === 'string' ? (PNA_VALUES[v.trim().toLowerCase() as keyof typeof PNA_VALUES] ?? null) : null;
}

export interface StaticWebsiteInput {
  enabled?: boolean;
  indexDocument?: string;
  errorDocument404Path?: string;
}

export function normalizeStaticWebsite(sw: StaticWebsiteInput | null | undefined): AzureAccountSettings['staticWebsite'] {
  if (!sw) return known(null);
  return known({
    enabled: sw.enabled === true,
    ...(sw.indexDocument ? { indexDocument: sw.indexDocument } : {}),
    ...(sw.errorDocument404Path ? { errorDocument404Path: sw.errorDocument404Path } : {}),
  });
}

/** Account facts. `allowBlobPublicAccess` absent => KNOWN null (unset; Z-1 treats it as permitting). */
export function normalizeAccount(
  a: ArmAccountInput,
  staticWebsite: Known<{ enabled: boolean; indexDocument?: string; errorDocument404Path?: string } | null>,
  overrides: { blobEndpoint?: string; webEndpoint?: string } = {},
): AzureAccountSettings {
  const { subscriptionId, resourceGroup } = parseArmId(a.id);
  const blobEndpoint = overrides.blobEndpoint ?? a.primaryEndpoints?.blob ?? undefined;
  const webEndpoint = overrides.webEndpoint ?? a.primaryEndpoints?.web ?? undefined;
  return {
    accountName: a.name ?? '',
    ...(subscriptionId ? { subscriptionId } : {}),
    ...(resourceGroup ? { resourceGroup } : {}),
    allowBlobPublicAccess: known(typeof a.allowBlobPublicAccess === 'boolean' ? a.allowBlobPublicAccess : null),
    publicNetworkAccess: known(pna(a.publicNetworkAccess)),
    networkRules: known(normalizeNetworkRules(a.networkRuleSet)),
    privateEndpointConnections: usablePrivateEndpoints(a.privateEndpointConnections),
    allowSharedKeyAccess: known(typeof a.allowSharedKeyAccess === 'boolean' ? a.allowSharedKeyAccess : null),
    staticWebsite,
    ...(webEndpoint ? { webEndpoint } : {}),
    ...(blobEndpoint ? { blobEndpoint } : {}),
  };
}

const PUBLIC_ACCESS_LEVELS = { none: 'None', blob: 'Blob', container: 'Container' } as const;

/**
 * A container's ARM `publicAccess` (ARM enum values compare case-insensitively). Absent = None (the ARM default).
 * A value this code does not know is unknown (decisive for the container), never read as None: that was PRIVATE
 * for a level that may be public.
 */
export function normalizePublicAccess(v: string | null | undefined): Known<'None' | 'Blob' | 'Container'> {
  if (v === undefined || v === null || v === '') return known('None');
  const level = PUBLIC_ACCESS_LEVELS[v.trim().toLowerCase() as keyof typeof PUBLIC_ACCESS_LEVELS];
  if (level) return known(level);
  return {
    known: false,
    reason: 'malformed',
    operation: 'blobContainers.list',
    detail: `blobContainers.list: container publicAccess ${JSON.stringify(v)} is not None, Blob or Container`,
  };
}

/** ARM / data-plane error -> unknown. 401/403 or code AuthorizationFailed (RBAC) / AuthorizationFailure (firewall) => access-denied. */
export function azureUnknown(err: unknown, operation: string, schedulerReason?: UnknownReason): UnknownValue {
  const e = (err ?? {}) as { code?: string; details?: { errorCode?: string } };
  const code = e.code ?? e.details?.errorCode;
  return unknownFromError(
    err,
    operation,
    code,
    schedulerReason,
    code === 'AuthorizationFailed' || code === 'AuthorizationFailure',
  );
}

/** Canonical public blob URL of an account (ids stay canonical even when a test endpoint is used). */
export function canonicalBlobBase(accountName: string): string {
  return `https://${accountName}.blob.core.windows.net`;
}
