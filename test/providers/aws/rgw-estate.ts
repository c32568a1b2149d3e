import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type BucketCannedACL,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Verdict } from '../../../src/model/index.js';
import type { RgwServer } from '../../helpers/rgw.js';

/** What an unsigned request observes: HTTP status of list (GET /b?list-type=2) and get-object (GET /b/hello.txt). */
export interface AnonObservation {
  list: number;
  get: number;
}

export interface EstateBucket {
  name: string;
  /** Verdict the rules (exposure-semantics) give for the collected facts. */
  verdict: Verdict;
  /** What RGW really lets an anonymous caller on 127.0.0.1 do. */
  anon: AnonObservation;
  /** A documented RGW difference (test-servers.md): the verdict follows AWS, the server does not. */
  rgwDiffers?: string;
  /** Object for the get-object probe (default hello.txt). */
  key?: string;
}

const stmt = (o: object) => ({ Version: '2012-10-17', Statement: [o] });
const arn = (b: string) => `arn:aws:s3:::${b}`;

/** The seeded estate, owned by "admin" unless noted. */
export const ESTATE: EstateBucket[] = [
  { name: 'ba-private', verdict: 'PRIVATE', anon: { list: 403, get: 403 } },
  { name: 'ba-policy-getobject', verdict: 'PUBLIC', anon: { list: 403, get: 200 } },
  { name: 'ba-policy-list', verdict: 'PUBLIC', anon: { list: 200, get: 403 } },
  { name: 'ba-deny-override', verdict: 'PRIVATE', anon: { list: 403, get: 403 } },
  { name: 'ba-sourceip-local', verdict: 'RESTRICTED', anon: { list: 403, get: 200 } },
  { name: 'ba-sourceip-public', verdict: 'RESTRICTED', anon: { list: 403, get: 403 } },
  { name: 'ba-acl-public-read', verdict: 'PUBLIC', anon: { list: 200, get: 403 } },
  { name: 'ba-acl-public-read-write', verdict: 'PUBLIC', anon: { list: 200, get: 403 } },
  { name: 'ba-acl-auth-read', verdict: 'PUBLIC_AUTHENTICATED', anon: { list: 403, get: 403 } },
  { name: 'ba-object-acl', verdict: 'PUBLIC', anon: { list: 403, get: 200 }, key: 'public.txt' },
  { name: 'ba-bpa-ipa', verdict: 'LATENT', anon: { list: 403, get: 403 } },
  { name: 'ba-bpa-bpp', verdict: 'PUBLIC', anon: { list: 403, get: 200 } },
  {
    name: 'ba-bpa-rpb',
    verdict: 'LATENT',
    anon: { list: 403, get: 200 },
    rgwDiffers: 'RestrictPublicBuckets is stored but not enforced by RGW (AWS would deny)',
  },
  { name: 'ba-website', verdict: 'PUBLIC', anon: { list: 403, get: 200 } },
  { name: 'ba-shared', verdict: 'SHARED', anon: { list: 403, get: 403 } },
];

/** Bucket of the alt user whose policy denies alt GetBucketPolicy (UNKNOWN input for the alt scan). */
export const ALT_LOCKED = 'ba-alt-locked';
export const ALT_OPEN = 'ba-alt-open';

async function bucket(s3: S3Client, name: string, acl?: BucketCannedACL, keys: string[] = ['hello.txt']): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name, ...(acl ? { ACL: acl } : {}) }));
  for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: name, Key, Body: `content of ${Key}` }));
}

async function policy(s3: S3Client, name: string, doc: object): Promise<void> {
  await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify(doc) }));
}

/** Seed the estate through the SDK as admin and alt (write calls happen here only, never in the scan). */
export async function seedEstate(rgw: RgwServer): Promise<void> {
  const s3 = rgw.client('admin');
  await bucket(s3, 'ba-private');
  await bucket(s3, 'ba-policy-getobject');
  await policy(
    s3,
    'ba-policy-getobject',
    stmt({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${arn('ba-policy-getobject')}/*`,
    }),
  );
  await bucket(s3, 'ba-policy-list');
  await policy(
    s3,
    'ba-policy-list',
    stmt({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:ListBucket', Resource: arn('ba-policy-list') }),
  );
  await bucket(s3, 'ba-deny-override');
  await policy(s3, 'ba-deny-override', {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Open',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [arn('ba-deny-override'), `${arn('ba-deny-override')}/*`],
      },
      {
        Sid: 'Shut',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [arn('ba-deny-override'), `${arn('ba-deny-override')}/*`],
      },
    ],
  });
  for (const [name, cidr] of [
    ['ba-sourceip-local', '127.0.0.1/32'],
    ['ba-sourceip-public', '203.0.113.0/24'],
  ] as const) {
    await bucket(s3, name);
    await policy(
      s3,
      name,
      stmt({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${arn(name)}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': cidr } },
      }),
    );
  }
  await bucket(s3, 'ba-acl-public-read', 'public-read');
  await bucket(s3, 'ba-acl-public-read-write', 'public-read-write');
  await bucket(s3, 'ba-acl-auth-read', 'authenticated-read');
  await bucket(s3, 'ba-object-acl', undefined, ['hello.txt', 'public.txt']);
  await s3.send(new PutObjectAclCommand({ Bucket: 'ba-object-acl', Key: 'public.txt', ACL: 'public-read' }));
  await bucket(s3, 'ba-bpa-ipa', 'public-read');
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'ba-bpa-ipa',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true },
    }),
  );
  await bucket(s3, 'ba-bpa-bpp');
  await policy(
    s3,
    'ba-bpa-bpp',
    stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn('ba-bpa-bpp')}/*` }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'ba-bpa-bpp',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true },
    }),
  );
  await bucket(s3, 'ba-bpa-rpb');
  await policy(
    s3,
    'ba-bpa-rpb',
    stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn('ba-bpa-rpb')}/*` }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({ Bucket: 'ba-bpa-rpb', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }),
  );
  await bucket(s3, 'ba-website', undefined, ['hello.txt', 'index.html']);
  await policy(
    s3,
    'ba-website',
    stmt({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn('ba-website')}/*` }),
  );
  await s3.send(
    new PutBucketWebsiteCommand({ Bucket: 'ba-website', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }),
  );
  await bucket(s3, 'ba-shared');
  await policy(
    s3,
    'ba-shared',
    stmt({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam:::user/alt' },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [arn('ba-shared'), `${arn('ba-shared')}/*`],
    }),
  );

  // The alt user's own buckets: one whose policy denies alt reading the policy back.
  const alt = rgw.client('alt');
  await bucket(alt, ALT_OPEN);
  await bucket(alt, ALT_LOCKED);
  await policy(alt, ALT_LOCKED, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'NoPolicyRead',
        Effect: 'Deny',
        Principal: { AWS: 'arn:aws:iam:::user/alt' },
        Action: 's3:GetBucketPolicy',
        Resource: arn(ALT_LOCKED),
      },
    ],
  });
}
