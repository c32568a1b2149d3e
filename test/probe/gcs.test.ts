import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GcsServer, startGcsServer } from '../../mocks/gcs/server.js';
import type { Assessment, StorageResource } from '../../src/model/index.js';
import { probeAssessments } from '../../src/probe/enrich.js';
import { GCS_TEST_PERMISSIONS } from '../../src/probe/gcs.js';
import type { ProbeReport } from '../../src/probe/render.js';
import { createScheduler } from '../../src/scheduler/index.js';
import { runCli } from './cli-io.js';

let gcs: GcsServer;
const allUsers = (role: string) => [{ role, members: ['allUsers'] }];

beforeAll(async () => {
  gcs = await startGcsServer({
    projects: [{ projectId: 'p1', projectNumber: '111111111111' }],
    buckets: [
      { name: 'gp-private', project: 'p1', objects: [{ name: 'a.txt', data: 'a' }] },
      {
        name: 'gp-viewer',
        project: 'p1',
        iamBindings: allUsers('roles/storage.objectViewer'),
        objects: [
          { name: 'infra/terraform.tfstate', data: '{}' },
          { name: 'z.txt', data: 'z' },
        ],
      },
      {
        name: 'gp-reader',
        project: 'p1',
        iamBindings: allUsers('roles/storage.legacyObjectReader'),
        objects: [{ name: 'r.txt', data: 'r' }],
      },
      { name: 'gp-writer', project: 'p1', iamBindings: allUsers('roles/storage.objectCreator') },
      {
        name: 'gp-pap',
        project: 'p1',
        publicAccessPrevention: 'enforced',
        iamBindings: allUsers('roles/storage.objectViewer'),
        objects: [{ name: 'x.txt', data: 'x' }],
      },
    ],
  });
});

afterAll(async () => {
  await gcs?.close();
});

async function raw(path: string, range = false): Promise<{ status: number; body: string }> {
  const r = await request(`${gcs.url}${path}`, { method: 'GET', headers: range ? { range: 'bytes=0-0' } : {} });
  r.body.on('error', () => undefined);
  if (range) {
    r.body.destroy();
    return { status: r.statusCode, body: '' };
  }
  return { status: r.statusCode, body: await r.body.text() };
}

describe('GCS probe against the project GCS test server (mocks/gcs)', () => {
  it('reports exactly what unsigned requests observe, per bucket', async () => {
    const targets = [
      'gs://gp-private/a.txt',
      'gs://gp-viewer',
      'gs://gp-reader/r.txt',
      'gs://gp-writer',
      'gs://gp-pap/x.txt',
      'gs://gp-missing',
    ];
    const out = await runCli(['probe', '--gcs-endpoint', gcs.url, '--format', 'json', '--list-max-keys', '10', ...targets]);
    expect(out.stderr).toBe('');
    const rep = JSON.parse(out.stdout) as ProbeReport;
    for (const [i, t] of targets.entries()) {
      const got = rep.targets[i]!;
      const bucket = t.slice(5).split('/')[0]!;
      const q = GCS_TEST_PERMISSIONS.map((p) => `permissions=${p}`).join('&');
      const g0 = await raw(`/storage/v1/b/${bucket}/iam/testPermissions?${q}`);
      const ctx = `${t}: ${JSON.stringify(got.result.observations)}`;
      expect(got.result.observations[0]?.status, ctx).toBe(g0.status);
      if (g0.status === 404) {
        expect(got.result.exists).toBe(false);
        continue;
      }
      const perms = ((JSON.parse(g0.body) as { permissions?: string[] }).permissions ?? []).sort();
      const list = await raw(`/storage/v1/b/${bucket}/o?maxResults=10`);
      const items = list.status === 200 ? ((JSON.parse(list.body) as { items?: { name: string }[] }).items ?? []) : [];
      const key = t.split('/').slice(3).join('/') || items[0]?.name;
      const read = key ? await raw(`/storage/v1/b/${bucket}/o/${encodeURIComponent(key)}?alt=media`, true) : undefined;
      expect(got.result.listable ?? false, ctx).toBe(list.status === 200 || perms.includes('storage.objects.list'));
      expect(got.result.readable ?? false, ctx).toBe(
        read?.status === 200 || read?.status === 206 || perms.includes('storage.objects.get'),
      );
      expect(got.result.writable, ctx).toBe(perms.some((p) => /objects\.(create|delete|update)$/.test(p)));
      expect(got.result.observations.find((o) => o.check === 'list')?.status, ctx).toBe(list.status);
      expect(got.result.observations.find((o) => o.check === 'read')?.status, ctx).toBe(read?.status);
    }
    const by = Object.fromEntries(rep.targets.map((t) => [t.input, t]));
    expect(by['gs://gp-private/a.txt']?.result.status).toBe('not-confirmed');
    expect(by['gs://gp-viewer']?.severity).toBe('critical');
    expect(by['gs://gp-viewer']?.result.sensitiveKeys).toEqual(['terraform-state: infra/terraform.tfstate']);
    expect(by['gs://gp-reader/r.txt']?.severity).toBe('high');
    expect(by['gs://gp-writer']?.result.writable).toBe(true);
    expect(by['gs://gp-writer']?.severity).toBe('critical');
    expect(by['gs://gp-pap/x.txt']?.result.status).toBe('not-confirmed');
    // Never any credentials.
    for (const r of gcs.requests) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
    }
  });

  it('scan --probe raises a non-public verdict, and the write probe cleans up with the injected delete', async () => {
    const resource = (name: string): StorageResource =>
      ({
        id: `gs://${name}`,
        provider: 'gcp',
        kind: 'bucket',
        name,
        account: 'p1',
        source: { origin: 'live', uri: `gs://${name}` },
        facts: { provider: 'gcp' },
      }) as unknown as StorageResource;
    const assessment = (name: string, verdict: Assessment['verdict']): Assessment => ({
      resource: resource(name),
      verdict,
      capabilities: [],
      severity: 'info',
      reasons: [],
      grants: [],
      neutralizedBy: [],
      guardrails: [],
      unknownInputs: [],
      context: [],
    });
    const deleted: string[] = [];
    const [writer, priv] = await probeAssessments([assessment('gp-writer', 'PRIVATE'), assessment('gp-private', 'PRIVATE')], {
      scheduler: createScheduler({ concurrency: 4, requestTimeoutMs: 5_000 }),
      concurrency: 4,
      write: true,
      gcsEndpoint: gcs.url,
      deleteObject: async (r, key) => {
        deleted.push(`${r.name}/${key}`);
        const res = await request(`${gcs.url}/storage/v1/b/${r.name}/o/${encodeURIComponent(key)}`, {
          method: 'DELETE',
          headers: { authorization: 'Bearer owner' },
        });
        await res.body.text();
        if (res.statusCode !== 204) throw new Error(`delete ${res.statusCode}`);
      },
    });
    expect(writer?.verdict).toBe('PUBLIC');
    expect(writer?.severity).toBe('critical');
    expect(writer?.disagreement?.with).toBe('probe');
    expect(writer?.capabilities.map((c) => c.capability)).toContain('WRITE');
    expect(writer?.probe?.observations.find((o) => o.check === 'write')?.status).toBe(200);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatch(/^gp-writer\/bucketaudit-probe\/[0-9a-f-]{36}$/);
    expect(writer?.probe?.leftovers).toBeUndefined();
    // A negative probe never lowers anything and is not proof of privacy.
    expect(priv?.verdict).toBe('PRIVATE');
    expect(priv?.probe?.status).toBe('not-confirmed');
    expect(priv?.disagreement).toBeUndefined();
  });
});
