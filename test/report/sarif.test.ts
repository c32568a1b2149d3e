import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { LIVE_PSEUDO_ROOT, renderSarif, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import { validateSarif } from './_multitool.js';
import { sampleReport } from './_report.js';

const report = sampleReport();
const text = renderSarif(report);
const sarif = JSON.parse(text);
const run = sarif.runs[0];

describe('SARIF writer', () => {
  it('passes the SARIF Multitool with GitHub and SARIF rules: zero errors', async () => {
    const results = await validateSarif(text, 'report');
    expect(results.filter((r) => r.level === 'error')).toEqual([]);
  }, 120_000);

  it('the validator is live: a result without locations is rejected', async () => {
    const broken = JSON.parse(text);
    delete broken.runs[0].results[0].locations;
    const results = await validateSarif(JSON.stringify(broken), 'broken');
    expect(results.filter((r) => r.level === 'error').length).toBeGreaterThan(0);
  }, 120_000);

  it('declares one rule per check with title, description, markdown help and security-severity', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(CHECKS.map((c) => c.id));
    const r = run.tool.driver.rules.find((x: { id: string }) => x.id === 'BA-AWS-002');
    expect(r.shortDescription.text).toBe('S3 bucket grants no public write or admin access.');
    expect(r.help.markdown).toContain('```sh');
    expect(r.properties['security-severity']).toBe('9.5');
    expect(r.properties.tags).toEqual(expect.arrayContaining(['security', 'aws', 'compliance/aws-securityhub']));
    expect(Object.values(SECURITY_SEVERITY)).toEqual(['9.5', '8.0', '5.5', '3.0', '1.0']);
  });

  it('emits results only for fail/unknown findings with stable fingerprints and levels', () => {
    const expected = report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
    expect(run.results).toHaveLength(expected.length);
    expect(
      run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['bucketaudit/v1']),
    ).toEqual(expected.map((f) => f.fingerprint));
    const levels = new Set(run.results.map((r: { level: string }) => r.level));
    expect([...levels].every((l) => ['error', 'warning', 'note'].includes(l as string))).toBe(true);
    const unknown = run.results.find((r: { properties: { status: string } }) => r.properties.status === 'unknown');
    expect(unknown.level).toBe('note');
    expect(
      run.results.find(
        (r: { ruleId: string; properties: { status: string } }) => r.ruleId === 'BA-AWS-002' && r.properties.status === 'fail',
      ).level,
    ).toBe('error');
  });

  it('locates Terraform results at file:line and live results at a stable pseudo-path with the ARN as logical location', () => {
    const tf = run.results.find((r: { properties: { resourceId: string } }) => r.properties.resourceId === 'aws_s3_bucket.logs');
    expect(tf.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12 },
    });
    expect(tf.locations[0].logicalLocations[0].fullyQualifiedName).toBe('aws_s3_bucket.logs');
    const live = run.results.find(
      (r: { properties: { resourceId: string } }) => r.properties.resourceId === 'arn:aws:s3:::zeta-public',
    );
    expect(live.locations[0].physicalLocation.artifactLocation.uri).toBe(`${LIVE_PSEUDO_ROOT}/aws/bucket/zeta-public`);
    expect(live.locations[0].logicalLocations[0].fullyQualifiedName).toBe('arn:aws:s3:::zeta-public');
    const evil = run.results.find((r: { properties: { provider: string } }) => r.properties.provider === 'azure');
    expect(evil.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/[<>" ]/);
  });
});
