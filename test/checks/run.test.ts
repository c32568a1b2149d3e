import { describe, expect, it } from 'vitest';
import { fingerprintOf, resourceKey, runChecks } from '../../src/checks/index.js';
import { defaultContext } from '../../src/analyzer/context.js';
import { assessment, guardrail, publicRead, resource, unknownVerdict } from './_assessments.js';

const ctx = defaultContext({ now: new Date('2026-01-01T00:00:00Z') });

describe('fingerprints', () => {
  it('match for live and Terraform sources of the same bucket', () => {
    const live = resource('aws', 'shared-name');
    const tf = resource('aws', 'shared-name', {
      id: 'aws_s3_bucket.data',
      account: '',
      source: { origin: 'terraform-hcl', uri: 'main.tf', file: 'main.tf', line: 3, address: 'aws_s3_bucket.data' },
    });
    expect(resourceKey(live)).toBe('aws:bucket:shared-name');
    expect(fingerprintOf('BA-AWS-001', live)).toBe(fingerprintOf('BA-AWS-001', tf));
    expect(fingerprintOf('BA-AWS-001', live)).toMatch(/^[0-9a-f]{64}$/);
  });
  it('differ by check, provider, kind and Azure account', () => {
    const a = resource('aws', 'x');
    expect(fingerprintOf('BA-AWS-001', a)).not.toBe(fingerprintOf('BA-AWS-002', a));
    expect(fingerprintOf('BA-GEN-001', a)).not.toBe(fingerprintOf('BA-GEN-001', resource('gcp', 'x')));
    const c1 = resource('azure', 'data', { azureAccount: 'one' });
    const c2 = resource('azure', 'data', { azureAccount: 'two' });
    expect(resourceKey(c1)).toBe('azure:container:one/data');
    expect(fingerprintOf('BA-AZ-001', c1)).not.toBe(fingerprintOf('BA-AZ-001', c2));
  });
});

describe('runChecks', () => {
  it('runs provider checks on their provider only and keeps pass findings', () => {
    const findings = runChecks([publicRead(resource('aws', 'pub'), { guardrails: [guardrail('s3-bucket-bpa', 'off')] })], ctx);
    const ids = new Set(findings.map((f) => f.checkId));
    expect([...ids].every((id) => id.startsWith('BA-AWS-') || id.startsWith('BA-GEN-'))).toBe(true);
    const exposure = findings.find((f) => f.checkId === 'BA-AWS-001')!;
    expect(exposure).toMatchObject({ status: 'fail', severity: 'high', provider: 'aws', resourceId: 'arn:aws:s3:::pub' });
    expect(exposure.compliance['aws-securityhub']).toEqual(['S3.2']);
    expect(exposure.remediation.terraform).toContain('aws_s3_bucket_public_access_block');
    expect(findings.find((f) => f.checkId === 'BA-AWS-002')?.status).toBe('pass');
    expect(findings.find((f) => f.checkId === 'BA-AWS-007')?.status).toBe('fail');
    // not-applicable outcomes produce no finding
    expect(findings.some((f) => f.checkId === 'BA-GEN-003')).toBe(false);
  });

  it('an unknown verdict yields unknown findings and an INFO coverage finding, never a pass of the exposure check', () => {
    const findings = runChecks([unknownVerdict(resource('gcp', 'g'))], ctx);
    expect(findings.find((f) => f.checkId === 'BA-GCP-001')?.status).toBe('unknown');
    expect(findings.find((f) => f.checkId === 'BA-GEN-001')).toMatchObject({ status: 'unknown', severity: 'info' });
  });

  it('a throwing assessment shape becomes unknown, not a crash or a pass', () => {
    const broken = assessment(resource('aws', 'b'), { grants: null as never });
    const findings = runChecks([broken], ctx);
    expect(findings.some((f) => f.status === 'unknown' && f.message.includes('failed'))).toBe(true);
  });
});
