import { startS3Responder } from './mocks/bench/s3.js';
import { S3HttpReader } from './providers/aws/s3-http.js';
import { Pool, Agent, request } from 'undici';
const r = await startS3Responder({ buckets: 5000, latencyMs: 20 });
const N = 10000, C = 64;
const name = (i: number) => `bench-${String(i % 5000).padStart(6, '0')}`;
async function loop(label: string, f: (i: number) => Promise<unknown>) {
  let next = 0; const lat: number[] = [];
  const t = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const i = next++; const s = performance.now(); try { await f(i); } catch {} lat.push(performance.now() - s); } }));
  const w = performance.now() - t; lat.sort((a, b) => a - b);
  console.log(label, 'wall', w.toFixed(0), 'ideal', (N * 20 / C).toFixed(0), 'p10', lat[N / 10 | 0]!.toFixed(1), 'p50', lat[N / 2]!.toFixed(1));
}
const pool = new Pool(r.url, { connections: C, pipelining: 1 });
await loop('pool', async (i) => { const res = await pool.request({ path: `/${name(i)}?policy`, method: 'GET' }); await res.body.text(); });
const agent = new Agent({ connections: C });
await loop('agent', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent }); await res.body.text(); });
const rd = new S3HttpReader({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, endpoint: r.url, maxSockets: C });
await loop('reader', (i) => rd.read('GetBucketPolicy', { Bucket: name(i) }, 'us-east-1', new AbortController().signal));
await loop('pool2', async (i) => { const res = await pool.request({ path: `/${name(i)}?policy`, method: 'GET' }); await res.body.text(); });
await r.close(); process.exit(0);
