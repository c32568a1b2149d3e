import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGcsServer, type GcsServer } from '../../mocks/gcs/server.js';
import { gcpProbeCleanup } from '../../providers/gcp/probe-cleanup.js';
import type { StorageResource } from '../../src/model/index.js';

const bucket = (name: string): StorageResource => ({
  id: `gs://${name}`,
  provider: 'gcp',
  kind: 'bucket',
  name,
  account: 'p1',
  source: { origin: 'live', uri: `gs://${name}` },
  facts: {
    provider: 'gcp',
    uniformBucketLevelAccess: { known: true, value: true },
    publicAccessPrevention: { known: true, value: 'inherited' },
    orgPublicAccessPrevention: { known: true, value: false },
    requesterPays: { known: true, value: false },
    website: { known: true, value: null },
    iamBindings: { known: true, value: [] },
    acl: { known: true, value: [] },
    defaultObjectAcl: { known: true, value: [] },
  },
});

describe('GCS --probe-write cleanup (GCS test server)', () => {
  let gcs: GcsServer;
  beforeAll(async () => {
    gcs = await startGcsServer({
      projects: [{ projectId: 'p1', projectNumber: '1' }],
      buckets: [
        {
          name: 'pw-bucket',
          project: 'p1',
          objects: [
            { name: 'bucketaudit-probe/1234', data: '' },
            { name: 'keep.txt', data: 'x' },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await gcs?.close();
  });
  const objects = async () => {
    const r = await fetch(`${gcs.url}/storage/v1/b/pw-bucket/o`, { headers: { authorization: 'Bearer test-owner' } });
    return ((await r.json()) as { items?: { name: string }[] }).items?.map((i) => i.name) ?? [];
  };

  it('deletes the probe object with the scan credentials and nothing else', async () => {
    const del = gcpProbeCleanup({ projects: [], endpoint: gcs.url }, {});
    await del(bucket('pw-bucket'), 'bucketaudit-probe/1234');
    expect(await objects()).toEqual(['keep.txt']);
    await expect(del(bucket('pw-bucket'), 'keep.txt')).rejects.toThrow(/not a probe object/);
    expect(await objects()).toEqual(['keep.txt']);
    const deletes = gcs.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.headers.authorization).toBe('Bearer test-owner');
  });
});
