/**
 * A GCS "estate" served by the project's own GCS JSON API test server (mocks/gcs/server.ts).
 * Types only plus one realistic demo estate. No I/O here.
 */

export type GcsRoleName = string;
export type GcsAclRoleName = 'READER' | 'WRITER' | 'OWNER';

export interface GcsEstateBinding {
  role: GcsRoleName;
  members: string[];
  condition?: { title?: string; description?: string; expression: string };
}

export interface GcsEstateAcl {
  /** allUsers, allAuthenticatedUsers, user-EMAIL, group-EMAIL, domain-DOMAIN, project-owners-NUMBER ... */
  entity: string;
  role: GcsAclRoleName;
}

export interface GcsEstateObject {
  name: string;
  data: string;
  contentType?: string;
  /** Object ACL (only effective when UBLA is off). */
  acl?: GcsEstateAcl[];
}

export interface GcsEstateBucket {
  name: string;
  /** Project id owning the bucket. */
  project: string;
  location?: string;
  /** Default true (the default for new buckets in most organizations). */
  uniformBucketLevelAccess?: boolean;
  /** Default 'inherited'. */
  publicAccessPrevention?: 'enforced' | 'inherited' | 'unspecified';
  requesterPays?: boolean;
  website?: { mainPageSuffix?: string; notFoundPage?: string };
  iamBindings?: GcsEstateBinding[];
  /** Bucket ACL; defaults to the project-team entries. Ignored (and not served) when UBLA is on. */
  acl?: GcsEstateAcl[];
  defaultObjectAcl?: GcsEstateAcl[];
  objects?: GcsEstateObject[];
}

export interface GcsEstateProject {
  projectId: string;
  projectNumber: string;
  /** Effective boolean org constraint storage.publicAccessPrevention; undefined = no policy set (not enforced). */
  orgPublicAccessPrevention?: boolean;
  /** Custom roles: role id (R in projects/P/roles/R) -> included permissions. */
  customRoles?: Record<string, string[]>;
}

/** Operations the fault knobs address (names follow the JSON API / IAM permission names). */
export type GcsOperation =
  | 'projects.list'
  | 'orgpolicy.getEffectivePolicy'
  | 'roles.get'
  | 'buckets.list'
  | 'buckets.get'
  | 'buckets.getIamPolicy'
  | 'buckets.testIamPermissions'
  | 'objects.list'
  | 'objects.get'
  | 'objects.create'
  | 'objects.delete';

export interface GcsFaultTarget {
  operation: GcsOperation;
  /** Restrict to this bucket (bucket operations) ... */
  bucket?: string;
  /** ... or project (projects/org policy/roles/buckets.list). */
  project?: string;
  /** roles.get: restrict to this role id. */
  role?: string;
}

export interface GcsFaults {
  /** The owner (scan) gets 403 forbidden for these operations. */
  deny?: GcsFaultTarget[];
  /** Answer 429 rateLimitExceeded `times` times, then normally. */
  throttle?: (GcsFaultTarget & { times: number })[];
  /** Answer 503 backendError `times` times, then normally. */
  unavailable?: (GcsFaultTarget & { times: number })[];
  /** buckets.list of these projects answers its first page (one bucket) over and over, with the same nextPageToken: a looping server. */
  repeatPages?: string[];
}

export interface GcsEstate {
  projects: GcsEstateProject[];
  buckets: GcsEstateBucket[];
  faults?: GcsFaults;
  /** Most items per page of project, bucket and object lists, whatever the client asks (set small to test paging). */
  pageSize?: number;
  /** Treat requests WITHOUT an Authorization header as the owner too (default false: header-less = anonymous). */
  authenticatedByDefault?: boolean;
  /**
   * Bearer tokens that are some OTHER Google account (not the owner): they get what allUsers and
   * allAuthenticatedUsers grant. Every other Authorization header is the owner.
   */
  outsiderTokens?: string[];
}

/** A realistic estate: one of every interesting case (used by tests and the demo). */
export function demoGcsEstate(): GcsEstate {
  return {
    projects: [
      { projectId: 'acme-web', projectNumber: '123456789012', customRoles: { bucketPeeker: ['storage.objects.list'] } },
      { projectId: 'acme-data', projectNumber: '210987654321', orgPublicAccessPrevention: true },
    ],
    buckets: [
      {
        name: 'acme-public-assets',
        project: 'acme-web',
        website: { mainPageSuffix: 'index.html', notFoundPage: '404.html' },
        iamBindings: [
          { role: 'roles/storage.legacyBucketOwner', members: ['projectOwner:acme-web', 'projectEditor:acme-web'] },
          { role: 'roles/storage.objectViewer', members: ['allUsers'] },
        ],
        objects: [
          { name: 'index.html', data: '<h1>acme</h1>', contentType: 'text/html' },
          { name: 'img/logo.svg', data: '<svg/>', contentType: 'image/svg+xml' },
        ],
      },
      {
        name: 'acme-partner-drop',
        project: 'acme-web',
        iamBindings: [{ role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] }],
        objects: [{ name: 'price-list.csv', data: 'sku,price\n1,2\n' }],
      },
      {
        name: 'acme-legacy-acl',
        project: 'acme-web',
        uniformBucketLevelAccess: false,
        acl: [
          { entity: 'project-owners-123456789012', role: 'OWNER' },
          { entity: 'allUsers', role: 'READER' },
        ],
        defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }],
        objects: [{ name: 'old/report.pdf', data: '%PDF-1.4', acl: [{ entity: 'allUsers', role: 'READER' }] }],
      },
      {
        name: 'acme-custom-role',
        project: 'acme-web',
        iamBindings: [{ role: 'projects/acme-web/roles/bucketPeeker', members: ['allUsers'] }],
        objects: [{ name: 'listing-only.txt', data: 'x' }],
      },
      {
        name: 'acme-private',
        project: 'acme-web',
        publicAccessPrevention: 'enforced',
        iamBindings: [{ role: 'roles/storage.objectAdmin', members: ['group:data-eng@acme.example'] }],
        objects: [{ name: 'secret.txt', data: 'top secret' }],
      },
      {
        name: 'acme-data-lake',
        project: 'acme-data',
        iamBindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }],
        objects: [{ name: 'events/2024.parquet', data: 'PAR1' }],
      },
    ],
  };
}
