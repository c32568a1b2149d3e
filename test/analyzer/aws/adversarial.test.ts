/**
 * Adversarial rows for the AWS verdict engine: shapes real bucket policies take (and shapes an insider could
 * use to hide a public grant from an auditor), each with the verdict / capabilities / severity that
 * exposure-semantics.md (A-1..A-22, S-1..S-11) gives. Run through analyzeResource like every other table.
 *
 * IAM facts checked while writing these rows (sources as stored by the search tool):
 *  - "The Effect value is case sensitive" (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html):
 *    "allow" is not a valid Effect => malformed => UNKNOWN, never a silent PRIVATE.
 *  - "The aws:SourceIp condition key is always included in the request, except for requests that use an Amazon
 *    VPC endpoint"; "aws:SourceVpc / aws:SourceVpce are included only when the requester uses a VPC endpoint"
 *    (repost.aws/knowledge-center/iam-restrict-access-policy). A caller can own a VPC endpoint of their own.
 *  - Version 2008-10-17 treats ${...} as literal strings (IAM Version element docs); A-4 still refuses to credit
 *    such values as fixed, regardless of version.
 *  - Rule found wrong: "negated ops / Null:true on keys anonymous requests lack" removes a capability
 *    is not true for aws:SourceVpc / aws:SourceVpce / s3:DataAccessPoint*: the caller can send the same
 *    anonymous request through a VPC endpoint (or cross-account access point) they own, so such a Deny is
 *    credited only when it is also true for a foreign id (negated exact match, or negated *Like with fixed
 *    values). Null:true, positive IfExists and NotLike-with-wildcards Denies no longer remove the capability.
 *  - aws:userid, aws:PrincipalAccount and aws:PrincipalType are NOT absent for anonymous S3 callers: the IAM global
 *    condition keys reference says they are "included in the request context for all requests, including anonymous
 *    requests" (values "anonymous" / "anonymous" / "Anonymous"); see review.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { denyEntryAlwaysTrue } from '../../../src/analyzer/aws/conditions.js';
import type { ConditionEntry } from '../../../src/analyzer/aws/policy-parse.js';
import { analyzeResource } from '../../../src/analyzer/index.js';
import {
  ALL_USERS,
  AUTH_USERS,
  acl,
  awsBucket,
  B_ARN,
  BUCKET,
  bpa,
  ctx,
  DENY_ALL,
  group,
  NOW,
  O_ARN,
  OTHER,
  OTHER_CANON,
  OWNER,
  policy,
  type Stmt,
  stmt,
  TRUSTED,
  unknown,
} from './builders.js';
import { allText, checkRow, type Row } from './rows.js';

const p = (...s: Stmt[]) => awsBucket({ policy: policy(...s) });
type Cond = Record<string, Record<string, unknown>>;
const cond = (c: Cond, over: Stmt = {}) => p(stmt({ Condition: c, ...over }));
const deny = (over: Stmt = {}): Stmt => ({ ...DENY_ALL, ...over });
const ALL_RES = [B_ARN, O_ARN];
const e = (operator: string, key: string, ...values: string[]): ConditionEntry => ({ operator, key, values });
const READ_ALL = stmt({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: ALL_RES });

const ROWS: Row[] = [
  /* ------------------------------------------------------ pins (A-3..A-6, S-6) ------------------------------------------------------ */
  {
    name: 'Principal "*" + StringEquals aws:SourceVpce fixed => RESTRICTED vpce, INFO (S-6b)',
    rules: ['A-3', 'A-10', 'S-6b'],
    r: cond({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
    caps: ['READ:bucket'],
    severity: 'info',
  },
  {
    name: 'SourceVpce pin on s3:* (WRITE) stays INFO: the internet cannot reach it',
    rules: ['A-3', 'S-6b'],
    r: cond({ StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { Action: 's3:*', Resource: ALL_RES }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
    severity: 'info',
  },
  {
    name: 'StringLike aws:SourceVpce "vpce-*" is satisfiable from a caller-owned endpoint => PUBLIC',
    rules: ['A-4', 'A-10'],
    r: cond({ StringLike: { 'aws:SourceVpce': 'vpce-*' } }),
    verdict: 'PUBLIC',
    severity: 'high',
    text: /caller owns/,
  },
  {
    name: 'aws:SourceIp 0.0.0.0/1 is broad => PUBLIC',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } }),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'aws:SourceIp 10.0.0.0/8 => RESTRICTED private-cidr INFO',
    rules: ['A-6', 'S-6b'],
    r: cond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    verdict: 'RESTRICTED',
    pin: 'private-cidr',
    severity: 'info',
  },
  {
    name: 'aws:SourceIp 203.0.113.0/24 (documentation range = public space) => RESTRICTED lowered HIGH->MEDIUM',
    rules: ['A-6', 'S-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
    severity: 'medium',
  },
  {
    name: 'public CIDR pin on PutObject: CRITICAL lowered to HIGH (S-6)',
    rules: ['A-6', 'S-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '198.51.100.7/32' } }, { Action: 's3:PutObject' }),
    verdict: 'RESTRICTED',
    caps: ['WRITE:bucket'],
    severity: 'high',
  },
  {
    name: 'mixed SourceIp list with one broad value => not pinned => PUBLIC',
    rules: ['A-3', 'A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.0/8', '64.0.0.0/2'] } }),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'IPv6 ::/0 => PUBLIC',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '::/0'] } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'IPv6 2001:db8::/32 (documentation range) pins as public-cidr',
    rules: ['A-6', 'S-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
    severity: 'medium',
  },
  {
    name: 'IpAddressIfExists never pins (VPC-endpoint requests carry no SourceIp) => PUBLIC',
    rules: ['A-5', 'A-10'],
    r: cond({ IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'NotIpAddress over all of IPv4 and IPv6 is still true through a caller-owned VPC endpoint => PUBLIC',
    rules: ['A-5', 'A-10'],
    r: cond({ NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
    severity: 'high',
    text: /VPC endpoint the caller owns/,
  },
  {
    name: 'ForAnyValue:StringEquals aws:PrincipalOrgID external org => SHARED',
    rules: ['A-3', 'A-5', 'A-19'],
    r: cond({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-external1' } }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    name: 'aws:PrincipalOrgID wildcard "o-*" => PUBLIC_AUTHENTICATED scored like public',
    rules: ['A-4', 'S-3'],
    r: cond({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'high',
  },
  {
    name: 'ForAllValues:StringEquals aws:PrincipalOrgID is vacuously true for anonymous => PUBLIC',
    rules: ['A-5', 'A-10'],
    r: cond({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-trusted123' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'SecureTransport true on an Allow does not pin => PUBLIC',
    rules: ['A-3'],
    r: cond({ Bool: { 'aws:SecureTransport': 'true' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Version 2008-10-17 with a policy-variable-shaped value: not a fixed value (A-4) => PUBLIC_AUTHENTICATED',
    rules: ['A-4'],
    r: awsBucket({
      policy: JSON.stringify({
        Version: '2008-10-17',
        Statement: [stmt({ Condition: { StringEquals: { 'aws:PrincipalOrgID': `\${aws:PrincipalTag/org}` } } })],
      }),
    }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'aws:CurrentTime DateLessThan in the past => inert Allow, BPA-public => S-5 LOW',
    rules: ['A-10', 'S-5'],
    r: cond({ DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }),
    verdict: 'PRIVATE',
    severity: 'low',
    publicWithoutCapability: true,
  },
  {
    name: 'aws:CurrentTime DateLessThan in the future => active',
    rules: ['A-10'],
    r: cond({ DateLessThan: { 'aws:CurrentTime': '2099-01-01T00:00:00Z' } }),
    verdict: 'PUBLIC',
    severity: 'high',
  },

  /* ----------------------------------------------------------- principals (A-1, A-2, A-19) ----------------------------------------------------------- */
  {
    name: '{"AWS":"arn:aws:iam::*:root"} partial wildcard => PUBLIC (worst case, flagged)',
    rules: ['A-1'],
    r: p(stmt({ Principal: { AWS: 'arn:aws:iam::*:root' } })),
    verdict: 'PUBLIC',
    text: /partial-wildcard/,
  },
  {
    name: '{"AWS":"123456789012"} bare external account id => SHARED MEDIUM',
    rules: ['A-1', 'A-19', 'S-7'],
    r: p(stmt({ Principal: { AWS: OTHER } })),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    name: 'bare owner account id => PRIVATE (trust zone) INFO',
    rules: ['A-19', 'S-7b'],
    r: p(stmt({ Principal: { AWS: OWNER } })),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'bare trusted account id with s3:* => PRIVATE INFO (S-7b)',
    rules: ['A-19', 'S-7b'],
    r: p(stmt({ Principal: { AWS: TRUSTED }, Action: 's3:*', Resource: ALL_RES })),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'external account with PutBucketPolicy => SHARED HIGH (S-7 admin)',
    rules: ['A-19', 'S-7'],
    r: p(stmt({ Principal: { AWS: `arn:aws:iam::${OTHER}:role/ops` }, Action: 's3:PutBucketPolicy', Resource: B_ARN })),
    verdict: 'SHARED',
    caps: ['ADMIN:bucket'],
    severity: 'high',
  },
  {
    name: '{"CanonicalUser": other} => SHARED',
    rules: ['A-1', 'A-19'],
    r: p(stmt({ Principal: { CanonicalUser: OTHER_CANON } })),
    verdict: 'SHARED',
  },
  {
    name: 'CloudFront service principal + aws:SourceArn => not public (PRIVATE)',
    rules: ['A-1', 'S-10'],
    r: p(
      stmt({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': `arn:aws:cloudfront::${OWNER}:distribution/E1ABCDEF` } },
      }),
    ),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'NotPrincipal + Allow => PUBLIC (A-2), flagged unsupported',
    rules: ['A-2'],
    r: p(stmt({ Principal: undefined, NotPrincipal: { AWS: OTHER } })),
    verdict: 'PUBLIC',
    text: /NotPrincipal/,
  },

  /* ------------------------------------------------------------ actions (A-8) ------------------------------------------------------------ */
  {
    name: 'case-insensitive action "S3:getobject"',
    rules: ['A-8'],
    r: p(stmt({ Action: 'S3:getobject' })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Action as array equals Action as string',
    rules: ['A-8'],
    r: p(stmt({ Action: ['s3:GetObject'] })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 's3:List* + s3:Get* on bucket and bucket/* => LIST+READ bucket => CRITICAL (S-2)',
    rules: ['A-8', 'A-9', 'S-2'],
    r: p(stmt({ Action: ['s3:List*', 's3:Get*'], Resource: ALL_RES })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'READ:bucket', 'READ_ACP:bucket', 'META:bucket'],
    severity: 'critical',
  },
  {
    name: 'NotAction s3:GetObject Allow => everything except read, incl. ADMIN and WRITE',
    rules: ['A-8'],
    r: p(stmt({ Action: undefined, NotAction: 's3:GetObject', Resource: ALL_RES })),
    verdict: 'PUBLIC',
    caps: ['ADMIN:bucket', 'WRITE:bucket', 'LIST:bucket', 'READ:bucket', 'READ_ACP:bucket', 'META:bucket'],
    severity: 'critical',
  },
  {
    name: 'Allow s3:* minus Deny s3:PutObject: DeleteObject remains => still WRITE, CRITICAL',
    rules: ['A-8', 'A-10', 'S-1'],
    r: p(stmt({ Action: 's3:*', Resource: O_ARN }), deny({ Action: 's3:PutObject' })),
    verdict: 'PUBLIC',
    severity: 'critical',
  },
  {
    name: 'Deny s3:Put* + s3:Delete* + s3:Abort*/Restore*/Replicate*/Bypass*/Initiate*/Rename*/ObjectOwner* leaves READ',
    rules: ['A-8', 'A-10'],
    r: p(
      stmt({ Action: 's3:*', Resource: O_ARN }),
      deny({
        Action: [
          's3:Put*',
          's3:Delete*',
          's3:Abort*',
          's3:Restore*',
          's3:Replicate*',
          's3:Bypass*',
          's3:Initiate*',
          's3:Rename*',
          's3:ObjectOwner*',
        ],
      }),
    ),
    verdict: 'PUBLIC',
    caps: ['READ:bucket', 'READ_ACP:bucket', 'META:bucket'],
    severity: 'high',
  },

  /* ----------------------------------------------------------- resources (A-9) ----------------------------------------------------------- */
  {
    name: 'NotResource Allow (other bucket excluded) is broad here',
    rules: ['A-9'],
    r: p(stmt({ Resource: undefined, NotResource: 'arn:aws:s3:::other-bucket/*' })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Resource arn:aws:s3:::other-bucket/* only: no capability here, still BPA-public => S-5 LOW',
    rules: ['A-7', 'A-9', 'S-5'],
    r: p(stmt({ Resource: 'arn:aws:s3:::other-bucket/*' })),
    verdict: 'PRIVATE',
    severity: 'low',
    publicWithoutCapability: true,
  },
  {
    name: 'object-prefix scope b/public/* => READ prefix:public/ HIGH, not CRITICAL',
    rules: ['A-9', 'S-3'],
    r: p(stmt({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: [B_ARN, `${B_ARN}/public/*`] })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'READ:prefix:public/'],
    severity: 'high',
  },
  {
    name: 'bucket-name prefix glob arn:aws:s3:::demo-* reaches bucket and objects',
    rules: ['A-9'],
    r: p(stmt({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-*' })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'sibling bucket with the same prefix (demo-bucket-logs/*) does not reach demo-bucket',
    rules: ['A-9', 'S-5'],
    r: p(stmt({ Resource: `arn:aws:s3:::${BUCKET}-logs/*` })),
    verdict: 'PRIVATE',
    severity: 'low',
  },

  /* ----------------------------------------------------------------- Deny (A-10) ----------------------------------------------------------------- */
  {
    name: 'Deny StringNotEquals aws:SourceVpce + public Allow: Deny fires for internet callers => not PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })),
    verdict: 'PRIVATE',
    severity: 'low',
    publicWithoutCapability: true,
  },
  {
    name: 'Deny StringEquals aws:SourceVpce does not fire for internet callers => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'Deny Bool aws:SecureTransport false is attacker-controlled => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'Deny Bool aws:SecureTransport false (JSON boolean) => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { Bool: { 'aws:SecureTransport': false } } })),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny StringNotLike aws:SourceVpce "vpce-*": a caller-owned endpoint escapes it => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } })),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'Deny Null aws:SourceVpce=true ("not via any endpoint"): a caller-owned endpoint escapes it => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { Null: { 'aws:SourceVpce': 'true' } } })),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    name: 'Deny StringNotEquals aws:SourceVpc fixed: a caller-owned VPC differs => Deny fires',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-0abc' } } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny StringNotEqualsIfExists aws:SourceVpce fixed => Deny fires',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny StringEqualsIfExists aws:SourceVpce: a caller-owned endpoint escapes it => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } })),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny StringNotEquals aws:PrincipalOrgID + SecureTransport false (AND) => not credited, PUBLIC',
    rules: ['A-10'],
    r: p(
      stmt(),
      deny({
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-trusted123' }, Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ),
    verdict: 'PUBLIC',
  },
  {
    name: 'two statements: public s3:* and a Deny only on private/* => WRITE remains bucket-wide',
    rules: ['A-9', 'A-10', 'S-1'],
    r: p(stmt({ Action: ['s3:GetObject', 's3:PutObject'] }), deny({ Resource: `${B_ARN}/private/*` })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket', 'WRITE:bucket'],
    severity: 'critical',
  },
  {
    name: 'public prefix Allow fully covered by a bucket-wide Deny on GetObject => PRIVATE, S-5',
    rules: ['A-10', 'S-5'],
    r: p(stmt({ Resource: `${B_ARN}/public/*` }), deny({ Action: 's3:GetObject', Resource: O_ARN })),
    verdict: 'PRIVATE',
    severity: 'low',
  },
  {
    name: 'Deny with a lower-case action pattern still matches (actions are case-insensitive)',
    rules: ['A-8', 'A-10'],
    r: p(stmt(), deny({ Action: 'S3:GETOBJECT' })),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny Resource "*" covers the bucket',
    rules: ['A-10'],
    r: p(READ_ALL, deny({ Resource: '*' })),
    verdict: 'PRIVATE',
  },

  {
    name: 'Deny NotAction s3:GetObject on s3:* Allow: only READ survives',
    rules: ['A-8', 'A-10'],
    r: p(stmt({ Action: 's3:*', Resource: ALL_RES }), deny({ Action: undefined, NotAction: 's3:GetObject' })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
    severity: 'high',
  },
  {
    name: 'Deny Principal {"AWS":["*"]} covers anonymous',
    rules: ['A-10'],
    r: p(stmt(), deny({ Principal: { AWS: ['*'] } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'empty condition value list on a Deny is not credited => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), deny({ Condition: { StringNotEquals: { 'aws:SourceVpce': [] } } })),
    verdict: 'PUBLIC',
  },
  {
    name: 'empty condition value list on an Allow pins nothing => PUBLIC',
    rules: ['A-3', 'A-4'],
    r: cond({ StringEquals: { 'aws:SourceVpce': [] } }),
    verdict: 'PUBLIC',
    text: /empty value list/,
  },
  {
    name: 'operator and key spelled in odd case are still recognised (stringequals / AWS:SOURCEVPCE)',
    rules: ['A-3'],
    r: cond({ stringequals: { 'AWS:SOURCEVPCE': 'vpce-1' } }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
  },

  /* ------------------------------------------------------ access point delegation (A-17) ------------------------------------------------------ */
  {
    name: 'delegation to the owner account access points: no direct route (own APs evaluated separately)',
    rules: ['A-17'],
    r: cond({ StringEquals: { 's3:DataAccessPointAccount': OWNER } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'delegation to another account access points (cross-account AP) => SHARED with that account',
    rules: ['A-17', 'A-19', 'S-7'],
    r: cond({ StringEquals: { 's3:DataAccessPointAccount': OTHER } }),
    verdict: 'SHARED',
    caps: ['READ:bucket'],
    severity: 'medium',
    text: /access points of account\(s\) 444455556666/,
  },
  {
    name: 'delegation to a trusted account access points => PRIVATE (trust zone)',
    rules: ['A-17', 'S-7b'],
    r: cond({ StringEquals: { 's3:DataAccessPointAccount': TRUSTED } }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'delegation to any access point (s3:DataAccessPointArn "*") => PUBLIC_AUTHENTICATED: anyone can create one',
    rules: ['A-17', 'A-4'],
    r: cond({ StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:*:*:accesspoint/*' } }, { Action: 's3:*', Resource: ALL_RES }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'critical',
    text: /any AWS account/,
  },
  {
    name: 'wildcard AP delegation AND aws:PrincipalAccount owner => only the owner through any AP => PRIVATE',
    rules: ['A-17', 'A-19'],
    r: cond({ StringLike: { 's3:DataAccessPointArn': '*' }, StringEquals: { 'aws:PrincipalAccount': OWNER } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'wildcard AP delegation is BPA-public: RestrictPublicBuckets neutralises it => LATENT',
    rules: ['A-17', 'A-14'],
    r: awsBucket({
      policy: policy(stmt({ Condition: { StringLike: { 's3:DataAccessPointArn': '*' } } })),
      bucketBpa: bpa({ restrictPublicBuckets: true }),
    }),
    verdict: 'LATENT',
  },

  /* ------------------------------------------------------------- partitions (A-9) ------------------------------------------------------------- */
  {
    name: 'China region bucket: policy naming arn:aws-cn:s3:::b/* reaches it',
    rules: ['A-9'],
    r: awsBucket({ region: 'cn-north-1', policy: policy(stmt({ Resource: `arn:aws-cn:s3:::${BUCKET}/*` })) }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'GovCloud bucket: Deny naming arn:aws-us-gov:s3:::b/* removes the grant',
    rules: ['A-9', 'A-10'],
    r: awsBucket({
      region: 'us-gov-west-1',
      policy: policy(
        stmt({ Resource: `arn:aws-us-gov:s3:::${BUCKET}/*` }),
        deny({ Resource: `arn:aws-us-gov:s3:::${BUCKET}/*` }),
      ),
    }),
    verdict: 'PRIVATE',
  },
  {
    name: 'commercial-partition ARN on a China bucket reaches nothing there => S-5 LOW',
    rules: ['A-9', 'S-5'],
    r: awsBucket({ region: 'cn-northwest-1', policy: policy(stmt()) }),
    verdict: 'PRIVATE',
    severity: 'low',
  },

  /* ------------------------------------------------------------ ACL / ownership / BPA ------------------------------------------------------------ */
  {
    name: 'BucketOwnerEnforced + public ACL in stale data => ignored, PRIVATE',
    rules: ['A-12'],
    r: awsBucket({ ownership: 'BucketOwnerEnforced', acl: acl(group(ALL_USERS, 'FULL_CONTROL')) }),
    verdict: 'PRIVATE',
    text: /BucketOwnerEnforced/,
  },
  {
    name: 'ownership unknown + public ACL => PUBLIC (worst case), unknown recorded',
    rules: ['A-12', 'A-11'],
    r: awsBucket({ ownership: unknown(), acl: acl(group(ALL_USERS, 'READ')) }),
    verdict: 'PUBLIC',
    unknown: ['ownership'],
    severity: 'high',
  },
  {
    name: 'account RestrictPublicBuckets + public policy => LATENT LOW',
    rules: ['A-14', 'S-8'],
    r: awsBucket({ policy: policy(READ_ALL), accountBpa: bpa({ restrictPublicBuckets: true }) }),
    verdict: 'LATENT',
    severity: 'low',
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(account)'],
  },
  {
    name: 'bucket BlockPublicPolicy only + public policy => still PUBLIC (A-16 preventive only)',
    rules: ['A-16'],
    r: awsBucket({ policy: policy(READ_ALL), bucketBpa: bpa({ blockPublicPolicy: true }) }),
    verdict: 'PUBLIC',
    severity: 'critical',
  },
  {
    name: 'account IgnorePublicAcls + public ACL => LATENT',
    rules: ['A-15', 'S-8'],
    r: awsBucket({ acl: acl(group(ALL_USERS, 'READ')), accountBpa: bpa({ ignorePublicAcls: true }) }),
    verdict: 'LATENT',
    severity: 'low',
  },
  {
    name: 'AuthenticatedUsers ACL + account IPA => LATENT',
    rules: ['A-15'],
    r: awsBucket({ acl: acl(group(AUTH_USERS, 'WRITE')), accountBpa: bpa({ ignorePublicAcls: true }) }),
    verdict: 'LATENT',
  },
  {
    name: 'policy AccessDenied + private ACL => UNKNOWN, never PRIVATE',
    rules: ['A-21', 'S-11'],
    r: awsBucket({ policy: unknown('access-denied', 'AccessDenied', 'GetBucketPolicy') }),
    verdict: 'UNKNOWN',
    unknown: ['bucketPolicy!'],
    severity: 'info',
  },
  {
    name: 'RPB neutralises the public policy but not a public ACL => PUBLIC via the ACL (LIST only)',
    rules: ['A-14', 'A-11'],
    r: awsBucket({ policy: policy(stmt()), acl: acl(group(ALL_USERS, 'READ')), bucketBpa: bpa({ restrictPublicBuckets: true }) }),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket'],
  },

  /* ------------------------------------------------------------------ parser ------------------------------------------------------------------ */
  {
    name: 'malformed policy JSON => UNKNOWN with the parser message',
    rules: ['A-21'],
    r: awsBucket({ policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}' }),
    verdict: 'UNKNOWN',
    unknown: ['bucketPolicy!'],
    text: /invalid JSON/,
    severity: 'info',
  },
  {
    name: 'duplicate Sid: both statements evaluated',
    rules: ['A-7'],
    r: p(stmt({ Sid: 'Same', Principal: { AWS: OTHER } }), stmt({ Sid: 'Same', Action: 's3:PutObject' })),
    verdict: 'PUBLIC',
    caps: ['WRITE:bucket'],
    exposures: ['PUBLIC', 'SHARED'],
    severity: 'critical',
  },
  {
    name: 'Version 2008-10-17 policy evaluated like 2012-10-17',
    rules: ['A-1'],
    r: awsBucket({ policy: JSON.stringify({ Version: '2008-10-17', Statement: [stmt()] }) }),
    verdict: 'PUBLIC',
  },
  {
    name: 'statement without Resource => malformed (S3 rejects it) => UNKNOWN',
    rules: ['A-21'],
    r: p(stmt({ Resource: undefined })),
    verdict: 'UNKNOWN',
    text: /Resource/,
  },
  {
    name: 'Effect "allow" (lower case) is invalid IAM => UNKNOWN, not silently PRIVATE',
    rules: ['A-21'],
    r: p(stmt({ Effect: 'allow' })),
    verdict: 'UNKNOWN',
    text: /Effect/,
  },
];

describe('AWS adversarial rows through analyzeResource', () => {
  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });

  it.each([
    // caller-ownable keys (own VPC / VPC endpoint / cross-account access point): absent AND foreign id must both satisfy
    [e('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), true],
    [e('StringNotEquals', 'aws:SourceVpce', 'vpce-*'), true], // StringNotEquals compares literally
    [e('StringNotLike', 'aws:SourceVpce', 'vpce-1'), true],
    [e('StringNotLike', 'aws:SourceVpce', 'vpce-*'), false],
    [e('ArnNotEquals', 's3:DataAccessPointArn', 'arn:aws:s3:*:*:accesspoint/*'), false], // Arn operators glob
    [e('StringNotEquals', 's3:DataAccessPointAccount', OWNER), true],
    [e('Null', 'aws:SourceVpce', 'true'), false],
    [e('Null', 'aws:SourceVpc', 'true'), false],
    [e('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1'), false],
    [e('ForAllValues:StringEquals', 'aws:SourceVpc', 'vpc-1'), false],
    [e('ForAllValues:StringNotEquals', 'aws:SourceVpc', 'vpc-1'), true],
    // principal keys stay absent for anonymous callers: unchanged
    [e('Null', 'aws:PrincipalOrgID', 'true'), true],
    [e('StringNotLike', 'aws:PrincipalOrgID', 'o-*'), true],
  ] as const)('denyEntryAlwaysTrue(anonymous-internet) %o => %s', (entry, want) => {
    expect(denyEntryAlwaysTrue(entry, 'anonymous-internet', NOW)).toBe(want);
  });

  it('a huge policy (2,000 statements, wide conditions) still evaluates and finds the one public statement', () => {
    const many: Stmt[] = [];
    for (let i = 0; i < 2000; i++) {
      many.push(
        stmt({
          Sid: `S${i}`,
          Principal: { AWS: `arn:aws:iam::${String(100000000000 + i)}:role/r${i}` },
          Action: ['s3:GetObject', 's3:List*'],
          Resource: [B_ARN, `${B_ARN}/team-${i}/*`],
          Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } },
        }),
      );
    }
    many.push(deny({ Resource: `${B_ARN}/secret/*` }));
    many.push(stmt({ Sid: 'Leak', Action: 's3:GetObject', Resource: `${B_ARN}/exports/*` }));
    const a = analyzeResource(p(...many), ctx);
    expect(a.verdict, allText(a)).toBe('PUBLIC');
    expect(a.capabilities).toEqual([{ capability: 'READ', scope: 'prefix:exports/' }]);
    expect(a.severity).toBe('high');
  });
});

describe('ArnLike on aws:SourceIp (found by the account-BPA property test, seed 885152771)', () => {
  it('is a pin for both the BPA test and the effective evaluation: RESTRICTED, never an active PUBLIC grant', async () => {
    const { analyzeResource } = await import('../../../src/analyzer/index.js');
    const { defaultContext } = await import('../../../src/analyzer/context.js');
    const { awsBucket, policy, bpa } = await import('./builders.js');
    const stmt = {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: '*',
      Resource: '*',
      Condition: { ArnLike: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    };
    const open = analyzeResource(awsBucket({ policy: policy(stmt), ownership: 'BucketOwnerEnforced' }), defaultContext());
    expect(open.verdict).toBe('RESTRICTED');
    const blocked = analyzeResource(
      awsBucket({ policy: policy(stmt), accountBpa: bpa(true), ownership: 'BucketOwnerEnforced' }),
      defaultContext(),
    );
    expect(['PUBLIC', 'PUBLIC_AUTHENTICATED']).not.toContain(blocked.verdict);
  });
});

describe('access-point delegation with a network pin (found by the account-BPA property test)', () => {
  it.each([['*'], ['o-*']])(
    's3:DataAccessPointAccount %s plus an aws:SourceIp pin is RESTRICTED, and never active-public under account BPA',
    async (acct) => {
      const { analyzeResource } = await import('../../../src/analyzer/index.js');
      const { defaultContext } = await import('../../../src/analyzer/context.js');
      const { awsBucket, policy, bpa } = await import('./builders.js');
      const stmt = {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['*'],
        Resource: '*',
        Condition: { StringEquals: { 's3:DataAccessPointAccount': [acct], 'aws:SourceIp': '203.0.113.0/24' } },
      };
      const open = analyzeResource(awsBucket({ policy: policy(stmt), ownership: 'BucketOwnerEnforced' }), defaultContext());
      expect(open.verdict).toBe('RESTRICTED');
      const blocked = analyzeResource(
        awsBucket({ policy: policy(stmt), accountBpa: bpa(true), ownership: 'BucketOwnerEnforced' }),
        defaultContext(),
      );
      expect(['PUBLIC', 'PUBLIC_AUTHENTICATED']).not.toContain(blocked.verdict);
    },
  );
});

describe('several delegation conditions are AND-ed (found by the account-BPA property test)', () => {
  it('a wildcard and a fixed s3:DataAccessPointAccount together delegate only to the fixed account', async () => {
    const { analyzeResource } = await import('../../../src/analyzer/index.js');
    const { defaultContext } = await import('../../../src/analyzer/context.js');
    const { awsBucket, policy } = await import('./builders.js');
    const stmt = {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: {
        StringEquals: { 's3:DataAccessPointAccount': ['o-*'] },
        ArnLike: { 's3:DataAccessPointAccount': ['444455556666'] },
      },
    };
    const a = analyzeResource(awsBucket({ policy: policy(stmt), ownership: 'BucketOwnerEnforced' }), defaultContext());
    expect(a.verdict).toBe('SHARED');
    expect(a.grants.some((g) => g.principal.type === 'account' && g.principal.id === '444455556666')).toBe(true);
  });
});
