import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../../src/analyzer/index.js';
import {
  accessPoint,
  awsBucket,
  B_ARN,
  bpa,
  ctx,
  DENY_ALL,
  known,
  O_ARN,
  OTHER,
  OWNER,
  policy,
  stmt,
  unknown,
} from './builders.js';
import { allText, checkRow, type Row } from './rows.js';

const AP_ARN = `arn:aws:s3:eu-central-1:${OWNER}:accesspoint/web`;
const AP_OBJ = `${AP_ARN}/object/*`;
const delegate = stmt({
  Sid: 'DelegateToAPs',
  Action: '*',
  Resource: [B_ARN, O_ARN],
  Condition: { StringEquals: { 's3:DataAccessPointAccount': OWNER } },
});
const apPublicRead = policy(stmt({ Resource: AP_OBJ }));
const withAp = (over: Parameters<typeof accessPoint>[0], bucketPolicy: string | null = policy(delegate), extra = {}) =>
  awsBucket({ policy: bucketPolicy, accessPoints: [accessPoint(over)], ...extra });

const role = (permissionPolicy: string) => ({
  roleArn: `arn:aws:iam::${OWNER}:role/open`,
  permissionPolicy,
  trustEvidence: 'trustPolicy.Statement[0] Principal "*"',
});
const idPolicy = (...s: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });

const ROWS: Row[] = [
  // A-17 access points
  {
    name: 'AP public policy + bucket delegation => PUBLIC via access point',
    rules: ['A-17'],
    r: withAp({ name: 'web', policy: known(apPublicRead) }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'AP public policy without bucket delegation => no effective access',
    rules: ['A-17'],
    r: withAp({ name: 'web', policy: known(apPublicRead) }, null),
    verdict: 'PRIVATE',
    text: /does not delegate/,
  },
  {
    name: 'AP NetworkOrigin=VPC is never public',
    rules: ['A-17'],
    r: withAp({ name: 'web', networkOrigin: 'VPC', vpcId: 'vpc-9', policy: known(apPublicRead) }),
    verdict: 'RESTRICTED',
    pin: 'vpc',
  },
  {
    // The bucket policy's "deny unauthenticated" stops anonymous callers of the AP route only: every AWS principal
    // still reads through the access point (was PRIVATE: the remainder was computed for the AP policy's Denies only).
    name: 'AP public policy + bucket policy Deny Null aws:PrincipalArn => PUBLIC_AUTHENTICATED via access point',
    rules: ['A-17', 'A-10'],
    r: withAp(
      { name: 'web', policy: known(apPublicRead) },
      policy(delegate, { ...DENY_ALL, Condition: { Null: { 'aws:PrincipalArn': 'true' } } }),
    ),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
    text: /Deny bucket policy Statement\[1\] stops anonymous callers only/,
  },
  {
    name: 'AP public policy + bucket policy Deny StringNotEquals aws:PrincipalOrgID <org> => SHARED with that organisation',
    rules: ['A-17', 'A-10', 'A-19'],
    r: withAp(
      { name: 'web', policy: known(apPublicRead) },
      policy(delegate, { ...DENY_ALL, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-x1' } } }),
    ),
    verdict: 'SHARED',
  },
  {
    name: 'AP BPA RPB neutralises the AP route',
    rules: ['A-17', 'A-14'],
    r: withAp({ name: 'web', bpa: known(bpa(true)), policy: known(apPublicRead) }),
    verdict: 'LATENT',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(access-point)'],
  },
  {
    name: 'account RPB neutralises the AP route too',
    rules: ['A-17', 'A-13'],
    r: withAp({ name: 'web', policy: known(apPublicRead) }, policy(delegate), { accountBpa: bpa(true) }),
    verdict: 'LATENT',
  },
  {
    name: 'AP policy unknown with delegation => UNKNOWN',
    rules: ['A-17'],
    r: withAp({ name: 'web', policy: unknown('access-denied', 'AccessDenied', 'GetAccessPointPolicy') }),
    verdict: 'UNKNOWN',
    unknown: ['accessPoints[web].policy!'],
  },
  {
    name: 'AP policy unknown without delegation => not decisive',
    rules: ['A-17'],
    r: withAp({ name: 'web', policy: unknown() }, null),
    verdict: 'PRIVATE',
    unknown: ['accessPoints[web].policy'],
  },
  {
    name: 'AP list unknown without delegation => not decisive',
    rules: ['A-17'],
    r: awsBucket({ accessPoints: unknown() }),
    verdict: 'PRIVATE',
    unknown: ['accessPoints'],
  },
  {
    name: 'AP list unknown with delegation => UNKNOWN',
    rules: ['A-17'],
    r: awsBucket({ policy: policy(delegate), accessPoints: unknown() }),
    verdict: 'UNKNOWN',
    unknown: ['accessPoints!'],
  },
  {
    name: 'AP policy with wildcard DataAccessPointArn is public',
    rules: ['A-17', 'A-3'],
    r: withAp({
      name: 'web',
      policy: known(
        policy(
          stmt({
            Resource: AP_OBJ,
            Condition: { StringLike: { 's3:DataAccessPointArn': `arn:aws:s3:eu-central-1:${OWNER}:accesspoint/*` } },
          }),
        ),
      ),
    }),
    verdict: 'PUBLIC',
    text: /not fixed/,
  },
  {
    name: 'bucket Deny applies to AP requests',
    rules: ['A-17', 'A-10'],
    r: withAp({ name: 'web', policy: known(apPublicRead) }, policy(delegate, DENY_ALL)),
    verdict: 'PRIVATE',
  },
  {
    name: 'malformed AP policy with delegation => UNKNOWN malformed',
    rules: ['A-17'],
    r: withAp({ name: 'web', policy: known('{nope') }),
    verdict: 'UNKNOWN',
    text: /invalid JSON/,
  },
  {
    name: 'delegation limited to reads: AP write grant not effective',
    rules: ['A-17'],
    r: withAp(
      { name: 'web', policy: known(policy(stmt({ Action: ['s3:GetObject', 's3:PutObject'], Resource: AP_OBJ }))) },
      policy({ ...delegate, Action: 's3:GetObject' }),
    ),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  // A-18 website
  {
    name: 'website + public read: reachable URL in context',
    rules: ['A-18'],
    r: awsBucket({ policy: policy(stmt()), website: { indexDocument: 'index.html' }, region: 'eu-central-1' }),
    verdict: 'PUBLIC',
    text: /http:\/\/demo-bucket\.s3-website\.eu-central-1\.amazonaws\.com.*serves/,
  },
  {
    name: 'dash-style website endpoint for us-east-1',
    rules: ['A-18'],
    r: awsBucket({ policy: policy(stmt()), website: { indexDocument: 'index.html' }, region: 'us-east-1' }),
    verdict: 'PUBLIC',
    text: /s3-website-us-east-1\.amazonaws\.com/,
  },
  {
    name: 'website alone exposes nothing',
    rules: ['A-18'],
    r: awsBucket({ website: { indexDocument: 'index.html' } }),
    verdict: 'PRIVATE',
    text: /without public read/,
  },
  {
    name: 'website unknown => non-decisive',
    rules: ['A-18'],
    r: awsBucket({ website: unknown() }),
    verdict: 'PRIVATE',
    unknown: ['website'],
  },
  {
    name: 'website redirect-all',
    rules: ['A-18'],
    r: awsBucket({ website: { redirectAllRequestsTo: 'example.com' } }),
    verdict: 'PRIVATE',
    text: /redirects every request/,
  },
  {
    name: 'website + requester pays answers 403',
    rules: ['A-18'],
    r: awsBucket({ policy: policy(stmt()), website: { indexDocument: 'index.html' }, requesterPays: true }),
    verdict: 'PUBLIC',
    text: /Requester Pays/,
  },
  {
    name: 'website + latent read: nothing served',
    rules: ['A-18', 'A-14'],
    r: awsBucket({ policy: policy(stmt()), website: { indexDocument: 'index.html' }, bucketBpa: bpa(true) }),
    verdict: 'LATENT',
    text: /without public read/,
  },
  // assumable roles
  {
    name: 'role assumable by anyone granting GetObject => PUBLIC_AUTHENTICATED',
    rules: ['A-19'],
    r: awsBucket({ assumableRoles: [role(idPolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: O_ARN }))] }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
  },
  {
    name: 'role grant on another bucket => nothing',
    rules: ['A-19'],
    r: awsBucket({ assumableRoles: [role(idPolicy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::elsewhere/*' }))] }),
    verdict: 'PRIVATE',
  },
  {
    name: 'role with unreadable permission policy => capabilities unknown, scored high',
    rules: ['A-19'],
    r: awsBucket({ assumableRoles: [role('not json')] }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'high',
  },
  {
    name: 'roles unknown => non-decisive',
    rules: ['A-19'],
    r: awsBucket({ assumableRoles: unknown() }),
    verdict: 'PRIVATE',
    unknown: ['assumableRoles'],
  },
  {
    name: 'role grant denied by bucket policy Deny "*"',
    rules: ['A-19', 'A-10'],
    r: awsBucket({
      policy: policy(DENY_ALL),
      assumableRoles: [role(idPolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: O_ARN }))],
    }),
    verdict: 'PRIVATE',
  },
  // A-19 trust zone
  {
    name: 'external account outside trust => SHARED medium',
    rules: ['A-19'],
    r: awsBucket({ policy: policy(stmt({ Principal: { AWS: OTHER } })) }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    name: 'external account with admin => SHARED high',
    rules: ['A-19'],
    r: awsBucket({ policy: policy(stmt({ Principal: { AWS: OTHER }, Action: 's3:PutBucketPolicy', Resource: B_ARN })) }),
    verdict: 'SHARED',
    severity: 'high',
  },
  {
    name: 'public beats shared',
    rules: ['A-19'],
    r: awsBucket({ policy: policy(stmt({ Principal: { AWS: OTHER } }), stmt({ Action: 's3:ListBucket', Resource: B_ARN })) }),
    verdict: 'PUBLIC',
  },
  // A-20 provider opinion
  {
    name: 'agreement: no disagreement',
    rules: ['A-20'],
    r: awsBucket({ policy: policy(stmt()), policyStatus: true }),
    verdict: 'PUBLIC',
    disagreement: false,
  },
  {
    name: 'IsPublic=true but local SHARED: reported, not turned PUBLIC',
    rules: ['A-20'],
    r: awsBucket({ policy: policy(stmt({ Principal: { AWS: OTHER } })), policyStatus: true }),
    verdict: 'SHARED',
    disagreement: true,
    publicWithoutCapability: true,
  },
  {
    name: 'no policy and IsPublic null agree',
    rules: ['A-20'],
    r: awsBucket({ policy: null, policyStatus: null }),
    verdict: 'PRIVATE',
    disagreement: false,
  },
  {
    name: 'policy status unknown => non-decisive',
    rules: ['A-20'],
    r: awsBucket({ policy: policy(stmt()), policyStatus: unknown() }),
    verdict: 'PUBLIC',
    unknown: ['policyStatus'],
  },
];

describe('AWS access points, website, roles, trust zone, provider opinion (A-17..A-20)', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });

  it('covers every rule it owns with a failing and a passing row', () => {
    for (const rule of ['A-17', 'A-18', 'A-19', 'A-20']) {
      const rows = ROWS.filter((r) => r.rules.includes(rule));
      expect(rows.length, rule).toBeGreaterThanOrEqual(2);
      expect(new Set(rows.map((r) => r.verdict)).size, `${rule} needs rows with different verdicts`).toBeGreaterThanOrEqual(2);
    }
  });

  it('provider opinion is carried with informational flag on custom endpoints', () => {
    const aws = analyzeResource(awsBucket({ policy: policy(stmt()), policyStatus: true }), ctx);
    expect(aws.providerOpinion).toEqual({ source: 'GetBucketPolicyStatus', isPublic: true });
    const ceph = analyzeResource(awsBucket({ policy: policy(stmt()), policyStatus: true, customEndpoint: true }), ctx);
    expect(ceph.providerOpinion).toEqual({ source: 'GetBucketPolicyStatus', isPublic: true, informational: true });
  });

  it('access point grant points at the AP policy statement', () => {
    const a = analyzeResource(withAp({ name: 'web', policy: known(apPublicRead) }), ctx);
    const g = a.grants.find((x) => x.via === 'access-point');
    expect(g?.evidence.path).toBe('accessPoints[web].policy.Statement[0]');
    expect(g?.evidence.rules).toContain('A-17');
    expect(allText(a)).toContain(AP_OBJ);
  });

  it('website endpoint from the resource endpoints wins over the computed one', () => {
    const a = analyzeResource(
      awsBucket({
        policy: policy(stmt()),
        website: { indexDocument: 'i.html' },
        websiteUrl: 'http://127.0.0.1:7480/demo-bucket',
      }),
      ctx,
    );
    expect(a.context.some((c) => c.summary.includes('http://127.0.0.1:7480/demo-bucket'))).toBe(true);
  });
});
