/**
 * Plumbing shared by the project's HTTP test servers (mocks/gcs/server.ts, mocks/azure/arm-server.ts):
 * listen on 127.0.0.1:0, record every request, hand the buffered body to the handler, close.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path with query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestServer {
  /** Base URL, http://127.0.0.1:PORT. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1:0 that records each request, then calls `handle` with the whole body. */
export async function startRecordingServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } });
      handle(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A fault knob answered `times` times: true (and counted) while the knob still has uses left. */
/**
 * Whether this matching request gets the knob's fault: the first `skip` (default 0) go through, the next
 * `times` get it, the rest go through again. `counters` holds the matching requests seen per knob.
 */
export function takeFault(counters: Map<object, number>, knob: { times: number; skip?: number }): boolean {
  const seen = counters.get(knob) ?? 0;
  const skip = knob.skip ?? 0;
  if (seen >= skip + knob.times) return false;
  counters.set(knob, seen + 1);
  return seen >= skip;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The bucket subresources the S3 test servers answer (`GET /<bucket>?<name>`), read-only configuration reads. */
export const S3_BUCKET_SUBRESOURCES: readonly string[] = [
  'policyStatus',
  'policy',
  'acl',
  'publicAccessBlock',
  'ownershipControls',
  'website',
  'requestPayment',
  'location',
];
