import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';
import type { Outcome } from '../../src/checks/index.js';
import type { Assessment, ProbeResult } from '../../src/model/index.js';
import { assessment, publicRead, resource, unknownInput } from './_assessments.js';

const ctx = { now: new Date(0), azureAccountsInRun: new Set<string>() };
const run = (id: string, a: Assessment): Outcome => REGISTRY.byId(id)!.evaluate(a, ctx)[0]!;
const s3 = resource('aws', 'b1');

const probe = (over: Partial<ProbeResult>): ProbeResult => ({
  status: 'confirmed',
  capabilities: ['LIST'],
  observations: [
    {
      check: 'list',
      method: 'GET',
      url: 'https://b1.s3.us-east-1.amazonaws.com/?list-type=2&max-keys=1',
      status: 200,
      outcome: 'allowed',
    },
  ],
  ...over,
});

describe('BA-GEN-001 inputs readable (S-11)', () => {
  it('unknown INFO with the inputs named; pass when all read', () => {
    const o = run(
      'BA-GEN-001',
      assessment(s3, { unknownInputs: [unknownInput('bucketPolicy'), unknownInput('website', false)] }),
    );
    expect(o.status).toBe('unknown');
    expect(o.message).toMatch(
      /2 input\(s\) could not be read \(verdict depends on them\): bucketPolicy \(AccessDenied\), website/,
    );
    expect(o.evidence).toHaveLength(2);
    expect(run('BA-GEN-001', assessment(s3)).status).toBe('pass');
    expect(REGISTRY.byId('BA-GEN-001')!.severity).toBe('info');
  });
});

describe('BA-GEN-002 provider opinion agrees (A-20)', () => {
  it('fails MEDIUM on disagreement and shows both opinions', () => {
    const a = assessment(s3, {
      providerOpinion: { source: 'GetBucketPolicyStatus', isPublic: true },
      disagreement: { with: 'provider', detail: 'IsPublic=true but the local evaluator found no public statement' },
    });
    const o = run('BA-GEN-002', a);
    expect(o.status).toBe('fail');
    expect(o.message).toContain('local verdict PRIVATE disagrees');
    expect(o.evidence[0]?.summary).toBe('GetBucketPolicyStatus: public');
    expect(REGISTRY.byId('BA-GEN-002')!.severity).toBe('medium');
  });
  it('passes when an opinion agrees; n/a without an opinion', () => {
    expect(
      run('BA-GEN-002', assessment(s3, { providerOpinion: { source: 'GetBucketPolicyStatus', isPublic: false } })).status,
    ).toBe('pass');
    expect(run('BA-GEN-002', assessment(s3)).status).toBe('notApplicable');
  });
});

describe('BA-GEN-003 probe agrees with configuration', () => {
  it('fails when an anonymous probe demonstrates access on a non-public verdict', () => {
    const o = run('BA-GEN-003', assessment(s3, { probe: probe({}) }));
    expect(o.status).toBe('fail');
    expect(o.severity).toBe('high');
    expect(o.message).toContain('demonstrated LIST but the configuration verdict is PRIVATE');
    expect(o.evidence[0]?.summary).toContain('-> 200 (allowed)');
  });
  it('fails critical for a demonstrated write and when flagged as disagreeing', () => {
    expect(run('BA-GEN-003', assessment(s3, { probe: probe({ capabilities: ['WRITE'] }) })).severity).toBe('critical');
    const flagged = assessment(s3, {
      probe: probe({ capabilities: [] }),
      disagreement: { with: 'probe', detail: 'probe listed keys' },
    });
    expect(run('BA-GEN-003', flagged).status).toBe('fail');
  });
  it('passes when the probe confirms a public verdict; unknown on probe error; n/a when not probed', () => {
    expect(run('BA-GEN-003', publicRead(s3, { probe: probe({ capabilities: ['READ'] }) })).status).toBe('pass');
    expect(
      run('BA-GEN-003', assessment(s3, { probe: probe({ status: 'error', capabilities: [], error: 'timeout' }) })).status,
    ).toBe('unknown');
    expect(run('BA-GEN-003', assessment(s3)).status).toBe('notApplicable');
    expect(run('BA-GEN-003', assessment(s3, { probe: probe({ status: 'skipped', capabilities: [] }) })).status).toBe(
      'notApplicable',
    );
  });
});

describe('generic checks report on every provider', () => {
  it("their remediation carries no one provider's CLI (BA-GEN-001 told GCP and Azure users to run aws iam attach-role-policy)", () => {
    const generic = REGISTRY.checks.filter((c) => c.provider === 'generic');
    expect(generic.length).toBeGreaterThan(0);
    for (const c of generic) expect(c.remediation.cli ?? '', c.id).not.toMatch(/^\s*(aws|gcloud|gsutil|az)\s/m);
  });
});
