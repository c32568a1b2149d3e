import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/analyzer/context.js';
import { analyzeResource } from '../../src/analyzer/index.js';
import { runChecks } from '../../src/checks/index.js';
import { resource } from '../helpers/findings.js';

const ctx = defaultContext({ now: new Date('2026-11-21T00:00:00Z') });
const bpaFindings = (names: [string, string][]) =>
  runChecks(
    names.map(([n, account]) => analyzeResource(resource(n, { account }), ctx)),
    ctx,
  ).filter((f) => f.checkId === 'BA-AWS-006');

describe('account-scoped checks', () => {
  it('report account-level Block Public Access once per account, not once per bucket', () => {
    const f = bpaFindings([
      ['a1', '111122223333'],
      ['a2', '111122223333'],
      ['b1', '444455556666'],
    ]);
    expect(f.map((x) => x.status)).toEqual(['fail', 'fail']);
    expect(f.map((x) => x.message.split(':')[0])).toEqual(['account 111122223333', 'account 444455556666']);
  });
  it('fingerprint by account, whichever bucket carried the finding', () => {
    const [x] = bpaFindings([
      ['a1', '111122223333'],
      ['a2', '111122223333'],
    ]);
    const [y] = bpaFindings([
      ['a2', '111122223333'],
      ['a1', '111122223333'],
    ]);
    expect(x?.resourceId).not.toBe(y?.resourceId);
    expect(x?.fingerprint).toBe(y?.fingerprint);
  });
  it('without a known account (Terraform input), each bucket keeps its own outcome: a pass never hides a fail', () => {
    const f = bpaFindings([
      ['tf-a', ''],
      ['tf-b', ''],
    ]);
    expect(f.map((x) => x.resourceId)).toEqual(['arn:aws:s3:::tf-a', 'arn:aws:s3:::tf-b']);
    expect(new Set(f.map((x) => x.fingerprint)).size).toBe(2);
  });
});
