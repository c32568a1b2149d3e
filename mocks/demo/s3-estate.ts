import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3_BUCKET_SUBRESOURCES } from '../_http.js';

/**
 * A small S3-compatible estate server for `bucketaudit demo` on machines without Ceph: it answers the read-only
 * S3 / S3 Control / STS / IAM calls of a scan with the response shapes AWS documents (ListAllMyBucketsResult,
 * PolicyStatus, AccessControlPolicy, PublicAccessBlockConfiguration, OwnershipControls, WebsiteConfiguration,
 * GetCallerIdentityResult; 404 NoSuchBucketPolicy / NoSuchPublicAccessBlockConfiguration /
 * OwnershipControlsNotFoundError / NoSuchWebsiteConfiguration), and answers ANONYMOUS requests with the outcome
 * recorded for each bucket (what AWS would answer for that configuration). It is a recorded estate, not an S3
 * implementation: it refuses every write.
 */
export interface DemoS3Bucket {
  name: string;
  region?: string;
  policy?: unknown;
  policyIsPublic?: boolean;
  /** Raw ACL grants (Group URIs or canonical ids). */
  aclGrants?: { grantee: { type: 'Group'; uri: string } | { type: 'CanonicalUser'; id: string }; permission: string }[];
  bpa?: { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean };
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  website?: { index: string };
  objects: { key: string; body: string }[];
  /** What an anonymous request observes (recorded). */
  anonymous: { list: boolean; read: boolean };
  /** Operations the scan's credentials may not call on this bucket (answered 403 AccessDenied). */
  denied?: string[];
}

export interface DemoS3Estate {
  accountId: string;
  ownerId: string;
  accountBpa?: DemoS3Bucket['bpa'];
  buckets: DemoS3Bucket[];
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': `demo${Date.now().toString(36)}`, ...headers });
  res.end(body);
}

function s3Error(res: ServerResponse, status: number, code: string, resource: string) {
  send(
    res,
    status,
    `${XML}<Error><Code>${code}</Code><Message>${code}</Message><Resource>${xmlEsc(resource)}</Resource><RequestId>demo</RequestId></Error>`,
  );
}

function bpaXml(b: NonNullable<DemoS3Bucket['bpa']>, ns = NS) {
  return `${XML}<PublicAccessBlockConfiguration ${ns}><BlockPublicAcls>${b.BlockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${b.IgnorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${b.BlockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${b.RestrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += c;
  return s;
}

export async function startS3Estate(estate: DemoS3Estate): Promise<{ endpoint: string; close(): Promise<void> }> {
  const byName = new Map(estate.buckets.map((b) => [b.name, b]));
  const server = createServer((req, res) => {
    handle(req, res).catch(() => s3Error(res, 500, 'InternalError', req.url ?? '/'));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://demo');
    const signed = Boolean(req.headers.authorization);
    const q = url.searchParams;
    // STS / IAM (query protocol, POST /)
    if (req.method === 'POST' && url.pathname === '/') {
      const form = new URLSearchParams(await readBody(req));
      const action = form.get('Action');
      if (action === 'GetCallerIdentity') {
        return send(
          res,
          200,
          `${XML}<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${estate.accountId}:user/auditor</Arn><UserId>AIDADEMO</UserId><Account>${estate.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>demo</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          { 'content-type': 'text/xml' },
        );
      }
      if (action === 'ListAccountAliases') {
        return send(
          res,
          200,
          `${XML}<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>demo-estate</member></AccountAliases></ListAccountAliasesResult><ResponseMetadata><RequestId>demo</RequestId></ResponseMetadata></ListAccountAliasesResponse>`,
          { 'content-type': 'text/xml' },
        );
      }
      if (action === 'ListRoles') {
        return send(
          res,
          200,
          `${XML}<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>false</IsTruncated><Roles/></ListRolesResult><ResponseMetadata><RequestId>demo</RequestId></ResponseMetadata></ListRolesResponse>`,
          { 'content-type': 'text/xml' },
        );
      }
      return send(
        res,
        400,
        `${XML}<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not recorded</Message></Error></ErrorResponse>`,
      );
    }
    // S3 Control account public access block
    if (url.pathname.startsWith('/v20180820/configuration/publicAccessBlock')) {
      if (!estate.accountBpa) return s3Error(res, 404, 'NoSuchPublicAccessBlockConfiguration', url.pathname);
      return send(res, 200, bpaXml(estate.accountBpa, 'xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"'));
    }
    if (url.pathname.startsWith('/v20180820/accesspoint')) {
      return send(
        res,
        200,
        `${XML}<ListAccessPointsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AccessPointList/></ListAccessPointsResult>`,
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return s3Error(res, 403, 'AccessDenied', url.pathname);
    const [, bucketName, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (!bucketName) {
      if (!signed)
        return send(
          res,
          200,
          `${XML}<ListAllMyBucketsResult ${NS}><Owner><ID>anonymous</ID></Owner><Buckets/></ListAllMyBucketsResult>`,
        );
      const items = estate.buckets
        .map(
          (b) =>
            `<Bucket><Name>${xmlEsc(b.name)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>${b.region ?? 'us-east-1'}</BucketRegion></Bucket>`,
        )
        .join('');
      return send(
        res,
        200,
        `${XML}<ListAllMyBucketsResult ${NS}><Owner><ID>${estate.ownerId}</ID><DisplayName>demo</DisplayName></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`,
      );
    }
    const b = byName.get(bucketName);
    if (!b) return s3Error(res, 404, 'NoSuchBucket', `/${bucketName}`);
    const region = { 'x-amz-bucket-region': b.region ?? 'us-east-1' };
    const sub = S3_BUCKET_SUBRESOURCES.find((s) => q.has(s));
    if (sub && !key) {
      if (!signed) return s3Error(res, 403, 'AccessDenied', `/${bucketName}`);
      if (b.denied?.includes(sub)) return s3Error(res, 403, 'AccessDenied', `/${bucketName}`);
      switch (sub) {
        case 'policy':
          return b.policy
            ? send(res, 200, JSON.stringify(b.policy), { 'content-type': 'application/json' })
            : s3Error(res, 404, 'NoSuchBucketPolicy', `/${bucketName}`);
        case 'policyStatus':
          return b.policy
            ? send(res, 200, `${XML}<PolicyStatus ${NS}><IsPublic>${Boolean(b.policyIsPublic)}</IsPublic></PolicyStatus>`)
            : s3Error(res, 404, 'NoSuchBucketPolicy', `/${bucketName}`);
        case 'acl': {
          const owner = `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${estate.ownerId}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
          const grants = (b.ownership === 'BucketOwnerEnforced' ? [] : (b.aclGrants ?? []))
            .map((g) =>
              g.grantee.type === 'Group'
                ? `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${g.grantee.uri}</URI></Grantee><Permission>${g.permission}</Permission></Grant>`
                : `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${g.grantee.id}</ID></Grantee><Permission>${g.permission}</Permission></Grant>`,
            )
            .join('');
          return send(
            res,
            200,
            `${XML}<AccessControlPolicy ${NS}><Owner><ID>${estate.ownerId}</ID></Owner><AccessControlList>${owner}${grants}</AccessControlList></AccessControlPolicy>`,
          );
        }
        case 'publicAccessBlock':
          return b.bpa
            ? send(res, 200, bpaXml(b.bpa))
            : s3Error(res, 404, 'NoSuchPublicAccessBlockConfiguration', `/${bucketName}`);
        case 'ownershipControls':
          return b.ownership
            ? send(
                res,
                200,
                `${XML}<OwnershipControls ${NS}><Rule><ObjectOwnership>${b.ownership}</ObjectOwnership></Rule></OwnershipControls>`,
              )
            : s3Error(res, 404, 'OwnershipControlsNotFoundError', `/${bucketName}`);
        case 'website':
          return b.website
            ? send(
                res,
                200,
                `${XML}<WebsiteConfiguration ${NS}><IndexDocument><Suffix>${b.website.index}</Suffix></IndexDocument></WebsiteConfiguration>`,
              )
            : s3Error(res, 404, 'NoSuchWebsiteConfiguration', `/${bucketName}`);
        case 'requestPayment':
          return send(
            res,
            200,
            `${XML}<RequestPaymentConfiguration ${NS}><Payer>BucketOwner</Payer></RequestPaymentConfiguration>`,
          );
        default:
          return send(
            res,
            200,
            `${XML}<LocationConstraint ${NS}>${b.region && b.region !== 'us-east-1' ? b.region : ''}</LocationConstraint>`,
          );
      }
    }
    if (!key) {
      if (req.method === 'HEAD') return send(res, signed || b.anonymous.list ? 200 : 403, '', region);
      if (!signed && !b.anonymous.list) return s3Error(res, 403, 'AccessDenied', `/${bucketName}`);
      const max = Math.min(Number(q.get('max-keys') ?? 1000) || 1000, 1000);
      const objs = b.objects.slice(0, max);
      const contents = objs
        .map(
          (o) =>
            `<Contents><Key>${xmlEsc(o.key)}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      return send(
        res,
        200,
        `${XML}<ListBucketResult ${NS}><Name>${xmlEsc(b.name)}</Name><Prefix></Prefix><KeyCount>${objs.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${b.objects.length > max}</IsTruncated>${contents}</ListBucketResult>`,
        region,
      );
    }
    const obj = b.objects.find((o) => o.key === key);
    if (!signed && !b.anonymous.read) return s3Error(res, 403, 'AccessDenied', url.pathname);
    // AWS answers 404 NoSuchKey only to callers allowed to list the bucket; others get 403 (API_GetObject).
    if (!obj)
      return signed || b.anonymous.list
        ? s3Error(res, 404, 'NoSuchKey', url.pathname)
        : s3Error(res, 403, 'AccessDenied', url.pathname);
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const body = range ? obj.body.slice(Number(range[1]), Number(range[2]) + 1) : obj.body;
    res.writeHead(range ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': String(Buffer.byteLength(body)),
      ...(range ? { 'content-range': `bytes ${range[1]}-${range[2]}/${obj.body.length}` } : {}),
      ...region,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
