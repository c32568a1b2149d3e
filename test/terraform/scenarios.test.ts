import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/analyzer/context.js';
import { audit } from '../../src/audit.js';
import type { Verdict } from '../../src/model/index.js';
import { applySuppressions, loadTerraform } from '../../src/terraform/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = (s: string) => `mocks/terraform/${s}`;

/** Expected verdict per resource name, per docs/exposure-semantics.md. */
const EXPECTED: Record<string, Record<string, Verdict>> = {
  // public principal, BPA off (A-13) => PUBLIC
  's3-public-policy': { 'ba-public-policy': 'PUBLIC' },
  // A-11 AllUsers READ, ACLs enabled (A-12 ObjectWriter), IgnorePublicAcls off => PUBLIC
  's3-public-acl': { 'ba-public-acl': 'PUBLIC' },
  // new bucket defaults: BPA on, BucketOwnerEnforced, no policy => PRIVATE (account BPA not-collected must not block it)
  's3-safe-default': { 'ba-safe-default': 'PRIVATE' },
  // A-14 RestrictPublicBuckets on a BPA-public policy => LATENT
  's3-bpa-latent': { 'ba-bpa-latent': 'LATENT' },
  // A-13 account flags OR bucket flags => LATENT
  's3-account-bpa': { 'ba-account-bpa': 'LATENT' },
  // A-18 website adds a URL to public READ => PUBLIC
  's3-website': { 'ba-website': 'PUBLIC' },
  // A-17 internet access point, AP BPA off, public AP policy, bucket policy delegating to the account's APs => PUBLIC
  's3-access-point': { 'ba-ap-bucket': 'PUBLIC' },
  // aws:SourceIp /24 public CIDR pin => RESTRICTED
  's3-iam-doc-sourceip': { 'ba-sourceip': 'RESTRICTED' },
  // A-19 fixed principal of another account => SHARED
  's3-cross-account': { 'ba-cross-account': 'SHARED' },
  // policy known only after apply => UNKNOWN (never PRIVATE)
  's3-unknown-policy': { 'ba-unknown-policy': 'UNKNOWN' },
  // policy names aws_s3_bucket.b.arn (known after apply in the plan, arn:aws:s3:::<bucket> by definition) => PUBLIC
  's3-policy-arn-ref': { 'ba-arn-ref': 'PUBLIC' },
  // the same through data "aws_iam_policy_document" read during apply => PUBLIC
  's3-policy-doc-arn-ref': { 'ba-doc-arn-ref': 'PUBLIC' },
  // bucket_prefix: name and arn known only after apply => UNKNOWN (never guessed)
  's3-policy-prefix-unknown': { 'aws_s3_bucket.b': 'UNKNOWN' },
  's3-suppressed': { 'ba-suppressed': 'PUBLIC' },
  'module-count': { 'ba-mod-alpha': 'PUBLIC', 'ba-mod-beta': 'PRIVATE', 'ba-logs-0': 'PRIVATE', 'ba-logs-1': 'PRIVATE' },
  // G-1 allUsers => PUBLIC
  'gcs-allusers-member': { 'ba-gcs-allusers': 'PUBLIC' },
  // G-1 allAuthenticatedUsers => PUBLIC_AUTHENTICATED
  'gcs-allauth-binding': { 'ba-gcs-allauth': 'PUBLIC_AUTHENTICATED' },
  // G-6 PAP enforced => LATENT
  'gcs-pap-enforced': { 'ba-gcs-pap': 'LATENT' },
  // G-4 ACL READER:allUsers with UBLA off => PUBLIC
  'gcs-acl-public': { 'ba-gcs-acl': 'PUBLIC' },
  // Z-1 allow true + Z-2 Container level + Z-3 network open => PUBLIC
  'azure-container-public': { public: 'PUBLIC' },
  // Z-1 allowBlobPublicAccess=false closes a Blob-level container => LATENT
  'azure-account-deny': { assets: 'LATENT' },
  // Z-3 default Deny + public ip rules => RESTRICTED
  'azure-network-restricted': { data: 'RESTRICTED' },
  // Z-4 $web is anonymous even with allowBlobPublicAccess=false => the account is PUBLIC
  'azure-static-website': { bawebsitesa: 'PUBLIC' },
  good: { 'ba-good': 'PRIVATE', 'ba-gcs-good': 'PRIVATE', bagoodsa: 'PRIVATE', private: 'PRIVATE' },
};

async function verdicts(path: string) {
  const load = await loadTerraform([path], ROOT);
  const { report } = await audit({
    command: 'terraform',
    resources: load.resources,
    errors: load.errors,
    ctx: defaultContext({ now: new Date('2026-01-15T00:00:00Z') }),
    postProcess: (f) => applySuppressions(f, load.suppressions),
  });
  const byName: Record<string, Verdict> = {};
  for (const r of report.resources) byName[r.name] = r.verdict;
  return { byName, report, load };
}

describe('terraform scenarios: .tf and plan.json agree, verdicts per the rules', () => {
  for (const [scenario, expected] of Object.entries(EXPECTED)) {
    it(`${scenario}: same verdict per resource from main.tf and plan.json`, async () => {
      const hcl = await verdicts(`${dir(scenario)}/main.tf`);
      const plan = await verdicts(`${dir(scenario)}/plan.json`);
      expect(Object.keys(hcl.byName).sort()).toEqual(Object.keys(plan.byName).sort());
      expect(hcl.byName).toEqual(plan.byName);
      for (const name of Object.keys(expected)) expect(hcl.byName).toHaveProperty([name]);
    });
    it(`${scenario}: verdicts ${JSON.stringify(expected)}`, async () => {
      const { byName } = await verdicts(`${dir(scenario)}/plan.json`);
      const got = Object.fromEntries(Object.keys(expected).map((k) => [k, byName[k]]));
      expect(got).toEqual(expected);
    });
  }

  it('fills address, file and line for every resource from .tf and from plan.json', async () => {
    for (const scenario of Object.keys(EXPECTED)) {
      for (const f of ['main.tf', 'plan.json']) {
        const { load } = await verdicts(`${dir(scenario)}/${f}`);
        for (const r of load.resources) {
          expect(r.source.address, `${scenario}/${f} ${r.id}`).toMatch(/^(module\.|aws_|google_|azurerm_)/);
          expect(r.source.file, `${scenario}/${f} ${r.id}`).toMatch(/\.tf$/);
          expect(r.source.line, `${scenario}/${f} ${r.id}`).toBeGreaterThan(0);
          expect(r.source.origin).toBe(f === 'main.tf' ? 'terraform-hcl' : 'terraform-plan');
        }
      }
    }
  });

  it('module + for_each + count: instance addresses and module file:line', async () => {
    for (const f of ['main.tf', 'plan.json']) {
      const { load } = await verdicts(`${dir('module-count')}/${f}`);
      const byId = Object.fromEntries(load.resources.map((r) => [r.id, r.source]));
      expect(byId['arn:aws:s3:::ba-mod-alpha']).toMatchObject({
        address: 'module.buckets["alpha"].aws_s3_bucket.this',
        file: 'mocks/terraform/module-count/modules/bucket/main.tf',
        line: 10,
      });
      expect(byId['arn:aws:s3:::ba-logs-1']).toMatchObject({
        address: 'aws_s3_bucket.logs[1]',
        file: 'mocks/terraform/module-count/main.tf',
        line: 9,
      });
    }
  });

  it('ids and names follow the live adapters (fingerprints match live scans)', async () => {
    const { report } = await verdicts('mocks/terraform/azure-network-restricted/plan.json');
    expect(report.resources.map((r) => r.id).sort()).toEqual([
      'https://barestrictedsa.blob.core.windows.net',
      'https://barestrictedsa.blob.core.windows.net/data',
    ]);
    const gcs = await verdicts('mocks/terraform/gcs-allusers-member/main.tf');
    expect(gcs.report.resources[0]).toMatchObject({ id: 'gs://ba-gcs-allusers', name: 'ba-gcs-allusers' });
  });

  it('inline suppression marks the matching findings suppressed by "inline"', async () => {
    for (const f of ['main.tf', 'plan.json']) {
      const { report } = await verdicts(`${dir('s3-suppressed')}/${f}`);
      const mine = report.findings.filter((x) => x.resourceId === 'arn:aws:s3:::ba-suppressed' && x.checkId === 'BA-AWS-001');
      for (const x of mine) expect(x.suppressed).toEqual({ reason: 'public downloads, approved in SEC-123', by: 'inline' });
      const others = report.findings.filter((x) => x.resourceId === 'arn:aws:s3:::ba-suppressed' && x.checkId !== 'BA-AWS-001');
      for (const x of others) expect(x.suppressed).toBeUndefined();
    }
  });
});
