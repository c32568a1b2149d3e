import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoGcsEstate } from '../../../mocks/gcs/estate.js';
import { type GcsServer, startGcsServer } from '../../../mocks/gcs/server.js';
import { collectGcp } from '../../../providers/gcp/index.js';
import type { ProgressEvent } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { createScheduler } from '../../../src/scheduler/index.js';

/** Projects of an organization are read at once: one slow project does not hold the others back. */
describe('GCP adapter, several projects', () => {
  let srv: GcsServer;
  beforeAll(async () => {
    srv = await startGcsServer(demoGcsEstate());
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('lists every project before the first project has finished its buckets, keeps the project order, sums progress', async () => {
    const projects = [...new Set(demoGcsEstate().buckets.map((b) => b.project))];
    expect(projects.length).toBeGreaterThan(1);
    const events: ProgressEvent[] = [];
    const scheduler = createScheduler({ concurrency: 8 });
    const { resources, errors } = await collectGcp(
      { projects, endpoint: srv.url },
      {
        scheduler,
        concurrency: 8,
        signal: new AbortController().signal,
        env: {},
        analyzer: defaultContext(),
        onProgress: (e) => events.push(e),
      },
    );
    expect(errors).toEqual([]);
    const paths = srv.requests.map((r) => r.path);
    const lastListing = Math.max(...projects.map((p) => paths.findIndex((q) => q.startsWith(`/storage/v1/b?project=${p}&`))));
    const firstProjectBuckets = demoGcsEstate()
      .buckets.filter((b) => b.project === projects[0])
      .map((b) => `/storage/v1/b/${b.name}/iam`);
    const lastOfFirst = Math.max(...firstProjectBuckets.map((q) => paths.findIndex((x) => x.startsWith(q))));
    expect(lastListing).toBeGreaterThanOrEqual(0);
    // one after another, the second project's listing would come after the first project's last IAM read
    expect(lastListing).toBeLessThan(lastOfFirst);
    // the report keeps the projects' order (and each project's listing order)
    const expected = projects.flatMap((p) =>
      demoGcsEstate()
        .buckets.filter((b) => b.project === p)
        .map((b) => `gs://${b.name}`)
        .sort(),
    );
    expect(resources.map((r) => r.id)).toEqual(expected);
    // one running total over the projects, ending at every bucket
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: 'collect', provider: 'gcp', done: expected.length, total: expected.length });
    for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
  });
});
