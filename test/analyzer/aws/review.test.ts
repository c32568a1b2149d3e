/**
 * Misclassifications found in review, each row failing on the code before its fix.
 *
 * 1. Principal keys anonymous S3 requests DO carry (IAM "AWS global condition context keys": aws:PrincipalAccount,
 *    aws:PrincipalType and aws:userid are "included in the request context for all requests, including anonymous
 *    requests"; aws:PrincipalAccount "For anonymous requests, the request context returns anonymous"; the principal
 *    key table of "IAM policy elements: Variables and tags" gives, for "Anonymous caller (Amazon SQS, Amazon SNS,
 *    and Amazon S3 only)", aws:userid = anonymous and aws:PrincipalType = Anonymous). The engine treated them as
 *    absent: a Deny on Null:true / IfExists / ForAllValues over them was credited against anonymous callers (a
 *    public bucket reported PRIVATE), and Allows naming the anonymous values were read as grants to a fixed
 *    account or to authenticated principals only.
 */
import { describe, expect, it } from 'vitest';
import { allowEntryOutcome, denyEntryAlwaysTrue } from '../../../src/analyzer/aws/conditions.js';
import type { ConditionEntry } from '../../../src/analyzer/aws/policy-parse.js';
import { awsBucket, bpa, DENY_ALL, NOW, OTHER, OWNER, policy, type Stmt, stmt } from './builders.js';
import { checkRow, type Row } from './rows.js';

const p = (...s: Stmt[]) => awsBucket({ policy: policy(...s) });
type Cond = Record<string, Record<string, unknown>>;
const cond = (c: Cond, over: Stmt = {}) => p(stmt({ Condition: c, ...over }));
const denyWhen = (c: Cond): Stmt => ({ ...DENY_ALL, Condition: c });
const e = (operator: string, key: string, ...values: string[]): ConditionEntry => ({ operator, key, values });

const ANONYMOUS_KEY_ROWS: Row[] = [
  /* ---------------------------------- Denies that do NOT fire for anonymous callers (were credited) ---------------------------------- */
  {
    name: 'Deny Null aws:PrincipalAccount=true: anonymous requests carry the key ("anonymous") => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:PrincipalAccount': 'true' } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny Null aws:userid=true: anonymous requests carry aws:userid "anonymous" => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:userid': 'true' } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny Null aws:PrincipalType=true: anonymous requests carry aws:PrincipalType "Anonymous" => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:PrincipalType': 'true' } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny StringEqualsIfExists aws:PrincipalAccount <other account>: "anonymous" is present and differs => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringEqualsIfExists: { 'aws:PrincipalAccount': OTHER } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny ForAllValues:StringEquals aws:userid <id>: the one value "anonymous" is not in the set => stays PUBLIC',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ 'ForAllValues:StringEquals': { 'aws:userid': 'AIDAEXAMPLE123' } })),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  /* ------------------------------------- Denies that DO fire for anonymous callers (were ignored) ------------------------------------- */
  {
    name: 'Deny StringEquals aws:PrincipalType "Anonymous" stops anonymous callers only: any AWS principal still reads => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringEquals: { 'aws:PrincipalType': 'Anonymous' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'Deny StringEquals aws:userid "anonymous" stops anonymous callers only: any AWS principal still reads => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringEquals: { 'aws:userid': 'anonymous' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  /* ------------------------------------------------------------ Allows ------------------------------------------------------------ */
  {
    name: 'Allow "*" StringEquals aws:PrincipalAccount "anonymous" is a grant to anonymous callers, not to an account => PUBLIC',
    rules: ['A-1', 'A-10'],
    r: cond({ StringEquals: { 'aws:PrincipalAccount': 'anonymous' } }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Allow "*" StringEquals aws:userid "anonymous" => PUBLIC, not SHARED with an identity',
    rules: ['A-1', 'A-10'],
    r: cond({ StringEquals: { 'aws:userid': 'anonymous' } }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Allow "*" StringEquals aws:PrincipalType "Anonymous" => PUBLIC (anonymous only), not PUBLIC_AUTHENTICATED',
    rules: ['A-1', 'A-10'],
    r: cond({ StringEquals: { 'aws:PrincipalType': 'Anonymous' } }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  {
    name: 'Allow "*" StringNotEquals aws:PrincipalType "Anonymous" excludes anonymous callers => PUBLIC_AUTHENTICATED',
    rules: ['A-1', 'A-10'],
    r: cond({ StringNotEquals: { 'aws:PrincipalType': 'Anonymous' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
  },
  {
    name: 'Allow "*" StringEqualsIfExists aws:PrincipalAccount owner: anonymous carries "anonymous" => owner only, PRIVATE',
    rules: ['A-1', 'A-10'],
    r: cond({ StringEqualsIfExists: { 'aws:PrincipalAccount': OWNER } }),
    verdict: 'PRIVATE',
    exposures: ['SHARED'],
  },
  {
    name: 'Allow "*" Null aws:PrincipalAccount=false ("key present") also admits anonymous callers => PUBLIC',
    rules: ['A-1', 'A-10'],
    r: cond({ Null: { 'aws:PrincipalAccount': 'false' } }),
    verdict: 'PUBLIC',
    caps: ['READ:bucket'],
  },
  /* ------------------------------------------------------- unchanged controls ------------------------------------------------------- */
  {
    name: 'control: Deny StringNotEquals aws:PrincipalAccount owner still fires for anonymous callers => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': OWNER } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'control: Deny Null aws:PrincipalOrgID=true still stops anonymous callers (they lack the key); principals of any organisation keep it => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:PrincipalOrgID': 'true' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
];

describe('principal keys anonymous S3 requests carry (aws:PrincipalAccount, aws:userid, aws:PrincipalType)', () => {
  it.each(ANONYMOUS_KEY_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });

  it.each([
    [e('Null', 'aws:PrincipalAccount', 'true'), false],
    [e('Null', 'aws:PrincipalAccount', 'false'), true],
    [e('StringEqualsIfExists', 'aws:PrincipalAccount', OTHER), false],
    [e('StringNotEqualsIfExists', 'aws:PrincipalAccount', OTHER), true],
    [e('ForAllValues:StringEquals', 'aws:userid', 'AIDAX'), false],
    [e('ForAnyValue:StringNotEquals', 'aws:userid', 'AIDAX'), true],
    [e('StringEquals', 'aws:PrincipalType', 'Anonymous'), true],
    [e('StringEquals', 'aws:PrincipalType', 'anonymous'), false], // StringEquals is case-sensitive
    [e('StringEqualsIgnoreCase', 'aws:PrincipalType', 'anonymous'), true],
    [e('StringLike', 'aws:userid', 'anon*'), true],
    [e('StringNotLike', 'aws:userid', 'AROA*'), true],
    [e('StringNotEquals', 'aws:PrincipalType', 'User', 'Anonymous'), false],
  ] as const)('denyEntryAlwaysTrue(anonymous-internet) %o => %s', (entry, want) => {
    expect(denyEntryAlwaysTrue(entry, 'anonymous-internet', NOW)).toBe(want);
  });

  it.each([
    [e('StringEquals', 'aws:PrincipalAccount', 'anonymous'), 'any'],
    [e('StringLike', 'aws:PrincipalAccount', '*'), 'any'],
    [e('StringNotEquals', 'aws:PrincipalType', 'Anonymous'), 'narrow'],
    [e('StringEqualsIfExists', 'aws:PrincipalAccount', OWNER), 'narrow'],
    [e('Null', 'aws:userid', 'false'), 'any'],
  ] as const)('allowEntryOutcome %o => %s', (entry, want) => {
    expect(allowEntryOutcome(entry, NOW).t).toBe(want);
  });
});

/**
 * 2. aws:PrincipalIsAWSService "false". IAM global condition keys: the key "is present in the request context for all
 *    signed API requests that use AWS credentials. Anonymous requests do not include this key"; it is true only when
 *    a service principal calls directly and "set to false if the service uses the credentials of an IAM principal".
 *    So Bool aws:PrincipalIsAWSService=false admits every IAM principal of every account (PUBLIC_AUTHENTICATED); the
 *    engine read any value as "AWS services only" (PRIVATE).
 */
const SERVICE_KEY_ROWS: Row[] = [
  {
    name: 'Allow "*" Bool aws:PrincipalIsAWSService "false" admits every AWS principal => PUBLIC_AUTHENTICATED, not PRIVATE',
    rules: ['A-1', 'A-10'],
    r: cond({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
  },
  {
    name: 'Allow "*" Bool aws:PrincipalIsAWSService false (JSON boolean) => PUBLIC_AUTHENTICATED',
    rules: ['A-1', 'A-10'],
    r: cond({ Bool: { 'aws:PrincipalIsAWSService': false } }, { Action: 's3:PutObject' }),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['WRITE:bucket'],
  },
  {
    name: 'Allow "*" Bool aws:PrincipalIsAWSService "false" is BPA-public: account RestrictPublicBuckets neutralises it => LATENT',
    rules: ['A-1', 'A-14'],
    r: awsBucket({
      policy: policy(stmt({ Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } })),
      accountBpa: bpa({ restrictPublicBuckets: true }),
    }),
    verdict: 'LATENT',
  },
  {
    name: 'control: Allow "*" Bool aws:PrincipalIsAWSService "true" => AWS service principals only, PRIVATE',
    rules: ['A-1', 'A-10'],
    r: cond({ Bool: { 'aws:PrincipalIsAWSService': 'true' } }),
    verdict: 'PRIVATE',
  },
];

describe('aws:PrincipalIsAWSService value decides who an Allow reaches', () => {
  it.each(SERVICE_KEY_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });
});

/**
 * 3. Network-perimeter keys that, like aws:SourceVpc / aws:SourceVpce, exist only on requests through a VPC endpoint.
 *    IAM global condition keys: aws:VpceAccount "is included in the request context when a request is made through
 *    a VPC endpoint. The key is not included for requests made through public service endpoints"; aws:VpceOrgID the
 *    same (and only when the endpoint owner is in an organization); aws:SourceVpcArn "is not included for requests
 *    made through public service endpoints"; Amazon S3 is listed as supporting all three. The engine classed them as
 *    caller-controlled keys: an Allow pinned to the owner's endpoints was PUBLIC (internet), and a perimeter Deny
 *    "not through my endpoints" was never credited.
 */
const VPCE_KEY_ROWS: Row[] = [
  {
    name: 'Allow "*" StringEquals aws:VpceAccount <owner>: only through the owner\'s VPC endpoints => RESTRICTED vpce',
    rules: ['A-10'],
    r: cond({ StringEquals: { 'aws:VpceAccount': OWNER } }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
  },
  {
    name: 'Allow "*" StringEquals aws:VpceOrgID <org> => RESTRICTED vpce',
    rules: ['A-10'],
    r: cond({ StringEquals: { 'aws:VpceOrgID': 'o-mine12345' } }),
    verdict: 'RESTRICTED',
    pin: 'vpce',
  },
  {
    name: 'Allow "*" ArnEquals aws:SourceVpcArn <owner VPC> => RESTRICTED vpc',
    rules: ['A-10'],
    r: cond({ ArnEquals: { 'aws:SourceVpcArn': `arn:aws:ec2:eu-central-1:${OWNER}:vpc/vpc-0abc` } }),
    verdict: 'RESTRICTED',
    pin: 'vpc',
  },
  {
    name: 'Deny StringNotEqualsIfExists aws:VpceAccount <owner> (network perimeter) removes the anonymous grant => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEqualsIfExists: { 'aws:VpceAccount': OWNER } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny StringNotEquals aws:VpceOrgID <org> removes the anonymous grant => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:VpceOrgID': 'o-mine12345' } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'Deny StringNotEquals aws:SourceVpcArn <owner VPC> removes the anonymous grant => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:SourceVpcArn': `arn:aws:ec2:eu-central-1:${OWNER}:vpc/vpc-0abc` } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'control: Allow "*" StringLike aws:VpceAccount "*": any caller-owned endpoint matches => PUBLIC',
    rules: ['A-10'],
    r: cond({ StringLike: { 'aws:VpceAccount': '*' } }),
    verdict: 'PUBLIC',
  },
  {
    name: "control: Deny Null aws:VpceOrgID=true: a caller-owned endpoint in the caller's own org escapes it => stays PUBLIC",
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:VpceOrgID': 'true' } })),
    verdict: 'PUBLIC',
  },
  {
    name: 'control: Allow "*" StringEquals aws:VpceAccount is BPA-public: account RestrictPublicBuckets neutralises it => LATENT',
    rules: ['A-14'],
    r: awsBucket({
      policy: policy(stmt({ Condition: { StringEquals: { 'aws:VpceAccount': OWNER } } })),
      accountBpa: bpa({ restrictPublicBuckets: true }),
    }),
    verdict: 'LATENT',
  },
];

describe('VPC-endpoint network keys (aws:VpceAccount, aws:VpceOrgID, aws:SourceVpcArn)', () => {
  it.each(VPCE_KEY_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });
});

/**
 * 4. Denies keyed on aws:PrincipalAccount against a grant to a fixed account. For a principal of account X the
 *    request context holds aws:PrincipalAccount = X ("the account to which the requesting principal belongs",
 *    IAM global condition keys), so such a Deny is decidable. The engine credited no condition at all on
 *    non-anonymous routes: a grant to another account stayed SHARED under "Deny everyone outside my account".
 */
const SHARED_DENY_ROWS: Row[] = [
  {
    name: 'grant to another account + Deny StringNotEquals aws:PrincipalAccount <owner> => the grant never applies, PRIVATE',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } }), denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': OWNER } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'grant to a role of another account + Deny StringEquals aws:PrincipalAccount <that account> => PRIVATE',
    rules: ['A-10', 'A-19'],
    r: p(
      stmt({ Principal: { AWS: `arn:aws:iam::${OTHER}:role/reader` } }),
      denyWhen({ StringEquals: { 'aws:PrincipalAccount': OTHER } }),
    ),
    verdict: 'PRIVATE',
  },
  {
    name: 'control: Deny StringNotEquals aws:PrincipalAccount listing the grantee account leaves the grant => SHARED',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } }), denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': [OWNER, OTHER] } })),
    verdict: 'SHARED',
  },
  {
    name: 'control: Deny StringNotEquals aws:PrincipalOrgID (grantee org unknown) is not credited => SHARED',
    rules: ['A-10', 'A-19'],
    r: p(stmt({ Principal: { AWS: OTHER } }), denyWhen({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-mine12345' } })),
    verdict: 'SHARED',
  },
  {
    name: 'control: AuthenticatedUsers-like routes are not narrowed by it (any account) => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(
      stmt({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }),
      denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': OWNER } }),
    ),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: 'control: account inferred from aws:SourceAccount (a service acting for it) is not the caller account => SHARED',
    rules: ['A-10', 'A-19'],
    r: p(
      stmt({ Condition: { StringEquals: { 'aws:SourceAccount': OTHER } } }),
      denyWhen({ StringEquals: { 'aws:PrincipalAccount': OTHER } }),
    ),
    verdict: 'SHARED',
  },
];

describe('Deny on aws:PrincipalAccount against grants to fixed accounts', () => {
  it.each(SHARED_DENY_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });
});

/*
 * 5. A Deny that stops anonymous callers of a grant to "*" only by their identity leaves authenticated callers in.
 *    The engine credited it against the whole grant: Allow "*" + "Deny unless authenticated" (Null aws:PrincipalArn),
 *    a very common pattern, read PRIVATE although every principal of every AWS account can read (IAM policy
 *    evaluation: a Deny applies only to requests its conditions match). Who remains is named where the Deny says
 *    it (NotPrincipal, StringNotEquals on the caller's account / organisation / ARN); network, time and
 *    calling-service keys are as true for authenticated callers as for anonymous ones.
 */
const ROLE_OWN = `arn:aws:iam::${OWNER}:role/app`;
const ROLE_OTHER = `arn:aws:iam::${OTHER}:role/partner`;
const REMAINDER_ROWS: Row[] = [
  {
    name: 'Deny Null aws:PrincipalArn=true (deny unauthenticated): every AWS principal still reads => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:PrincipalArn': 'true' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
    caps: ['READ:bucket'],
  },
  {
    name: 'Deny StringNotEquals aws:PrincipalAccount <other account>: that account still reads => SHARED',
    rules: ['A-10', 'A-19'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': OTHER } })),
    verdict: 'SHARED',
  },
  {
    name: 'Deny StringNotEquals aws:PrincipalAccount <owner>: only the owner reads => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:PrincipalAccount': OWNER } })),
    verdict: 'PRIVATE',
  },
  {
    name: "Deny NotPrincipal <the owner's role>: only that role reads => PRIVATE",
    rules: ['A-10'],
    r: p(stmt(), { Effect: 'Deny', NotPrincipal: { AWS: ROLE_OWN }, Action: 's3:*', Resource: DENY_ALL.Resource }),
    verdict: 'PRIVATE',
  },
  {
    name: "Deny NotPrincipal <another account's role>: that role reads => SHARED",
    rules: ['A-10', 'A-19'],
    r: p(stmt(), { Effect: 'Deny', NotPrincipal: { AWS: ROLE_OTHER }, Action: 's3:*', Resource: DENY_ALL.Resource }),
    verdict: 'SHARED',
  },
  {
    name: 'control: an unconditional Deny stops everyone => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), { ...DENY_ALL }),
    verdict: 'PRIVATE',
  },
  {
    name: 'control: Deny unless through the owner VPC endpoint stops authenticated callers too (network keys) => PRIVATE',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } })),
    verdict: 'PRIVATE',
  },
  {
    name: 'identity and network keys AND-ed: members of the organisation escape from anywhere => SHARED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0', 'aws:PrincipalOrgID': 'o-x1' } })),
    verdict: 'SHARED',
  },
];

describe('grants to "*": what a Deny on anonymous callers leaves to authenticated ones', () => {
  it.each(REMAINDER_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });
});

const MORE_REMAINDER_ROWS: Row[] = [
  {
    name: 'a second Deny that never stopped anonymous callers (aws:SecureTransport) does not take the rest away => PUBLIC_AUTHENTICATED',
    rules: ['A-10'],
    r: p(stmt(), denyWhen({ Null: { 'aws:PrincipalArn': 'true' } }), denyWhen({ Bool: { 'aws:SecureTransport': 'false' } })),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
  {
    name: "NotPrincipal <owner's role> AND Null aws:PrincipalArn: any authenticated caller escapes by the condition => PUBLIC_AUTHENTICATED",
    rules: ['A-10'],
    r: p(stmt(), {
      Effect: 'Deny',
      NotPrincipal: { AWS: ROLE_OWN },
      Action: 's3:*',
      Resource: DENY_ALL.Resource,
      Condition: { Null: { 'aws:PrincipalArn': 'true' } },
    }),
    verdict: 'PUBLIC_AUTHENTICATED',
  },
];

describe('grants to "*": Denies that did not stop anonymous callers, and NotPrincipal with conditions', () => {
  it.each(MORE_REMAINDER_ROWS.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    checkRow(row);
  });
});
