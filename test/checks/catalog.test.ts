import { describe, expect, it } from 'vitest';
import { CHECKS, createRegistry, REGISTRY, validateCatalog } from '../../src/checks/index.js';
import type { Check } from '../../src/checks/index.js';

// Ids are forever: this list only grows. Removing or renumbering an id must fail this test.
const IDS = [
  'BA-AWS-001',
  'BA-AWS-002',
  'BA-AWS-003',
  'BA-AWS-004',
  'BA-AWS-005',
  'BA-AWS-006',
  'BA-AWS-007',
  'BA-AWS-008',
  'BA-AWS-009',
  'BA-GCP-001',
  'BA-GCP-002',
  'BA-GCP-003',
  'BA-GCP-004',
  'BA-GCP-005',
  'BA-GCP-006',
  'BA-AZ-001',
  'BA-AZ-002',
  'BA-AZ-003',
  'BA-AZ-004',
  'BA-AZ-005',
  'BA-AZ-006',
  'BA-AZ-007',
  'BA-GEN-001',
  'BA-GEN-002',
  'BA-GEN-003',
];

const base = CHECKS[0]!;
const variant = (over: Partial<Check>): Check => ({ ...base, ...over });

describe('checks catalog', () => {
  it('has exactly the pinned ids, in order', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(IDS);
  });

  it('validates cleanly and resolves ids', () => {
    expect(validateCatalog(CHECKS)).toEqual([]);
    expect(REGISTRY.resolve('BA-AWS-007')?.slug).toBe('s3-bucket-bpa-enabled');
    expect(REGISTRY.resolve('BA-XYZ-001')).toBeUndefined();
  });

  it('titles state the desired state and every check has remediation and a rule reference', () => {
    for (const c of CHECKS) {
      expect(c.title, c.id).not.toMatch(/^(no |not |missing|public bucket)/i);
      expect(c.remediation.summary.length, c.id).toBeGreaterThan(10);
      expect(c.rules.length, c.id).toBeGreaterThan(0);
    }
  });

  it('maps compliance keyed by framework+version (section 7)', () => {
    const bpa = REGISTRY.byId('BA-AWS-006')!;
    expect(bpa.compliance['cis-aws-5.0']).toEqual(['2.1.4']);
    expect(bpa.compliance['cis-aws-6.0']).toEqual(['3.1.4']);
    expect(bpa.compliance['cis-aws-1.4']).toEqual(['2.1.5']);
    expect(bpa.compliance['aws-securityhub']).toEqual(['S3.1']);
    expect(REGISTRY.byId('BA-AWS-007')!.compliance['aws-securityhub']).toEqual(['S3.8']);
    expect(REGISTRY.byId('BA-GCP-005')!.compliance['cis-gcp-3.0']).toEqual(['5.2']);
    expect(REGISTRY.byId('BA-AZ-004')!.compliance['cis-azure-4.0']).toEqual(['10.3.9']);
    expect(REGISTRY.byId('BA-AZ-006')!.compliance['cis-azure-5.0']).toEqual(['9.3.1.3']);
  });

  it.each([
    ['duplicate id', [base, variant({ slug: 'other' })], /is used by/],
    ['bad id format', [variant({ id: 'BA-AWS-1' })], /must match/],
    ['prefix/provider mismatch', [variant({ id: 'BA-GCP-099' })], /prefix does not match/],
    ['alias reuses an id', [base, variant({ id: 'BA-AWS-098', slug: 'x', aliases: ['BA-AWS-001'] })], /is used by/],
    [
      'alias reused twice',
      [variant({ aliases: ['BA-AWS-090'] }), variant({ id: 'BA-AWS-098', slug: 'y', aliases: ['BA-AWS-090'] })],
      /BA-AWS-090 is used by/,
    ],
    ['duplicate slug', [base, variant({ id: 'BA-AWS-098' })], /slug .* is not unique/],
    ['unknown framework', [variant({ compliance: { 'cis-foo-1.0': ['1'] } })], /unknown compliance framework/],
    ['dangling replacedBy', [variant({ deprecated: { since: '0.2.0', replacedBy: 'BA-AWS-097' } })], /does not exist/],
  ])('rejects a catalog with a %s', (_name, checks, re) => {
    const problems = validateCatalog(checks);
    expect(problems.join('\n')).toMatch(re);
    expect(() => createRegistry(checks)).toThrow(/invalid checks catalog/);
  });

  it('resolves aliases to the current check', () => {
    const reg = createRegistry([variant({ aliases: ['BA-AWS-090'] })]);
    expect(reg.resolve('BA-AWS-090')?.id).toBe('BA-AWS-001');
  });
});
