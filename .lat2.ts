import { startS3Responder } from './mocks/bench/s3.js';
import { Agent, request } from 'undici';
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
const agent = new Agent({ connections: C });
const host = new URL(r.url).host;
const H = { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'x-amz-date': '20261121T112233Z', authorization: 'AWS4-HMAC-SHA256 Credential=a/20261121/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=' + 'a'.repeat(64) };
await loop('plain', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent }); await res.body.text(); });
await loop('host', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent, headers: { host } }); await res.body.text(); });
await loop('amz', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent, headers: H }); await res.body.text(); });
await loop('ua', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent, headers: { 'user-agent': 'x' } }); await res.body.text(); });
await loop('acl-plain', async (i) => { const res = await request(`${r.url}/${name(i)}?acl`, { dispatcher: agent }); await res.body.text(); });
await loop('pab-plain', async (i) => { const res = await request(`${r.url}/${name(i)}?publicAccessBlock`, { dispatcher: agent }); await res.body.text(); });

await loop('signal', async (i) => { const res = await request(`${r.url}/${name(i)}?policy`, { dispatcher: agent, signal: new AbortController().signal }); await res.body.text(); });
const { S3HttpReader } = await import('./providers/aws/s3-http.js');
const rd = new S3HttpReader({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, endpoint: r.url, maxSockets: C });
const sg = new AbortController().signal;
await loop('reader', (i) => rd.read('GetBucketPolicy', { Bucket: name(i) }, 'us-east-1', sg).catch(() => 0));
await loop('reader-pab', (i) => rd.read('GetPublicAccessBlock', { Bucket: name(i) }, 'us-east-1', sg).catch(() => 0));
await r.close(); process.exit(0);
