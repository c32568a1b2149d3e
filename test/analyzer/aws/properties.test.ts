import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAws } from '../../../src/analyzer/aws/index.js';
import { analyzeResource } from '../../../src/analyzer/index.js';
import type { AwsS3Facts, S3AclGrant, Verdict } from '../../../src/model/index.js';
import {
  ALL_USERS,
  AUTH_USERS,
  acl,
  awsBucket,
  B_ARN,
  bpa,
  ctx,
  group,
  O_ARN,
  OTHER,
  OWNER,
  policy,
  type Stmt,
  unknown,
} from './builders.js';

const RANK: Record<Verdict, number> = {
  PUBLIC: 6,
  PUBLIC_AUTHENTICATED: 5,
  UNKNOWN: 4,
  RESTRICTED: 3,
  SHARED: 2,
  LATENT: 1,
  PRIVATE: 0,
};

const principal = fc.oneof(
  fc.constant<unknown>('*'),
  fc.constant({ AWS: '*' }),
  fc.constant({ AWS: OTHER }),
  fc.constant({ AWS: `arn:aws:iam::${OWNER}:root` }),
  fc.constant({ AWS: 'arn:aws:iam::*:root' }),
  fc.constant({ Service: 'cloudtrail.amazonaws.com' }),
  fc.constant({ Federated: 'cognito-identity.amazonaws.com' }),
  fc.constant({ CanonicalUser: 'abc' }),
);
const action = fc.constantFrom(
  '*',
  's3:*',
  's3:GetObject',
  's3:Get*',
  's3:ListBucket',
  's3:PutObject',
  's3:Delete*',
  'S3:putbucketpolicy',
  'iam:*',
  's3:NotASupportedAction',
  's3:?etObject',
);
const resource = fc.constantFrom(
  '*',
  B_ARN,
  O_ARN,
  `${B_ARN}/pub/*`,
  `${B_ARN}/a.txt`,
  'arn:aws:s3:::demo-*',
  'arn:aws:s3:::other/*',
  `${B_ARN}/*.pdf`,
);
const condKey = fc.constantFrom(
  'aws:SourceIp',
  'aws:SourceVpce',
  'aws:SourceVpc',
  'aws:PrincipalOrgID',
  'aws:PrincipalAccount',
  'aws:SecureTransport',
  'aws:Referer',
  'aws:CurrentTime',
  'aws:EpochTime',
  's3:DataAccessPointAccount',
  'aws:userid',
);
const condOp = fc.constantFrom(
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'StringEqualsIfExists',
  'ForAnyValue:StringEquals',
  'ForAllValues:StringLike',
  'IpAddress',
  'NotIpAddress',
  'IpAddressIfExists',
  'Null',
  'Bool',
  'DateLessThan',
  'DateGreaterThan',
  'NumericLessThan',
  'ArnLike',
  'Weird',
);
const condValue = fc.constantFrom(
  '203.0.113.0/24',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  'vpce-1',
  'o-*',
  'o-abc',
  OWNER,
  'true',
  'false',
  '2020-01-01',
  '2030-01-01',
  '1577836800',
  '*',
  'x',
);
const condition = fc.dictionary(
  condOp,
  fc.dictionary(condKey, fc.oneof(condValue, fc.array(condValue, { minLength: 1, maxLength: 3 })), { maxKeys: 2 }),
  { maxKeys: 2 },
);
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));

/** Well-formed Allow statements over realistic values. */
const allowStmt: fc.Arbitrary<Stmt> = fc.record(
  {
    Effect: fc.constant('Allow'),
    Principal: principal,
    Action: oneOrMany(action),
    Resource: oneOrMany(resource),
    Condition: condition,
  },
  { requiredKeys: ['Effect', 'Principal', 'Action', 'Resource'] },
);
const denyStmt: fc.Arbitrary<Stmt> = allowStmt.map((s) => ({ ...s, Effect: 'Deny' }));
const aclGrant: fc.Arbitrary<S3AclGrant> = fc
  .tuple(
    fc.constantFrom(ALL_USERS, AUTH_USERS),
    fc.constantFrom('READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL') as fc.Arbitrary<S3AclGrant['permission']>,
  )
  .map(([u, p]) => group(u, p));
const bpaArb = fc.oneof(
  fc.constant(null),
  fc.constant(unknown()),
  fc.record({
    blockPublicAcls: fc.boolean(),
    ignorePublicAcls: fc.boolean(),
    blockPublicPolicy: fc.boolean(),
    restrictPublicBuckets: fc.boolean(),
  }),
);

const bucketArb = fc.record({
  statements: fc.array(fc.oneof({ weight: 3, arbitrary: allowStmt }, { weight: 1, arbitrary: denyStmt }), {
    minLength: 1,
    maxLength: 5,
  }),
  grants: fc.array(aclGrant, { maxLength: 2 }),
  accountBpa: bpaArb,
  bucketBpa: bpaArb,
  policyStatus: fc.constantFrom<boolean | null | undefined>(true, false, null, undefined),
  ownership: fc.constantFrom<'BucketOwnerEnforced' | 'ObjectWriter' | null>('BucketOwnerEnforced', 'ObjectWriter', null),
});

const UNCONDITIONAL_DENIES: Stmt[] = [
  { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' },
  { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [B_ARN, O_ARN] },
];

describe('AWS rule engine properties', () => {
  it('never throws on arbitrary text as policy', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const r = awsBucket({ policy: text });
        const ev = evaluateAws(r, r.facts as AwsS3Facts, ctx);
        const a = analyzeResource(r, ctx);
        if (ev.unknownInputs.some((u) => u.reason === 'malformed')) {
          expect(a.verdict).toBe('UNKNOWN');
          expect(a.reasons[0]?.summary).toMatch(/malformed/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary statement shapes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.anything(),
            allowStmt,
            fc.dictionary(
              fc.constantFrom(
                'Effect',
                'Principal',
                'NotPrincipal',
                'Action',
                'NotAction',
                'Resource',
                'NotResource',
                'Condition',
                'Sid',
              ),
              fc.jsonValue(),
            ),
          ),
        ),
        (stmts) => {
          const r = awsBucket({ policy: JSON.stringify({ Statement: stmts }) });
          expect(() => evaluateAws(r, r.facts as AwsS3Facts, ctx)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('appending an unconditional Deny-all never makes the verdict more exposed nor adds capabilities', () => {
    fc.assert(
      fc.property(bucketArb, fc.constantFrom(...UNCONDITIONAL_DENIES), (b, deny) => {
        const make = (extra: Stmt[]) =>
          awsBucket({
            policy: policy(...b.statements, ...extra),
            acl: acl(...b.grants),
            accountBpa: b.accountBpa,
            bucketBpa: b.bucketBpa,
            ownership: b.ownership,
            ...(b.policyStatus !== undefined ? { policyStatus: b.policyStatus } : {}),
          });
        const before = analyzeResource(make([]), ctx);
        const after = analyzeResource(make([deny]), ctx);
        expect(RANK[after.verdict]).toBeLessThanOrEqual(RANK[before.verdict]);
        const caps = new Set(before.grants.flatMap((g) => g.capabilities.map((c) => `${c.capability}|${c.scope}`)));
        for (const g of after.grants) for (const c of g.capabilities) expect(caps.has(`${c.capability}|${c.scope}`)).toBe(true);
        // A Deny on everything leaves no anonymous capability from policy or ACL.
        expect(after.grants.filter((g) => g.principal.type === 'anonymous')).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });

  it('an unreadable policy never yields PRIVATE or LATENT', () => {
    fc.assert(
      fc.property(bucketArb, (b) => {
        const r = awsBucket({
          policy: unknown(),
          acl: acl(...b.grants),
          accountBpa: b.accountBpa,
          bucketBpa: b.bucketBpa,
          ownership: b.ownership,
        });
        expect(['UNKNOWN', 'PUBLIC', 'PUBLIC_AUTHENTICATED']).toContain(analyzeResource(r, ctx).verdict);
      }),
      { numRuns: 150 },
    );
  });

  it('turning all four BPA flags on at account level leaves no active public grant', () => {
    fc.assert(
      fc.property(bucketArb, (b) => {
        const r = awsBucket({
          policy: policy(...b.statements),
          acl: acl(...b.grants),
          accountBpa: bpa(true),
          ownership: b.ownership,
        });
        const a = analyzeResource(r, ctx);
        expect(a.verdict).not.toBe('PUBLIC');
        expect(a.verdict).not.toBe('PUBLIC_AUTHENTICATED');
      }),
      { numRuns: 150 },
    );
  });
});
