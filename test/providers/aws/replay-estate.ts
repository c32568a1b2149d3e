/** The recorded AWS estate shared by replay.test.ts and the worker tests (not a test file itself). */
import * as fx from '../../../mocks/aws/fixtures.js';
import type { Route } from '../../../mocks/aws/replay-server.js';
import type { CollectContext } from '../../../providers/types.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { createScheduler, type SchedulerOptions } from '../../../src/scheduler/index.js';

/** The keys the replay server expects. */
export const REPLAY_KEYS = { accessKeyId: 'AKIDREPLAY', secretAccessKey: 'replay-secret' };

/** A collect context whose env holds the replay keys (scheduler: concurrency 8, 10 s timeout, unless overridden). */
export function replayContext(scheduler: SchedulerOptions = {}, concurrency = 8): CollectContext {
  const s = createScheduler({ concurrency: 8, requestTimeoutMs: 10_000, ...scheduler });
  return {
    scheduler: s,
    concurrency,
    signal: s.signal,
    env: { AWS_ACCESS_KEY_ID: REPLAY_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: REPLAY_KEYS.secretAccessKey },
    analyzer: defaultContext(),
  };
}

export const ACCOUNT = '111122223333';
export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const stmt = (o: object) => ({ Version: '2012-10-17', Statement: [o] });
export const PUBLIC_READ = (b: string) =>
  stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${b}/*` });

export const AP_INTERNET: fx.ApFixture = {
  name: 'ap-internet',
  bucket: 'with-aps',
  account: ACCOUNT,
  region: 'us-east-1',
  origin: 'Internet',
};
export const AP_VPC: fx.ApFixture = {
  name: 'ap-vpc',
  bucket: 'with-aps',
  account: ACCOUNT,
  region: 'us-east-1',
  origin: 'VPC',
  vpcId: 'vpc-0abc',
  bpa: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
};
export const ROLE_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/lake-writer`;

/** The recorded estate: one account, a handful of buckets, each exercising one thing RGW cannot. */
export function estate(): Record<string, Route> {
  return {
    GetCallerIdentity: fx.callerIdentity(ACCOUNT),
    ListBuckets: fx.listBuckets({ id: 'c0ffee', name: 'owner' }, [
      { name: 'data-lake', region: 'us-east-1' },
      { name: 'far-away' }, // no BucketRegion: HeadBucket + 301 redirect decide the region
      { name: 'busy', region: 'us-east-1' },
      { name: 'denied', region: 'us-east-1' },
      { name: 'with-aps', region: 'us-east-1' },
      { name: 'enforced', region: 'us-east-1' },
    ]),
    ListAccountAliases: fx.listAccountAliases(['replay-prod']),
    GetAccountPublicAccessBlock: fx.accountPab({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    }),
    // bucket defaults: nothing configured
    GetBucketPolicy: fx.S3_ERRORS.noSuchBucketPolicy(),
    GetBucketPolicyStatus: fx.S3_ERRORS.noSuchBucketPolicy(),
    GetBucketAcl: fx.bucketAcl('c0ffee'),
    GetPublicAccessBlock: fx.S3_ERRORS.noSuchPab(),
    GetBucketOwnershipControls: fx.S3_ERRORS.noOwnership(),
    GetBucketWebsite: fx.S3_ERRORS.noWebsite(),
    GetBucketRequestPayment: fx.requestPayment('BucketOwner'),
    // account-level list (once per account and region, no Bucket filter): only with-aps has access points
    ListAccessPoints: fx.listAccessPoints([AP_INTERNET, AP_VPC]),
    // data-lake: public policy, public ACL, website
    'GetBucketPolicy:data-lake': fx.bucketPolicy(PUBLIC_READ('data-lake')),
    'GetBucketPolicyStatus:data-lake': fx.policyStatus(true),
    'GetBucketAcl:data-lake': fx.bucketAcl('c0ffee', [{ group: ALL_USERS, permission: 'READ' }]),
    'GetBucketWebsite:data-lake': fx.website('index.html'),
    'GetBucketRequestPayment:data-lake': fx.requestPayment('Requester'),
    // far-away lives in eu-west-1: anything signed for another region gets 301 PermanentRedirect
    'HeadBucket:far-away': (r) =>
      r.signingRegion === 'eu-west-1' ? fx.headBucket('eu-west-1') : fx.headBucket('eu-west-1', 301),
    'GetBucketPolicy:far-away': (r) =>
      r.signingRegion === 'eu-west-1'
        ? fx.bucketPolicy(PUBLIC_READ('far-away'))
        : fx.S3_ERRORS.permanentRedirect('far-away', 'eu-west-1'),
    'GetBucketPolicyStatus:far-away': (r) =>
      r.signingRegion === 'eu-west-1' ? fx.policyStatus(true) : fx.S3_ERRORS.permanentRedirect('far-away', 'eu-west-1'),
    // busy: throttled twice, then answers
    'GetBucketPolicy:busy': [fx.S3_ERRORS.slowDown(), fx.S3_ERRORS.slowDown(), fx.bucketPolicy(PUBLIC_READ('busy'))],
    'GetBucketPolicyStatus:busy': fx.policyStatus(true),
    // denied: the caller may not read the policy
    'GetBucketPolicy:denied': fx.S3_ERRORS.accessDenied(),
    'GetBucketPolicyStatus:denied': fx.S3_ERRORS.accessDenied(),
    // with-aps: an Internet access point with a public policy, a VPC one without policy
    'GetAccessPoint:ap-internet': fx.getAccessPoint(AP_INTERNET),
    'GetAccessPoint:ap-vpc': fx.getAccessPoint(AP_VPC),
    'GetAccessPointPolicy:ap-internet': fx.accessPointPolicy(
      stmt({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/ap-internet/object/*`,
      }),
    ),
    'GetAccessPointPolicyStatus:ap-internet': fx.accessPointPolicyStatus(true),
    'GetAccessPointPolicy:ap-vpc': fx.controlError(
      404,
      'NoSuchAccessPointPolicy',
      'The specified accesspoint does not have a policy',
    ),
    // enforced: ACLs disabled
    'GetBucketOwnershipControls:enforced': fx.ownershipControls('BucketOwnerEnforced'),
    'GetPublicAccessBlock:enforced': fx.bucketPab({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
    // IAM: one role anyone can assume (S3 grants on data-*), one pinned by ExternalId, one service role
    ListRoles: fx.listRoles([
      {
        name: 'open-role',
        account: ACCOUNT,
        trust: stmt({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
      },
      {
        name: 'partner-role',
        account: ACCOUNT,
        trust: stmt({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'xid-42' } },
        }),
      },
      {
        name: 'ec2-role',
        account: ACCOUNT,
        trust: stmt({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      },
    ]),
    'ListRolePolicies:open-role': fx.listRolePolicies(['lake-read']),
    'GetRolePolicy:open-role': fx.getRolePolicy(
      'open-role',
      'lake-read',
      stmt({
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::data-*', 'arn:aws:s3:::data-*/*'],
      }),
    ),
    'ListAttachedRolePolicies:open-role': fx.listAttachedRolePolicies([ROLE_POLICY_ARN]),
    [`GetPolicy:${ROLE_POLICY_ARN}`]: fx.getPolicy(ROLE_POLICY_ARN, 'v3'),
    [`GetPolicyVersion:${ROLE_POLICY_ARN}`]: fx.getPolicyVersion('v3', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data-lake/*' },
        { Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*' },
      ],
    }),
  };
}
