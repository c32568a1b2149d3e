/**
 * Collection review of the GCS adapter: answers the GCS test server does not give (tag-conditional org policies,
 * a listing page that fails) come from a small proxy in front of it that rewrites or fails chosen requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGcsEstate } from '../../mocks/gcs/estate.js';
import { type GcsServer, startGcsServer } from '../../mocks/gcs/server.js';
import { collectGcp } from '../../providers/gcp/index.js';
import { normalizeEffectiveBooleanPolicy } from '../../providers/gcp/normalize.js';
import { analyzeResource, defaultContext } from '../../src/analyzer/index.js';
import type { CollectResult } from '../../providers/types.js';
import type { GcsFacts } from '../../src/model/index.js';
import { createScheduler } from '../../src/scheduler/index.js';

type Rewrite = (path: string) => { status: number; body: unknown } | undefined;

/**
 * A proxy to `target`: `rewrite(path)` may answer a request itself; everything else is forwarded (its path through
 * `forward`, e.g. to ask for smaller pages than the adapter does).
 */
async function startProxy(
  target: string,
  rewrite: Rewrite,
  forward: (path: string) => string = (p) => p,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const own = rewrite(req.url ?? '/');
    if (own) {
      const text = JSON.stringify(own.body);
      res.writeHead(own.status, { 'content-type': 'application/json' });
      res.end(text);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    fetch(`${target}${forward(req.url ?? '/')}`, { method: req.method ?? 'GET', headers })
      .then(async (r) => {
        const body = await r.text();
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      })
      .catch((err: unknown) => {
        res.writeHead(502);
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function scan(endpoint: string, projects: string[] = []): Promise<CollectResult> {
  const scheduler = createScheduler({ concurrency: 4, baseDelayMs: 1, throttleBaseDelayMs: 1, maxAttempts: 2 });
  return collectGcp(
    { projects, endpoint },
    { scheduler, concurrency: 4, signal: new AbortController().signal, env: {}, analyzer: defaultContext() },
  );
}

const verdictOf = (r: CollectResult, id: string) => {
  const res = r.resources.find((x) => x.id === id);
  expect(res, id).toBeDefined();
  return analyzeResource(res!, defaultContext()).verdict;
};

describe('GCS org policy: tag-conditional rules of constraints/storage.publicAccessPrevention', () => {
  const TAG = "resource.matchTag('123456789012/env', 'prod')";

  it('normalize: the unconditional rule decides; a conditional rule with the other value makes it unknown', () => {
    expect(normalizeEffectiveBooleanPolicy({ spec: { rules: [{ enforce: true }] } })).toMatchObject({ known: true, value: true });
    expect(normalizeEffectiveBooleanPolicy({})).toMatchObject({ known: true, value: false });
    // enforced only for tagged resources: an untagged bucket is not protected
    expect(
      normalizeEffectiveBooleanPolicy({
        spec: { rules: [{ enforce: false }, { enforce: true, condition: { expression: TAG } }] },
      }),
    ).toMatchObject({ known: false, code: 'conditionalRule', detail: expect.stringContaining(TAG) });
    // enforced, except for tagged resources (exempted)
    expect(
      normalizeEffectiveBooleanPolicy({
        spec: { rules: [{ enforce: true }, { enforce: false, condition: { expression: TAG } }] },
      }),
    ).toMatchObject({ known: false, reason: 'not-collected' });
    // a conditional rule that agrees with the unconditional one changes nothing
    expect(
      normalizeEffectiveBooleanPolicy({
        spec: { rules: [{ enforce: true }, { enforce: true, condition: { expression: TAG } }] },
      }),
    ).toMatchObject({ known: true, value: true });
  });

  let gcs: GcsServer;
  beforeAll(async () => {
    gcs = await startGcsServer(demoGcsEstate());
  });
  afterAll(async () => {
    await gcs?.close();
  });

  it('an allUsers bucket under "enforce only where tagged prod" is PUBLIC, not LATENT', async () => {
    const proxy = await startProxy(gcs.url, (path) =>
      path.startsWith('/v2/projects/acme-data/policies/storage.publicAccessPrevention:getEffectivePolicy')
        ? {
            status: 200,
            body: {
              name: 'projects/210987654321/policies/storage.publicAccessPrevention',
              spec: { rules: [{ enforce: false }, { enforce: true, condition: { expression: TAG } }] },
            },
          }
        : undefined,
    );
    try {
      const r = await scan(proxy.url, ['acme-data']);
      expect(r.errors).toEqual([]);
      const lake = r.resources.find((x) => x.id === 'gs://acme-data-lake')!;
      expect((lake.facts as GcsFacts).orgPublicAccessPrevention).toMatchObject({ known: false, code: 'conditionalRule' });
      expect(verdictOf(r, 'gs://acme-data-lake')).toBe('PUBLIC'); // was LATENT: "some rule enforces" read as enforced
    } finally {
      await proxy.close();
    }
  });
});

describe('GCS lists: a later page that fails', () => {
  let gcs: GcsServer;
  beforeAll(async () => {
    gcs = await startGcsServer(demoGcsEstate());
  });
  afterAll(async () => {
    await gcs?.close();
  });

  it('projects.list and buckets.list keep what the pages before it listed, with an error entry saying the list is incomplete', async () => {
    const unavailable = {
      status: 503,
      body: { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } },
    };
    const proxy = await startProxy(
      gcs.url,
      (path) =>
        /pageToken=/.test(path) && (path.startsWith('/v1/projects') || path.startsWith('/storage/v1/b?project=acme-web'))
          ? unavailable
          : undefined,
      // one project / one bucket per page (the adapter asks for 500 / 1000)
      (path) => path.replace(/([?&])pageSize=\d+/, '$1pageSize=1').replace(/([?&])maxResults=\d+/, '$1maxResults=1'),
    );
    try {
      const r = await scan(proxy.url);
      const first = demoGcsEstate()
        .buckets.filter((b) => b.project === 'acme-web')
        .map((b) => b.name)
        .sort()[0]!;
      // page 1 of the projects (acme-web) and page 1 of its buckets were listed: audited, not dropped
      expect(r.resources.map((x) => x.id)).toEqual([`gs://${first}`]);
      expect(r.errors).toContainEqual(
        expect.objectContaining({
          provider: 'gcp',
          operation: 'projects.list',
          message: expect.stringMatching(/page 2 .*incomplete.* 1 listed/),
        }),
      );
      expect(r.errors).toContainEqual(
        expect.objectContaining({
          provider: 'gcp',
          operation: 'storage.buckets.list',
          resourceId: 'projects/acme-web',
          code: 'backendError',
          message: expect.stringMatching(/page 2 .*incomplete.* 1 listed/),
        }),
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('GCS identity: a project named twice', () => {
  let gcs: GcsServer;
  beforeAll(async () => {
    gcs = await startGcsServer(demoGcsEstate());
  });
  afterAll(async () => {
    await gcs?.close();
  });

  it('is read once, each bucket reported once', async () => {
    const r = await scan(gcs.url, ['acme-web', 'acme-data', 'acme-web']);
    expect(r.errors).toEqual([]);
    const ids = r.resources.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length); // was every acme-web bucket twice
    expect(ids).toHaveLength(demoGcsEstate().buckets.length);
    expect(gcs.requests.filter((q) => q.path.startsWith('/storage/v1/b?project=acme-web&'))).toHaveLength(1);
  });
});
