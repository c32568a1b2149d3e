import { startS3Responder } from './mocks/bench/s3.js';
import { Agent, request } from 'undici';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
const r = await startS3Responder({ buckets: 5000, latencyMs: 20 });
const N = 6000, C = 64;
const name = (i: number) => `bench-${String(i % 5000).padStart(6, '0')}`;
async function loop(label: string, f: (i: number) => Promise<unknown>) {
  let next = 0; const lat: number[] = [];
  const t = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const i = next++; const s = performance.now(); try { await f(i); } catch {} lat.push(performance.now() - s); } }));
  const w = performance.now() - t; lat.sort((a, b) => a - b);
  console.log(label.padEnd(12), 'wall', w.toFixed(0), 'p10', lat[N / 10 | 0]!.toFixed(1), 'p50', lat[N / 2]!.toFixed(1));
}
class H { h: any; constructor(private s?: any) { this.h = s ? createHmac('sha256', s) : createHash('sha256'); } update(d: any) { this.h.update(d); } digest() { return Promise.resolve(new Uint8Array(this.h.digest())); } reset() {} }
const signer = new SignatureV4({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, region: 'us-east-1', service: 's3', sha256: H as any, uriEscapePath: false });
const u = new URL(r.url);
const agent = new Agent({ connections: C });
let shown = false;
await loop('signed', async (i) => {
  const s = await signer.sign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: `/${name(i)}`, query: { policy: '' }, headers: { host: u.host, 'x-amz-content-sha256': 'e3b0' } } as any);
  if (!shown) { shown = true; console.log(s.headers); }
  const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent, headers: s.headers }); await res.body.text();
});
await loop('signed-nohdr', async (i) => {
  const s = await signer.sign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: `/${name(i)}`, query: { policy: '' }, headers: { host: u.host, 'x-amz-content-sha256': 'e3b0' } } as any);
  const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent }); await res.body.text();
});
await loop('plain', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent }); await res.body.text(); });
await r.close(); process.exit(0);
