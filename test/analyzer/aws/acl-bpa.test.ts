import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../../src/analyzer/index.js';
import {
  ALL_USERS,
  AUTH_USERS,
  acl,
  awsBucket,
  B_ARN,
  bpa,
  canonical,
  ctx,
  DENY_ALL,
  group,
  LOG_DELIVERY,
  OTHER,
  OTHER_CANON,
  policy,
  stmt,
  unknown,
} from './builders.js';
import { checkRow, type Row } from './rows.js';

const pub = policy(stmt());
const crossAccount = stmt({ Sid: 'Partner', Principal: { AWS: OTHER } });

const ROWS: Row[] = [
  // A-11 ACL publicness + permission mapping
  {
    name: 'AllUsers READ => PUBLIC LIST',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')) }),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket'],
    severity: 'high',
  },
  {
    name: 'AllUsers WRITE => WRITE',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'WRITE')) }),
    verdict: 'PUBLIC',
    caps: ['WRITE:bucket'],
    severity: 'critical',
  },
  {
    name: 'AllUsers READ_ACP => READ_ACP',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ_ACP')) }),
    verdict: 'PUBLIC',
    caps: ['READ_ACP:bucket'],
    severity: 'medium',
  },
  {
    name: 'AllUsers WRITE_ACP => ADMIN',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'WRITE_ACP')) }),
    verdict: 'PUBLIC',
    caps: ['ADMIN:bucket'],
  },
  {
    name: 'AllUsers FULL_CONTROL => LIST+WRITE+READ_ACP+ADMIN',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'FULL_CONTROL')) }),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'WRITE:bucket', 'READ_ACP:bucket', 'ADMIN:bucket'],
  },
  {
    name: 'AuthenticatedUsers => PUBLIC_AUTHENTICATED',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(AUTH_USERS, 'READ')) }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['LIST:bucket'],
    severity: 'high',
  },
  {
    name: 'LogDelivery is not public',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group(LOG_DELIVERY, 'WRITE')) }),
    verdict: 'PRIVATE',
    exposures: ['PRIVATE'],
  },
  { name: 'owner-only ACL => PRIVATE', rules: ['A-11'], r: awsBucket({ acl: acl() }), verdict: 'PRIVATE', exposures: [] },
  {
    name: 'other canonical user => SHARED',
    rules: ['A-11', 'A-19'],
    r: awsBucket({ acl: acl(canonical(OTHER_CANON, 'READ')) }),
    verdict: 'SHARED',
  },
  {
    name: 'https group URI spelling still public',
    rules: ['A-11'],
    r: awsBucket({ acl: acl(group('https://acs.amazonaws.com/groups/global/AllUsers', 'READ')) }),
    verdict: 'PUBLIC',
  },
  {
    name: 'ACL AccessDenied => UNKNOWN',
    rules: ['A-11'],
    r: awsBucket({ acl: unknown('access-denied', 'AccessDenied', 'GetBucketAcl') }),
    verdict: 'UNKNOWN',
    unknown: ['bucketAcl!'],
  },
  {
    name: 'bucket policy Deny overrides an ACL grant',
    rules: ['A-11', 'A-10'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), policy: policy(DENY_ALL) }),
    verdict: 'PRIVATE',
    text: /fully denied/,
  },
  // A-12 ownership
  {
    name: 'BucketOwnerEnforced skips the ACL path',
    rules: ['A-12'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'FULL_CONTROL')), ownership: 'BucketOwnerEnforced' }),
    verdict: 'PRIVATE',
    text: /BucketOwnerEnforced/,
  },
  {
    name: 'BucketOwnerEnforced makes an unreadable ACL irrelevant',
    rules: ['A-12'],
    r: awsBucket({ acl: unknown(), ownership: 'BucketOwnerEnforced' }),
    verdict: 'PRIVATE',
  },
  {
    name: 'null ownership (ObjectWriter legacy) keeps ACLs',
    rules: ['A-12'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), ownership: null }),
    verdict: 'PUBLIC',
    text: /legacy ObjectWriter/,
  },
  {
    name: 'ownership unknown: ACL evaluated as enabled (worst case)',
    rules: ['A-12'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), ownership: unknown() }),
    verdict: 'PUBLIC',
    unknown: ['ownership'],
  },
  {
    name: 'ownership unknown + ACL unknown => UNKNOWN',
    rules: ['A-12'],
    r: awsBucket({ acl: unknown(), ownership: unknown() }),
    verdict: 'UNKNOWN',
    unknown: ['bucketAcl!', 'ownership'],
  },
  // A-13 combination + A-14 RPB
  {
    name: 'account RPB neutralises a public policy',
    rules: ['A-13', 'A-14'],
    r: awsBucket({ policy: pub, accountBpa: bpa(true) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(account)'],
    severity: 'low',
  },
  {
    name: 'bucket RPB neutralises',
    rules: ['A-13', 'A-14'],
    r: awsBucket({ policy: pub, bucketBpa: bpa({ restrictPublicBuckets: true }) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(bucket)'],
  },
  {
    name: 'org BPA enforced neutralises',
    rules: ['A-13', 'A-14'],
    r: awsBucket({ policy: pub, orgBpaEnforced: true }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(org)'],
  },
  {
    name: 'both levels named',
    rules: ['A-13'],
    r: awsBucket({ policy: pub, accountBpa: bpa(true), bucketBpa: bpa(true) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(account)', 's3-bpa:RestrictPublicBuckets(bucket)'],
  },
  {
    name: 'NoSuchPublicAccessBlockConfiguration = all false',
    rules: ['A-13'],
    r: awsBucket({ policy: pub, accountBpa: null, bucketBpa: null }),
    verdict: 'PUBLIC',
  },
  {
    name: 'RPB also neutralises cross-account statements of a public policy',
    rules: ['A-14'],
    r: awsBucket({ policy: policy(stmt(), crossAccount), bucketBpa: bpa(true) }),
    verdict: 'LATENT',
    exposures: ['PUBLIC', 'SHARED'],
  },
  {
    name: 'RPB leaves a non-public policy alone',
    rules: ['A-14'],
    r: awsBucket({ policy: policy(crossAccount), bucketBpa: bpa(true) }),
    verdict: 'SHARED',
  },
  {
    name: 'RPB: IsPublic=false on AWS wins the RPB decision (disagreement reported)',
    rules: ['A-14', 'A-20'],
    r: awsBucket({ policy: pub, policyStatus: false, bucketBpa: bpa(true) }),
    verdict: 'PUBLIC',
    disagreement: true,
  },
  {
    name: 'RPB: custom endpoint IsPublic is informational only',
    rules: ['A-14', 'A-20'],
    r: awsBucket({ policy: pub, policyStatus: false, bucketBpa: bpa(true), customEndpoint: true }),
    verdict: 'LATENT',
    disagreement: false,
    text: /informational only/,
  },
  {
    name: 'RPB unknown (account unreadable): worst case active, non-decisive unknown',
    rules: ['A-13', 'A-14'],
    r: awsBucket({ policy: pub, accountBpa: unknown('access-denied', 'AccessDenied', 'GetPublicAccessBlock') }),
    verdict: 'PUBLIC',
    unknown: ['accountBpa', 'restrictPublicBuckets'],
  },
  {
    name: 'RPB unknown at account but bucket RPB known true => LATENT',
    rules: ['A-13'],
    r: awsBucket({ policy: pub, accountBpa: unknown(), bucketBpa: bpa(true) }),
    verdict: 'LATENT',
  },
  {
    name: 'RPB unknown with a shared grant: SHARED, not UNKNOWN or PRIVATE',
    rules: ['A-13', 'A-14'],
    r: awsBucket({ policy: policy(stmt({ Action: 's3:NotASupportedAction' }), crossAccount), bucketBpa: unknown() }),
    verdict: 'SHARED',
  },
  // A-15 IgnorePublicAcls
  {
    name: 'IPA neutralises a public ACL',
    rules: ['A-15'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), accountBpa: bpa({ ignorePublicAcls: true }) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:IgnorePublicAcls(account)'],
  },
  {
    name: 'IPA does not touch a cross-account ACL grant',
    rules: ['A-15'],
    r: awsBucket({ acl: acl(canonical(OTHER_CANON, 'READ')), accountBpa: bpa(true) }),
    verdict: 'SHARED',
  },
  {
    name: 'IPA unknown: public ACL stays active',
    rules: ['A-15'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), bucketBpa: unknown() }),
    verdict: 'PUBLIC',
    unknown: ['bucketBpa'],
  },
  // A-16 preventive only
  {
    name: 'BlockPublicPolicy does not neutralise an existing public policy',
    rules: ['A-16'],
    r: awsBucket({ policy: pub, accountBpa: bpa({ blockPublicPolicy: true, blockPublicAcls: true }) }),
    verdict: 'PUBLIC',
  },
  {
    name: 'BlockPublicAcls does not neutralise an existing public ACL',
    rules: ['A-16'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), bucketBpa: bpa({ blockPublicAcls: true, blockPublicPolicy: true }) }),
    verdict: 'PUBLIC',
  },
  {
    name: 'only RestrictPublicBuckets (not BlockPublicPolicy) is named as neutraliser',
    rules: ['A-16', 'A-14'],
    r: awsBucket({ policy: pub, bucketBpa: bpa({ blockPublicPolicy: true, restrictPublicBuckets: true }) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(bucket)'],
  },
  // A-22 object ACL sample
  {
    name: 'public object ACL => PUBLIC READ object:key',
    rules: ['A-22'],
    r: awsBucket({ objectAcls: [{ key: 'reports/q1.pdf', acl: acl(group(ALL_USERS, 'READ')) }] }),
    verdict: 'PUBLIC',
    caps: ['READ:object:reports/q1.pdf'],
  },
  {
    name: 'object FULL_CONTROL => READ+READ_ACP+ADMIN',
    rules: ['A-22'],
    r: awsBucket({ objectAcls: [{ key: 'a.txt', acl: acl(group(AUTH_USERS, 'FULL_CONTROL')) }] }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['ADMIN:object:a.txt', 'READ:object:a.txt', 'READ_ACP:object:a.txt'],
  },
  {
    name: 'object ACL neutralised by IPA',
    rules: ['A-22', 'A-15'],
    r: awsBucket({
      objectAcls: [{ key: 'a.txt', acl: acl(group(ALL_USERS, 'READ')) }],
      bucketBpa: bpa({ ignorePublicAcls: true }),
    }),
    verdict: 'LATENT',
  },
  {
    name: 'object ACL ignored under BucketOwnerEnforced',
    rules: ['A-22', 'A-12'],
    r: awsBucket({ objectAcls: [{ key: 'a.txt', acl: acl(group(ALL_USERS, 'READ')) }], ownership: 'BucketOwnerEnforced' }),
    verdict: 'PRIVATE',
  },
  {
    name: 'object ACL sample failed: non-decisive',
    rules: ['A-22'],
    r: awsBucket({ objectAcls: unknown() }),
    verdict: 'PRIVATE',
    unknown: ['objectAcls'],
  },
  {
    name: 'bucket-wide Deny also removes object ACL grants',
    rules: ['A-22', 'A-10'],
    r: awsBucket({ objectAcls: [{ key: 'a.txt', acl: acl(group(ALL_USERS, 'READ')) }], policy: policy(DENY_ALL) }),
    verdict: 'PRIVATE',
  },
];

describe('AWS ACL / ownership / BPA rules (A-11..A-16, A-22)', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });

  it('covers every rule it owns with a failing and a passing row', () => {
    for (const rule of ['A-11', 'A-12', 'A-13', 'A-14', 'A-15', 'A-16', 'A-22']) {
      const rows = ROWS.filter((r) => r.rules.includes(rule));
      expect(rows.length, rule).toBeGreaterThanOrEqual(2);
      expect(new Set(rows.map((r) => r.verdict)).size, `${rule} needs rows with different verdicts`).toBeGreaterThanOrEqual(2);
    }
  });
});

function guard(r: ReturnType<typeof awsBucket>, name: string) {
  return analyzeResource(r, ctx).guardrails.find((g) => g.name === name);
}

describe('S3 guardrails', () => {
  const cases: { name: string; r: ReturnType<typeof awsBucket>; guardrail: string; status: string; detail?: RegExp }[] = [
    { name: 'account all four', r: awsBucket({ accountBpa: bpa(true) }), guardrail: 's3-account-bpa', status: 'on' },
    {
      name: 'account not configured',
      r: awsBucket({ accountBpa: null }),
      guardrail: 's3-account-bpa',
      status: 'off',
      detail: /not configured/,
    },
    {
      name: 'account partial',
      r: awsBucket({ accountBpa: bpa({ blockPublicAcls: true }) }),
      guardrail: 's3-account-bpa',
      status: 'off',
      detail: /IgnorePublicAcls/,
    },
    {
      name: 'account unknown',
      r: awsBucket({ accountBpa: unknown() }),
      guardrail: 's3-account-bpa',
      status: 'unknown',
      detail: /AccessDenied/,
    },
    {
      name: 'org enforced',
      r: awsBucket({ accountBpa: unknown(), orgBpaEnforced: true }),
      guardrail: 's3-account-bpa',
      status: 'on',
      detail: /Organizations/,
    },
    { name: 'bucket effective via account', r: awsBucket({ accountBpa: bpa(true) }), guardrail: 's3-bucket-bpa', status: 'on' },
    { name: 'bucket effective via bucket', r: awsBucket({ bucketBpa: bpa(true) }), guardrail: 's3-bucket-bpa', status: 'on' },
    {
      name: 'bucket mixed levels',
      r: awsBucket({
        accountBpa: bpa({ blockPublicAcls: true, ignorePublicAcls: true }),
        bucketBpa: bpa({ blockPublicPolicy: true, restrictPublicBuckets: true }),
      }),
      guardrail: 's3-bucket-bpa',
      status: 'on',
    },
    {
      name: 'bucket missing flag',
      r: awsBucket({ bucketBpa: bpa({ blockPublicAcls: true }) }),
      guardrail: 's3-bucket-bpa',
      status: 'off',
      detail: /RestrictPublicBuckets/,
    },
    { name: 'bucket unknown level', r: awsBucket({ bucketBpa: unknown() }), guardrail: 's3-bucket-bpa', status: 'unknown' },
    {
      name: 'bucket unknown, account partial true',
      r: awsBucket({
        bucketBpa: unknown(),
        accountBpa: bpa({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true }),
      }),
      guardrail: 's3-bucket-bpa',
      status: 'unknown',
    },
    { name: 'ACLs disabled', r: awsBucket({ ownership: 'BucketOwnerEnforced' }), guardrail: 's3-acls-disabled', status: 'on' },
    {
      name: 'ACLs legacy',
      r: awsBucket({ ownership: null }),
      guardrail: 's3-acls-disabled',
      status: 'off',
      detail: /ObjectWriter/,
    },
    { name: 'ACLs preferred', r: awsBucket({ ownership: 'BucketOwnerPreferred' }), guardrail: 's3-acls-disabled', status: 'off' },
    { name: 'ACLs unknown', r: awsBucket({ ownership: unknown() }), guardrail: 's3-acls-disabled', status: 'unknown' },
    { name: 'object ACLs unsampled => off (LOW finding)', r: awsBucket({}), guardrail: 's3-object-acls-sampled', status: 'off' },
    { name: 'object ACLs sampled', r: awsBucket({ objectAcls: [] }), guardrail: 's3-object-acls-sampled', status: 'on' },
    {
      name: 'object ACLs n/a when ACLs disabled',
      r: awsBucket({ ownership: 'BucketOwnerEnforced' }),
      guardrail: 's3-object-acls-sampled',
      status: 'not-applicable',
    },
    {
      name: 'object ACLs n/a under IPA',
      r: awsBucket({ accountBpa: bpa({ ignorePublicAcls: true }) }),
      guardrail: 's3-object-acls-sampled',
      status: 'not-applicable',
    },
    {
      name: 'object ACLs unknown when ownership unknown',
      r: awsBucket({ ownership: unknown() }),
      guardrail: 's3-object-acls-sampled',
      status: 'unknown',
    },
  ];
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const g = guard(c.r, c.guardrail);
    expect(g?.status).toBe(c.status);
    expect(g?.detail.length).toBeGreaterThan(10);
    if (c.detail) expect(g?.detail).toMatch(c.detail);
  });

  it('BPA unknown is never decisive and never yields PRIVATE for a public grant', () => {
    const a = analyzeResource(awsBucket({ policy: pub, accountBpa: unknown(), bucketBpa: unknown() }), ctx);
    expect(a.verdict).toBe('PUBLIC');
    expect(a.unknownInputs.filter((u) => u.input.endsWith('Bpa')).every((u) => !u.decisive)).toBe(true);
  });

  it('policy in a bucket with B_ARN-only list grant keeps LIST under IPA (policy is not an ACL)', () => {
    const a = analyzeResource(
      awsBucket({
        policy: policy(stmt({ Action: 's3:ListBucket', Resource: B_ARN })),
        accountBpa: bpa({ ignorePublicAcls: true }),
      }),
      ctx,
    );
    expect(a.verdict).toBe('PUBLIC');
  });

  it('known value with explicit default origin is honoured', () => {
    const a = analyzeResource(
      awsBucket({ bucketBpa: { known: true, value: bpa(true), origin: 'default', note: 'new buckets since April 2023' } }),
      ctx,
    );
    expect(a.guardrails.find((g) => g.name === 's3-bucket-bpa')?.status).toBe('on');
  });
});
