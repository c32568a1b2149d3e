import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzuriteServer, startAzurite } from './azurite.js';

describe('Azurite helper', () => {
  let az: AzuriteServer;
  beforeAll(async () => {
    az = await startAzurite();
  });
  afterAll(async () => {
    await az?.stop();
  });
  it('enforces container access levels for anonymous callers', async () => {
    const c = az.client().getContainerClient('pub');
    await c.create({ access: 'container' });
    await c.getBlockBlobClient('a.txt').upload('hello', 5);
    const priv = az.client().getContainerClient('priv');
    await priv.create();
    const anonList = await fetch(`${az.blobEndpoint}/pub?restype=container&comp=list&maxresults=1`);
    expect(anonList.status).toBe(200);
    const anonPriv = await fetch(`${az.blobEndpoint}/priv?restype=container&comp=list&maxresults=1`);
    expect(anonPriv.status).toBe(403);
  });
});
