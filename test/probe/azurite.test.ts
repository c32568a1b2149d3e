import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../src/probe/render.js';
import { type AzuriteServer, startAzurite } from '../helpers/azurite.js';
import { runCli } from './cli-io.js';

let az: AzuriteServer;

async function raw(url: string, range = false): Promise<{ status: number; body: string }> {
  const r = await request(url, {
    method: 'GET',
    headers: { 'x-ms-version': '2023-11-03', ...(range ? { range: 'bytes=0-0', 'x-ms-range': 'bytes=0-0' } : {}) },
  });
  r.body.on('error', () => undefined);
  if (range) {
    r.body.destroy();
    return { status: r.statusCode, body: '' };
  }
  return { status: r.statusCode, body: await r.body.text() };
}

const CONTAINERS = [
  { name: 'pub-container', access: 'container' as const },
  { name: 'pub-blob', access: 'blob' as const },
  { name: 'private-one', access: undefined },
];

beforeAll(async () => {
  az = await startAzurite();
  const svc = az.client();
  for (const c of CONTAINERS) {
    const cc = svc.getContainerClient(c.name);
    await cc.create(c.access ? { access: c.access } : {});
    await cc.getBlockBlobClient('keys/id_rsa').upload('x', 1);
    await cc.getBlockBlobClient('readme.txt').upload('hello', 5);
  }
});

afterAll(async () => {
  await az?.stop();
});

describe('bucketaudit probe against Azurite', () => {
  it('reports exactly what unsigned requests observe, per container', async () => {
    const targets = [
      'az://devstoreaccount1/pub-container',
      'az://devstoreaccount1/pub-blob/readme.txt',
      'az://devstoreaccount1/private-one/readme.txt',
    ];
    const out = await runCli([
      'probe',
      '--azure-blob-endpoint',
      az.blobEndpoint,
      '--format',
      'json',
      '--list-max-keys',
      '5',
      ...targets,
    ]);
    expect(out.stderr).toBe('');
    const rep = JSON.parse(out.stdout) as ProbeReport;
    expect(rep.targets).toHaveLength(3);
    for (const [i, c] of CONTAINERS.entries()) {
      const got = rep.targets[i]!;
      const list = await raw(`${az.blobEndpoint}/${c.name}?restype=container&comp=list&maxresults=5`);
      const listable = list.status === 200 && list.body.includes('<EnumerationResults');
      const key = i === 0 ? /<Blob>\s*<Name>([^<]*)<\/Name>/.exec(list.body)?.[1] : 'readme.txt';
      const read = await raw(`${az.blobEndpoint}/${c.name}/${key}`, true);
      const ctx = `${got.target}: ${JSON.stringify(got.result.observations)}`;
      expect(got.result.listable, ctx).toBe(listable);
      expect(got.result.readable, ctx).toBe(read.status === 200 || read.status === 206);
      expect(got.result.observations.find((o) => o.check === 'list')?.status, ctx).toBe(list.status);
      expect(got.result.observations.find((o) => o.check === 'read')?.status, ctx).toBe(read.status);
      for (const o of got.result.observations) {
        expect(o.url.startsWith(`${az.blobEndpoint}/${c.name}`)).toBe(true);
        expect(o.url).not.toMatch(/devstoreaccount1\/?\?comp=list/);
      }
    }
    const [pc, pb, pr] = rep.targets;
    expect([pc?.result.listable, pc?.result.readable, pc?.severity]).toEqual([true, true, 'critical']);
    expect(pc?.result.sensitiveKeys).toEqual(['private-key: keys/id_rsa']);
    expect(pc?.result.objectCount).toBe(2);
    expect([pb?.result.listable, pb?.result.readable, pb?.severity]).toEqual([false, true, 'high']);
    expect([pr?.result.listable, pr?.result.readable, pr?.result.status]).toEqual([false, false, 'not-confirmed']);
    expect(out.code).toBe(0);
  });

  it('reads targets from stdin and reports bad lines; exit 2 when nothing valid was given', async () => {
    const ok = await runCli(['probe', '--azure-blob-endpoint', az.blobEndpoint, '--provider', 'azure', '-'], {
      stdin: 'devstoreaccount1/pub-container\nDEV/x\n',
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/az:\/\/devstoreaccount1\/pub-container\s+confirmed/);
    expect(ok.stdout).toMatch(/-:2: DEV\/x: invalid Azure storage account name/);
    // Said once: in the printed report, not again on stderr.
    expect(ok.stdout.match(/invalid Azure storage account name/g)).toHaveLength(1);
    expect(ok.stderr).not.toMatch(/invalid/);
    const bad = await runCli(['probe', '--provider', 'azure', '-'], { stdin: 'DEV/x\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/-:2|-:1/);
    expect(bad.stdout).toBe('');
  });
});
