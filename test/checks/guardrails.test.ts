import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';
import type { CheckContext, Outcome } from '../../src/checks/index.js';
import type { Assessment } from '../../src/model/index.js';
import { assessment, grant, guardrail, resource } from './_assessments.js';

const noAccounts: CheckContext = { now: new Date(0), azureAccountsInRun: new Set() };

function run(id: string, a: Assessment, ctx: CheckContext = noAccounts): Outcome {
  const out = REGISTRY.byId(id)!.evaluate(a, ctx);
  expect(out).toHaveLength(1);
  return out[0]!;
}

const s3 = (...g: ReturnType<typeof guardrail>[]) => assessment(resource('aws', 'b1'), { guardrails: g });
const gcs = (...g: ReturnType<typeof guardrail>[]) => assessment(resource('gcp', 'g1'), { guardrails: g });
const acct = (...g: ReturnType<typeof guardrail>[]) =>
  assessment(resource('azure', 'acct1', { kind: 'account' }), { guardrails: g });
const cont = (...g: ReturnType<typeof guardrail>[]) =>
  assessment(resource('azure', 'c1', { azureAccount: 'acct1' }), { guardrails: g });

type Row = [id: string, name: string, make: (...g: ReturnType<typeof guardrail>[]) => Assessment];
const GUARDRAIL_CHECKS: Row[] = [
  ['BA-AWS-006', 's3-account-bpa', s3],
  ['BA-AWS-007', 's3-bucket-bpa', s3],
  ['BA-AWS-008', 's3-acls-disabled', s3],
  ['BA-GCP-005', 'gcs-ubla', gcs],
  ['BA-GCP-006', 'gcs-pap', gcs],
  ['BA-AZ-004', 'azure-allow-blob-public-access', acct],
  ['BA-AZ-005', 'azure-network-default-deny', acct],
  ['BA-AZ-006', 'azure-shared-key-disabled', acct],
];

describe('guardrail checks', () => {
  it.each(GUARDRAIL_CHECKS)('%s reads %s: off=fail, on=pass, unknown=unknown, missing=unknown', (id, name, make) => {
    const off = run(id, make(guardrail(name, 'off', `${name}: BlockPublicAcls=false`)));
    expect(off.status).toBe('fail');
    expect(off.message).toContain(`${name}: BlockPublicAcls=false`);
    expect(off.evidence[0]?.kind).toBe('guardrail');
    expect(run(id, make(guardrail(name, 'on'))).status).toBe('pass');
    const unk = run(id, make(guardrail(name, 'unknown', 'GetPublicAccessBlock: AccessDenied')));
    expect(unk.status).toBe('unknown');
    expect(unk.message).toContain('AccessDenied');
    expect(run(id, make(guardrail('some-future-guardrail', 'on'))).status).toBe('unknown');
    expect(run(id, make(guardrail(name, 'not-applicable'))).status).toBe('notApplicable');
  });

  it('severities follow S-9a (medium) and S-9b (low)', () => {
    const sev = (id: string) => REGISTRY.byId(id)!.severity;
    expect(['BA-AWS-006', 'BA-AWS-007', 'BA-AWS-008', 'BA-GCP-005', 'BA-AZ-004', 'BA-AZ-005'].map(sev)).toEqual(
      Array(6).fill('medium'),
    );
    expect(['BA-AWS-009', 'BA-GCP-006', 'BA-AZ-006'].map(sev)).toEqual(Array(3).fill('low'));
  });

  it('Azure account settings report on the account resource, on containers only when no account resource is in the run', () => {
    const withAccount: CheckContext = { now: new Date(0), azureAccountsInRun: new Set(['acct1']) };
    const g = guardrail('azure-allow-blob-public-access', 'off');
    expect(run('BA-AZ-004', cont(g), withAccount).status).toBe('notApplicable');
    expect(run('BA-AZ-004', cont(g), noAccounts).status).toBe('fail');
    expect(run('BA-AZ-004', acct(g), withAccount).status).toBe('fail');
  });

  it('S3 object ACL sampling: LOW fail when not sampled, n/a when ACLs disabled or not reported', () => {
    expect(run('BA-AWS-009', s3(guardrail('s3-acls-disabled', 'off'), guardrail('s3-object-acls-sampled', 'off'))).status).toBe(
      'fail',
    );
    expect(run('BA-AWS-009', s3(guardrail('s3-acls-disabled', 'off'), guardrail('s3-object-acls-sampled', 'on'))).status).toBe(
      'pass',
    );
    expect(
      run('BA-AWS-009', s3(guardrail('s3-acls-disabled', 'off'), guardrail('s3-object-acls-sampled', 'unknown'))).status,
    ).toBe('unknown');
    expect(run('BA-AWS-009', s3(guardrail('s3-acls-disabled', 'on'), guardrail('s3-object-acls-sampled', 'off'))).status).toBe(
      'notApplicable',
    );
    expect(run('BA-AWS-009', s3()).status).toBe('notApplicable');
  });

  it('S3 guardrail checks do not apply to access points', () => {
    const ap = assessment(resource('aws', 'ap1', { kind: 'access-point' }), { guardrails: [guardrail('s3-bucket-bpa', 'off')] });
    expect(run('BA-AWS-007', ap).status).toBe('notApplicable');
  });
});

describe('BA-AZ-007 static website ($web, S-12)', () => {
  const web = grant({
    via: 'static-website',
    capabilities: [{ capability: 'READ', scope: 'prefix:$web' }],
    evidence: { kind: 'website', summary: 'static website enabled: $web served at https://acct1.z6.web.core.windows.net' },
  });
  const account = resource('azure', 'acct1', { kind: 'account' });

  it('fails MEDIUM when the site serves $web', () => {
    const a = assessment(account, { verdict: 'PUBLIC', severity: 'medium', grants: [web], capabilities: web.capabilities });
    const o = run('BA-AZ-007', a);
    expect(o.status).toBe('fail');
    expect(o.severity).toBe('medium');
    expect(o.message).toContain('z6.web.core.windows.net');
  });
  it('passes when the network closes the site', () => {
    const a = assessment(account, { grants: [{ ...web, neutralizedBy: ['azure-public-network-disabled'] }] });
    const o = run('BA-AZ-007', a);
    expect(o.status).toBe('pass');
    expect(o.message).toContain('not reachable');
  });
  it('unknown when the static website setting could not be read', () => {
    const a = assessment(account, {
      unknownInputs: [{ input: 'staticWebsite', reason: 'access-denied', code: 'AuthorizationFailed', decisive: false }],
    });
    expect(run('BA-AZ-007', a).status).toBe('unknown');
  });
  it('passes without a website grant; not applicable to ordinary containers', () => {
    expect(run('BA-AZ-007', assessment(account)).status).toBe('pass');
    expect(run('BA-AZ-007', assessment(resource('azure', 'images'))).status).toBe('notApplicable');
  });
  it('evaluates a $web container when its account is not in the run', () => {
    const c = assessment(resource('azure', '$web'), { verdict: 'PUBLIC', severity: 'medium', grants: [web] });
    expect(run('BA-AZ-007', c).status).toBe('fail');
    expect(run('BA-AZ-007', c, { now: new Date(0), azureAccountsInRun: new Set(['acct1']) }).status).toBe('notApplicable');
  });
});
