/**
 * Shared plumbing of the synthetic bench responders: a node:http server on 127.0.0.1 with injected
 * latency, an optional requests-per-second cap (sliding one-second window over ACCEPTED requests; the
 * excess gets the provider's throttling answer), request counters, and a hard lifetime after which it
 * stops by itself.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PreciseClock } from './clock.js';

export interface ResponderOptions {
  /** Injected latency per request (setTimeout before answering), ms. */
  latencyMs?: number;
  /** Spread of the latency: each answer waits latencyMs +/- up to jitterMs (uniform; the mean stays latencyMs). */
  jitterMs?: number;
  /** Accept at most this many requests in any one-second window; the rest are throttled. */
  rps?: number;
  /** Hard stop after this long (default 15 min). */
  lifetimeMs?: number;
  port?: number;
  /**
   * Fault injection, decided per request before the normal answer: 'drop' destroys the socket, 'hang' never
   * answers (the socket is destroyed at close), a Reply is sent instead of the normal answer.
   */
  fault?: (req: IncomingMessage, url: URL) => 'drop' | 'hang' | Reply | undefined;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ResponderStats {
  requests: number;
  throttled: number;
  /** Injected faults by kind (drop, hang, or the HTTP status sent). */
  faults: Record<string, number>;
  byOp: Record<string, number>;
  /** Sum over answered requests of (answer sent - request arrived), ms: the latency the server actually gave. */
  servedMsSum: number;
  answered: number;
  /** Integral of requests in flight at the server over time (ms x requests), from the first arrival to the last answer. */
  inflightMsSum: number;
  /** First arrival and last answer (performance.now() of the responder), ms. */
  firstAt: number;
  lastAt: number;
  /** CPU time of the responder process (user + system), ms. */
  cpuMs: number;
}

export interface Responder {
  url: string;
  port: number;
  stats(): ResponderStats;
  close(): Promise<void>;
}

/** Counters of a responder that has seen nothing (also: a scenario without a responder). */
export function emptyResponderStats(): ResponderStats {
  return {
    requests: 0,
    throttled: 0,
    faults: {},
    byOp: {},
    servedMsSum: 0,
    answered: 0,
    inflightMsSum: 0,
    firstAt: 0,
    lastAt: 0,
    cpuMs: 0,
  };
}

/** Fixed-size ring of accepted timestamps: O(1) per request, bounded memory. */
class Window {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  constructor(private readonly cap: number) {
    this.ring = new Float64Array(Math.max(1, cap));
  }
  /** True if a request at `now` fits in the last second; records it. */
  admit(now: number): boolean {
    while (this.count > 0) {
      const oldest = this.ring[(this.head - this.count + this.ring.length) % this.ring.length] ?? 0;
      if (now - oldest < 1000) break;
      this.count -= 1;
    }
    if (this.count >= this.cap) return false;
    this.ring[this.head] = now;
    this.head = (this.head + 1) % this.ring.length;
    this.count += 1;
    return true;
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startResponder(
  opts: ResponderOptions,
  handle: (req: IncomingMessage, url: URL, body: string) => { op: string; reply: Reply },
  throttleReply: () => Reply,
): Promise<Responder> {
  const latency = opts.latencyMs ?? 0;
  const jitter = Math.min(opts.jitterMs ?? 0, latency);
  const window = opts.rps ? new Window(opts.rps) : undefined;
  const stats = emptyResponderStats();
  const clock = new PreciseClock();
  await clock.ready;
  const cpu0 = process.cpuUsage();
  // Requests in flight at the server, integrated over time: how full the client kept its concurrency.
  let inflight = 0;
  let changedAt = 0;
  const track = (now: number, delta: number) => {
    if (inflight > 0) stats.inflightMsSum += inflight * (now - changedAt);
    inflight += delta;
    changedAt = now;
  };
  const send = (res: ServerResponse, r: Reply, at: number) => {
    if (res.destroyed) return; // the client gave up (timeout) or the socket was dropped: counted at 'close'
    const body = r.body ?? '';
    res.writeHead(r.status, { 'content-length': Buffer.byteLength(body), 'x-amz-request-id': 'bench', ...r.headers });
    res.end(body);
    const now = performance.now();
    stats.servedMsSum += now - at;
    stats.answered += 1;
    stats.lastAt = now;
    track(now, -1);
  };
  // BENCH_TIMELINE=FILE: every 100 ms, "ms-since-start in-flight requests-arrived mean-served-ms" (served: of the
  // answers sent in those 100 ms, from arrival to answer), written to FILE on close.
  const timeline: string[] = [];
  let arrivals = 0;
  let arrivalsBefore = 0;
  let servedBefore = { ms: 0, answered: 0 };
  const sampler = process.env.BENCH_TIMELINE
    ? setInterval(() => {
        const answered = stats.answered - servedBefore.answered;
        const served = answered > 0 ? ((stats.servedMsSum - servedBefore.ms) / answered).toFixed(2) : '-';
        timeline.push(`${Math.round(performance.now())} ${inflight} ${arrivals - arrivalsBefore} ${served}`);
        servedBefore = { ms: stats.servedMsSum, answered: stats.answered };
        arrivalsBefore = arrivals;
      }, 100)
    : undefined;
  sampler?.unref();
  const server = createServer((req, res) => {
    arrivals += 1;
    const at = performance.now();
    if (stats.firstAt === 0) stats.firstAt = at;
    track(at, 1);
    res.once('close', () => {
      // Dropped or hung sockets: out of flight without an answer.
      if (!res.writableFinished) track(performance.now(), -1);
    });
    void readBody(req).then((body) => {
      stats.requests += 1;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let reply: Reply;
      const fault = opts.fault?.(req, url);
      if (fault !== undefined) {
        const kind = typeof fault === 'string' ? fault : String(fault.status);
        stats.faults[kind] = (stats.faults[kind] ?? 0) + 1;
      }
      if (fault === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault === 'hang') return;
      if (fault !== undefined) {
        reply = fault;
      } else if (window && !window.admit(at)) {
        stats.throttled += 1;
        reply = throttleReply();
      } else {
        try {
          const h = handle(req, url, body);
          stats.byOp[h.op] = (stats.byOp[h.op] ?? 0) + 1;
          reply = h.reply;
        } catch (err) {
          reply = { status: 500, body: String(err) };
        }
      }
      const wait = jitter > 0 ? Math.max(0, latency + (Math.random() * 2 - 1) * jitter) : latency;
      // The latency counts from the request's arrival (reading and answering it is part of it), and is never
      // shorter than asked; the precise clock (clock.ts) answers within a fraction of a millisecond after it.
      if (wait <= 0) send(res, reply, at);
      else clock.at(performance.timeOrigin + at + wait, () => send(res, reply, at));
    });
  });
  server.keepAliveTimeout = 30_000;
  server.maxRequestsPerSocket = 0;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearTimeout(life);
    clock.stop();
    if (sampler) {
      clearInterval(sampler);
      await writeFile(process.env.BENCH_TIMELINE as string, `${timeline.join('\n')}\n`);
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const life = setTimeout(() => void close(), opts.lifetimeMs ?? 15 * 60_000);
  life.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => {
      const c = process.cpuUsage(cpu0);
      return structuredClone({ ...stats, cpuMs: Math.round((c.user + c.system) / 1000) });
    },
    close,
  };
}

export const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
