import { describe, expect, it } from 'vitest';
import {
  awsBucket,
  B_ARN,
  bpa,
  DENY_ALL,
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
import { checkRow, type Row } from './rows.js';

const p = (...s: Stmt[]) => awsBucket({ policy: policy(...s) });
const cond = (c: Record<string, Record<string, unknown>>, over: Stmt = {}) => p(stmt({ Condition: c, ...over }));
const denyWith = (c: Record<string, Record<string, unknown>> | undefined, over: Stmt = {}) =>
  p(stmt(), { ...DENY_ALL, ...(c ? { Condition: c } : {}), ...over });

const POLICY_ROWS: Row[] = [
  // A-1 public principal
  { name: 'Principal "*" GetObject', rules: ['A-1'], r: p(stmt()), verdict: 'PUBLIC', caps: ['READ:bucket'], severity: 'high' },
  {
    name: 'Principal {"AWS":"*"}',
    rules: ['A-1'],
    r: p(stmt({ Principal: { AWS: '*' } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Principal AWS array containing "*"',
    rules: ['A-1'],
    r: p(stmt({ Principal: { AWS: [`arn:aws:iam::${OTHER}:root`, '*'] } })),
    verdict: 'PUBLIC',
  },
  {
    name: 'Federated principal is public-authenticated',
    rules: ['A-1'],
    r: p(stmt({ Principal: { Federated: 'graph.facebook.com' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
  },
  {
    name: 'fixed external account => SHARED',
    rules: ['A-1', 'A-19'],
    r: p(stmt({ Principal: { AWS: `arn:aws:iam::${OTHER}:root` } })),
    verdict: 'SHARED',
    caps: ['READ:bucket'],
    severity: 'medium',
  },
  {
    name: 'bare account id principal => SHARED',
    rules: ['A-1', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } })),
    verdict: 'SHARED',
  },
  {
    name: 'owner account => PRIVATE (trust zone)',
    rules: ['A-1', 'A-19'],
    r: p(stmt({ Principal: { AWS: `arn:aws:iam::${OWNER}:role/app` } })),
    verdict: 'PRIVATE',
    exposures: ['SHARED'],
  },
  {
    name: 'trusted account => PRIVATE',
    rules: ['A-19'],
    r: p(stmt({ Principal: { AWS: TRUSTED } })),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'service principal => PRIVATE',
    rules: ['A-1'],
    r: p(stmt({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })),
    verdict: 'PRIVATE',
    exposures: ['PRIVATE'],
  },
  {
    name: 'external CanonicalUser => SHARED',
    rules: ['A-1'],
    r: p(stmt({ Principal: { CanonicalUser: OTHER_CANON } })),
    verdict: 'SHARED',
  },
  {
    name: 'partial wildcard principal evaluated as "*"',
    rules: ['A-1'],
    r: p(stmt({ Principal: { AWS: 'arn:aws:iam::*:root' } })),
    verdict: 'PUBLIC',
    text: /partial-wildcard/,
  },
  {
    name: 'no policy (NoSuchBucketPolicy) => PRIVATE',
    rules: ['A-1', 'A-21'],
    r: awsBucket({ policy: null }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    name: 'policy AccessDenied => UNKNOWN',
    rules: ['A-1', 'A-21'],
    r: awsBucket({ policy: unknown('access-denied', 'AccessDenied', 'GetBucketPolicy') }),
    verdict: 'UNKNOWN',
    unknown: ['bucketPolicy!'],
    text: /AccessDenied/,
  },
  {
    name: 'policy unknown but an ACL is public => PUBLIC still wins',
    rules: ['A-1', 'A-11'],
    r: awsBucket({
      policy: unknown(),
      acl: {
        grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }],
      },
    }),
    verdict: 'PUBLIC',
    unknown: ['bucketPolicy!'],
  },
  // A-2 NotPrincipal
  {
    name: 'NotPrincipal + Allow => public, flagged unsupported',
    rules: ['A-2'],
    r: p({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: O_ARN }),
    verdict: 'PUBLIC',
    text: /NotPrincipal with Allow/,
  },
  {
    name: 'NotPrincipal + Deny covers anonymous',
    rules: ['A-2', 'A-10'],
    r: p(stmt(), {
      Effect: 'Deny',
      NotPrincipal: { AWS: `arn:aws:iam::${OWNER}:root` },
      Action: 's3:*',
      Resource: [B_ARN, O_ARN],
    }),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
  },
  {
    name: 'Allow to fixed principal only: nothing unsupported',
    rules: ['A-2'],
    r: p(stmt({ Principal: { AWS: OTHER } })),
    verdict: 'SHARED',
    publicWithoutCapability: false,
  },
  // A-3 pinning keys
  {
    name: 'PrincipalOrgID external org => SHARED',
    rules: ['A-3'],
    r: cond({ StringEquals: { 'aws:PrincipalOrgID': 'o-external99' } }),
    verdict: 'SHARED',
    publicWithoutCapability: false,
  },
  {
    name: 'PrincipalOrgID trusted org => PRIVATE',
    rules: ['A-3', 'A-19'],
    r: cond({ StringEquals: { 'aws:PrincipalOrgID': 'o-trusted123' } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'SourceVpce fixed => RESTRICTED vpce',
    rules: ['A-3', 'A-10'],
    r: cond({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c' } }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
    severity: 'info',
  },
  {
    name: 'SourceVpc fixed => RESTRICTED vpc',
    rules: ['A-3'],
    r: cond({ StringEquals: { 'aws:SourceVpc': 'vpc-111' } }),
    verdict: 'RESTRICTED',
    pin: 'vpc',
  },
  {
    name: 'SourceArn of another account => SHARED',
    rules: ['A-3'],
    r: cond({ ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${OTHER}:trail/t` } }),
    verdict: 'SHARED',
  },
  {
    name: 'SourceAccount owner => PRIVATE',
    rules: ['A-3'],
    r: cond({ StringEquals: { 'aws:SourceAccount': OWNER } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'Referer does not pin',
    rules: ['A-3'],
    r: cond({ StringLike: { 'aws:Referer': 'https://example.com/*' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'SecureTransport does not pin',
    rules: ['A-3'],
    r: cond({ Bool: { 'aws:SecureTransport': 'true' } }),
    verdict: 'PUBLIC',
  },
  { name: 's3:prefix does not pin', rules: ['A-3'], r: cond({ StringEquals: { 's3:prefix': 'public/' } }), verdict: 'PUBLIC' },
  {
    name: 'KMS key id condition no longer pins',
    rules: ['A-3'],
    r: cond({ StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/k' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'aws:userid fixed => SHARED identity',
    rules: ['A-3'],
    r: cond({ StringEquals: { 'aws:userid': 'AIDAEXAMPLE123' } }),
    verdict: 'SHARED',
  },
  {
    name: 'aws:userid AROLEID:* stays public (authenticated)',
    rules: ['A-3', 'A-4'],
    r: cond({ StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'PrincipalAccount pins (inferred reading, said so)',
    rules: ['A-3'],
    r: cond({ StringEquals: { 'aws:PrincipalAccount': OTHER } }),
    verdict: 'SHARED',
    text: /inferred pinning key/,
    publicWithoutCapability: false,
  },
  {
    name: 'PrincipalAccount: provider reading IsPublic=true => disagreement + RPB neutralises',
    rules: ['A-3', 'A-14', 'A-20'],
    r: awsBucket({
      policy: policy(stmt({ Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } })),
      policyStatus: true,
      bucketBpa: bpa({ restrictPublicBuckets: true }),
    }),
    verdict: 'LATENT',
    disagreement: true,
    neutralizedBy: ['s3-bpa:RestrictPublicBuckets(bucket)'],
  },
  {
    name: 'DataAccessPointAccount delegation: no direct route',
    rules: ['A-3', 'A-17'],
    r: cond({ StringEquals: { 's3:DataAccessPointAccount': OWNER } }),
    verdict: 'PRIVATE',
    publicWithoutCapability: false,
  },
  // A-4 fixed values
  {
    name: 'wildcard org => PUBLIC_AUTHENTICATED',
    rules: ['A-4'],
    r: cond({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'high',
  },
  {
    name: 'policy variable in org => PUBLIC_AUTHENTICATED',
    rules: ['A-4'],
    r: cond({ StringEquals: { 'aws:PrincipalOrgID': `\${aws:PrincipalTag/org}` } }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'SourceVpce wildcard does not pin',
    rules: ['A-4'],
    r: cond({ StringLike: { 'aws:SourceVpce': 'vpce-*' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'one non-fixed value of a key breaks the pin',
    rules: ['A-4'],
    r: cond({ StringLike: { 'aws:PrincipalOrgID': ['o-trusted123', 'o-*'] } }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  // A-5 eligible operators
  {
    name: 'StringNotEquals org does not pin',
    rules: ['A-5'],
    r: cond({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'IfExists org does not pin',
    rules: ['A-5'],
    r: cond({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'ForAllValues org does not pin',
    rules: ['A-5'],
    r: cond({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'ForAnyValue:StringEquals org pins',
    rules: ['A-5'],
    r: cond({ 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'SHARED',
  },
  {
    name: 'Null org true => anonymous satisfies it',
    rules: ['A-5'],
    r: cond({ Null: { 'aws:PrincipalOrgID': 'true' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Null org false => authenticated only',
    rules: ['A-5'],
    r: cond({ Null: { 'aws:PrincipalOrgID': 'false' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'IpAddressIfExists never pins (caller-owned VPC endpoint omits SourceIp)',
    rules: ['A-5', 'A-6'],
    r: cond({ IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'PUBLIC',
    text: /not an eligible pinning operator/,
  },
  {
    name: 'NotIpAddress does not pin',
    rules: ['A-5'],
    r: cond({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'unknown operator evaluated worst case',
    rules: ['A-5'],
    r: cond({ StringSortOf: { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'PUBLIC',
    text: /unknown condition operator/,
  },
  // A-6 SourceIp breadth
  {
    name: 'public /24 => RESTRICTED public-cidr',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
    severity: 'medium',
  },
  {
    name: '10/8 => RESTRICTED private-cidr',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    verdict: 'RESTRICTED',
    pin: 'private-cidr',
    severity: 'info',
  },
  { name: '0.0.0.0/0 => PUBLIC', rules: ['A-6'], r: cond({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }), verdict: 'PUBLIC' },
  { name: '/7 IPv4 is broad', rules: ['A-6'], r: cond({ IpAddress: { 'aws:SourceIp': '8.0.0.0/7' } }), verdict: 'PUBLIC' },
  {
    name: '/8 IPv4 is narrow enough',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '8.0.0.0/8' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
  },
  {
    name: 'IPv6 /32 doc range pins',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
  },
  { name: 'IPv6 /31 is broad', rules: ['A-6'], r: cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/31' } }), verdict: 'PUBLIC' },
  {
    name: 'fc00::/7 excluded from breadth test (open point 3 reading)',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': 'fc00::/7' } }),
    verdict: 'RESTRICTED',
    pin: 'private-cidr',
  },
  { name: '::/0 => PUBLIC', rules: ['A-6'], r: cond({ IpAddress: { 'aws:SourceIp': '::/0' } }), verdict: 'PUBLIC' },
  {
    name: 'one broad value in the set => PUBLIC',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '0.0.0.0/0'] } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'bare IP => /32 pin',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': '198.51.100.7' } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
  },
  {
    name: 'mixed private + public pins => public-cidr',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.9'] } }),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
  },
  {
    name: 'unparsable CIDR => worst case',
    rules: ['A-6'],
    r: cond({ IpAddress: { 'aws:SourceIp': 'not-an-ip' } }),
    verdict: 'PUBLIC',
    text: /unparsable CIDR/,
  },
  {
    name: 'Federated principal pinned by SourceIp => RESTRICTED (regression from property test)',
    rules: ['A-1', 'A-6'],
    r: p(
      stmt({
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      }),
    ),
    verdict: 'RESTRICTED',
    pin: 'public-cidr',
  },
  {
    name: 'wildcard org + SourceIp pin: BPA non-public, RPB does not apply => RESTRICTED',
    rules: ['A-3', 'A-4', 'A-14'],
    r: awsBucket({
      policy: policy(
        stmt({ Condition: { StringLike: { 'aws:PrincipalOrgID': '*' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      ),
      accountBpa: bpa(true),
    }),
    verdict: 'RESTRICTED',
    publicWithoutCapability: false,
  },
  {
    name: 'StringEquals on aws:SourceIp credited like IpAddress',
    rules: ['A-5', 'A-6'],
    r: cond({ StringEquals: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'RESTRICTED',
  },
  // A-7 aggregation
  {
    name: 'one public statement among pinned ones => PUBLIC',
    rules: ['A-7'],
    r: p(
      stmt({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      stmt({ Action: 's3:ListBucket', Resource: B_ARN }),
    ),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket'],
  },
  {
    name: 'unsupported action: BPA-public, no capability (S-5)',
    rules: ['A-7', 'S-5'],
    r: p(stmt({ Action: 's3:NotASupportedAction' })),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
    severity: 'low',
  },
  // A-8 actions
  {
    name: 'Action "*" => everything',
    rules: ['A-8'],
    r: p(stmt({ Action: '*', Resource: [B_ARN, O_ARN] })),
    verdict: 'PUBLIC',
    caps: ['ADMIN:bucket', 'WRITE:bucket', 'READ:bucket', 'LIST:bucket', 'READ_ACP:bucket', 'META:bucket'],
    severity: 'critical',
  },
  {
    name: 's3:Get* => read, acp, meta',
    rules: ['A-8'],
    r: p(stmt({ Action: 's3:Get*', Resource: [B_ARN, O_ARN] })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket', 'READ_ACP:bucket', 'META:bucket'],
  },
  {
    name: 'case-insensitive action',
    rules: ['A-8'],
    r: p(stmt({ Action: 'S3:getobject' })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  { name: '? glob in action', rules: ['A-8'], r: p(stmt({ Action: 's3:GetObjec?' })), verdict: 'PUBLIC', caps: ['READ:bucket'] },
  {
    name: 'NotAction s3:Delete* still grants PutObject / PutBucketPolicy',
    rules: ['A-8'],
    r: p(stmt({ Action: undefined, NotAction: 's3:Delete*', Resource: [B_ARN, O_ARN] })),
    verdict: 'PUBLIC',
    caps: ['ADMIN:bucket', 'WRITE:bucket', 'READ:bucket', 'LIST:bucket', 'READ_ACP:bucket', 'META:bucket'],
  },
  {
    name: 's3:List* on bucket => LIST',
    rules: ['A-8'],
    r: p(stmt({ Action: 's3:List*', Resource: B_ARN })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket'],
  },
  {
    name: 'non-S3 action grants nothing',
    rules: ['A-8'],
    r: p(stmt({ Action: 'iam:*', Resource: '*' })),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
  },
  {
    name: 'PutObject => WRITE critical',
    rules: ['A-8'],
    r: p(stmt({ Action: 's3:PutObject' })),
    verdict: 'PUBLIC',
    caps: ['WRITE:bucket'],
    severity: 'critical',
  },
  {
    name: 'GetBucketAcl => READ_ACP medium',
    rules: ['A-8'],
    r: p(stmt({ Action: 's3:GetBucketAcl', Resource: B_ARN })),
    verdict: 'PUBLIC',
    caps: ['READ_ACP:bucket'],
    severity: 'medium',
  },
  {
    name: 'PutBucketPolicy => ADMIN',
    rules: ['A-8'],
    r: p(stmt({ Action: 's3:PutBucketPolicy', Resource: B_ARN })),
    verdict: 'PUBLIC',
    caps: ['ADMIN:bucket'],
    severity: 'critical',
  },
  // A-9 resources
  {
    name: 'object action on bucket ARN only => nothing',
    rules: ['A-9'],
    r: p(stmt({ Resource: B_ARN })),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
    text: /reaches no S3 action/,
  },
  {
    name: 'bucket action on object ARN only => nothing',
    rules: ['A-9'],
    r: p(stmt({ Action: 's3:ListBucket' })),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
  },
  {
    name: 'Resource "*" covers bucket and objects',
    rules: ['A-9'],
    r: p(stmt({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'READ:bucket'],
    severity: 'critical',
  },
  {
    name: 'prefix scope',
    rules: ['A-9'],
    r: p(stmt({ Resource: `${B_ARN}/public/*` })),
    verdict: 'PUBLIC',
    caps: ['READ:prefix:public/'],
    severity: 'high',
  },
  {
    name: 'object scope',
    rules: ['A-9'],
    r: p(stmt({ Resource: `${B_ARN}/index.html` })),
    verdict: 'PUBLIC',
    caps: ['READ:object:index.html'],
  },
  {
    name: 'other bucket => nothing here',
    rules: ['A-9'],
    r: p(stmt({ Resource: 'arn:aws:s3:::other-bucket/*' })),
    verdict: 'PRIVATE',
  },
  {
    name: 'wildcard bucket name reaches this bucket',
    rules: ['A-9'],
    r: p(stmt({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::demo-*' })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'READ:bucket'],
  },
  {
    name: 'NotResource in Allow is broad',
    rules: ['A-9'],
    r: p(stmt({ Resource: undefined, NotResource: 'arn:aws:s3:::other/*', Action: ['s3:GetObject', 's3:ListBucket'] })),
    verdict: 'PUBLIC',
    caps: ['LIST:bucket', 'READ:bucket'],
  },
  {
    name: 'suffix pattern keeps the pattern visible',
    rules: ['A-9'],
    r: p(stmt({ Resource: `${B_ARN}/*.pdf` })),
    verdict: 'PUBLIC',
    caps: ['READ:prefix:*.pdf'],
  },
  // A-10 Deny and anonymous context
  {
    name: 'unconditional Deny "*" s3:* removes everything',
    rules: ['A-10'],
    r: denyWith(undefined),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
  },
  {
    name: 'Deny on SecureTransport=false does not remove',
    rules: ['A-10'],
    r: denyWith({ Bool: { 'aws:SecureTransport': 'false' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny StringNotEquals SourceVpce removes (anonymous lacks it)',
    rules: ['A-10'],
    r: denyWith({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }),
    verdict: 'PRIVATE',
  },
  {
    // Anonymous callers are stopped; members of o-x1 are not (the Deny exempts them): shared with that organisation.
    name: 'Deny StringNotEquals PrincipalOrgID: anonymous callers removed, the named organisation keeps it => SHARED',
    rules: ['A-10'],
    r: denyWith({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'SHARED',
  },
  {
    name: "Deny StringNotEquals PrincipalOrgID <the owner's trusted organisation> => PRIVATE (trust zone)",
    rules: ['A-10'],
    r: denyWith({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-trusted123' } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny StringEquals PrincipalOrgID does not apply to anonymous',
    rules: ['A-10'],
    r: denyWith({ StringEquals: { 'aws:PrincipalOrgID': 'o-x1' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny NotIpAddress private range removes',
    rules: ['A-10'],
    r: denyWith({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny NotIpAddress public range does not remove',
    rules: ['A-10'],
    r: denyWith({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny from a specific IP does not remove',
    rules: ['A-10'],
    r: denyWith({ IpAddress: { 'aws:SourceIp': '198.51.100.7' } }),
    verdict: 'PUBLIC',
  },
  {
    // Stops anonymous callers and principals outside any organisation; a principal of any account in any
    // organisation still reads: authenticated-public.
    name: 'Deny Null PrincipalOrgID=true: anonymous callers removed, principals of any organisation keep it => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: denyWith({ Null: { 'aws:PrincipalOrgID': 'true' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'Deny Null Referer=true does not remove',
    rules: ['A-10'],
    r: denyWith({ Null: { 'aws:Referer': 'true' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny after a past date removes (evaluated at ctx.now)',
    rules: ['A-10'],
    r: denyWith({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny from a future date does not remove',
    rules: ['A-10'],
    r: denyWith({ DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny with fixed principal does not cover anonymous',
    rules: ['A-10'],
    r: denyWith(undefined, { Principal: { AWS: OTHER } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny on a prefix leaves the bucket-wide grant',
    rules: ['A-10', 'A-9'],
    r: p(stmt(), { ...DENY_ALL, Resource: `${B_ARN}/private/*` }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny PutObject removes only WRITE',
    rules: ['A-10', 'A-8'],
    r: p(stmt({ Action: ['s3:GetObject', 's3:PutObject'] }), { ...DENY_ALL, Action: 's3:PutObject' }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny on all objects covers a prefix grant',
    rules: ['A-10'],
    r: p(stmt({ Resource: `${B_ARN}/public/*` }), DENY_ALL),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny with ? does not cover a * grant',
    rules: ['A-10'],
    r: p(stmt(), { ...DENY_ALL, Resource: `${B_ARN}/?` }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny NotResource is not credited',
    rules: ['A-10'],
    r: p(stmt(), { ...DENY_ALL, Resource: undefined, NotResource: 'arn:aws:s3:::other/*' }),
    verdict: 'PUBLIC',
  },
  {
    name: 'Deny "*" removes a SHARED grant',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } }), DENY_ALL),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny NotPrincipal does not remove a SHARED grant (conservative)',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } }), { ...DENY_ALL, Principal: undefined, NotPrincipal: { AWS: OWNER } }),
    verdict: 'SHARED',
  },
  {
    name: 'expired DateLessThan makes the Allow inert',
    rules: ['A-10'],
    r: cond({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }),
    verdict: 'PRIVATE',
    publicWithoutCapability: true,
    text: /never applies/,
  },
  {
    name: 'future DateLessThan keeps the Allow',
    rules: ['A-10'],
    r: cond({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'started DateGreaterThan keeps the Allow',
    rules: ['A-10'],
    r: cond({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01' } }),
    verdict: 'PUBLIC',
  },
  {
    name: 'expired EpochTime window',
    rules: ['A-10'],
    r: cond({ NumericLessThan: { 'aws:EpochTime': '1577836800' } }),
    verdict: 'PRIVATE',
  },
  {
    name: 'unparsable date evaluated worst case',
    rules: ['A-10'],
    r: cond({ DateLessThan: { 'aws:CurrentTime': 'yesterday-ish' } }),
    verdict: 'PUBLIC',
    text: /could not be evaluated/,
  },
  {
    name: 'expired grant to another account is inert too',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER }, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } })),
    verdict: 'PRIVATE',
  },
  // malformed input
  {
    name: 'malformed JSON => UNKNOWN malformed',
    rules: ['A-21'],
    r: awsBucket({ policy: '{"Statement": [' }),
    verdict: 'UNKNOWN',
    unknown: ['bucketPolicy!'],
    text: /malformed.*invalid JSON/,
  },
  {
    name: 'JSON without Statement => UNKNOWN',
    rules: ['A-21'],
    r: awsBucket({ policy: '{"Version":"2012-10-17"}' }),
    verdict: 'UNKNOWN',
    text: /missing Statement/,
  },
  { name: 'bad Effect => UNKNOWN', rules: ['A-21'], r: p(stmt({ Effect: 'Maybe' })), verdict: 'UNKNOWN', text: /Effect/ },
  {
    name: 'missing Principal => UNKNOWN',
    rules: ['A-21'],
    r: p(stmt({ Principal: undefined })),
    verdict: 'UNKNOWN',
    text: /Principal is required/,
  },
  {
    name: 'single Statement object is accepted',
    rules: ['A-1'],
    r: awsBucket({ policy: JSON.stringify({ Statement: stmt() }) }),
    verdict: 'PUBLIC',
  },
];

describe('AWS bucket policy rules (A-1..A-10) through analyzeResource', () => {
  it.each(POLICY_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });

  it('covers every rule it owns with a failing and a passing row', () => {
    for (const rule of ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'A-7', 'A-8', 'A-9', 'A-10', 'A-21']) {
      const rows = POLICY_ROWS.filter((r) => r.rules.includes(rule));
      expect(rows.length, rule).toBeGreaterThanOrEqual(2);
      expect(new Set(rows.map((r) => r.verdict)).size, `${rule} needs rows with different verdicts`).toBeGreaterThanOrEqual(2);
    }
  });

  it('evidence names the statement, sid and principal', () => {
    const a = checkRow({ name: 'evidence', rules: ['A-1'], r: p(stmt({ Sid: 'PublicRead' })), verdict: 'PUBLIC' });
    const g = a.grants[0]!;
    expect(g.evidence.path).toBe('policy.Statement[0]');
    expect(g.evidence.sid).toBe('PublicRead');
    expect(g.evidence.summary).toContain(`Statement[0] (Sid PublicRead) allows s3:GetObject on ${O_ARN} to Principal "*"`);
    expect(g.evidence.rules).toEqual(expect.arrayContaining(['A-1', 'A-8', 'A-9']));
    expect(a.reasons[0]).toBe(g.evidence);
  });
});
