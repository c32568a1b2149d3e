import { describe, expect, it } from 'vitest';
import { ProbeAccumulator } from '../../src/probe/result.js';

describe('ProbeAccumulator.result', () => {
  it('nothing granted but one request failed: error (could not rule exposure out), never not-confirmed', () => {
    const p = new ProbeAccumulator();
    p.add({ check: 'head', method: 'HEAD', url: 'https://b.s3.amazonaws.com/', outcome: 'denied', status: 403 });
    p.add({
      check: 'list',
      method: 'GET',
      url: 'https://b.s3.amazonaws.com/',
      outcome: 'error',
      detail: 'connection reset (ECONNRESET)',
    });
    expect(p.result().status).toBe('error');
    const q = new ProbeAccumulator();
    q.add({ check: 'head', method: 'HEAD', url: 'https://b.s3.amazonaws.com/', outcome: 'denied', status: 403 });
    q.add({ check: 'list', method: 'GET', url: 'https://b.s3.amazonaws.com/', outcome: 'denied', status: 403 });
    expect(q.result().status).toBe('not-confirmed');
  });
});
