import type { DemoS3Estate } from './s3-estate.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const DEMO_AWS_ACCOUNT = '123456789012';
/** RGW's principal form for its second user; on the built-in estate it is just another external principal. */
export const PARTNER_PRINCIPAL = 'arn:aws:iam:::user/alt';

/** The demo's S3 estate: one of each misconfiguration, served by Ceph RGW (seeded) or the built-in estate server. */
export function demoS3Estate(): DemoS3Estate {
  const policy = (name: string, statement: object[]) => ({
    Version: '2012-10-17',
    Statement: statement.map((s) => ({ Resource: [`arn:aws:s3:::${name}/*`], ...s })),
  });
  return {
    accountId: DEMO_AWS_ACCOUNT,
    ownerId: 'admin',
    buckets: [
      {
        name: 'acme-site',
        policy: policy('acme-site', [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }]),
        policyIsPublic: true,
        ownership: 'BucketOwnerEnforced',
        website: { index: 'index.html' },
        objects: [{ key: 'index.html', body: '<h1>acme</h1>' }],
        anonymous: { list: false, read: true },
      },
      {
        name: 'acme-backups',
        aclGrants: [
          { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' },
          { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'WRITE' },
        ],
        ownership: 'ObjectWriter',
        objects: [
          { key: 'db/prod-2026-11-20.sql.gz', body: 'dump' },
          { key: 'infra/terraform.tfstate', body: '{}' },
          { key: '.env', body: 'SECRET=1' },
        ],
        anonymous: { list: true, read: false },
      },
      {
        name: 'acme-logs',
        ownership: 'BucketOwnerEnforced',
        bpa: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        objects: [{ key: 'access.log', body: 'GET /' }],
        anonymous: { list: false, read: false },
      },
      {
        name: 'acme-latent',
        aclGrants: [{ grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' }],
        ownership: 'ObjectWriter',
        bpa: { BlockPublicAcls: false, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
        objects: [{ key: 'old/catalog.csv', body: 'a,b' }],
        anonymous: { list: false, read: false },
      },
      {
        name: 'acme-partner',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PartnerRead',
              Effect: 'Allow',
              Principal: { AWS: [PARTNER_PRINCIPAL] },
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: ['arn:aws:s3:::acme-partner', 'arn:aws:s3:::acme-partner/*'],
            },
          ],
        },
        policyIsPublic: false,
        ownership: 'BucketOwnerEnforced',
        objects: [{ key: 'feed/prices.csv', body: 'sku,price' }],
        anonymous: { list: false, read: false },
      },
      {
        name: 'acme-office',
        policy: policy('acme-office', [
          {
            Sid: 'OfficeOnly',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
          },
        ]),
        policyIsPublic: false,
        ownership: 'BucketOwnerEnforced',
        objects: [{ key: 'handbook.pdf', body: '%PDF' }],
        anonymous: { list: false, read: false },
      },
      {
        name: 'acme-restricted-audit',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: ['arn:aws:s3:::acme-restricted-audit', 'arn:aws:s3:::acme-restricted-audit/*'],
            },
          ],
        },
        policyIsPublic: true,
        ownership: 'BucketOwnerEnforced',
        objects: [{ key: 'q3.xlsx', body: 'x' }],
        // the auditor's role may not read this policy: the verdict must be UNKNOWN with the reason, never PRIVATE
        denied: ['policy', 'policyStatus'],
        anonymous: { list: true, read: true },
      },
    ],
  };
}
