import { describe, expect, it } from 'vitest';
import type { ProviderEvaluation } from '../../src/analyzer/evaluation.js';
import { analyzeResource } from '../../src/analyzer/index.js';
import { aggregate, isActive, isLatent, mergeCapabilities, verdictRank } from '../../src/analyzer/verdict.js';
import type { AccessGrant, UnknownInput, Verdict } from '../../src/model/index.js';
import { ctx, gcsBucket, known } from './builders.js';

const R = gcsBucket();
const C = ctx();

function g(exposure: AccessGrant['exposure'], over: Partial<AccessGrant> = {}): AccessGrant {
  return {
    principal: { type: 'anonymous' },
    capabilities: [{ capability: 'READ', scope: 'bucket' }],
    via: 'policy',
    exposure,
    evidence: { kind: 'policy-statement', path: `p.${exposure}`, summary: `${exposure} grant` },
    ...over,
  };
}

const U: UnknownInput = { input: 'policy', reason: 'access-denied', code: 'AccessDenied', decisive: true };
const U2: UnknownInput = { input: 'website', reason: 'access-denied', decisive: false };

function ev(grants: AccessGrant[], unknownInputs: UnknownInput[] = []): ProviderEvaluation {
  return { grants, guardrails: [], unknownInputs, context: [] };
}

const rows: [string, ProviderEvaluation, Verdict][] = [
  ['nothing => PRIVATE', ev([]), 'PRIVATE'],
  [
    'PUBLIC beats everything',
    ev([g('SHARED'), g('RESTRICTED', { pin: 'vpc' }), g('PUBLIC'), g('PUBLIC_AUTHENTICATED')], [U]),
    'PUBLIC',
  ],
  [
    'PUBLIC_AUTHENTICATED beats RESTRICTED',
    ev([g('RESTRICTED', { pin: 'ip-rules' }), g('PUBLIC_AUTHENTICATED')]),
    'PUBLIC_AUTHENTICATED',
  ],
  ['RESTRICTED beats SHARED', ev([g('SHARED'), g('RESTRICTED', { pin: 'ip-rules' })]), 'RESTRICTED'],
  ['known exposure beats a decisive unknown', ev([g('SHARED')], [U]), 'SHARED'],
  ['decisive unknown beats LATENT', ev([g('PUBLIC', { neutralizedBy: ['gcs-pap'] })], [U]), 'UNKNOWN'],
  ['decisive unknown is never PRIVATE', ev([], [U]), 'UNKNOWN'],
  ['non-decisive unknown does not change PRIVATE', ev([], [U2]), 'PRIVATE'],
  ['LATENT only when no active exposure', ev([g('PUBLIC', { neutralizedBy: ['x'] }), g('SHARED')]), 'SHARED'],
  ['neutralised public => LATENT', ev([g('PUBLIC', { neutralizedBy: ['x'] })]), 'LATENT'],
  ['explicit LATENT exposure => LATENT', ev([g('LATENT')]), 'LATENT'],
  ['trust-zone SHARED => PRIVATE', ev([g('SHARED', { inTrustZone: true })]), 'PRIVATE'],
  [
    'trust-zone SHARED + neutralised public => LATENT',
    ev([g('SHARED', { inTrustZone: true }), g('PUBLIC', { neutralizedBy: ['x'] })]),
    'LATENT',
  ],
  ['PRIVATE grant alone => PRIVATE', ev([g('PRIVATE')]), 'PRIVATE'],
];

describe('aggregate() ordering', () => {
  it.each(rows)('%s', (_n, e, verdict) => {
    expect(aggregate(R, e, C).verdict).toBe(verdict);
  });
  it('verdictRank follows the documented order', () => {
    const order: Verdict[] = ['PRIVATE', 'LATENT', 'UNKNOWN', 'SHARED', 'RESTRICTED', 'PUBLIC_AUTHENTICATED', 'PUBLIC'];
    expect(order.map(verdictRank)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe('aggregate() output', () => {
  it('capabilities come from the deciding grants, merged and ordered', () => {
    const a = aggregate(
      R,
      ev([
        g('PUBLIC', {
          capabilities: [
            { capability: 'READ', scope: 'bucket' },
            { capability: 'LIST', scope: 'bucket' },
          ],
        }),
        g('PUBLIC', {
          capabilities: [
            { capability: 'READ', scope: 'bucket' },
            { capability: 'WRITE', scope: 'prefix:u' },
          ],
        }),
        g('SHARED', { capabilities: [{ capability: 'ADMIN', scope: 'bucket' }] }),
      ]),
      C,
    );
    expect(a.capabilities.map((c) => `${c.capability}@${c.scope}`)).toEqual(['WRITE@prefix:u', 'READ@bucket', 'LIST@bucket']);
    expect(a.severity).toBe('critical');
  });
  it('reasons: deciding evidence first, then other active grants, then decisive unknowns', () => {
    const a = aggregate(R, ev([g('SHARED'), g('PUBLIC')], [U, U2]), C);
    expect(a.reasons.map((r) => r.path)).toEqual(['p.PUBLIC', 'p.SHARED', 'policy']);
    expect(a.reasons[2]?.summary).toContain('AccessDenied');
  });
  it('UNKNOWN reasons list the decisive inputs and score INFO', () => {
    const a = aggregate(R, ev([g('PUBLIC', { neutralizedBy: ['x'] })], [U]), C);
    expect(a.reasons).toHaveLength(1);
    expect(a.reasons[0]?.summary).toContain('policy could not be read');
    expect(a.severity).toBe('info');
    expect(a.capabilities).toEqual([]);
  });
  it('LATENT lists its guardrails and capabilities, severity LOW', () => {
    const a = aggregate(
      R,
      ev([g('PUBLIC', { neutralizedBy: ['gcs-pap'] }), g('PUBLIC_AUTHENTICATED', { neutralizedBy: ['gcs-pap', 'y'] })]),
      C,
    );
    expect(a.neutralizedBy).toEqual(['gcs-pap', 'y']);
    expect(a.severity).toBe('low');
    expect(a.capabilities).toEqual([{ capability: 'READ', scope: 'bucket' }]);
  });
  it('trust-zone SHARED: PRIVATE verdict, INFO, grant kept as a reason', () => {
    const a = aggregate(R, ev([g('SHARED', { inTrustZone: true, capabilities: [{ capability: 'ADMIN', scope: 'bucket' }] })]), C);
    expect([a.verdict, a.severity]).toEqual(['PRIVATE', 'info']);
    expect(a.grants).toHaveLength(1);
    expect(a.reasons[0]?.path).toBe('p.SHARED');
  });
  it('PRIVATE without anything says so', () => {
    expect(aggregate(R, ev([]), C).reasons[0]?.summary).toContain('no public or shared grant');
  });
  it('S-5: public without capability => PRIVATE LOW with the evidence', () => {
    const a = aggregate(R, { ...ev([]), publicWithoutCapability: { kind: 'provider-opinion', summary: 'IsPublic=true' } }, C);
    expect([a.verdict, a.severity]).toEqual(['PRIVATE', 'low']);
    expect(a.reasons[0]?.summary).toBe('IsPublic=true');
  });
  it('guardrails get S-9 severities', () => {
    const a = aggregate(R, { ...ev([]), guardrails: [{ name: 'gcs-ubla', status: 'off', detail: 'd' }] }, C);
    expect(a.guardrails[0]?.severity).toBe('medium');
  });
  it('passes provider opinion and disagreement through', () => {
    const a = aggregate(
      R,
      {
        ...ev([]),
        providerOpinion: { source: 'testIamPermissions', isPublic: false },
        disagreement: { with: 'provider', detail: 'd' },
      },
      C,
    );
    expect(a.providerOpinion?.source).toBe('testIamPermissions');
    expect(a.disagreement?.detail).toBe('d');
  });
  it('isActive / isLatent classify grants', () => {
    expect([isActive(g('PUBLIC')), isLatent(g('PUBLIC'))]).toEqual([true, false]);
    expect([isActive(g('PUBLIC', { neutralizedBy: ['x'] })), isLatent(g('PUBLIC', { neutralizedBy: ['x'] }))]).toEqual([
      false,
      true,
    ]);
    expect([isActive(g('SHARED', { inTrustZone: true })), isLatent(g('SHARED', { inTrustZone: true }))]).toEqual([false, false]);
    expect(mergeCapabilities([])).toEqual([]);
  });
});

describe('analyzeResource never throws', () => {
  it('a rule module crash becomes UNKNOWN with the error as reason', () => {
    const bad = gcsBucket({ bindings: known(null as never) });
    const a = analyzeResource(bad, C);
    expect(a.verdict).toBe('UNKNOWN');
    expect(a.unknownInputs[0]).toMatchObject({ input: 'analyzer', reason: 'error', decisive: true });
  });
});
