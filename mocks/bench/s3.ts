/**
 * Synthetic S3-compatible responder for benchmarks (path-style, 127.0.0.1): N buckets with a deterministic
 * mix of configurations, realistic XML, injected latency, optional 503 SlowDown throttling.
 *
 * Answers: ListBuckets (paginated: max-buckets / continuation-token, BucketRegion), HeadBucket,
 * GetBucketLocation, GetBucketPolicy / PolicyStatus / Acl / PublicAccessBlock / OwnershipControls / Website
 * (with the A-21 "not configured" 404s), S3 Control account PublicAccessBlock and ListAccessPoints,
 * STS GetCallerIdentity, IAM ListRoles (empty), Organizations (not in use). Anything else: 501 NotImplemented.
 *
 * With `accounts` > 1, an organization: Organizations ListAccounts (pages of 20, as AWS) names the member accounts,
 * STS AssumeRole answers each with keys of its own, and GetCallerIdentity / ListBuckets answer by the signing key:
 * member k lists its own consecutive slice of the N buckets.
 */
import type { IncomingMessage } from 'node:http';
import { S3_BUCKET_SUBRESOURCES } from '../_http.js';
import { esc, type Reply, type Responder, type ResponderOptions, startResponder, xml } from './common.js';

export interface S3ResponderOptions extends ResponderOptions {
  buckets: number;
  account?: string;
  region?: string;
  /** At most this many buckets per ListBuckets page, whatever `max-buckets` asks (servers may return fewer). */
  listPageMax?: number;
  /** Member accounts of an organization (default 1: a single account, no organization). */
  accounts?: number;
}

/** Member account k of the bench organization, and its access key (the key says which account signs). */
export const benchMemberAccount = (k: number) => `2${String(k).padStart(11, '0')}`;
const memberKey = (account: string) => `ASIABENCH${account}`;
const accountOfRequest = (req: IncomingMessage): string | undefined =>
  /Credential=ASIABENCH(\d{12})\//.exec(String(req.headers.authorization ?? ''))?.[1];
const ORG_PAGE = 20;

const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

export const benchBucketName = (i: number) => `bench-${String(i).padStart(6, '0')}`;
const indexOf = (name: string): number | undefined => {
  const m = /^bench-(\d{6})$/.exec(name);
  return m ? Number(m[1]) : undefined;
};

const s3Error = (status: number, code: string, message: string, bucket?: string): Reply => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: xml(
    `<Error><Code>${code}</Code><Message>${esc(message)}</Message>${bucket ? `<BucketName>${bucket}</BucketName>` : ''}<RequestId>bench</RequestId><HostId>bench</HostId></Error>`,
  ),
});

const ok = (body: string, type = 'application/xml'): Reply => ({ status: 200, headers: { 'content-type': type }, body });

const pabXml = (v: boolean) =>
  `<PublicAccessBlockConfiguration xmlns="${S3NS}"><BlockPublicAcls>${v}</BlockPublicAcls><IgnorePublicAcls>${v}</IgnorePublicAcls><BlockPublicPolicy>${v}</BlockPublicPolicy><RestrictPublicBuckets>${v}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;

/** The synthetic estate: which bucket has what (deterministic by index). */
export function bucketConfig(i: number) {
  return {
    policy: i % 10 === 0 ? 'public' : i % 10 === 1 ? 'account' : undefined,
    pab: i % 3 === 0 ? 'all-true' : i % 3 === 1 ? 'absent' : 'all-false',
    ownership: i % 20 === 3 ? undefined : i % 4 === 0 ? 'ObjectWriter' : 'BucketOwnerEnforced',
    aclAllUsers: i % 7 === 0,
    website: i % 25 === 0,
  } as const;
}

function s3Bucket(i: number, name: string, sub: string, account: string, region: string): Reply {
  const c = bucketConfig(i);
  switch (sub) {
    case 'policy': {
      if (!c.policy) return s3Error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      const principal = c.policy === 'public' ? '"*"' : `{"AWS":"arn:aws:iam::${account}:root"}`;
      return ok(
        `{"Version":"2012-10-17","Statement":[{"Sid":"Bench","Effect":"Allow","Principal":${principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::${name}/*"}]}`,
        'application/json',
      );
    }
    case 'policyStatus':
      if (!c.policy) return s3Error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', name);
      return ok(xml(`<PolicyStatus xmlns="${S3NS}"><IsPublic>${c.policy === 'public'}</IsPublic></PolicyStatus>`));
    case 'acl': {
      const grants = [
        `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER_ID}</ID><DisplayName>bench</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>`,
      ];
      if (c.aclAllUsers)
        grants.push(
          '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>',
        );
      return ok(
        xml(
          `<AccessControlPolicy xmlns="${S3NS}"><Owner><ID>${OWNER_ID}</ID><DisplayName>bench</DisplayName></Owner><AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`,
        ),
      );
    }
    case 'publicAccessBlock':
      if (c.pab === 'absent')
        return s3Error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', name);
      return ok(xml(pabXml(c.pab === 'all-true')));
    case 'ownershipControls':
      if (!c.ownership)
        return s3Error(404, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', name);
      return ok(
        xml(
          `<OwnershipControls xmlns="${S3NS}"><Rule><ObjectOwnership>${c.ownership}</ObjectOwnership></Rule></OwnershipControls>`,
        ),
      );
    case 'website':
      if (!c.website)
        return s3Error(404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', name);
      return ok(
        xml(
          `<WebsiteConfiguration xmlns="${S3NS}"><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument></WebsiteConfiguration>`,
        ),
      );
    case 'requestPayment':
      return ok(
        xml(
          `<RequestPaymentConfiguration xmlns="${S3NS}"><Payer>${i % 50 === 7 ? 'Requester' : 'BucketOwner'}</Payer></RequestPaymentConfiguration>`,
        ),
      );
    case 'location':
      return ok(
        xml(
          region === 'us-east-1'
            ? `<LocationConstraint xmlns="${S3NS}"/>`
            : `<LocationConstraint xmlns="${S3NS}">${region}</LocationConstraint>`,
        ),
      );
    default:
      return s3Error(501, 'NotImplemented', `bench responder does not implement ?${sub}`, name);
  }
}

export function startS3Responder(opts: S3ResponderOptions): Promise<Responder> {
  const account = opts.account ?? '123456789012';
  const region = opts.region ?? 'us-east-1';
  const n = opts.buckets;
  const created = '2024-01-15T10:00:00.000Z';
  const members = Math.max(1, Math.floor(opts.accounts ?? 1));
  const perMember = Math.ceil(n / members);
  /** The bucket range [from, to) the caller lists: its member slice, or all N. */
  const rangeOf = (req: IncomingMessage): [number, number] => {
    const acct = members > 1 ? accountOfRequest(req) : undefined;
    if (!acct) return [0, n];
    const k = Number(acct.slice(1));
    return [Math.min(n, k * perMember), Math.min(n, (k + 1) * perMember)];
  };

  const handle = (req: IncomingMessage, url: URL, body: string): { op: string; reply: Reply } => {
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    // Organizations (JSON 1.1 protocol)
    const target = String(req.headers['x-amz-target'] ?? '');
    if (members > 1 && target.endsWith('.ListAccounts')) {
      const from = Number((JSON.parse(body || '{}') as { NextToken?: string }).NextToken ?? 0) || 0;
      const to = Math.min(members, from + ORG_PAGE);
      const accounts = [];
      for (let k = from; k < to; k++) {
        const id = benchMemberAccount(k);
        accounts.push({ Id: id, Name: `member-${k}`, Email: `m${k}@example.com`, Status: 'ACTIVE', State: 'ACTIVE' });
      }
      return {
        op: 'organizations:ListAccounts',
        reply: ok(
          JSON.stringify({ Accounts: accounts, ...(to < members ? { NextToken: String(to) } : {}) }),
          'application/x-amz-json-1.1',
        ),
      };
    }
    if (target)
      return {
        op: 'organizations',
        reply: {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({
            __type: 'AWSOrganizationsNotInUseException',
            message: 'Your account is not a member of an organization.',
          }),
        },
      };
    // STS / IAM (query protocol)
    if (method === 'POST' && path === '/') {
      const form = new URLSearchParams(body);
      const action = form.get('Action') ?? '';
      if (action === 'AssumeRole' && members > 1) {
        const arn = form.get('RoleArn') ?? '';
        const acct = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(arn);
        if (!acct) return { op: 'sts:AssumeRole', reply: s3Error(400, 'ValidationError', `bench: ${arn}`) };
        const key = memberKey(acct[1] as string);
        const expires = new Date(Date.now() + 3600_000).toISOString();
        return {
          op: 'sts:AssumeRole',
          reply: ok(
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::${acct[1]}:assumed-role/${esc(acct[2] as string)}/bench</Arn><AssumedRoleId>AROABENCH:bench</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>bench-secret-${key}</SecretAccessKey><SessionToken>bench-token-${key}</SessionToken><Expiration>${expires}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`,
            'text/xml',
          ),
        };
      }
      const caller = (members > 1 && accountOfRequest(req)) || account;
      if (action === 'GetCallerIdentity')
        return {
          op: 'sts:GetCallerIdentity',
          reply: ok(
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${caller}:user/bench</Arn><UserId>AIDABENCHBENCHBENCH00</UserId><Account>${caller}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
            'text/xml',
          ),
        };
      if (action === 'ListRoles')
        return {
          op: 'iam:ListRoles',
          reply: ok(
            '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>false</IsTruncated><Roles/></ListRolesResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></ListRolesResponse>',
            'text/xml',
          ),
        };
      if (action === 'ListAccountAliases')
        return {
          op: 'iam:ListAccountAliases',
          reply: ok(
            '<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>bench-account</member></AccountAliases></ListAccountAliasesResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></ListAccountAliasesResponse>',
            'text/xml',
          ),
        };
      return {
        op: `query:${action}`,
        reply: {
          status: 400,
          headers: { 'content-type': 'text/xml' },
          body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bench: ${esc(action)}</Message></Error><RequestId>bench</RequestId></ErrorResponse>`,
        },
      };
    }
    // S3 Control
    if (path.startsWith('/v20180820/')) {
      if (path === '/v20180820/configuration/publicAccessBlock')
        return {
          op: 's3control:GetPublicAccessBlock',
          reply: s3Error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
        };
      if (path === '/v20180820/accesspoint')
        return {
          op: 's3control:ListAccessPoints',
          reply: ok(
            xml(
              '<ListAccessPointsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AccessPointList/></ListAccessPointsResult>',
            ),
          ),
        };
      return { op: 's3control:other', reply: s3Error(501, 'NotImplemented', `bench: ${path}`) };
    }
    // ListBuckets
    if (path === '/' && method === 'GET') {
      const max = Math.max(1, Math.min(opts.listPageMax ?? 10_000, Number(url.searchParams.get('max-buckets') ?? 10_000)));
      const [from, to] = rangeOf(req);
      const start = Number(url.searchParams.get('continuation-token') ?? from) || from;
      const end = Math.min(to, start + max);
      const parts: string[] = [];
      for (let i = start; i < end; i++)
        parts.push(
          `<Bucket><Name>${benchBucketName(i)}</Name><CreationDate>${created}</CreationDate><BucketRegion>${region}</BucketRegion></Bucket>`,
        );
      const token = end < to ? `<ContinuationToken>${end}</ContinuationToken>` : '';
      return {
        op: 's3:ListBuckets',
        reply: ok(
          xml(
            `<ListAllMyBucketsResult xmlns="${S3NS}"><Owner><ID>${OWNER_ID}</ID><DisplayName>bench</DisplayName></Owner><Buckets>${parts.join('')}</Buckets>${token}</ListAllMyBucketsResult>`,
          ),
        ),
      };
    }
    const seg = path.split('/').filter(Boolean);
    const name = seg[0] ?? '';
    const i = indexOf(name);
    if (i === undefined || i >= n)
      return { op: 's3:NoSuchBucket', reply: s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', name) };
    if (method === 'HEAD') return { op: 's3:HeadBucket', reply: { status: 200, headers: { 'x-amz-bucket-region': region } } };
    if (seg.length > 1) return { op: 's3:object', reply: s3Error(403, 'AccessDenied', 'Access Denied') };
    const sub = S3_BUCKET_SUBRESOURCES.find((s) => url.searchParams.has(s)) ?? [...url.searchParams.keys()][0] ?? 'list';
    return { op: `s3:${sub}`, reply: s3Bucket(i, name, sub, account, region) };
  };

  return startResponder(opts, handle, () => s3Error(503, 'SlowDown', 'Please reduce your request rate.'));
}
