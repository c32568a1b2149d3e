/** An Azure "estate" served by the project's own ARM test server (mocks/azure/arm-server.ts). Types + a demo estate. */

export type ArmPublicAccess = 'None' | 'Blob' | 'Container';

export interface ArmEstateContainer {
  name: string;
  /** Default 'None'. Any other string is served as given (another spelling, a value newer than this code). */
  publicAccess?: ArmPublicAccess | (string & {});
}

export interface ArmEstateAccount {
  name: string;
  resourceGroup: string;
  location?: string;
  kind?: string;
  /** undefined = property omitted from the response ("unset", older accounts). */
  allowBlobPublicAccess?: boolean;
  /** Served as given (any spelling). */
  publicNetworkAccess?: 'Enabled' | 'Disabled' | 'SecuredByPerimeter' | (string & {});
  networkAcls?: {
    /** Served as given (any spelling). */
    defaultAction: 'Allow' | 'Deny' | (string & {});
    ipRules?: string[];
    /** Subnet resource ids. */
    virtualNetworkRules?: string[];
    /** e.g. 'AzureServices', 'Logging, Metrics', 'None'. Default 'AzureServices'. */
    bypass?: string;
  };
  /** undefined = omitted (null, which means true). */
  allowSharedKeyAccess?: boolean;
  /**
   * Served on blobServices/default as properties.staticWebsite (API 2025-x, modelled by @azure/arm-storage 20).
   * undefined = { enabled: false }; null = field omitted (older API versions: the adapter then needs the data plane).
   */
  staticWebsite?: { enabled: boolean; indexDocument?: string; errorDocument404Path?: string } | null;
  privateEndpoints?: number;
  containers?: ArmEstateContainer[];
  tags?: Record<string, string>;
}

export interface ArmEstateSubscription {
  subscriptionId: string;
  displayName?: string;
  accounts: ArmEstateAccount[];
}

export type ArmOperation = 'subscriptions.list' | 'storageAccounts.list' | 'blobServices.get' | 'containers.list';

export interface ArmFaultTarget {
  operation: ArmOperation;
  subscriptionId?: string;
  account?: string;
}

export interface ArmFaults {
  /** 403 AuthorizationFailed for these operations. */
  deny?: ArmFaultTarget[];
  /** 429 TooManyRequests with Retry-After `times` times, then normally; `skip`: let the first N matching requests through (e.g. page 1 of a list). */
  throttle?: (ArmFaultTarget & { times: number; retryAfterSeconds?: number; skip?: number })[];
  /** 404 ResourceNotFound (the resource vanished between list and get). */
  gone?: ArmFaultTarget[];
}

export interface ArmEstate {
  subscriptions: ArmEstateSubscription[];
  faults?: ArmFaults;
  /** Page size for list operations (nextLink paging); default 1000. */
  pageSize?: number;
  /** Accept requests without an Authorization header (default false: 401 AuthenticationFailed). */
  allowAnonymous?: boolean;
}

export const DEMO_SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';

/** One of every interesting Azure case. */
export function demoArmEstate(): ArmEstate {
  return {
    subscriptions: [
      {
        subscriptionId: DEMO_SUBSCRIPTION,
        displayName: 'acme-prod',
        accounts: [
          {
            name: 'acmepublicweb',
            resourceGroup: 'rg-web',
            allowBlobPublicAccess: true,
            staticWebsite: { enabled: true, indexDocument: 'index.html', errorDocument404Path: '404.html' },
            containers: [
              { name: '$web', publicAccess: 'None' },
              { name: 'downloads', publicAccess: 'Container' },
              { name: 'images', publicAccess: 'Blob' },
            ],
          },
          {
            name: 'acmelocked',
            resourceGroup: 'rg-data',
            allowBlobPublicAccess: false,
            allowSharedKeyAccess: false,
            containers: [{ name: 'exports', publicAccess: 'Container' }],
          },
          {
            name: 'acmefirewalled',
            resourceGroup: 'rg-data',
            allowBlobPublicAccess: true,
            publicNetworkAccess: 'Enabled',
            networkAcls: { defaultAction: 'Deny', ipRules: ['203.0.113.0/24'], bypass: 'AzureServices' },
            containers: [{ name: 'partner-feed', publicAccess: 'Container' }],
          },
          {
            name: 'acmelegacy',
            resourceGroup: 'rg-old',
            containers: [{ name: 'archive', publicAccess: 'Blob' }],
          },
        ],
      },
    ],
  };
}
