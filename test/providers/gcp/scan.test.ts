import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGcsEstate, type GcsEstate } from '../../../mocks/gcs/estate.js';
import { type GcsServer, startGcsServer } from '../../../mocks/gcs/server.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { collectGcp } from '../../../providers/gcp/index.js';
import { main } from '../../../src/cli/main.js';
import type { GcsFacts, StorageResource } from '../../../src/model/index.js';
import { createScheduler } from '../../../src/scheduler/index.js';

/** The scan (owner) sends Authorization: Bearer test-owner; anonymous requests (probes) send none. */
function estate(): GcsEstate {
  const e = demoGcsEstate();
  e.pageSize = 2; // paging exercised on buckets.list
  e.buckets.push({
    name: 'acme-denied',
    project: 'acme-web',
    iamBindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }],
  });
  e.faults = {
    deny: [{ operation: 'buckets.getIamPolicy', bucket: 'acme-denied' }],
    throttle: [
      { operation: 'buckets.get', bucket: 'acme-partner-drop', times: 1 },
      { operation: 'buckets.getIamPolicy', bucket: 'acme-public-assets', times: 1 },
    ],
  };
  return e;
}

async function runCli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

describe('GCP adapter against the GCS test server', () => {
  let srv: GcsServer;
  beforeAll(async () => {
    srv = await startGcsServer(estate());
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('collects facts for every bucket of every listed project', async () => {
    const scheduler = createScheduler({ concurrency: 4, baseDelayMs: 1, throttleBaseDelayMs: 1 });
    const ac = new AbortController();
    const { resources, errors } = await collectGcp(
      { projects: [], endpoint: srv.url },
      { scheduler, concurrency: 4, signal: ac.signal, env: {}, analyzer: defaultContext() },
    );
    expect(errors).toEqual([]);
    // The listings paged (pageSize 2): bucket lists after their first page were asked for (the server used to obey
    // the adapter's maxResults=1000 over the estate's page size, so this test never paged).
    const later = srv.requests.filter((r) => /\/storage\/v1\/b\?/.test(r.path) && /[?&]pageToken=/.test(r.path));
    expect(later.length).toBeGreaterThan(0);
    const byId = new Map<string, StorageResource>(resources.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'acme-custom-role',
        'acme-data-lake',
        'acme-denied',
        'acme-legacy-acl',
        'acme-partner-drop',
        'acme-private',
        'acme-public-assets',
      ].map((n) => `gs://${n}`),
    );
    const f = (n: string) => byId.get(`gs://${n}`)!.facts as GcsFacts;
    expect(byId.get('gs://acme-data-lake')!.account).toBe('acme-data');
    expect(f('acme-data-lake').orgPublicAccessPrevention).toMatchObject({ known: true, value: true });
    expect(f('acme-public-assets').orgPublicAccessPrevention).toMatchObject({ known: true, value: false });
    expect(f('acme-public-assets').iamBindings).toMatchObject({ known: true }); // throttled once, then ok
    expect(f('acme-partner-drop').uniformBucketLevelAccess).toMatchObject({ known: true, value: true }); // throttled once, then ok
    expect(f('acme-legacy-acl').acl).toMatchObject({
      known: true,
      value: expect.arrayContaining([{ entity: 'allUsers', role: 'READER' }]),
    });
    expect(f('acme-legacy-acl').defaultObjectAcl).toMatchObject({ known: true, value: [{ entity: 'allUsers', role: 'READER' }] });
    expect(f('acme-private').publicAccessPrevention).toMatchObject({ known: true, value: 'enforced' });
    expect(f('acme-custom-role').customRoles).toEqual({
      'projects/acme-web/roles/bucketPeeker': { known: true, value: ['storage.objects.list'], origin: 'observed' },
    });
    expect(f('acme-denied').iamBindings).toMatchObject({ known: false, reason: 'access-denied', code: 'forbidden' });
    expect(byId.get('gs://acme-public-assets')!.endpoints?.api).toBe(`${srv.url}/storage/v1/b/acme-public-assets`);
    // the scan identified itself as the owner on every request; read-only methods only
    const scanReqs = srv.requests.filter((r) => r.headers.authorization === 'Bearer test-owner');
    expect(scanReqs.length).toBe(srv.requests.length);
    expect(new Set(srv.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });

  it('CLI scan --format json: every bucket present with the verdict the rules give', async () => {
    const { code, stdout, stderr } = await runCli([
      'scan',
      '--provider',
      'gcp',
      '--gcs-endpoint',
      srv.url,
      '--gcp-project',
      'acme-web',
      '--gcp-project',
      'acme-data',
      '--format',
      'json',
    ]);
    expect(stderr).not.toContain('internal error');
    expect([0, 1]).toContain(code);
    const report = JSON.parse(stdout) as {
      resources: { id: string; verdict: string; unknownInputs: { input: string; reason: string }[] }[];
    };
    const v = Object.fromEntries(report.resources.map((r) => [r.id, r]));
    expect(Object.keys(v)).toHaveLength(7);
    expect(v['gs://acme-public-assets']!.verdict).toBe('PUBLIC'); // allUsers
    expect(v['gs://acme-partner-drop']!.verdict).toBe('PUBLIC_AUTHENTICATED'); // allAuthenticatedUsers
    expect(v['gs://acme-data-lake']!.verdict).toBe('LATENT'); // org PAP enforced
    expect(v['gs://acme-legacy-acl']!.verdict).toBe('PUBLIC'); // UBLA off + allUsers ACL
    expect(v['gs://acme-custom-role']!.verdict).toBe('PUBLIC'); // custom role resolved: LIST
    expect(v['gs://acme-denied']!.verdict).toBe('UNKNOWN');
    expect(v['gs://acme-denied']!.unknownInputs).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'access-denied' })]),
    );
  });

  it('a project whose bucket listing is denied is an error entry, not a crash', async () => {
    const s2 = await startGcsServer({
      ...demoGcsEstate(),
      faults: { deny: [{ operation: 'buckets.list', project: 'acme-data' }] },
    });
    try {
      const { stdout } = await runCli(['scan', '--provider', 'gcp', '--gcs-endpoint', s2.url, '--format', 'json']);
      const report = JSON.parse(stdout) as {
        resources: { id: string }[];
        errors: { provider?: string; operation?: string; code?: string }[];
      };
      expect(report.resources.map((r) => r.id)).toContain('gs://acme-public-assets');
      expect(report.errors).toContainEqual(
        expect.objectContaining({ provider: 'gcp', operation: 'storage.buckets.list', code: 'forbidden' }),
      );
    } finally {
      await s2.close();
    }
  });

  it('a server that repeats its page token: the listing stops with an error entry, the buckets of the first page kept', async () => {
    const e = demoGcsEstate();
    e.faults = { repeatPages: ['acme-web'] };
    const s3 = await startGcsServer(e);
    try {
      const scheduler = createScheduler({ concurrency: 4, baseDelayMs: 1, throttleBaseDelayMs: 1 });
      const { resources, errors } = await collectGcp(
        { projects: [], endpoint: s3.url },
        { scheduler, concurrency: 4, signal: new AbortController().signal, env: {}, analyzer: defaultContext() },
      );
      const web = demoGcsEstate()
        .buckets.filter((b) => b.project === 'acme-web')
        .map((b) => `gs://${b.name}`)
        .sort();
      expect(web.length).toBeGreaterThan(1);
      // page one (the first bucket by name) is kept, once; the loop is reported, not followed forever
      expect(resources.map((r) => r.id)).toContain(web[0]);
      const ids = resources.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(errors).toContainEqual(
        expect.objectContaining({
          provider: 'gcp',
          operation: 'storage.buckets.list',
          resourceId: 'projects/acme-web',
          message: expect.stringMatching(/repeated the page token/),
        }),
      );
      // the other projects are complete
      const others = demoGcsEstate().buckets.filter((b) => b.project !== 'acme-web');
      for (const b of others) expect(resources.map((r) => r.id)).toContain(`gs://${b.name}`);
    } finally {
      await s3.close();
    }
  });
});
