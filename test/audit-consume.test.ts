import { describe, expect, it } from 'vitest';
import { defaultContext } from '../src/analyzer/context.js';
import { audit } from '../src/audit.js';
import type { StorageResource } from '../src/model/index.js';
import { resource } from './helpers/findings.js';

const PUBLIC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }],
});

function estate(n: number): StorageResource[] {
  return Array.from({ length: n }, (_, i) => {
    const r = resource(`b-${i}`);
    if (i % 3 === 0 && r.facts.provider === 'aws')
      r.facts = { ...r.facts, policy: { known: true, value: PUBLIC }, ownership: { known: true, value: null } };
    return r;
  });
}

describe('audit({ consumeInput }): facts can be collected while the report grows', () => {
  it('empties the input array chunk by chunk and reports exactly what the keeping run reports', async () => {
    const ctx = defaultContext({ now: new Date('2026-11-21T12:00:00Z') });
    const kept = estate(1234);
    const consumed = estate(1234);
    const a = await audit({ command: 'scan', resources: kept, ctx, chunkSize: 100, keepAssessments: false });
    const b = await audit({
      command: 'scan',
      resources: consumed,
      ctx,
      chunkSize: 100,
      keepAssessments: false,
      consumeInput: true,
    });
    expect(kept).toHaveLength(1234);
    expect(consumed).toHaveLength(0);
    expect({ ...b.report, generatedAt: '' }).toEqual({ ...a.report, generatedAt: '' });
    expect(b.report.summary.resources).toBe(1234);
    expect(b.report.summary.byVerdict.PUBLIC).toBe(412);
  });
});
