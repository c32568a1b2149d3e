import type { AwsS3Facts } from '../../../src/model/index.js';
import { describe, expect, it } from 'vitest';
import { apiEndpoint, bucketArn, websiteEndpoint } from '../../../providers/aws/endpoints.js';
import {
  normalizeAccessPoint,
  normalizePolicy,
  normalizeAcl,
  normalizeBpa,
  normalizeBpaOutput,
  normalizeOwnership,
  normalizePolicyStatus,
  normalizeRequestPayment,
  normalizeWebsite,
  known,
  shareFacts,
} from '../../../providers/aws/normalize.js';
import { openTrustEvidence, parsePolicyDocument, reachesBucket, s3Statements } from '../../../providers/aws/roles.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

describe('normalize (pure)', () => {
  it('ACL: groups, canonical users, e-mail grantees; drops malformed grants', () => {
    const acl = normalizeAcl({
      Owner: { ID: 'owner1' },
      Grants: [
        { Grantee: { Type: 'CanonicalUser', ID: 'owner1', DisplayName: 'me' }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
        { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: 'a@example.com' }, Permission: 'WRITE_ACP' },
        { Grantee: { Type: 'Group' }, Permission: 'READ' },
        { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'BOGUS' },
      ],
    });
    expect(acl).toEqual({
      ownerId: 'owner1',
      grants: [
        { grantee: { type: 'CanonicalUser', id: 'owner1', displayName: 'me' }, permission: 'FULL_CONTROL' },
        { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' },
        { grantee: { type: 'AmazonCustomerByEmail', email: 'a@example.com' }, permission: 'WRITE_ACP' },
      ],
    });
  });

  it('BPA: missing flags are false', () => {
    expect(normalizeBpa({ BlockPublicAcls: true, RestrictPublicBuckets: true })).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: true,
    });
    expect(normalizeBpa(undefined).ignorePublicAcls).toBe(false);
  });

  it('ownership: a rule is known; an empty 200 (RGW) is unknown "unsupported", not "not configured"', () => {
    expect(normalizeOwnership({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } })).toEqual({
      known: true,
      value: 'BucketOwnerEnforced',
    });
    expect(normalizeOwnership({ OwnershipControls: {} })).toMatchObject({ known: false, reason: 'unsupported' });
    expect(normalizeOwnership({})).toMatchObject({ known: false, reason: 'unsupported' });
  });

  it('website, policy status, requester pays', () => {
    expect(normalizeWebsite({ IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'e.html' } })).toEqual({
      indexDocument: 'index.html',
      errorDocument: 'e.html',
    });
    expect(normalizeWebsite({ RedirectAllRequestsTo: { HostName: 'example.com', Protocol: 'https' } })).toEqual({
      redirectAllRequestsTo: 'https://example.com',
    });
    expect(normalizePolicyStatus({ PolicyStatus: { IsPublic: true } }, 'op')).toEqual({ known: true, value: true });
    expect(normalizePolicyStatus({}, 'op')).toMatchObject({ known: false, reason: 'error' });
    expect(normalizeRequestPayment({ Payer: 'Requester' })).toEqual({ known: true, value: true });
    expect(normalizeRequestPayment({ Payer: 'BucketOwner' })).toEqual({ known: true, value: false });
  });

  it('access point: detail overrides listing; unknown detail => BPA unknown; VPC id kept', () => {
    const listed = { Name: 'ap1', NetworkOrigin: 'VPC', VpcConfiguration: { VpcId: 'vpc-1' } };
    const ap = normalizeAccessPoint(
      listed,
      { known: true, value: { ...listed, PublicAccessBlockConfiguration: { BlockPublicAcls: true } } },
      { known: true, value: null },
    );
    expect(ap).toMatchObject({ name: 'ap1', networkOrigin: 'VPC', vpcId: 'vpc-1', policy: { known: true, value: null } });
    expect(ap.bpa).toEqual({
      known: true,
      value: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
    const denied = { known: false as const, reason: 'access-denied' as const, operation: 'GetAccessPoint' };
    const ap2 = normalizeAccessPoint({ Name: 'ap2', NetworkOrigin: 'Internet' }, denied, denied);
    expect(ap2.bpa).toEqual(denied);
    expect(ap2.networkOrigin).toBe('Internet');
    // A GetAccessPoint 200 without PublicAccessBlockConfiguration is malformed, never "no access point BPA".
    const ap3 = normalizeAccessPoint({ Name: 'ap3' }, { known: true, value: { Name: 'ap3' } }, { known: true, value: null });
    expect(ap3.bpa).toMatchObject({ known: false, reason: 'malformed', operation: 'GetAccessPoint' });
  });

  it('policy text: a 200 without Policy is unknown, never "no policy"', () => {
    expect(normalizePolicy({ Policy: '{}' }, 'GetBucketPolicy')).toEqual({ known: true, value: '{}' });
    expect(normalizePolicy({}, 'GetAccessPointPolicy')).toMatchObject({
      known: false,
      reason: 'error',
      operation: 'GetAccessPointPolicy',
    });
  });
});

describe('endpoints', () => {
  it('virtual-host on AWS, path-style for dotted names and custom endpoints', () => {
    expect(apiEndpoint('my-bucket', 'eu-west-1')).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/');
    expect(apiEndpoint('my.bucket', 'eu-west-1')).toBe('https://s3.eu-west-1.amazonaws.com/my.bucket/');
    expect(apiEndpoint('b1', 'us-east-1', 'http://127.0.0.1:7480')).toBe('http://127.0.0.1:7480/b1/');
    expect(apiEndpoint('b1', 'cn-north-1')).toBe('https://b1.s3.cn-north-1.amazonaws.com.cn/');
  });
  it('website endpoints: dash regions vs dot regions; none on custom endpoints', () => {
    expect(websiteEndpoint('site', 'us-east-1')).toBe('http://site.s3-website-us-east-1.amazonaws.com/');
    expect(websiteEndpoint('site', 'eu-central-1')).toBe('http://site.s3-website.eu-central-1.amazonaws.com/');
    expect(websiteEndpoint('site', 'us-east-1', 'http://127.0.0.1:1')).toBeUndefined();
    expect(bucketArn('b')).toBe('arn:aws:s3:::b');
  });
});

describe('assumable-role helpers', () => {
  const trust = (stmt: object) => ({ Version: '2012-10-17', Statement: [stmt] });
  it('open trust: Principal "*" or {"AWS":"*"} without a fixed ExternalId / PrincipalOrgID pin', () => {
    expect(openTrustEvidence(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }))).toMatch(/Statement\[0\]/);
    expect(openTrustEvidence(trust({ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 'sts:*' }))).toBeDefined();
    expect(
      openTrustEvidence(
        trust({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'x1' } },
        }),
      ),
    ).toBeUndefined();
    expect(
      openTrustEvidence(
        trust({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        }),
      ),
    ).toBeUndefined();
    // A wildcard value or a negated operator is no pin.
    expect(
      openTrustEvidence(
        trust({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
        }),
      ),
    ).toBeDefined();
    expect(
      openTrustEvidence(
        trust({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringNotEquals: { 'sts:ExternalId': 'x' } },
        }),
      ),
    ).toBeDefined();
    expect(
      openTrustEvidence(
        trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }),
      ),
    ).toBeUndefined();
    expect(
      openTrustEvidence(trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
    ).toBeUndefined();
  });

  it('parses URL-encoded IAM documents', () => {
    const doc = encodeURIComponent(JSON.stringify(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })));
    expect(openTrustEvidence(parsePolicyDocument(doc))).toBeDefined();
    expect(parsePolicyDocument('%E0%A4%A')).toBeUndefined();
  });

  it('keeps S3 statements and matches their resources to buckets', () => {
    const stmts = s3Statements({
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::data-*/*' },
        { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::data-secret' },
      ],
    });
    expect(stmts).toHaveLength(2);
    expect(reachesBucket(stmts[0]!, 'data-lake')).toBe(true);
    expect(reachesBucket(stmts[0]!, 'logs')).toBe(false);
    expect(reachesBucket({ Resource: 'arn:aws:s3:::logs/prefix/*' }, 'logs')).toBe(true);
    expect(reachesBucket({ Resource: '*' }, 'any')).toBe(true);
    expect(reachesBucket({ NotResource: 'arn:aws:s3:::x' }, 'any')).toBe(true);
  });
});

describe('normalizeBpaOutput', () => {
  it('a 200 without the configuration element is unknown (malformed), never "all off"', () => {
    expect(normalizeBpaOutput({}, 'GetPublicAccessBlock')).toMatchObject({ known: false, reason: 'malformed' });
    expect(normalizeBpaOutput({ PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }, 'op')).toMatchObject({
      known: true,
      value: { ignorePublicAcls: true, blockPublicAcls: false },
    });
  });
});

describe('shared facts (memory of large scans)', () => {
  const facts = (bucket: string): AwsS3Facts => ({
    provider: 'aws',
    policy: known(`{"Statement":[],"Id":"${bucket}"}`),
    policyStatus: known(null),
    acl: known(
      normalizeAcl({
        Owner: { ID: 'c0ffee' },
        Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'c0ffee' }, Permission: 'FULL_CONTROL' }],
      }),
    ),
    bucketBpa: known(normalizeBpa({ BlockPublicAcls: true })),
    accountBpa: { known: false, reason: 'access-denied', operation: 'GetPublicAccessBlock (account)', code: 'AccessDenied' },
    ownership: normalizeOwnership({ OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }),
    website: known(null),
    accessPoints: known([]),
    requesterPays: known(false),
    assumableRoles: known([]),
  });

  it('repeating values are one frozen instance; editing one in place throws instead of changing every bucket', () => {
    const a = facts('a');
    const b = facts('b');
    expect(a.bucketBpa).not.toBe(b.bucketBpa); // two Known wrappers...
    expect(a.bucketBpa.known && a.bucketBpa.value).toBe(b.bucketBpa.known && b.bucketBpa.value); // ...around one BPA value
    expect(a.acl.known && a.acl.value).toBe(b.acl.known && b.acl.value);
    expect(a.ownership).toBe(b.ownership);
    expect(a.accessPoints).toBe(b.accessPoints);
    expect(() => {
      (a.accessPoints as { value: unknown[] }).value.push('x');
    }).toThrow(TypeError);
  });

  it('shareFacts: facts cloned across a thread boundary come back equal, with the repeating values shared again', () => {
    const [a, b] = structuredClone([facts('a'), facts('b')]) as [AwsS3Facts, AwsS3Facts];
    expect(a.acl).not.toBe(b.acl);
    const sa = shareFacts(a);
    const sb = shareFacts(b);
    expect(sa).toEqual(facts('a'));
    expect(sb).toEqual(facts('b'));
    for (const k of [
      'acl',
      'bucketBpa',
      'accountBpa',
      'ownership',
      'website',
      'accessPoints',
      'requesterPays',
      'policyStatus',
    ] as const) {
      expect(sa[k], k).toBe(sb[k]);
    }
    expect(sa.policy).not.toBe(sb.policy); // unique text is not interned
  });
});
