import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeAll, defaultContext } from '../../src/analyzer/index.js';
import { runChecks } from '../../src/checks/index.js';
import { loadTerraform } from '../../src/terraform/index.js';

// Habit 7: each check's bad example runs through the real Terraform reader and analyzer end to end.
// Scenario -> the check that its bad configuration must fail (by the scenario's meaning, exposure-semantics).
const BAD: [scenario: string, checkId: string][] = [
  ['s3-public-policy', 'BA-AWS-001'],
  ['s3-public-acl', 'BA-AWS-001'],
  ['s3-public-acl', 'BA-AWS-008'],
  ['s3-iam-doc-sourceip', 'BA-AWS-003'],
  ['s3-cross-account', 'BA-AWS-004'],
  ['s3-bpa-latent', 'BA-AWS-005'],
  ['gcs-allusers-member', 'BA-GCP-001'],
  ['gcs-allauth-binding', 'BA-GCP-001'],
  ['gcs-pap-enforced', 'BA-GCP-004'],
  ['gcs-acl-public', 'BA-GCP-005'],
  ['azure-container-public', 'BA-AZ-001'],
  ['azure-container-public', 'BA-AZ-004'],
  ['azure-network-restricted', 'BA-AZ-002'],
  ['azure-account-deny', 'BA-AZ-003'],
  ['azure-static-website', 'BA-AZ-007'],
];

async function findingsOf(file: string) {
  const ctx = defaultContext({ now: new Date('2026-01-01T00:00:00Z') });
  const load = await loadTerraform([file], resolve('.'));
  return runChecks(analyzeAll(load.resources, ctx), ctx);
}

describe('checks over the Terraform scenarios (mocks/terraform)', () => {
  it.each(BAD)('%s fails %s from both main.tf and plan.json, with the same fingerprints', async (scenario, checkId) => {
    const hcl = await findingsOf(`mocks/terraform/${scenario}/main.tf`);
    const plan = await findingsOf(`mocks/terraform/${scenario}/plan.json`);
    const failing = (fs: typeof hcl) => fs.filter((f) => f.status === 'fail' && f.checkId === checkId);
    expect(failing(hcl).length).toBeGreaterThan(0);
    expect(
      failing(plan)
        .map((f) => f.fingerprint)
        .sort(),
    ).toEqual(
      failing(hcl)
        .map((f) => f.fingerprint)
        .sort(),
    );
  });

  it.each(['good', 's3-safe-default'])('%s fails no exposure check', async (scenario) => {
    const fs = await findingsOf(`mocks/terraform/${scenario}/main.tf`);
    expect(fs.length).toBeGreaterThan(0);
    expect(fs.filter((f) => f.status === 'fail')).toEqual([]);
  });

  it('a policy known only after apply is unknown, never a pass', async () => {
    const fs = await findingsOf('mocks/terraform/s3-unknown-policy/main.tf');
    expect(fs.find((f) => f.checkId === 'BA-AWS-001')?.status).toBe('unknown');
    expect(fs.find((f) => f.checkId === 'BA-GEN-001')?.status).toBe('unknown');
  });
});
