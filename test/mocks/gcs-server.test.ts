import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGcsEstate, type GcsEstate } from '../../mocks/gcs/estate.js';
import { type GcsServer, startGcsServer } from '../../mocks/gcs/server.js';

const OWNER = { Authorization: 'Bearer test-owner' };
const ANON_PERMS = [
  'storage.objects.list',
  'storage.objects.get',
  'storage.objects.create',
  'storage.objects.delete',
  'storage.buckets.get',
  'storage.buckets.getIamPolicy',
  'storage.buckets.setIamPolicy',
];

describe('GCS JSON API test server', () => {
  let srv: GcsServer;
  const estate: GcsEstate = {
    ...demoGcsEstate(),
    pageSize: 2,
    outsiderTokens: ['outsider'],
    faults: {
      deny: [{ operation: 'buckets.getIamPolicy', bucket: 'acme-custom-role' }],
      throttle: [{ operation: 'buckets.get', bucket: 'acme-partner-drop', times: 1 }],
    },
  };
  estate.buckets.push({
    name: 'acme-rp',
    project: 'acme-web',
    requesterPays: true,
    iamBindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }],
    objects: [{ name: 'a', data: 'a' }],
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${srv.url}${path}`, { headers });
  const perms = (b: string, headers: Record<string, string> = {}) =>
    get(`/storage/v1/b/${b}/iam/testPermissions?${ANON_PERMS.map((p) => `permissions=${p}`).join('&')}`, headers);

  beforeAll(async () => {
    srv = await startGcsServer(estate);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('lists buckets of a project with pagination and ids', async () => {
    const r1 = await get('/storage/v1/b?project=acme-web', OWNER);
    expect(r1.status).toBe(200);
    const p1 = (await r1.json()) as { kind: string; items: { id: string; name: string }[]; nextPageToken?: string };
    expect(p1.kind).toBe('storage#buckets');
    expect(p1.items).toHaveLength(2);
    expect(p1.items[0]!.id).toBe(p1.items[0]!.name);
    const names = p1.items.map((i) => i.name);
    let token = p1.nextPageToken;
    while (token) {
      const r = (await (await get(`/storage/v1/b?project=acme-web&pageToken=${token}`, OWNER)).json()) as typeof p1;
      names.push(...r.items.map((i) => i.name));
      token = r.nextPageToken;
    }
    expect(names.sort()).toEqual([
      'acme-custom-role',
      'acme-legacy-acl',
      'acme-partner-drop',
      'acme-private',
      'acme-public-assets',
      'acme-rp',
    ]);
  });

  it('anonymous bucket listing is 401 required', async () => {
    const r = await get('/storage/v1/b?project=acme-web');
    expect(r.status).toBe(401);
    const body = (await r.json()) as { error: { errors: { reason: string }[] } };
    expect(body.error.errors[0]!.reason).toBe('required');
  });

  it('serves projection=full metadata with ACLs only when UBLA is off', async () => {
    const legacy = (await (await get('/storage/v1/b/acme-legacy-acl?projection=full', OWNER)).json()) as Record<string, unknown>;
    expect(legacy.iamConfiguration).toMatchObject({
      uniformBucketLevelAccess: { enabled: false },
      publicAccessPrevention: 'inherited',
    });
    expect(legacy.acl).toEqual(expect.arrayContaining([expect.objectContaining({ entity: 'allUsers', role: 'READER' })]));
    expect(legacy.defaultObjectAcl).toEqual([expect.objectContaining({ entity: 'allUsers', role: 'READER' })]);
    const ubla = (await (await get('/storage/v1/b/acme-public-assets?projection=full', OWNER)).json()) as Record<string, unknown>;
    expect(ubla.acl).toBeUndefined();
    expect(ubla.website).toEqual({ mainPageSuffix: 'index.html', notFoundPage: '404.html' });
    const rp = (await (await get('/storage/v1/b/acme-rp', OWNER)).json()) as Record<string, unknown>;
    expect(rp.billing).toEqual({ requesterPays: true });
  });

  it('returns the IAM policy (v3) and a 403 forbidden body when denied', async () => {
    const pol = (await (await get('/storage/v1/b/acme-public-assets/iam?optionsRequestedPolicyVersion=3', OWNER)).json()) as {
      bindings: { role: string; members: string[] }[];
    };
    expect(pol.bindings).toContainEqual({ role: 'roles/storage.objectViewer', members: ['allUsers'] });
    const denied = await get('/storage/v1/b/acme-custom-role/iam?optionsRequestedPolicyVersion=3', OWNER);
    expect(denied.status).toBe(403);
    const body = (await denied.json()) as {
      error: { code: number; message: string; errors: { reason: string; domain: string }[] };
    };
    expect(body.error.code).toBe(403);
    expect(body.error.errors[0]).toMatchObject({ reason: 'forbidden', domain: 'global' });
    expect(body.error.message).toContain('storage.buckets.getIamPolicy');
  });

  it('throttles N times with 429 rateLimitExceeded, then answers', async () => {
    const r1 = await get('/storage/v1/b/acme-partner-drop', OWNER);
    expect(r1.status).toBe(429);
    expect(((await r1.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('rateLimitExceeded');
    expect((await get('/storage/v1/b/acme-partner-drop', OWNER)).status).toBe(200);
  });

  it('testPermissions returns exactly what allUsers can do (PAP and org policy applied)', async () => {
    const pub = (await (await perms('acme-public-assets')).json()) as { permissions?: string[] };
    expect(pub.permissions?.sort()).toEqual(['storage.objects.get', 'storage.objects.list']);
    const authOnly = (await (await perms('acme-partner-drop')).json()) as { permissions?: string[] };
    expect(authOnly.permissions).toBeUndefined();
    const outsider = (await (await perms('acme-partner-drop', { Authorization: 'Bearer outsider' })).json()) as {
      permissions?: string[];
    };
    expect(outsider.permissions?.sort()).toEqual(['storage.objects.get', 'storage.objects.list']);
    const legacy = (await (await perms('acme-legacy-acl')).json()) as { permissions?: string[] };
    expect(legacy.permissions?.sort()).toEqual(['storage.buckets.get', 'storage.objects.list']);
    const orgPap = (await (await perms('acme-data-lake')).json()) as { permissions?: string[] };
    expect(orgPap.permissions).toBeUndefined();
    const custom = (await (await perms('acme-custom-role')).json()) as { permissions?: string[] };
    expect(custom.permissions).toEqual(['storage.objects.list']);
    expect((await get('/storage/v1/b/nope/iam/testPermissions?permissions=storage.objects.get')).status).toBe(404);
    expect((await get('/storage/v1/b/acme-public-assets/iam/testPermissions?permissions=storage.buckets.list')).status).toBe(400);
  });

  it('anonymous list / read follow the grants, with real error bodies', async () => {
    const list = await get('/storage/v1/b/acme-public-assets/o?maxResults=1');
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: { name: string }[]; nextPageToken?: string };
    expect(page.items).toHaveLength(1);
    expect(page.nextPageToken).toBeTruthy();
    const denied = await get('/storage/v1/b/acme-private/o?maxResults=1');
    expect(denied.status).toBe(401);
    const body = (await denied.json()) as { error: { message: string; errors: { reason: string }[] } };
    expect(body.error.message).toBe(
      "Anonymous caller does not have storage.objects.list access to the Google Cloud Storage bucket. Permission 'storage.objects.list' denied on resource (or it may not exist).",
    );
    expect(body.error.errors[0]!.reason).toBe('required');
    const missing = await get('/storage/v1/b/no-such-bucket/o');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('notFound');
    const rp = await get('/storage/v1/b/acme-rp/o');
    expect(rp.status).toBe(400);
    expect(((await rp.json()) as { error: { message: string } }).error.message).toBe(
      'Bucket is a requester pays bucket but no user project provided.',
    );
    const media = await get('/storage/v1/b/acme-public-assets/o/img%2Flogo.svg?alt=media', { Range: 'bytes=0-0' });
    expect(media.status).toBe(206);
    expect(await media.text()).toBe('<');
    const xml = await get('/acme-public-assets/index.html', { Range: 'bytes=0-0' });
    expect(xml.status).toBe(206);
    const legacyObj = await get('/acme-legacy-acl/old/report.pdf');
    expect(legacyObj.status).toBe(200);
    const xmlDenied = await get('/acme-private/secret.txt');
    expect(xmlDenied.status).toBe(403);
    expect(await xmlDenied.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('create-only upload answers 412 when the object exists, and delete works for the owner', async () => {
    const up = (name: string, headers: Record<string, string> = {}) =>
      fetch(
        `${srv.url}/upload/storage/v1/b/acme-public-assets/o?uploadType=media&name=${encodeURIComponent(name)}&ifGenerationMatch=0`,
        {
          method: 'POST',
          body: '',
          headers,
        },
      );
    expect((await up('probe/x')).status).toBe(401); // objectViewer cannot create
    expect((await up('probe/x', OWNER)).status).toBe(200);
    const again = await up('probe/x', OWNER);
    expect(again.status).toBe(412);
    expect(((await again.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason).toBe('conditionNotMet');
    const del = await fetch(`${srv.url}/storage/v1/b/acme-public-assets/o/probe%2Fx`, { method: 'DELETE', headers: OWNER });
    expect(del.status).toBe(204);
  });

  it('serves Resource Manager, Org Policy and IAM roles', async () => {
    const projects = (await (await get('/v1/projects', OWNER)).json()) as {
      projects: { projectId: string }[];
      nextPageToken?: string;
    };
    expect(projects.projects.map((p) => p.projectId)).toEqual(['acme-web', 'acme-data']);
    const v3 = (await (await get('/v3/projects:search', OWNER)).json()) as { projects: { projectId: string; name: string }[] };
    expect(v3.projects[0]).toMatchObject({ projectId: 'acme-web', name: 'projects/123456789012' });
    const pol = (await (
      await get('/v2/projects/acme-data/policies/storage.publicAccessPrevention:getEffectivePolicy', OWNER)
    ).json()) as {
      spec?: { rules: { enforce: boolean }[] };
    };
    expect(pol.spec?.rules[0]?.enforce).toBe(true);
    const none = (await (
      await get('/v2/projects/acme-web/policies/storage.publicAccessPrevention:getEffectivePolicy', OWNER)
    ).json()) as {
      spec?: unknown;
    };
    expect(none.spec).toBeUndefined();
    const role = (await (await get('/v1/projects/acme-web/roles/bucketPeeker', OWNER)).json()) as {
      includedPermissions: string[];
    };
    expect(role.includedPermissions).toEqual(['storage.objects.list']);
    expect((await get('/v1/projects/acme-web/roles/nope', OWNER)).status).toBe(404);
  });

  it('records every request with its headers', () => {
    expect(srv.requests.length).toBeGreaterThan(10);
    expect(srv.requests.some((r) => r.headers.authorization === 'Bearer test-owner')).toBe(true);
    expect(srv.requests.some((r) => r.headers.authorization === undefined)).toBe(true);
  });
});
