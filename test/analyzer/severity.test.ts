import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../src/analyzer/index.js';
import {
  applyAcknowledgement,
  grantSeverity,
  guardrailSeverity,
  lower,
  publicSeverity,
  scoreSeverity,
} from '../../src/analyzer/severity.js';
import type { AccessGrant, Capability, CapabilityGrant, NetworkPin, Severity } from '../../src/model/index.js';
import { azureAccount, binding, ctx, gcsBucket } from './builders.js';

const c = (capability: Capability, scope = 'bucket'): CapabilityGrant => ({ capability, scope });

function grant(over: Partial<AccessGrant>): AccessGrant {
  return {
    principal: { type: 'anonymous' },
    capabilities: [c('READ')],
    via: 'policy',
    exposure: 'PUBLIC',
    evidence: { kind: 'input', summary: 'synthetic' },
    ...over,
  };
}

const res = gcsBucket();
const C = ctx();

interface Row {
  rule: string;
  name: string;
  g: AccessGrant;
  severity: Severity;
  ctx?: ReturnType<typeof ctx>;
}

const rows: Row[] = [
  // S-1 public write/admin
  { rule: 'S-1', name: 'public WRITE on a prefix', g: grant({ capabilities: [c('WRITE', 'prefix:up/')] }), severity: 'critical' },
  {
    rule: 'S-1',
    name: 'public-authenticated ADMIN',
    g: grant({ exposure: 'PUBLIC_AUTHENTICATED', capabilities: [c('ADMIN')] }),
    severity: 'critical',
  },
  {
    rule: 'S-1',
    name: 'shared WRITE is not S-1',
    g: grant({ exposure: 'SHARED', principal: { type: 'account', id: '1' }, capabilities: [c('WRITE')] }),
    severity: 'medium',
  },
  // S-2 full exfiltration
  { rule: 'S-2', name: 'LIST+READ at bucket', g: grant({ capabilities: [c('LIST'), c('READ')] }), severity: 'critical' },
  {
    rule: 'S-2',
    name: 'LIST bucket + READ prefix is not S-2',
    g: grant({ capabilities: [c('LIST'), c('READ', 'prefix:a')] }),
    severity: 'high',
  },
  {
    rule: 'S-2',
    name: 'LIST+READ latent is not S-2',
    g: grant({ capabilities: [c('LIST'), c('READ')], neutralizedBy: ['x'] }),
    severity: 'low',
  },
  // S-3 read-only / list-only
  { rule: 'S-3', name: 'READ only', g: grant({ capabilities: [c('READ')] }), severity: 'high' },
  { rule: 'S-3', name: 'LIST only', g: grant({ capabilities: [c('LIST')] }), severity: 'high' },
  { rule: 'S-3', name: 'READ new-objects', g: grant({ capabilities: [c('READ', 'new-objects')] }), severity: 'high' },
  // S-4 metadata only
  { rule: 'S-4', name: 'META only', g: grant({ capabilities: [c('META')] }), severity: 'medium' },
  { rule: 'S-4', name: 'READ_ACP only', g: grant({ capabilities: [c('READ_ACP')] }), severity: 'medium' },
  { rule: 'S-4', name: 'READ_ACP + READ is S-3', g: grant({ capabilities: [c('READ_ACP'), c('READ')] }), severity: 'high' },
  // S-5 public without capability
  { rule: 'S-5', name: 'public grant with no capability', g: grant({ capabilities: [] }), severity: 'low' },
  {
    rule: 'S-5',
    name: 'capabilitiesUnknown is HIGH, not S-5',
    g: grant({ capabilities: [], capabilitiesUnknown: true }),
    severity: 'high',
  },
  { rule: 'S-5', name: 'inert grant is INFO', g: grant({ capabilities: [], exposure: 'PRIVATE' }), severity: 'info' },
  // S-6 restricted to public CIDR / IP rules
  ...(['public-cidr', 'ip-rules', 'perimeter'] as NetworkPin[]).map(
    (pin): Row => ({
      rule: 'S-6',
      name: `${pin}: critical lowered to high`,
      g: grant({ exposure: 'RESTRICTED', pin, capabilities: [c('WRITE')] }),
      severity: 'high',
    }),
  ),
  {
    rule: 'S-6',
    name: 'public-cidr: META lowered to low',
    g: grant({ exposure: 'RESTRICTED', pin: 'public-cidr', capabilities: [c('META')] }),
    severity: 'low',
  },
  { rule: 'S-6', name: 'floor LOW', g: grant({ exposure: 'RESTRICTED', pin: 'ip-rules', capabilities: [] }), severity: 'low' },
  // S-6b private pins
  ...(['vpc', 'vpce', 'private-cidr', 'vnet'] as NetworkPin[]).map(
    (pin): Row => ({
      rule: 'S-6b',
      name: `${pin} => INFO`,
      g: grant({ exposure: 'RESTRICTED', pin, capabilities: [c('WRITE')] }),
      severity: 'info',
    }),
  ),
  // S-7 shared
  { rule: 'S-7', name: 'shared ADMIN => HIGH', g: grant({ exposure: 'SHARED', capabilities: [c('ADMIN')] }), severity: 'high' },
  {
    rule: 'S-7',
    name: 'shared data => MEDIUM',
    g: grant({ exposure: 'SHARED', capabilities: [c('LIST'), c('READ')] }),
    severity: 'medium',
  },
  {
    rule: 'S-7',
    name: 'shared unknown caps => HIGH',
    g: grant({ exposure: 'SHARED', capabilities: [], capabilitiesUnknown: true }),
    severity: 'high',
  },
  // S-7b trust zone
  {
    rule: 'S-7b',
    name: 'trust zone ADMIN => INFO',
    g: grant({ exposure: 'SHARED', inTrustZone: true, capabilities: [c('ADMIN')] }),
    severity: 'info',
  },
  { rule: 'S-7b', name: 'trust zone data => INFO', g: grant({ exposure: 'SHARED', inTrustZone: true }), severity: 'info' },
  {
    rule: 'S-7b',
    name: 'outside the trust zone is not INFO',
    g: grant({ exposure: 'SHARED', inTrustZone: false }),
    severity: 'medium',
  },
  // S-8 latent
  {
    rule: 'S-8',
    name: 'neutralised public WRITE => LOW',
    g: grant({ capabilities: [c('WRITE')], neutralizedBy: ['s3-bpa'] }),
    severity: 'low',
  },
  { rule: 'S-8', name: 'explicit LATENT exposure => LOW', g: grant({ exposure: 'LATENT' }), severity: 'low' },
  {
    rule: 'S-8',
    name: 'neutralised RESTRICTED => LOW',
    g: grant({ exposure: 'RESTRICTED', pin: 'ip-rules', neutralizedBy: ['x'] }),
    severity: 'low',
  },
  {
    rule: 'S-8',
    name: 'neutralised VNet-only grant stays INFO (never above what it would re-expose)',
    g: grant({ exposure: 'RESTRICTED', pin: 'vnet', neutralizedBy: ['x'] }),
    severity: 'info',
  },
  // S-12 static website
  { rule: 'S-12', name: 'static website => MEDIUM', g: grant({ via: 'static-website' }), severity: 'medium' },
  {
    rule: 'S-12',
    name: 'static website non-web account => S-3',
    g: grant({ via: 'static-website' }),
    severity: 'high',
    ctx: ctx({ azureNonWebAccounts: ['b1'] }),
  },
  {
    rule: 'S-12',
    name: 'static website behind IP rules => LOW',
    g: grant({ via: 'static-website', exposure: 'RESTRICTED', pin: 'ip-rules' }),
    severity: 'low',
  },
  // G-3 interplay: conditional never below HIGH
  {
    rule: 'S-3',
    name: 'conditional META grant stays >= HIGH',
    g: grant({ capabilities: [c('META')], conditional: true }),
    severity: 'high',
  },
  {
    rule: 'S-1',
    name: 'conditional WRITE keeps CRITICAL',
    g: grant({ capabilities: [c('WRITE')], conditional: true }),
    severity: 'critical',
  },
];

describe('grantSeverity S-1..S-12', () => {
  it.each(rows.map((r) => [`${r.rule} ${r.name}`, r] as const))('%s', (_n, r) => {
    expect(grantSeverity(r.g, res, r.ctx ?? C)).toBe(r.severity);
  });
});

describe('scoreSeverity by verdict', () => {
  const ev = { grants: [], guardrails: [], unknownInputs: [], context: [] };
  const base = { resource: res, deciding: [], capabilities: [], evaluation: ev, ctx: C };
  it('S-10 PRIVATE => INFO', () => expect(scoreSeverity({ ...base, verdict: 'PRIVATE' })).toBe('info'));
  it('S-5 PRIVATE but public without capability => LOW', () =>
    expect(
      scoreSeverity({
        ...base,
        verdict: 'PRIVATE',
        evaluation: { ...ev, publicWithoutCapability: { kind: 'input', summary: 'x' } },
      }),
    ).toBe('low'));
  it('S-11 UNKNOWN => INFO', () => expect(scoreSeverity({ ...base, verdict: 'UNKNOWN' })).toBe('info'));
  it('S-8 LATENT => LOW', () => expect(scoreSeverity({ ...base, verdict: 'LATENT' })).toBe('low'));
  it('worst active grant wins', () =>
    expect(
      scoreSeverity({
        ...base,
        verdict: 'PUBLIC',
        deciding: [grant({})],
        active: [grant({}), grant({ exposure: 'PUBLIC_AUTHENTICATED', capabilities: [c('WRITE')] })],
      }),
    ).toBe('critical'));
});

describe('helpers', () => {
  it('lower() steps down one level with a floor', () => {
    expect(lower('critical')).toBe('high');
    expect(lower('medium')).toBe('low');
    expect(lower('low')).toBe('low');
    expect(lower('low', 'info')).toBe('info');
  });
  it('publicSeverity() with no capabilities is S-5 LOW', () => expect(publicSeverity([])).toBe('low'));
  it.each([
    ['gcs-ubla', 'off', 'medium'],
    ['azure-allow-blob-public-access', 'off', 'medium'],
    ['azure-network-default-deny', 'off', 'medium'],
    ['s3-account-bpa', 'off', 'medium'],
    ['s3-bucket-bpa:BlockPublicAcls', 'off', 'medium'],
    ['gcs-pap', 'off', 'low'],
    ['azure-shared-key-disabled', 'off', 'low'],
    ['gcs-ubla', 'on', 'info'],
    ['gcs-pap', 'unknown', 'info'],
    ['s3-acls-disabled', 'not-applicable', 'info'],
  ] as const)('S-9 guardrail %s %s => %s', (name, status, sev) => {
    expect(guardrailSeverity({ name, status })).toBe(sev);
  });
});

describe('applyAcknowledgement (S-10 allowlist)', () => {
  const NOW = new Date('2025-06-01T00:00:00Z');
  const readPublic = analyzeResource(gcsBucket({ bindings: [binding('roles/storage.objectViewer', ['allUsers'])] }), C);
  const writePublic = analyzeResource(gcsBucket({ bindings: [binding('roles/storage.objectCreator', ['allUsers'])] }), C);
  const website = analyzeResource(azureAccount({ staticWebsite: { enabled: true } }), C);

  it('forces a public read to INFO and records the entry', () => {
    const a = applyAcknowledgement(readPublic, { reason: 'open data', owner: 'data-team' }, NOW);
    expect(readPublic.severity).toBe('critical');
    expect(a.severity).toBe('info');
    expect(a.acknowledged).toEqual({ reason: 'open data', owner: 'data-team' });
    expect(a.verdict).toBe('PUBLIC');
  });
  it('never hides public WRITE (stays >= HIGH)', () => {
    const a = applyAcknowledgement(writePublic, { reason: 'upload drop' }, NOW);
    expect(a.severity).toBe('critical');
    expect(a.acknowledged?.reason).toBe('upload drop');
  });
  it('acknowledges a static website', () => expect(applyAcknowledgement(website, { reason: 'site' }, NOW).severity).toBe('info'));
  it('ignores an expired entry', () => {
    const a = applyAcknowledgement(readPublic, { reason: 'old', expires: '2024-01-01' }, NOW);
    expect(a).toBe(readPublic);
  });
  it('applies an entry that has not expired yet', () =>
    expect(applyAcknowledgement(readPublic, { reason: 'r', expires: '2026-01-01' }, NOW).acknowledged?.expires).toBe(
      '2026-01-01',
    ));
});

describe('severity end to end through analyzeResource', () => {
  it('S-7b: trust-zone SHARED => PRIVATE verdict, INFO', () => {
    const a = analyzeResource(
      gcsBucket({ bindings: [binding('roles/storage.admin', ['domain:corp.test'])] }),
      ctx({ trust: { gcpDomains: ['corp.test'] } }),
    );
    expect([a.verdict, a.severity]).toEqual(['PRIVATE', 'info']);
  });
  it('S-6 vs S-6b: worst RESTRICTED grant decides', () => {
    const a = analyzeResource(
      azureAccount({
        networkRules: { defaultAction: 'Deny', ipRules: ['203.0.113.1'], virtualNetworkRules: ['v'] },
        staticWebsite: { enabled: true },
      }),
      C,
    );
    expect([a.verdict, a.severity]).toEqual(['RESTRICTED', 'low']);
  });
});

describe('S-2 across grants (found by the adversarial review)', () => {
  it('LIST on the bucket from one public grant and READ of every object from another is CRITICAL', async () => {
    const { analyzeResource } = await import('../../src/analyzer/index.js');
    const { awsBucket, policy, stmt, BUCKET } = await import('./aws/builders.js');
    const { ctx } = await import('./builders.js');
    const r = awsBucket({
      policy: policy(
        stmt({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }),
        stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }),
      ),
    });
    const a = analyzeResource(r, ctx());
    expect(a.verdict).toBe('PUBLIC');
    expect(a.severity).toBe('critical');
  });
  it('LIST and READ from separate grants on a prefix stay HIGH', async () => {
    const { analyzeResource } = await import('../../src/analyzer/index.js');
    const { awsBucket, policy, stmt, BUCKET } = await import('./aws/builders.js');
    const { ctx } = await import('./builders.js');
    const r = awsBucket({
      policy: policy(
        stmt({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }),
        stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/public/*` }),
      ),
    });
    expect(analyzeResource(r, ctx()).severity).toBe('high');
  });
});
