import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplayResponse } from './fixtures.js';

/**
 * A small HTTP server that answers recorded S3 (path-style), S3 Control, STS, IAM (query protocol) and
 * Organizations (JSON 1.1, operation in `x-amz-target`) responses by operation.
 * Used to test what Ceph RGW cannot exercise (account BPA, ownership controls, access points, IAM, region
 * redirects, throttling). Listens on 127.0.0.1 only.
 *
 * Routes are looked up as "<Operation>:<bucket or access point or role>" first, then "<Operation>".
 * A route is a response, a sequence (each request takes the next; the last repeats) or a function.
 */
export interface ReplayRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Detected operation, e.g. GetBucketPolicy, GetAccountPublicAccessBlock, ListRoles. */
  op: string;
  /** Bucket (S3), access point name (S3 Control), RoleName / PolicyArn (IAM) or RoleArn (STS AssumeRole). */
  target?: string;
  /** Region from the SigV4 credential scope. */
  signingRegion?: string;
  /** Access key id the request was signed with (SigV4 `Credential=`). */
  accessKeyId?: string;
  headers: IncomingMessage['headers'];
  form?: URLSearchParams;
  /** Parsed body of a JSON-protocol request (Organizations). */
  json?: Record<string, unknown>;
  /** Status answered. */
  status?: number;
  /** performance.now() when the request had arrived, and when its answer was written. */
  arrivedAt?: number;
  answeredAt?: number;
}

export interface ReplayOptions {
  /** Hold the answer to `req` this many ms (default 0: at once). */
  delayMs?: (req: ReplayRequest) => number;
}

export type Route = ReplayResponse | ReplayResponse[] | ((req: ReplayRequest) => ReplayResponse);

export interface ReplayServer {
  endpoint: string;
  log: ReplayRequest[];
  routes: Map<string, Route>;
  set(key: string, route: Route): void;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const S3_SUBRESOURCES: [string, string][] = [
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['policy', 'GetBucketPolicy'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['ownershipControls', 'GetBucketOwnershipControls'],
  ['website', 'GetBucketWebsite'],
  ['requestPayment', 'GetBucketRequestPayment'],
  ['location', 'GetBucketLocation'],
];

function detect(method: string, url: URL, form?: URLSearchParams, amzTarget?: string): { op: string; target?: string } {
  const q = url.searchParams;
  if (amzTarget) return { op: amzTarget.slice(amzTarget.lastIndexOf('.') + 1) };
  if (form?.get('Action')) {
    const target = form.get('RoleName') ?? form.get('PolicyArn') ?? form.get('RoleArn') ?? undefined;
    return target ? { op: form.get('Action') as string, target } : { op: form.get('Action') as string };
  }
  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segs[0] === 'v20180820') {
    if (segs[1] === 'configuration' && segs[2] === 'publicAccessBlock') return { op: 'GetAccountPublicAccessBlock' };
    if (segs[1] === 'accesspoint' && segs.length === 2) {
      const b = q.get('bucket');
      return b ? { op: 'ListAccessPoints', target: b } : { op: 'ListAccessPoints' };
    }
    if (segs[1] === 'accesspoint' && segs[2]) {
      const suffix = segs[3] === 'policy' ? 'Policy' : segs[3] === 'policyStatus' ? 'PolicyStatus' : '';
      return { op: `GetAccessPoint${suffix}`, target: segs[2] };
    }
    return { op: `Control${method}` };
  }
  if (segs.length === 0) return { op: method === 'GET' ? 'ListBuckets' : `Service${method}` };
  const bucket = segs[0] as string;
  if (segs.length > 1) return { op: q.has('acl') ? 'GetObjectAcl' : `Object${method}`, target: bucket };
  if (method === 'HEAD') return { op: 'HeadBucket', target: bucket };
  if (q.has('acl')) return { op: 'GetBucketAcl', target: bucket };
  for (const [key, op] of S3_SUBRESOURCES) if (q.has(key)) return { op, target: bucket };
  if (q.get('list-type') === '2') return { op: 'ListObjectsV2', target: bucket };
  return { op: `Bucket${method}`, target: bucket };
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(body || '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const notImplemented = (op: string): ReplayResponse => ({
  status: 501,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>replay server has no route for ${op}</Message></Error>`,
});

export async function startReplayServer(initial: Record<string, Route> = {}, options: ReplayOptions = {}): Promise<ReplayServer> {
  const routes = new Map<string, Route>(Object.entries(initial));
  const counters = new Map<string, number>();
  const log: ReplayRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const amzTarget = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : undefined;
      const form = !amzTarget && req.method === 'POST' && body.includes('Action=') ? new URLSearchParams(body) : undefined;
      const json = amzTarget ? parseJson(body) : undefined;
      const { op, target } = detect(req.method ?? 'GET', url, form, amzTarget);
      const cred = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      const scope = cred?.[2];
      const entry: ReplayRequest = {
        arrivedAt: performance.now(),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        op,
        headers: req.headers,
        ...(target ? { target } : {}),
        ...(scope ? { signingRegion: scope } : {}),
        ...(cred?.[1] ? { accessKeyId: cred[1] } : {}),
        ...(form ? { form } : {}),
        ...(json ? { json } : {}),
      };
      const key = target && routes.has(`${op}:${target}`) ? `${op}:${target}` : op;
      const route = routes.get(key);
      let out: ReplayResponse;
      if (!route) out = notImplemented(op);
      else if (typeof route === 'function') out = route(entry);
      else if (Array.isArray(route)) {
        const n = counters.get(key) ?? 0;
        counters.set(key, n + 1);
        out = route[Math.min(n, route.length - 1)] as ReplayResponse;
      } else out = route;
      entry.status = out.status;
      log.push(entry);
      const payload = req.method === 'HEAD' ? '' : (out.body ?? '');
      const answer = () => {
        entry.answeredAt = performance.now();
        res.writeHead(out.status, { 'content-length': Buffer.byteLength(payload), ...(out.headers ?? {}) });
        res.end(payload);
      };
      const delay = options.delayMs?.(entry) ?? 0;
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  let accepted = 0;
  server.on('connection', () => {
    accepted += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connections: () => accepted,
    endpoint: `http://127.0.0.1:${port}`,
    log,
    routes,
    set(key, route) {
      routes.set(key, route);
      counters.delete(key);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
