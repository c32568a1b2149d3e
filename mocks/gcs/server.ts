/**
 * The project's own Google Cloud Storage test server: a faithful subset of the JSON API (plus the XML-API
 * style download path), Cloud Resource Manager, Org Policy v2 and IAM roles.get, on 127.0.0.1:0.
 *
 * Identity model:
 * - a request WITHOUT an Authorization header is ANONYMOUS (unless estate.authenticatedByDefault): it gets
 *   exactly what `allUsers` grants (IAM bindings, plus bucket/object ACLs when UBLA is off), nothing when
 *   public access prevention is effective (bucket `enforced`, or `inherited` + org constraint enforced);
 * - `Authorization: Bearer <t>` with t in estate.outsiderTokens is another Google account: allUsers +
 *   allAuthenticatedUsers;
 * - any other Authorization header is the OWNER (the scan). The fault knobs (deny/throttle) apply to the owner
 *   and to everyone for throttle/unavailable.
 * Every request is recorded (method, path with query, headers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson as json, startRecordingServer, type TestServer, takeFault } from '../_http.js';
import type {
  GcsEstate,
  GcsEstateAcl,
  GcsEstateBucket,
  GcsEstateObject,
  GcsEstateProject,
  GcsFaultTarget,
  GcsOperation,
} from './estate.js';
import { BUCKET_ACL_PERMISSIONS, BUCKET_TESTABLE, PREDEFINED_ROLES } from './roles.js';

/** `url` is the base to use as --gcs-endpoint and --gcp-api-endpoint. */
export type GcsServer = TestServer;

type Caller = 'owner' | 'outsider' | 'anonymous';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
    readonly extra: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface StoredObject extends GcsEstateObject {
  generation: string;
  created: string;
}

interface State {
  buckets: Map<string, { spec: GcsEstateBucket; objects: Map<string, StoredObject> }>;
  projects: Map<string, GcsEstateProject>;
  counters: Map<object, number>;
}

const CREATED = '2024-01-15T10:00:00.000Z';

export async function startGcsServer(estate: GcsEstate): Promise<GcsServer> {
  const state: State = { buckets: new Map(), projects: new Map(), counters: new Map() };
  for (const p of estate.projects) state.projects.set(p.projectId, p);
  let gen = 1_700_000_000_000_000;
  for (const b of estate.buckets) {
    const objects = new Map<string, StoredObject>();
    for (const o of b.objects ?? []) objects.set(o.name, { ...o, generation: String(gen++), created: CREATED });
    state.buckets.set(b.name, { spec: b, objects });
  }
  let upload = 0;
  return startRecordingServer((req, res, body) => {
    // Like storage.googleapis.com, every answer carries an upload id (the GCS front end's request id).
    res.setHeader('x-guploader-uploadid', `mock-${++upload}`);
    try {
      handle(estate, state, req, res, body, () => String(gen++));
    } catch (err) {
      sendError(req, res, err instanceof HttpError ? err : new HttpError(500, String(err), 'backendError'));
    }
  });
}

/* --------------------------------------------------------------- routing --------------------------------------------------------------- */

function handle(
  estate: GcsEstate,
  state: State,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  nextGen: () => string,
): unknown {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const caller = callerOf(estate, req);
  const p = url.pathname;
  const q = url.searchParams;
  /**
   * Items per page: what the client asks for (pageSize / maxResults, default 1000), at most estate.pageSize, as the
   * real API returns fewer than asked when it likes. (It used to obey the client over estate.pageSize, so an estate
   * set up to page never did: the adapters ask for 500 to 1000 a page.)
   */
  const pageOf = (asked: string | null): number =>
    Math.min(Number(asked ?? 1000) || 1000, estate.pageSize ?? Number.POSITIVE_INFINITY);
  let m: (string | undefined)[] = [];
  const match = (re: RegExp, text: string): boolean => {
    const r = re.exec(text);
    m = r ? [...r] : [];
    return r !== null;
  };

  // Cloud Resource Manager
  if (method === 'GET' && (p === '/v1/projects' || p === '/v3/projects:search' || p === '/v3/projects')) {
    fault(estate, state, 'projects.list', {}, caller);
    requireAuth(caller, 'resourcemanager.projects.list');
    const all = [...state.projects.values()];
    const { page, next } = paginate(all, q.get('pageToken'), pageOf(q.get('pageSize')));
    const v1 = p === '/v1/projects';
    return json(res, 200, {
      projects: page.map((pr) =>
        v1
          ? {
              projectNumber: pr.projectNumber,
              projectId: pr.projectId,
              lifecycleState: 'ACTIVE',
              name: pr.projectId,
              createTime: CREATED,
            }
          : { name: `projects/${pr.projectNumber}`, projectId: pr.projectId, state: 'ACTIVE', displayName: pr.projectId },
      ),
      ...(next ? { nextPageToken: next } : {}),
    });
  }
  // Org Policy v2 effective policy
  if (method === 'GET' && match(/^\/v2\/projects\/([^/]+)\/policies\/([^/:]+):getEffectivePolicy$/, p)) {
    const project = projectOf(state, decodeURIComponent(m[1]!));
    fault(estate, state, 'orgpolicy.getEffectivePolicy', { project: project.projectId }, caller);
    requireAuth(caller, 'orgpolicy.policy.get');
    const constraint = decodeURIComponent(m[2]!);
    const name = `projects/${project.projectNumber}/policies/${constraint}`;
    if (constraint !== 'storage.publicAccessPrevention' || project.orgPublicAccessPrevention === undefined)
      return json(res, 200, { name });
    return json(res, 200, {
      name,
      spec: { etag: 'CAE=', updateTime: CREATED, rules: [{ enforce: project.orgPublicAccessPrevention }] },
    });
  }
  // IAM roles.get (custom roles)
  if (method === 'GET' && match(/^\/v1\/(projects|organizations)\/([^/]+)\/roles\/([^/]+)$/, p)) {
    const parent = decodeURIComponent(m[2]!);
    const roleId = decodeURIComponent(m[3]!);
    fault(estate, state, 'roles.get', { project: parent, role: roleId }, caller);
    requireAuth(caller, 'iam.roles.get');
    const project = state.projects.get(parent) ?? [...state.projects.values()].find((x) => x.projectNumber === parent);
    const perms = project?.customRoles?.[roleId];
    if (!perms) throw new HttpError(404, `The role named ${m[1]}/${parent}/roles/${roleId} was not found.`, 'notFound');
    return json(res, 200, {
      name: `${m[1]}/${parent}/roles/${roleId}`,
      title: roleId,
      description: `Custom role ${roleId}`,
      includedPermissions: perms,
      stage: 'GA',
      etag: 'BwYAAAAAAAA=',
    });
  }

  // JSON API: buckets
  if (method === 'GET' && p === '/storage/v1/b') {
    const project = q.get('project');
    if (!project) throw new HttpError(400, 'Required parameter: project', 'required');
    fault(estate, state, 'buckets.list', { project }, caller);
    requireAuth(caller, 'storage.buckets.list');
    const list = [...state.buckets.values()]
      .filter((b) => b.spec.project === project)
      .sort((a, b) => cmp(a.spec.name, b.spec.name));
    const looping = estate.faults?.repeatPages?.includes(project) === true;
    const { page, next } = paginate(list, looping ? null : q.get('pageToken'), looping ? 1 : pageOf(q.get('maxResults')));
    const full = q.get('projection') === 'full';
    return json(res, 200, {
      kind: 'storage#buckets',
      ...(page.length ? { items: page.map((b) => bucketResource(state, b.spec, full)) } : {}),
      ...(next ? { nextPageToken: next } : {}),
    });
  }
  if (match(/^\/storage\/v1\/b\/([^/]+)(\/.*)?$/, p)) {
    const bucketName = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '';
    const b = state.buckets.get(bucketName);
    const perms = () => (b ? callerPermissions(state, b.spec, caller) : new Set<string>());
    if (method === 'GET' && rest === '') {
      fault(estate, state, 'buckets.get', { bucket: bucketName }, caller);
      const bucket = existing(b);
      requirePerm(caller, perms(), 'storage.buckets.get', 'bucket');
      const full = q.get('projection') === 'full';
      // projection=full needs storage.buckets.getIamPolicy: without it the ACL fields are simply left out.
      const aclAllowed = full && !denied(estate, 'buckets.getIamPolicy', { bucket: bucketName }, caller);
      return json(res, 200, bucketResource(state, bucket.spec, aclAllowed));
    }
    if (method === 'GET' && rest === '/iam') {
      fault(estate, state, 'buckets.getIamPolicy', { bucket: bucketName }, caller);
      const bucket = existing(b);
      requirePerm(caller, perms(), 'storage.buckets.getIamPolicy', 'bucket');
      const requested = Number(q.get('optionsRequestedPolicyVersion') ?? '1');
      return json(res, 200, iamPolicy(bucket.spec, requested));
    }
    if (method === 'GET' && rest === '/iam/testPermissions') {
      fault(estate, state, 'buckets.testIamPermissions', { bucket: bucketName }, caller);
      const bucket = existing(b);
      const asked = q.getAll('permissions');
      if (asked.length === 0) throw new HttpError(400, 'Required parameter: permissions', 'required');
      for (const a of asked)
        if (!BUCKET_TESTABLE.has(a)) throw new HttpError(400, `Permission '${a}' is not valid for this resource.`, 'invalid');
      const have = callerPermissions(state, bucket.spec, caller);
      const granted = asked.filter((a) => have.has(a));
      return json(res, 200, { kind: 'storage#testIamPermissionsResponse', ...(granted.length ? { permissions: granted } : {}) });
    }
    if (method === 'GET' && rest === '/o') {
      fault(estate, state, 'objects.list', { bucket: bucketName }, caller);
      const bucket = existing(b);
      requirePerm(caller, perms(), 'storage.objects.list', 'bucket');
      requesterPays(bucket.spec, caller, q);
      const prefix = q.get('prefix') ?? '';
      const objs = [...bucket.objects.values()].filter((o) => o.name.startsWith(prefix)).sort((x, y) => cmp(x.name, y.name));
      const { page, next } = paginate(objs, q.get('pageToken'), pageOf(q.get('maxResults')));
      return json(res, 200, {
        kind: 'storage#objects',
        ...(page.length ? { items: page.map((o) => objectResource(bucket.spec, o)) } : {}),
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    if (match(/^\/o\/(.+)$/, rest)) {
      const objectName = decodeURIComponent(m[1]!);
      const bucket = existing(b);
      if (method === 'GET' || method === 'HEAD') {
        fault(estate, state, 'objects.get', { bucket: bucketName }, caller);
        const o = bucket.objects.get(objectName);
        requireObjectRead(state, bucket.spec, o, caller, perms());
        requesterPays(bucket.spec, caller, q);
        if (!o) throw new HttpError(404, `No such object: ${bucketName}/${objectName}`, 'notFound');
        if (q.get('alt') === 'media') return media(req, res, o);
        return json(res, 200, objectResource(bucket.spec, o));
      }
      if (method === 'DELETE') {
        fault(estate, state, 'objects.delete', { bucket: bucketName }, caller);
        requirePerm(caller, perms(), 'storage.objects.delete', 'object');
        if (!bucket.objects.delete(objectName))
          throw new HttpError(404, `No such object: ${bucketName}/${objectName}`, 'notFound');
        res.writeHead(204);
        return void res.end();
      }
    }
  }
  if (method === 'POST' && match(/^\/upload\/storage\/v1\/b\/([^/]+)\/o$/, p)) {
    const bucketName = decodeURIComponent(m[1]!);
    fault(estate, state, 'objects.create', { bucket: bucketName }, caller);
    const bucket = existing(state.buckets.get(bucketName));
    requirePerm(caller, callerPermissions(state, bucket.spec, caller), 'storage.objects.create', 'bucket');
    const name = q.get('name');
    if (!name) throw new HttpError(400, 'Required parameter: name', 'required');
    const ifGen = q.get('ifGenerationMatch');
    const prev = bucket.objects.get(name);
    if (ifGen !== null && (ifGen === '0' ? prev !== undefined : prev?.generation !== ifGen))
      throw new HttpError(412, 'At least one of the pre-conditions you specified did not hold.', 'conditionNotMet', {
        locationType: 'header',
        location: 'If-Match',
      });
    const o: StoredObject = {
      name,
      data: body.toString('utf8'),
      contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
      generation: nextGen(),
      created: new Date().toISOString(),
      ...(bucket.spec.defaultObjectAcl ? { acl: bucket.spec.defaultObjectAcl } : {}),
    };
    bucket.objects.set(name, o);
    return json(res, 200, objectResource(bucket.spec, o));
  }

  // XML-API style: GET /BUCKET (list) and GET|HEAD /BUCKET/OBJECT
  if ((method === 'GET' || method === 'HEAD') && match(/^\/([^/]+)(?:\/(.*))?$/, p)) {
    const bucketName = decodeURIComponent(m[1]!);
    const b = state.buckets.get(bucketName);
    if (!b) throw new HttpError(404, 'The specified bucket does not exist.', 'NoSuchBucket');
    const perms = callerPermissions(state, b.spec, caller);
    if (m[2] === undefined || m[2] === '') {
      fault(estate, state, 'objects.list', { bucket: bucketName }, caller);
      if (!perms.has('storage.objects.list')) throw xmlDenied(caller, 'storage.objects.list', 'bucket');
      if (b.spec.requesterPays && caller === 'anonymous' && !q.get('userProject')) throw xmlRequesterPays();
      const max = Number(q.get('max-keys') ?? '1000');
      const prefix = q.get('prefix') ?? '';
      const objs = [...b.objects.values()].filter((o) => o.name.startsWith(prefix)).sort((x, y) => cmp(x.name, y.name));
      const keys = objs
        .slice(0, max)
        .map(
          (o) =>
            `<Contents><Key>${xmlEsc(o.name)}</Key><Generation>${o.generation}</Generation><Size>${Buffer.byteLength(o.data)}</Size></Contents>`,
        )
        .join('');
      return xml(
        res,
        200,
        `<?xml version='1.0' encoding='UTF-8'?><ListBucketResult xmlns='http://doc.s3.amazonaws.com/2006-03-01'><Name>${xmlEsc(bucketName)}</Name><Prefix>${xmlEsc(prefix)}</Prefix><Marker></Marker><IsTruncated>${objs.length > max}</IsTruncated>${keys}</ListBucketResult>`,
      );
    }
    const objectName = decodeURIComponent(m[2]);
    fault(estate, state, 'objects.get', { bucket: bucketName }, caller);
    const o = b.objects.get(objectName);
    if (!canReadObject(state, b.spec, o, caller, perms)) throw xmlDenied(caller, 'storage.objects.get', 'object');
    if (b.spec.requesterPays && caller === 'anonymous' && !q.get('userProject')) throw xmlRequesterPays();
    if (!o) throw new HttpError(404, 'The specified key does not exist.', 'NoSuchKey');
    return media(req, res, o);
  }
  throw new HttpError(404, 'Not Found', 'notFound');
}

/* ------------------------------------------------------------ authorization ------------------------------------------------------------ */

function callerOf(estate: GcsEstate, req: IncomingMessage): Caller {
  const auth = req.headers.authorization;
  if (!auth) return estate.authenticatedByDefault ? 'owner' : 'anonymous';
  const token = auth.replace(/^Bearer\s+/i, '');
  return estate.outsiderTokens?.includes(token) ? 'outsider' : 'owner';
}

function targetMatches(t: GcsFaultTarget, op: GcsOperation, at: { bucket?: string; project?: string; role?: string }): boolean {
  if (t.operation !== op) return false;
  if (t.bucket !== undefined && t.bucket !== at.bucket) return false;
  if (t.project !== undefined && t.project !== at.project) return false;
  if (t.role !== undefined && t.role !== at.role) return false;
  return true;
}

function denied(estate: GcsEstate, op: GcsOperation, at: { bucket?: string; project?: string; role?: string }, caller: Caller) {
  return caller === 'owner' && (estate.faults?.deny ?? []).some((t) => targetMatches(t, op, at));
}

/** Apply throttle / unavailable / deny knobs. */
function fault(
  estate: GcsEstate,
  state: State,
  op: GcsOperation,
  at: { bucket?: string; project?: string; role?: string },
  caller: Caller,
): void {
  if ((estate.faults?.throttle ?? []).some((t) => targetMatches(t, op, at) && takeFault(state.counters, t)))
    throw new HttpError(
      429,
      'The rate of change requests to the resource exceeds the rate limit. Please reduce the rate of requests.',
      'rateLimitExceeded',
      {},
      { 'Retry-After': '0' },
    );
  if ((estate.faults?.unavailable ?? []).some((t) => targetMatches(t, op, at) && takeFault(state.counters, t)))
    throw new HttpError(503, 'Backend Error', 'backendError');
  if (denied(estate, op, at, caller)) {
    const perm = PERMISSION_OF[op];
    const what = at.bucket ? `the Google Cloud Storage bucket` : `resource projects/${at.project ?? '_'}`;
    throw new HttpError(
      403,
      `auditor@acme-sec.iam.gserviceaccount.com does not have ${perm} access to ${what}. Permission '${perm}' denied on resource (or it may not exist).`,
      'forbidden',
    );
  }
}

const PERMISSION_OF: Record<GcsOperation, string> = {
  'projects.list': 'resourcemanager.projects.list',
  'orgpolicy.getEffectivePolicy': 'orgpolicy.policy.get',
  'roles.get': 'iam.roles.get',
  'buckets.list': 'storage.buckets.list',
  'buckets.get': 'storage.buckets.get',
  'buckets.getIamPolicy': 'storage.buckets.getIamPolicy',
  'buckets.testIamPermissions': 'storage.buckets.testIamPermissions',
  'objects.list': 'storage.objects.list',
  'objects.get': 'storage.objects.get',
  'objects.create': 'storage.objects.create',
  'objects.delete': 'storage.objects.delete',
};

function papEffective(state: State, b: GcsEstateBucket): boolean {
  if (b.publicAccessPrevention === 'enforced') return true;
  return state.projects.get(b.project)?.orgPublicAccessPrevention === true;
}

function rolePermissions(state: State, role: string): readonly string[] {
  const predefined = PREDEFINED_ROLES[role];
  if (predefined) return predefined;
  const m = /^projects\/([^/]+)\/roles\/(.+)$/.exec(role);
  if (m) return state.projects.get(m[1]!)?.customRoles?.[m[2]!] ?? [];
  return [];
}

/** Bucket-level permissions of a caller (IAM + bucket ACL when UBLA is off), PAP applied. */
function callerPermissions(state: State, b: GcsEstateBucket, caller: Caller): Set<string> {
  if (caller === 'owner') return new Set([...BUCKET_TESTABLE]);
  if (papEffective(state, b)) return new Set();
  const members = caller === 'outsider' ? ['allUsers', 'allAuthenticatedUsers'] : ['allUsers'];
  const out = new Set<string>();
  for (const binding of b.iamBindings ?? []) {
    if (binding.condition) continue; // conditions are not evaluated by the test server
    if (binding.members.some((x) => members.includes(x))) for (const perm of rolePermissions(state, binding.role)) out.add(perm);
  }
  if (b.uniformBucketLevelAccess === false)
    for (const e of b.acl ?? []) if (members.includes(e.entity)) for (const perm of BUCKET_ACL_PERMISSIONS[e.role]) out.add(perm);
  return out;
}

function canReadObject(
  state: State,
  b: GcsEstateBucket,
  o: StoredObject | undefined,
  caller: Caller,
  perms: Set<string>,
): boolean {
  if (perms.has('storage.objects.get')) return true;
  if (caller === 'owner' || papEffective(state, b) || b.uniformBucketLevelAccess !== false || !o) return false;
  const members = caller === 'outsider' ? ['allUsers', 'allAuthenticatedUsers'] : ['allUsers'];
  return (o.acl ?? []).some((e) => members.includes(e.entity));
}

function requireAuth(caller: Caller, permission: string): void {
  if (caller === 'anonymous')
    throw new HttpError(
      401,
      `Anonymous caller does not have ${permission} access. Request is missing required authentication credential.`,
      'required',
      { locationType: 'header', location: 'Authorization' },
    );
  if (caller === 'outsider') throw new HttpError(403, `The caller does not have permission ${permission}`, 'forbidden');
}

function requirePerm(caller: Caller, perms: Set<string>, permission: string, kind: 'bucket' | 'object'): void {
  if (perms.has(permission)) return;
  throw deniedError(caller, permission, kind);
}

function deniedError(caller: Caller, permission: string, kind: 'bucket' | 'object'): HttpError {
  const target = kind === 'bucket' ? 'the Google Cloud Storage bucket' : 'the Google Cloud Storage object';
  if (caller === 'anonymous')
    return new HttpError(
      401,
      `Anonymous caller does not have ${permission} access to ${target}. Permission '${permission}' denied on resource (or it may not exist).`,
      'required',
      { locationType: 'header', location: 'Authorization' },
    );
  return new HttpError(
    403,
    `someone@example.com does not have ${permission} access to ${target}. Permission '${permission}' denied on resource (or it may not exist).`,
    'forbidden',
  );
}

function requireObjectRead(
  state: State,
  b: GcsEstateBucket,
  o: StoredObject | undefined,
  caller: Caller,
  perms: Set<string>,
): void {
  if (!canReadObject(state, b, o, caller, perms)) throw deniedError(caller, 'storage.objects.get', 'object');
}

function requesterPays(b: GcsEstateBucket, caller: Caller, q: URLSearchParams): void {
  if (b.requesterPays && caller === 'anonymous' && !q.get('userProject'))
    throw new HttpError(400, 'Bucket is a requester pays bucket but no user project provided.', 'required');
}

function existing<T>(b: T | undefined): T {
  if (!b) throw new HttpError(404, 'The specified bucket does not exist.', 'notFound');
  return b;
}

function projectOf(state: State, idOrNumber: string): GcsEstateProject {
  const p = state.projects.get(idOrNumber) ?? [...state.projects.values()].find((x) => x.projectNumber === idOrNumber);
  if (!p) throw new HttpError(404, `Project ${idOrNumber} not found.`, 'notFound');
  return p;
}

/* -------------------------------------------------------------- resources -------------------------------------------------------------- */

function projectNumber(state: State, b: GcsEstateBucket): string {
  return state.projects.get(b.project)?.projectNumber ?? '0';
}

function aclResource(b: GcsEstateBucket, e: GcsEstateAcl, kind: 'bucket' | 'default') {
  const team = /^project-(owners|editors|viewers)-(\d+)$/.exec(e.entity);
  return {
    kind: kind === 'bucket' ? 'storage#bucketAccessControl' : 'storage#objectAccessControl',
    ...(kind === 'bucket'
      ? { id: `${b.name}/${e.entity}`, selfLink: `https://www.googleapis.com/storage/v1/b/${b.name}/acl/${e.entity}` }
      : {}),
    bucket: b.name,
    entity: e.entity,
    role: e.role,
    etag: 'CAE=',
    ...(team ? { projectTeam: { projectNumber: team[2], team: team[1] } } : {}),
    ...(e.entity.startsWith('user-') ? { email: e.entity.slice(5) } : {}),
    ...(e.entity.startsWith('domain-') ? { domain: e.entity.slice(7) } : {}),
  };
}

function defaultBucketAcl(state: State, b: GcsEstateBucket): GcsEstateAcl[] {
  const n = projectNumber(state, b);
  return [
    { entity: `project-owners-${n}`, role: 'OWNER' },
    { entity: `project-editors-${n}`, role: 'OWNER' },
    { entity: `project-viewers-${n}`, role: 'READER' },
  ];
}

function bucketResource(state: State, b: GcsEstateBucket, full: boolean) {
  const ubla = b.uniformBucketLevelAccess !== false;
  const n = projectNumber(state, b);
  return {
    kind: 'storage#bucket',
    selfLink: `https://www.googleapis.com/storage/v1/b/${b.name}`,
    id: b.name,
    name: b.name,
    projectNumber: n,
    generation: '1705312800000000',
    metageneration: '1',
    location: b.location ?? 'US',
    storageClass: 'STANDARD',
    etag: 'CAE=',
    timeCreated: CREATED,
    updated: CREATED,
    ...(full && !ubla
      ? {
          acl: (b.acl ?? defaultBucketAcl(state, b)).map((e) => aclResource(b, e, 'bucket')),
          defaultObjectAcl: (b.defaultObjectAcl ?? []).map((e) => aclResource(b, e, 'default')),
          owner: { entity: `project-owners-${n}` },
        }
      : {}),
    ...(b.website ? { website: b.website } : {}),
    ...(b.requesterPays !== undefined ? { billing: { requesterPays: b.requesterPays } } : {}),
    iamConfiguration: {
      bucketPolicyOnly: ubla ? { enabled: true, lockedTime: '2024-04-14T10:00:00.000Z' } : { enabled: false },
      uniformBucketLevelAccess: ubla ? { enabled: true, lockedTime: '2024-04-14T10:00:00.000Z' } : { enabled: false },
      publicAccessPrevention: b.publicAccessPrevention ?? 'inherited',
    },
    locationType: 'multi-region',
    rpo: 'DEFAULT',
    softDeletePolicy: { retentionDurationSeconds: '604800', effectiveTime: CREATED },
  };
}

function iamPolicy(b: GcsEstateBucket, requestedVersion: number) {
  const bindings: { role: string; members: string[]; condition?: object }[] = [];
  const explicit = b.iamBindings ?? [
    { role: 'roles/storage.legacyBucketOwner', members: [`projectEditor:${b.project}`, `projectOwner:${b.project}`] },
    { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${b.project}`] },
  ];
  for (const x of explicit)
    bindings.push({ role: x.role, members: [...x.members], ...(x.condition ? { condition: x.condition } : {}) });
  // Bucket ACLs show up as legacy role bindings (UBLA off).
  if (b.uniformBucketLevelAccess === false)
    for (const e of b.acl ?? []) {
      const role = {
        READER: 'roles/storage.legacyBucketReader',
        WRITER: 'roles/storage.legacyBucketWriter',
        OWNER: 'roles/storage.legacyBucketOwner',
      }[e.role];
      const member = e.entity.startsWith('project-') ? null : e.entity.replace(/^(user|group|domain)-/, '$1:');
      if (!member) continue;
      const existingBinding = bindings.find((x) => x.role === role && !x.condition);
      if (existingBinding) {
        if (!existingBinding.members.includes(member)) existingBinding.members.push(member);
      } else bindings.push({ role, members: [member] });
    }
  const hasConditions = bindings.some((x) => x.condition);
  if (hasConditions && requestedVersion < 3)
    throw new HttpError(400, 'Policy with conditions can only be retrieved with requested version 3.', 'invalid');
  return {
    kind: 'storage#policy',
    resourceId: `projects/_/buckets/${b.name}`,
    version: hasConditions ? 3 : 1,
    etag: 'CAE=',
    bindings,
  };
}

function objectResource(b: GcsEstateBucket, o: StoredObject) {
  const enc = encodeURIComponent(o.name);
  return {
    kind: 'storage#object',
    id: `${b.name}/${o.name}/${o.generation}`,
    selfLink: `https://www.googleapis.com/storage/v1/b/${b.name}/o/${enc}`,
    mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${b.name}/o/${enc}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: b.name,
    generation: o.generation,
    metageneration: '1',
    contentType: o.contentType ?? 'application/octet-stream',
    storageClass: 'STANDARD',
    size: String(Buffer.byteLength(o.data)),
    etag: 'CAE=',
    timeCreated: o.created,
    updated: o.created,
    timeStorageClassUpdated: o.created,
  };
}

/* ----------------------------------------------------------------- I/O ----------------------------------------------------------------- */

function media(req: IncomingMessage, res: ServerResponse, o: StoredObject): unknown {
  const data = Buffer.from(o.data, 'utf8');
  const headers: Record<string, string> = {
    'Content-Type': o.contentType ?? 'application/octet-stream',
    'x-goog-generation': o.generation,
    'x-goog-metageneration': '1',
    'x-goog-stored-content-length': String(data.length),
    'Accept-Ranges': 'bytes',
    ETag: '"CAE="',
  };
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range) {
    const start = Number(range[1]);
    const end = Math.min(range[2] ? Number(range[2]) : data.length - 1, data.length - 1);
    if (start >= data.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${data.length}` });
      return void res.end();
    }
    const slice = data.subarray(start, end + 1);
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${start}-${end}/${data.length}`,
      'Content-Length': String(slice.length),
    });
    return void res.end(req.method === 'HEAD' ? undefined : slice);
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(data.length) });
  res.end(req.method === 'HEAD' ? undefined : data);
}

function xml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/xml; charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const XML_CODES = new Set(['AccessDenied', 'NoSuchKey', 'NoSuchBucket', 'UserProjectMissing']);

function sendError(req: IncomingMessage, res: ServerResponse, e: HttpError): unknown {
  if (XML_CODES.has(e.reason)) {
    const details = e.extra.details ? `<Details>${xmlEsc(e.extra.details)}</Details>` : '';
    const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${e.reason}</Code><Message>${xmlEsc(e.message)}</Message>${details}</Error>`;
    if (req.method === 'HEAD') {
      res.writeHead(e.status, e.headers);
      return void res.end();
    }
    return xml(res, e.status, body, e.headers);
  }
  const { details: _d, ...extra } = e.extra;
  json(
    res,
    e.status,
    {
      error: {
        code: e.status,
        message: e.message,
        errors: [{ message: e.message, domain: 'global', reason: e.reason, ...extra }],
      },
    },
    e.headers,
  );
}

function xmlDenied(caller: Caller, permission: string, kind: 'bucket' | 'object'): HttpError {
  const target = kind === 'bucket' ? 'the Google Cloud Storage bucket' : 'the Google Cloud Storage object';
  const who = caller === 'anonymous' ? 'Anonymous caller' : 'someone@example.com';
  return new HttpError(403, 'Access denied.', 'AccessDenied', {
    details: `${who} does not have ${permission} access to ${target}. Permission '${permission}' denied on resource (or it may not exist).`,
  });
}

function xmlRequesterPays(): HttpError {
  return new HttpError(400, 'Bucket is a requester pays bucket but no user project provided.', 'UserProjectMissing');
}

function xmlEsc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Opaque page tokens (base64 of the next offset), like the real API's opaque tokens. */
function paginate<T>(items: T[], token: string | null, size: number): { page: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
  const n = Number.isFinite(size) && size > 0 ? size : 1000;
  const page = items.slice(start, start + n);
  const nextOffset = start + n;
  return nextOffset < items.length ? { page, next: Buffer.from(`o:${nextOffset}`).toString('base64url') } : { page };
}
