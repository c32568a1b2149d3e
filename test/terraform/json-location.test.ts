import { describe, expect, it } from 'vitest';
import { bucketAuditErrorOf } from '../helpers/errors.js';
import { readPlan } from '../../src/terraform/plan.js';
import { makePlan } from './big-plan.js';

describe('readPlan: the line of a structural error', () => {
  it('deep in nested child_modules: the line where the bad entry starts', () => {
    const doc = makePlan(0) as { planned_values: { root_module: Record<string, unknown> } };
    const res = (address: string) => ({ address, mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: {} });
    doc.planned_values.root_module.child_modules = [
      {
        address: 'module.a',
        child_modules: [
          { address: 'module.a.module.b', resources: [res('module.a.module.b.aws_s3_bucket.x')] },
          { address: 'module.a.module.c', resources: [res('module.a.module.c.aws_s3_bucket.x'), { address: 'bad' }] },
        ],
      },
    ];
    const text = JSON.stringify(doc, null, 2);
    const err = bucketAuditErrorOf(() => readPlan(text, 'plan.json'));
    expect(err.message).toMatch(/^planned_values\.root_module\.child_modules\[0\]\.child_modules\[1\]\.resources\[1\]: /);
    const lines = text.split('\n');
    expect(lines[err.line! - 1]!.trim()).toBe('{');
    expect(lines[err.line!]).toContain('"address": "bad"');
  });

  it('a duplicate key: the line of the last one, the value JSON.parse kept', () => {
    const text = '{\n  "format_version": "1.2",\n  "planned_values": {},\n  "planned_values": []\n}\n';
    const err = bucketAuditErrorOf(() => readPlan(text, 'plan.json'));
    expect(err).toMatchObject({ message: 'planned_values: expected an object (got an array)', line: 4 });
  });

  it('a document nested deeper than jsonc-parser can follow: the error without a line', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"format_version": "1.2", "variables": {"v": {"value": ${deep}}}, "planned_values": []}`;
    const err = bucketAuditErrorOf(() => readPlan(text, 'plan.json'));
    expect(err).toMatchObject({ code: 'INPUT', file: 'plan.json', message: 'planned_values: expected an object (got an array)' });
    expect(err.line).toBeUndefined();
  });
});
