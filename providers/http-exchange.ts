import type { Agent, Dispatcher } from 'undici';
import { flatHeaders } from '../src/runtime/http-headers.js';

/** An answer read whole. */
export interface Exchanged {
  status: number;
  text: string;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
}

const utf8 = new TextDecoder();

/**
 * One GET through a pool's dispatcher, the answer collected whole: status, headers (lower-case names, repeated
 * ones joined) and the body as text (UTF-8, a byte-order mark dropped). The Dispatcher handler API (undici's own
 * documented interface under `request()`), without the body stream `request()` builds for each answer: the
 * answers here are small documents read at once. `signal` aborts it; connection errors reject with undici's
 * errors, as `request()` does.
 */
export function exchange(
  agent: Agent,
  origin: string,
  path: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let controller: Dispatcher.DispatchController | undefined;
    const onAbort = () => controller?.abort(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    let status = 0;
    let resHeaders: Record<string, string> = {};
    const chunks: Buffer[] = [];
    agent.dispatch(
      { origin, path, method: 'GET', headers },
      {
        onRequestStart(c) {
          controller = c;
          if (signal.aborted) c.abort(signal.reason as Error);
        },
        onResponseStart(_c, statusCode, h) {
          status = statusCode;
          resHeaders = flatHeaders(h);
          chunks.length = 0; // a 1xx answer before the real one
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          signal.removeEventListener('abort', onAbort);
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          resolve({ status, text: utf8.decode(body), headers: resHeaders });
        },
        onResponseError(_c, err) {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      },
    );
  });
}
