import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';
import type { Outcome } from '../../src/checks/index.js';
import type { Assessment } from '../../src/model/index.js';
import { assessment, grant, publicRead, resource, unknownVerdict } from './_assessments.js';

const ctx = { now: new Date('2026-01-01T00:00:00Z'), azureAccountsInRun: new Set<string>() };

function run(id: string, a: Assessment): Outcome {
  const check = REGISTRY.byId(id);
  if (!check) throw new Error(`no check ${id}`);
  const out = check.evaluate(a, ctx);
  expect(out).toHaveLength(1);
  return out[0]!;
}

const s3 = resource('aws', 'data-bucket');
const gcs = resource('gcp', 'gcs-bucket');
const blob = resource('azure', 'images');

const writeGrant = grant({
  capabilities: [{ capability: 'WRITE', scope: 'bucket' }],
  evidence: { kind: 'acl-grant', path: 'acl.Grants[1]', summary: 'ACL grants WRITE to AllUsers (Grants[1])' },
});
const publicWrite = (r = s3) =>
  assessment(r, {
    verdict: 'PUBLIC',
    severity: 'critical',
    capabilities: writeGrant.capabilities,
    grants: [writeGrant],
    reasons: [writeGrant.evidence],
  });
const authRead = (r = gcs) =>
  publicRead(r, { verdict: 'PUBLIC_AUTHENTICATED', grants: [grant({ exposure: 'PUBLIC_AUTHENTICATED' })] });
const restricted = (r = s3, pin: 'public-cidr' | 'vpce' = 'public-cidr') => {
  const g = grant({ exposure: 'RESTRICTED', pin });
  return assessment(r, {
    verdict: 'RESTRICTED',
    severity: pin === 'vpce' ? 'info' : 'medium',
    capabilities: g.capabilities,
    grants: [g],
    reasons: [g.evidence],
  });
};
/** A PUBLIC bucket (anonymous READ) that also has a network-pinned grant of `cap`. */
const publicAlsoPinned = (pin: 'public-cidr' | 'vpce', cap: 'READ' | 'WRITE' = 'READ') => {
  const base = publicRead(s3);
  const pinned = grant({ exposure: 'RESTRICTED', pin, capabilities: [{ capability: cap, scope: 'bucket' }] });
  return { ...base, grants: [...base.grants, pinned] };
};
const shared = (r = s3, admin = false) => {
  const g = grant({
    principal: { type: 'account', id: '999988887777' },
    exposure: 'SHARED',
    capabilities: [{ capability: admin ? 'ADMIN' : 'READ', scope: 'bucket' }],
  });
  return assessment(r, {
    verdict: 'SHARED',
    severity: admin ? 'high' : 'medium',
    capabilities: g.capabilities,
    grants: [g],
    reasons: [g.evidence],
  });
};
const sharedInTrust = (r = s3) =>
  assessment(r, { grants: [grant({ principal: { type: 'account', id: '1' }, exposure: 'SHARED', inTrustZone: true })] });
const latent = (r = s3) => {
  const g = grant({ neutralizedBy: ['s3-bpa:IgnorePublicAcls(account)'], via: 'acl' });
  return assessment(r, {
    verdict: 'LATENT',
    severity: 'low',
    grants: [g],
    neutralizedBy: g.neutralizedBy!,
    reasons: [g.evidence],
  });
};
const customRole = (r = gcs) => {
  const g = grant({ capabilitiesUnknown: true, capabilities: [], via: 'iam-binding' });
  return assessment(r, { verdict: 'PUBLIC', severity: 'high', grants: [g], reasons: [g.evidence] });
};

type Row = [id: string, label: string, a: Assessment, status: Outcome['status'], severity?: string, message?: RegExp];

const rows: Row[] = [
  // exposure: fail on PUBLIC/PUBLIC_AUTHENTICATED with the assessment severity, unknown on UNKNOWN, pass otherwise
  ['BA-AWS-001', 'public read', publicRead(s3), 'fail', 'high', /PUBLIC: anyone on the internet can READ; Statement\[0\]/],
  ['BA-AWS-001', 'public write keeps critical', publicWrite(), 'fail', 'critical', /WRITE/],
  ['BA-AWS-001', 'private', assessment(s3), 'pass', undefined, /verdict PRIVATE/],
  ['BA-AWS-001', 'latent is not public', latent(), 'pass'],
  ['BA-AWS-001', 'unknown policy', unknownVerdict(s3), 'unknown', undefined, /bucketPolicy \(AccessDenied\)/],
  ['BA-GCP-001', 'allAuthenticatedUsers', authRead(), 'fail', 'high', /any authenticated principal/],
  ['BA-GCP-001', 'private', assessment(gcs), 'pass'],
  ['BA-GCP-001', 'unknown', unknownVerdict(gcs, 'iamBindings'), 'unknown', undefined, /iamBindings/],
  ['BA-AZ-001', 'container public', publicRead(blob), 'fail', 'high'],
  ['BA-AZ-001', 'container private', assessment(blob), 'pass'],
  ['BA-AZ-001', 'container unknown', unknownVerdict(blob, 'publicAccess'), 'unknown'],
  ['BA-AZ-001', 'account resource', publicRead(resource('azure', 'acct1', { kind: 'account' })), 'notApplicable'],
  // public write/admin
  ['BA-AWS-002', 'write', publicWrite(), 'fail', undefined, /WRITE granted publicly; ACL grants WRITE to AllUsers/],
  ['BA-AWS-002', 'read only', publicRead(s3), 'pass', undefined, /read-only/],
  ['BA-AWS-002', 'unknown', unknownVerdict(s3), 'unknown'],
  ['BA-GCP-002', 'write', publicWrite(gcs), 'fail'],
  ['BA-GCP-002', 'unresolvable custom role', customRole(), 'unknown', undefined, /could not be resolved/],
  ['BA-GCP-002', 'private', assessment(gcs), 'pass'],
  // restricted
  ['BA-AWS-003', 'public cidr pin', restricted(), 'fail', 'medium', /public-cidr/],
  ['BA-AWS-003', 'vpce pin scores info', restricted(s3, 'vpce'), 'fail', 'info', /vpce/],
  // beside a worse verdict the pinned grant's own S-6 / S-6b score (it was MEDIUM whatever the pin and capability)
  ['BA-AWS-003', 'vpce-pinned grant on a PUBLIC bucket scores info (S-6b)', publicAlsoPinned('vpce'), 'fail', 'info', /vpce/],
  [
    'BA-AWS-003',
    'public-cidr WRITE on a PUBLIC bucket scores one below WRITE (S-6)',
    publicAlsoPinned('public-cidr', 'WRITE'),
    'fail',
    'high',
    /public-cidr/,
  ],
  ['BA-AWS-003', 'private', assessment(s3), 'pass'],
  ['BA-AWS-003', 'unknown', unknownVerdict(s3), 'unknown'],
  ['BA-AZ-002', 'ip rules', restricted(blob), 'fail'],
  ['BA-AZ-002', 'private', assessment(blob), 'pass'],
  ['BA-AZ-002', 'unknown', unknownVerdict(blob), 'unknown'],
  // shared
  ['BA-AWS-004', 'shared read', shared(), 'fail', 'medium', /account 999988887777: READ/],
  ['BA-AWS-004', 'shared admin', shared(s3, true), 'fail', 'high', /ADMIN/],
  ['BA-AWS-004', 'inside trust zone', sharedInTrust(), 'pass'],
  ['BA-AWS-004', 'unknown', unknownVerdict(s3), 'unknown'],
  ['BA-GCP-003', 'shared', shared(gcs), 'fail'],
  ['BA-GCP-003', 'private', assessment(gcs), 'pass'],
  ['BA-GCP-003', 'unknown', unknownVerdict(gcs), 'unknown'],
  // latent
  ['BA-AWS-005', 'latent', latent(), 'fail', 'low', /IgnorePublicAcls/],
  ['BA-AWS-005', 'private', assessment(s3), 'pass'],
  ['BA-AWS-005', 'unknown', unknownVerdict(s3), 'unknown'],
  ['BA-GCP-004', 'latent under PAP', latent(gcs), 'fail', 'low'],
  ['BA-GCP-004', 'private', assessment(gcs), 'pass'],
  ['BA-GCP-004', 'unknown', unknownVerdict(gcs), 'unknown'],
  ['BA-AZ-003', 'latent', latent(blob), 'fail', 'low'],
  ['BA-AZ-003', 'private', assessment(blob), 'pass'],
  ['BA-AZ-003', 'unknown', unknownVerdict(blob), 'unknown'],
];

describe('exposure checks', () => {
  it.each(rows)('%s %s', (id, _label, a, status, severity, message) => {
    const o = run(id, a);
    expect(o.status).toBe(status);
    if (severity) expect(o.severity ?? REGISTRY.byId(id)!.severity).toBe(severity);
    if (message) expect(o.message).toMatch(message);
    if (status === 'fail') expect(o.evidence.length).toBeGreaterThan(0);
  });

  it('an UNKNOWN verdict is never a pass for any check', () => {
    for (const check of REGISTRY.checks) {
      for (const r of [s3, gcs, blob]) {
        if (check.provider !== 'generic' && check.provider !== r.provider) continue;
        for (const o of check.evaluate(unknownVerdict(r), ctx)) expect(o.status, check.id).not.toBe('pass');
      }
    }
  });
});

describe('network-pinned static website beside a worse verdict (S-6 on S-12)', () => {
  it('an account marked non-web scores the pinned website grant as the analyzer does (MEDIUM), not as a website (LOW)', () => {
    const base = publicRead(blob);
    const site = grant({ exposure: 'RESTRICTED', pin: 'ip-rules', via: 'static-website' });
    const a = { ...base, grants: [...base.grants, site] };
    const check = REGISTRY.byId('BA-AZ-002')!;
    expect(check.evaluate(a, ctx)[0]?.severity).toBe('low'); // S-12 website: MEDIUM, one level down
    expect(check.evaluate(a, { ...ctx, azureNonWebAccounts: ['acct1'] })[0]?.severity).toBe('medium'); // READ HIGH, one down
  });
});
