/**
 * Recorded AWS response bodies (S3 REST-XML, S3 Control REST-XML, STS / IAM query-XML), shaped like the real
 * service answers. Shapes follow the API references:
 * - S3: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html, API_GetBucketPolicy.html,
 *   API_GetBucketPolicyStatus.html, API_GetBucketAcl.html, API_GetPublicAccessBlock.html,
 *   API_GetBucketOwnershipControls.html, API_GetBucketWebsite.html, API_GetBucketRequestPayment.html,
 *   API_HeadBucket.html; errors: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 *   (codes NoSuchBucketPolicy, NoSuchPublicAccessBlockConfiguration, OwnershipControlsNotFoundError,
 *   NoSuchWebsiteConfiguration, AccessDenied, SlowDown, PermanentRedirect).
 * - S3 Control: https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html,
 *   API_control_ListAccessPoints.html, API_control_GetAccessPoint.html, API_control_GetAccessPointPolicy.html,
 *   API_control_GetAccessPointPolicyStatus.html (error NoSuchAccessPointPolicy as used by the SDKs / Terraform).
 * - STS: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html, API_AssumeRole.html
 *   (AssumeRoleResponse / AssumeRoleResult / Credentials / AssumedRoleUser; errors in an ErrorResponse).
 * - Organizations (JSON 1.1, `x-amz-target: AWSOrganizationsV20161128.<Op>`):
 *   https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html (Accounts[], NextToken;
 *   Account.State alongside the older Status), errors as `{"__type": ..., "Message": ...}` with `x-amzn-ErrorType`
 *   (AWSOrganizationsNotInUseException, AccessDeniedException, TooManyRequestsException).
 * - IAM: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html, API_ListRolePolicies.html,
 *   API_GetRolePolicy.html, API_ListAttachedRolePolicies.html, API_GetPolicy.html, API_GetPolicyVersion.html,
 *   API_ListAccountAliases.html (policy documents are URL-encoded, RFC 3986).
 */

export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
const S3NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CTLNS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const IAMNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STSNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const xml = (body: string, status = 200, headers: Record<string, string> = {}): ReplayResponse => ({
  status,
  headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'REPLAY0000000001', ...headers },
  body: XML + body,
});
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/* ---------------------------------------------------------------- S3 ---------------------------------------------------------------- */

/** S3 error body (REST): <Error><Code/><Message/><RequestId/><HostId/></Error>. */
export function s3Error(
  status: number,
  code: string,
  message: string,
  extra = '',
  headers: Record<string, string> = {},
): ReplayResponse {
  return xml(
    `<Error><Code>${code}</Code><Message>${esc(message)}</Message>${extra}<RequestId>REPLAY0000000001</RequestId><HostId>cmVwbGF5</HostId></Error>`,
    status,
    headers,
  );
}

export const S3_ERRORS = {
  noSuchBucketPolicy: () => s3Error(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist'),
  noSuchPab: () => s3Error(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
  noOwnership: () => s3Error(404, 'OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'),
  noWebsite: () => s3Error(404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
  noSuchBucket: () => s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist'),
  accessDenied: () => s3Error(403, 'AccessDenied', 'Access Denied'),
  slowDown: () => s3Error(503, 'SlowDown', 'Please reduce your request rate.'),
  permanentRedirect: (bucket: string, region: string) =>
    s3Error(
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      `<Endpoint>${bucket}.s3.${region}.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket>`,
      { 'x-amz-bucket-region': region },
    ),
};

export function listBuckets(owner: { id: string; name: string }, buckets: { name: string; region?: string }[]): ReplayResponse {
  const items = buckets
    .map(
      (b) =>
        `<Bucket><Name>${b.name}</Name><CreationDate>2024-05-01T12:00:00.000Z</CreationDate>${b.region ? `<BucketRegion>${b.region}</BucketRegion>` : ''}</Bucket>`,
    )
    .join('');
  return xml(
    `<ListAllMyBucketsResult xmlns="${S3NS}"><Owner><ID>${owner.id}</ID><DisplayName>${owner.name}</DisplayName></Owner><Buckets>${items}</Buckets></ListAllMyBucketsResult>`,
  );
}

/** GetBucketPolicy returns the policy JSON itself as the body. */
export const bucketPolicy = (doc: object): ReplayResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(doc),
});

export const policyStatus = (isPublic: boolean, ns = S3NS): ReplayResponse =>
  xml(`<PolicyStatus xmlns="${ns}"><IsPublic>${isPublic ? 'TRUE' : 'FALSE'}</IsPublic></PolicyStatus>`);

export function bucketAcl(ownerId: string, grants: { group?: string; id?: string; permission: string }[] = []): ReplayResponse {
  const all = [{ id: ownerId, permission: 'FULL_CONTROL' }, ...grants]
    .map((g) =>
      g.group
        ? `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${g.group}</URI></Grantee><Permission>${g.permission}</Permission></Grant>`
        : `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${g.id}</ID><DisplayName>owner</DisplayName></Grantee><Permission>${g.permission}</Permission></Grant>`,
    )
    .join('');
  return xml(
    `<AccessControlPolicy xmlns="${S3NS}"><Owner><ID>${ownerId}</ID><DisplayName>owner</DisplayName></Owner><AccessControlList>${all}</AccessControlList></AccessControlPolicy>`,
  );
}

const bpaXml = (
  f: Partial<Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>>,
) =>
  (['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const)
    .map((k) => `<${k}>${f[k] === true}</${k}>`)
    .join('');

export const bucketPab = (f: Parameters<typeof bpaXml>[0]): ReplayResponse =>
  xml(`<PublicAccessBlockConfiguration xmlns="${S3NS}">${bpaXml(f)}</PublicAccessBlockConfiguration>`);

export const ownershipControls = (value: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter'): ReplayResponse =>
  xml(`<OwnershipControls xmlns="${S3NS}"><Rule><ObjectOwnership>${value}</ObjectOwnership></Rule></OwnershipControls>`);

export const website = (index: string): ReplayResponse =>
  xml(`<WebsiteConfiguration xmlns="${S3NS}"><IndexDocument><Suffix>${index}</Suffix></IndexDocument></WebsiteConfiguration>`);

export const requestPayment = (payer: 'BucketOwner' | 'Requester'): ReplayResponse =>
  xml(`<RequestPaymentConfiguration xmlns="${S3NS}"><Payer>${payer}</Payer></RequestPaymentConfiguration>`);

/** HeadBucket: no body; the region header is present on 200, 301 and 403 alike. */
export const headBucket = (region: string, status = 200): ReplayResponse => ({
  status,
  headers: { 'x-amz-bucket-region': region, 'x-amz-request-id': 'REPLAY0000000001' },
});

/* ------------------------------------------------------------ S3 Control ------------------------------------------------------------ */

/** S3 Control wraps errors: <ErrorResponse><Error><Code/><Message/></Error><RequestId/><HostId/></ErrorResponse>. */
export function controlError(status: number, code: string, message: string): ReplayResponse {
  return xml(
    `<ErrorResponse><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>REPLAY0000000001</RequestId><HostId>cmVwbGF5</HostId></ErrorResponse>`,
    status,
  );
}

/** The payload is the PublicAccessBlockConfiguration element itself (API_control_GetPublicAccessBlock response syntax). */
export const accountPab = (f: Parameters<typeof bpaXml>[0]): ReplayResponse =>
  xml(`<PublicAccessBlockConfiguration xmlns="${CTLNS}">${bpaXml(f)}</PublicAccessBlockConfiguration>`);

export interface ApFixture {
  name: string;
  bucket: string;
  account: string;
  region: string;
  origin: 'Internet' | 'VPC';
  vpcId?: string;
  bpa?: Parameters<typeof bpaXml>[0];
}
const apArn = (a: ApFixture) => `arn:aws:s3:${a.region}:${a.account}:accesspoint/${a.name}`;
const vpc = (a: ApFixture) => (a.vpcId ? `<VpcConfiguration><VpcId>${a.vpcId}</VpcId></VpcConfiguration>` : '');

export const listAccessPoints = (aps: ApFixture[]): ReplayResponse =>
  xml(
    `<ListAccessPointsResult xmlns="${CTLNS}"><AccessPointList>${aps
      .map(
        (a) =>
          `<AccessPoint><Name>${a.name}</Name><NetworkOrigin>${a.origin}</NetworkOrigin>${vpc(a)}<Bucket>${a.bucket}</Bucket><AccessPointArn>${apArn(a)}</AccessPointArn><BucketAccountId>${a.account}</BucketAccountId></AccessPoint>`,
      )
      .join('')}</AccessPointList></ListAccessPointsResult>`,
  );

export const getAccessPoint = (a: ApFixture): ReplayResponse =>
  xml(
    `<GetAccessPointResult xmlns="${CTLNS}"><Name>${a.name}</Name><Bucket>${a.bucket}</Bucket><NetworkOrigin>${a.origin}</NetworkOrigin>${vpc(a)}<PublicAccessBlockConfiguration>${bpaXml(a.bpa ?? {})}</PublicAccessBlockConfiguration><CreationDate>2024-05-01T12:00:00Z</CreationDate><AccessPointArn>${apArn(a)}</AccessPointArn><BucketAccountId>${a.account}</BucketAccountId></GetAccessPointResult>`,
  );

export const accessPointPolicy = (doc: object): ReplayResponse =>
  xml(`<GetAccessPointPolicyResult xmlns="${CTLNS}"><Policy>${esc(JSON.stringify(doc))}</Policy></GetAccessPointPolicyResult>`);

export const accessPointPolicyStatus = (isPublic: boolean): ReplayResponse =>
  xml(
    `<GetAccessPointPolicyStatusResult xmlns="${CTLNS}"><PolicyStatus><IsPublic>${isPublic}</IsPublic></PolicyStatus></GetAccessPointPolicyStatusResult>`,
  );

/* ------------------------------------------------------------- STS / IAM ------------------------------------------------------------- */

export const callerIdentity = (account: string): ReplayResponse =>
  xml(
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/auditor</Arn><UserId>AIDAREPLAY000000000</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );

/** Query-protocol error (STS, IAM). */
export function queryError(status: number, code: string, message: string, ns = IAMNS): ReplayResponse {
  return xml(
    `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ErrorResponse>`,
    status,
  );
}

const iam = (op: string, result: string) =>
  xml(
    `<${op}Response xmlns="${IAMNS}"><${op}Result>${result}</${op}Result><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></${op}Response>`,
  );
const enc = (doc: object) => esc(encodeURIComponent(JSON.stringify(doc)));

export const listRoles = (roles: { name: string; account: string; trust: object }[]): ReplayResponse =>
  iam(
    'ListRoles',
    `<IsTruncated>false</IsTruncated><Roles>${roles
      .map(
        (r) =>
          `<member><Path>/</Path><RoleName>${r.name}</RoleName><RoleId>AROAREPLAY${r.name.length}000000</RoleId><Arn>arn:aws:iam::${r.account}:role/${r.name}</Arn><CreateDate>2024-05-01T12:00:00Z</CreateDate><AssumeRolePolicyDocument>${enc(r.trust)}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></member>`,
      )
      .join('')}</Roles>`,
  );

export const listRolePolicies = (names: string[]): ReplayResponse =>
  iam(
    'ListRolePolicies',
    `<IsTruncated>false</IsTruncated><PolicyNames>${names.map((n) => `<member>${n}</member>`).join('')}</PolicyNames>`,
  );

export const getRolePolicy = (role: string, name: string, doc: object): ReplayResponse =>
  iam(
    'GetRolePolicy',
    `<RoleName>${role}</RoleName><PolicyName>${name}</PolicyName><PolicyDocument>${enc(doc)}</PolicyDocument>`,
  );

export const listAttachedRolePolicies = (arns: string[]): ReplayResponse =>
  iam(
    'ListAttachedRolePolicies',
    `<IsTruncated>false</IsTruncated><AttachedPolicies>${arns
      .map((a) => `<member><PolicyName>${a.split('/').pop()}</PolicyName><PolicyArn>${a}</PolicyArn></member>`)
      .join('')}</AttachedPolicies>`,
  );

export const getPolicy = (arn: string, version: string): ReplayResponse =>
  iam(
    'GetPolicy',
    `<Policy><PolicyName>${arn.split('/').pop()}</PolicyName><Arn>${arn}</Arn><PolicyId>ANPAREPLAY0000000</PolicyId><DefaultVersionId>${version}</DefaultVersionId><AttachmentCount>1</AttachmentCount><IsAttachable>true</IsAttachable></Policy>`,
  );

export const getPolicyVersion = (version: string, doc: object): ReplayResponse =>
  iam(
    'GetPolicyVersion',
    `<PolicyVersion><Document>${enc(doc)}</Document><VersionId>${version}</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2024-05-01T12:00:00Z</CreateDate></PolicyVersion>`,
  );

export const listAccountAliases = (aliases: string[]): ReplayResponse =>
  iam(
    'ListAccountAliases',
    `<IsTruncated>false</IsTruncated><AccountAliases>${aliases.map((a) => `<member>${a}</member>`).join('')}</AccountAliases>`,
  );

/* ---------------------------------------------------------- STS AssumeRole ---------------------------------------------------------- */

/** STS errors are query-protocol ErrorResponses in the STS namespace. */
export const stsError = (status: number, code: string, message: string): ReplayResponse =>
  queryError(status, code, message, STSNS);

export interface AssumedFixture {
  accessKeyId: string;
  expiration: Date;
  /** RoleSessionName echoed in the assumed-role ARN. */
  sessionName?: string;
}

export function assumeRole(roleArn: string, f: AssumedFixture): ReplayResponse {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  const [partition, account, role] = [m?.[1] ?? 'aws', m?.[2] ?? '000000000000', m?.[3] ?? 'role'];
  const session = f.sessionName ?? 'bucketaudit';
  return xml(
    `<AssumeRoleResponse xmlns="${STSNS}"><AssumeRoleResult><AssumedRoleUser><Arn>arn:${partition}:sts::${account}:assumed-role/${role}/${session}</Arn><AssumedRoleId>AROAREPLAY${account}:${session}</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>${f.accessKeyId}</AccessKeyId><SecretAccessKey>replay-secret-${f.accessKeyId}</SecretAccessKey><SessionToken>FwoGZXIvYXdzEREPLAY${f.accessKeyId}</SessionToken><Expiration>${f.expiration.toISOString()}</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></AssumeRoleResponse>`,
  );
}

/** GetCallerIdentity as an assumed role (what a member-account session answers). */
export const assumedCallerIdentity = (account: string, role: string, session = 'bucketaudit'): ReplayResponse =>
  xml(
    `<GetCallerIdentityResponse xmlns="${STSNS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${account}:assumed-role/${role}/${session}</Arn><UserId>AROAREPLAY${account}:${session}</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );

/* ---------------------------------------------------------- Organizations ---------------------------------------------------------- */

const json = (body: object, status = 200, headers: Record<string, string> = {}): ReplayResponse => ({
  status,
  headers: {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': '01234567-89ab-cdef-0123-456789abcdef',
    ...headers,
  },
  body: JSON.stringify(body),
});

/** AWS JSON 1.1 error: `__type` in the body and the `x-amzn-ErrorType` header. */
export const jsonError = (status: number, type: string, message: string): ReplayResponse =>
  json({ __type: type, Message: message }, status, { 'x-amzn-errortype': `${type}:` });

export type OrgAccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED' | 'PENDING_ACTIVATION';
export interface OrgAccountFixture {
  id: string;
  name: string;
  state?: OrgAccountState;
}

/** One ListAccounts page; `org` = { id: 'o-…', management: account id } for the account ARNs. */
export function listAccounts(
  org: { id: string; management: string },
  accounts: OrgAccountFixture[],
  nextToken?: string,
): ReplayResponse {
  const legacy = new Set(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']);
  return json({
    Accounts: accounts.map((a) => {
      const state = a.state ?? 'ACTIVE';
      return {
        Id: a.id,
        Arn: `arn:aws:organizations::${org.management}:account/${org.id}/${a.id}`,
        Email: `${a.name}@example.com`,
        Name: a.name,
        ...(legacy.has(state) ? { Status: state } : {}),
        State: state,
        JoinedMethod: a.id === org.management ? 'CREATED' : 'INVITED',
        JoinedTimestamp: 1714564800.123,
      };
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/**
 * The account-level and per-bucket answers of an account with nothing configured: no alias, no role, an empty
 * account BPA, no access point; buckets with no policy, BPA, ownership controls or website, the owner's ACL only.
 */
export function plainAccountRoutes(): Record<string, ReplayResponse> {
  return {
    ListAccountAliases: listAccountAliases([]),
    ListRoles: listRoles([]),
    GetAccountPublicAccessBlock: accountPab({}),
    ListAccessPoints: listAccessPoints([]),
    GetBucketPolicy: S3_ERRORS.noSuchBucketPolicy(),
    GetBucketAcl: bucketAcl('canon'),
    GetPublicAccessBlock: S3_ERRORS.noSuchPab(),
    GetBucketOwnershipControls: S3_ERRORS.noOwnership(),
    GetBucketWebsite: S3_ERRORS.noWebsite(),
    GetBucketRequestPayment: requestPayment('BucketOwner'),
  };
}
