import type {
  AwsAccessPoint,
  AwsBpa,
  AwsS3Facts,
  Known,
  S3Acl,
  S3AclGrant,
  S3AclPermission,
  S3ObjectOwnership,
  StorageResource,
} from '../../model/index.js';
import { ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY } from '../../analyzer/aws/acl.js';
import { Computed, firstComputed, hasComputed } from '../expr.js';
import { localRef, nested, nestedAll, setsArg, sourceNote, type TfBlock } from '../block.js';
import {
  addLink,
  bool,
  computedOf,
  configured,
  known,
  type MapResult,
  notCollected,
  objectAclsFact,
  PrimaryIndex,
  str,
  strList,
  tagsOf,
} from './common.js';

/** Provider default notes (named in evidence). */
const AWS_DEFAULTS = {
  bpa: 'S3 default for buckets created since April 2023: bucket Block Public Access all four on (no aws_s3_bucket_public_access_block declared)',
  ownership:
    'S3 default for buckets created since April 2023: Object Ownership BucketOwnerEnforced, ACLs disabled (no aws_s3_bucket_ownership_controls declared)',
  policy: 'no aws_s3_bucket_policy (or inline policy) declared: a new bucket has no bucket policy',
  acl: 'no ACL declared: a new bucket ACL grants FULL_CONTROL to the owner only',
  website: 'no website configuration declared',
  accessPoints: 'no aws_s3_access_point declared for this bucket',
  apBpa: 'aws_s3_access_point default: public_access_block_configuration all four on',
};

const CANNED: Record<string, [string, S3AclPermission][]> = {
  private: [],
  'public-read': [[ALL_USERS, 'READ']],
  'public-read-write': [
    [ALL_USERS, 'READ'],
    [ALL_USERS, 'WRITE'],
  ],
  'authenticated-read': [[AUTHENTICATED_USERS, 'READ']],
  'log-delivery-write': [
    [LOG_DELIVERY, 'WRITE'],
    [LOG_DELIVERY, 'READ_ACP'],
  ],
  'bucket-owner-read': [],
  'bucket-owner-full-control': [],
  'aws-exec-read': [],
};

function cannedAcl(canned: string): S3Acl | undefined {
  const g = CANNED[canned];
  if (!g) return undefined;
  return { grants: g.map(([uri, permission]) => ({ grantee: { type: 'Group', uri }, permission })) };
}

/** An `acl` argument (canned ACL name): unknown when computed or not a canned ACL; undefined when not a string. */
function aclArg(b: TfBlock, v: unknown): Known<S3Acl> | undefined {
  if (v instanceof Computed) return computedOf(b, 'acl', v);
  if (typeof v !== 'string') return undefined;
  const acl = cannedAcl(v);
  return acl
    ? configured(acl, b)
    : { known: false, reason: 'malformed', operation: `${b.address}.acl`, detail: `unknown canned ACL ${v}` };
}

function bpaOf(b: TfBlock, v: Record<string, unknown>, dflt: boolean): Known<AwsBpa> {
  const keys = ['block_public_acls', 'ignore_public_acls', 'block_public_policy', 'restrict_public_buckets'] as const;
  for (const k of keys) if (v[k] instanceof Computed) return computedOf(b, k, v[k] as Computed);
  const f = (k: (typeof keys)[number]) => bool(v[k]) ?? dflt;
  return configured(
    {
      blockPublicAcls: f('block_public_acls'),
      ignorePublicAcls: f('ignore_public_acls'),
      blockPublicPolicy: f('block_public_policy'),
      restrictPublicBuckets: f('restrict_public_buckets'),
    },
    b,
  );
}

function policyText(v: unknown): string | null | undefined | Computed {
  if (v instanceof Computed) return v;
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  if (typeof v === 'string') return v;
  const c = firstComputed(v);
  return c ?? JSON.stringify(v);
}

/**
 * The canonical user id of the caller (data "aws_canonical_user_id"), which owns the buckets this configuration
 * creates: its value (plan, state) or, in .tf where it is read at plan time, a placeholder standing for the
 * value of that expression. Only one such data source is credited (several may be several accounts).
 */
interface Caller {
  id: string;
  /** A grantee id that is this caller's id, unknown statically (data.aws_canonical_user_id.X.id). */
  isCallerExpr(sat: TfBlock, id: unknown): boolean;
}

function callerOf(blocks: readonly TfBlock[]): Caller | undefined {
  const found = blocks.filter((x) => x.mode === 'data' && x.type === 'aws_canonical_user_id');
  if (found.length !== 1) return undefined;
  const d = found[0]!;
  const ref = localRef(d);
  if (typeof d.values.id === 'string' && d.values.id) return { id: d.values.id, isCallerExpr: () => false };
  return {
    id: `(canonical user id of ${d.address})`,
    isCallerExpr: (sat, id) => id instanceof Computed && sat.module === d.module && id.refs.includes(ref),
  };
}

/** aws_s3_bucket_acl access_control_policy / legacy aws_s3_bucket.grant -> S3Acl. */
function aclFromAccessControlPolicy(b: TfBlock, acp: Record<string, unknown>, caller?: Caller): Known<S3Acl> {
  const grants = nestedAll(acp.grant);
  if (grants instanceof Computed) return computedOf(b, 'access_control_policy', grants);
  const owner = nested(acp.owner);
  const ownerRaw = owner && !(owner instanceof Computed) ? owner.id : undefined;
  // The owner's id unknown statically (data.aws_canonical_user_id.current.id, as in the provider's example):
  // a grantee id from the very same expression is the same value, so that grant is the owner's own grant.
  const unknownOwnerId =
    ownerRaw instanceof Computed ? (caller?.isCallerExpr(b, ownerRaw) ? caller.id : `(owner: ${ownerRaw.detail})`) : undefined;
  const isOwnerExpr = (id: unknown) =>
    id instanceof Computed &&
    ownerRaw instanceof Computed &&
    id.detail === ownerRaw.detail &&
    id.refs.join('\n') === ownerRaw.refs.join('\n');
  const out: S3AclGrant[] = [];
  for (const g of grants) {
    const ge = nested(g.grantee);
    if (ge instanceof Computed) return computedOf(b, 'access_control_policy', ge);
    const ownGrant = ge !== undefined && ge.type === 'CanonicalUser' && isOwnerExpr(ge.id);
    const callerGrant = ge !== undefined && ge.type === 'CanonicalUser' && !ownGrant && caller?.isCallerExpr(b, ge.id);
    const rest = ownGrant || callerGrant ? { ...g, grantee: { ...ge, id: undefined } } : g;
    if (hasComputed(rest)) return computedOf(b, 'access_control_policy', firstComputed(rest));
    if (!ge) continue;
    const permission = str(g.permission) as S3AclPermission;
    const type = str(ge.type);
    if (type === 'Group') out.push({ grantee: { type: 'Group', uri: String(ge.uri) }, permission });
    else if (type === 'AmazonCustomerByEmail')
      out.push({ grantee: { type: 'AmazonCustomerByEmail', email: String(ge.email_address) }, permission });
    else
      out.push({
        grantee: {
          type: 'CanonicalUser',
          id: ownGrant ? unknownOwnerId! : callerGrant ? caller!.id : String(ge.id),
          ...(str(ge.display_name) ? { displayName: String(ge.display_name) } : {}),
        },
        permission,
      });
  }
  const ownerId = str(ownerRaw) ?? unknownOwnerId;
  return configured({ ...(ownerId ? { ownerId } : {}), grants: out }, b);
}

function legacyGrants(b: TfBlock, v: unknown, caller?: Caller): Known<S3Acl> | undefined {
  const grants = nestedAll(v);
  if (grants instanceof Computed) return computedOf(b, 'grant', grants);
  if (grants.length === 0) return undefined;
  // grant { id = data.aws_canonical_user_id.current.id ... } (the provider v3 example): the caller, the owner.
  const isCaller = (g: Record<string, unknown>) => g.type === 'CanonicalUser' && caller?.isCallerExpr(b, g.id) === true;
  const c = firstComputed(grants.map((g) => (isCaller(g) ? { ...g, id: undefined } : g)));
  if (c) return computedOf(b, 'grant', c);
  const out: S3AclGrant[] = [];
  for (const g of grants) {
    const perms = strList(g.permissions);
    if (perms instanceof Computed) return computedOf(b, 'grant', perms);
    for (const p of perms) {
      const permission = p as S3AclPermission;
      if (g.type === 'Group') out.push({ grantee: { type: 'Group', uri: String(g.uri) }, permission });
      else out.push({ grantee: { type: 'CanonicalUser', id: isCaller(g) ? caller!.id : String(g.id) }, permission });
    }
  }
  // A state lists aws_s3_bucket's grants as S3 returns them, without the ACL's owner: a canonical user grant
  // (the owner's FULL_CONTROL is in every default ACL) cannot be told from a grant to another account.
  const stateRead = b.source.origin === 'terraform-plan' && !b.isNew && !b.configured;
  if (stateRead && !caller && out.some((g) => g.grantee.type === 'CanonicalUser'))
    return notCollected(
      'bucket ACL',
      `${sourceNote(b)}: the state lists the bucket's ACL grants without the ACL owner, so a grant to a canonical user cannot be told from the owner's own (declare data "aws_canonical_user_id" or an aws_s3_bucket_acl)`,
    );
  return configured({ grants: out }, b);
}

function websiteOf(b: TfBlock, w: Record<string, unknown>): AwsS3Facts['website'] {
  if (hasComputed([w.index_document, w.error_document, w.redirect_all_requests_to, w.routing_rule]))
    return computedOf(b, 'website');
  const idx = w.index_document;
  const err = w.error_document;
  const red = w.redirect_all_requests_to;
  const pick = (x: unknown, k: string) => {
    if (typeof x === 'string') return x;
    const n = nested(x);
    return n && !(n instanceof Computed) ? str(n[k]) : undefined;
  };
  const indexDocument = pick(idx, 'suffix');
  const errorDocument = pick(err, 'key');
  const redirect = pick(red, 'host_name');
  return configured(
    {
      ...(indexDocument ? { indexDocument } : {}),
      ...(errorDocument ? { errorDocument } : {}),
      ...(redirect ? { redirectAllRequestsTo: redirect } : {}),
    },
    b,
  );
}

interface Bucket {
  block?: TfBlock;
  name?: string;
  id: string;
  policy?: Known<string | null>;
  acl?: Known<S3Acl>;
  bpa?: Known<AwsBpa | null>;
  ownership?: Known<S3ObjectOwnership | null>;
  website?: AwsS3Facts['website'];
  accessPoints: AwsAccessPoint[];
  apUnknown?: Known<never>;
  requesterPays?: Known<boolean>;
  /** Object ACLs set by aws_s3_object / aws_s3_bucket_object / aws_s3_object_copy (only those granting anyone). */
  objectAcls: { key: string; acl: S3Acl }[];
  objectAclUnknown?: Known<never>;
  contributors: TfBlock[];
}

/** Objects whose `acl` (canned) or `grant` blocks (aws_s3_object_copy) set an object ACL at upload. */
const OBJECT_TYPES = new Set(['aws_s3_object', 'aws_s3_bucket_object', 'aws_s3_object_copy']);

/**
 * The ACL an object resource sets: undefined when it sets none (or a private one: nothing to report), unknown
 * when its value is known only after apply. In a plan only what the configuration sets counts.
 */
function objectAclOf(b: TfBlock, caller?: Caller): Known<S3Acl> | undefined {
  const v = b.values;
  let acl = setsArg(b, 'acl') && v.acl !== '' ? aclArg(b, v.acl) : undefined;
  const lg = b.type === 'aws_s3_object_copy' && setsArg(b, 'grant') ? legacyGrants(b, v.grant, caller) : undefined;
  if (lg && (!lg.known || lg.value.grants.length > 0)) acl = lg;
  if (acl?.known && acl.value.grants.length === 0) return undefined;
  return acl;
}

const SATELLITES = new Set([
  'aws_s3_bucket_policy',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_website_configuration',
  'aws_s3_access_point',
  'aws_s3_bucket_request_payment_configuration',
]);

export function mapAws(blocks: readonly TfBlock[]): MapResult {
  const caller = callerOf(blocks);
  const { managed, index } = PrimaryIndex.of(blocks, 'aws_s3_bucket', (b): Bucket => {
    const name = str(b.values.bucket);
    const bucket: Bucket = {
      block: b,
      id: name ? `arn:aws:s3:::${name}` : b.address,
      accessPoints: [],
      objectAcls: [],
      contributors: [b],
    };
    if (name) bucket.name = name;
    // Legacy inline arguments (AWS provider < 4 style, still accepted). In a plan, only those its configuration
    // sets: provider v4+ fills acl/grant/policy/website from the live bucket, which is not this configuration.
    const pol = setsArg(b, 'policy') ? policyText(b.values.policy) : undefined;
    if (pol instanceof Computed) bucket.policy = computedOf(b, 'policy', pol);
    else if (typeof pol === 'string') bucket.policy = configured(pol, b, 'policy');
    const acl = setsArg(b, 'acl') ? aclArg(b, b.values.acl) : undefined;
    if (acl) bucket.acl = acl;
    const lg = setsArg(b, 'grant') ? legacyGrants(b, b.values.grant, caller) : undefined;
    if (lg) bucket.acl = lg;
    const w = setsArg(b, 'website') ? nested(b.values.website) : undefined;
    if (w instanceof Computed) bucket.website = computedOf(b, 'website', w);
    else if (w) bucket.website = websiteOf(b, w);
    const rp = setsArg(b, 'request_payer') ? b.values.request_payer : undefined;
    if (rp instanceof Computed) bucket.requesterPays = computedOf(b, 'request_payer');
    else if (typeof rp === 'string') bucket.requesterPays = configured(rp === 'Requester', b);
    return bucket;
  });

  // A bucket not declared in this configuration becomes a stub whose other settings Terraform cannot see.
  const target = (sat: TfBlock): Bucket => {
    const name = str(sat.values.bucket);
    return index.target(sat, [sat.values.bucket], name, () => ({
      id: name ? `arn:aws:s3:::${name}` : sat.address,
      ...(name ? { name } : {}),
      accessPoints: [],
      objectAcls: [],
      contributors: [],
    }));
  };

  // Object ACLs (aws_s3_object acl = "public-read", ...): a public object in a bucket whose ACL is private.
  for (const ob of managed.filter((x) => OBJECT_TYPES.has(x.type))) {
    const acl = objectAclOf(ob, caller);
    if (!acl) continue;
    const bucket = target(ob);
    bucket.contributors.push(ob);
    if (!acl.known) bucket.objectAclUnknown ??= acl;
    else bucket.objectAcls.push({ key: str(ob.values.key) ?? `(key of ${ob.address})`, acl: acl.value });
  }

  // Several account blocks (provider aliases for several accounts) cannot be told apart per bucket: reading
  // the last one would let an all-on block hide an all-off one, so the setting is not credited.
  const accountBlocks = managed.filter((x) => x.type === 'aws_s3_account_public_access_block');
  const accountBpa: Known<AwsBpa | null> | undefined =
    accountBlocks.length > 1
      ? notCollected(
          'accountBpa',
          `${accountBlocks.length} aws_s3_account_public_access_block resources (${accountBlocks.map((b) => b.address).join(', ')}): which account a bucket belongs to is not known, so none is credited`,
        )
      : accountBlocks[0]
        ? bpaOf(accountBlocks[0], accountBlocks[0].values, false)
        : undefined;

  const accessPoints: { block: TfBlock; ap: AwsAccessPoint; bucket: Bucket }[] = [];
  for (const sat of managed.filter((x) => SATELLITES.has(x.type))) {
    const bucket = target(sat);
    bucket.contributors.push(sat);
    const v = sat.values;
    switch (sat.type) {
      case 'aws_s3_bucket_policy': {
        const pol = policyText(v.policy);
        bucket.policy = pol instanceof Computed ? computedOf(sat, 'policy', pol) : configured(pol ?? null, sat, 'policy');
        break;
      }
      case 'aws_s3_bucket_acl': {
        // In a plan, access_control_policy not set by the configuration is the provider's copy of the live ACL
        // (prior state, kept while `acl` changes): the configured canned `acl` is what the apply sets.
        const acp = setsArg(sat, 'access_control_policy') ? nested(v.access_control_policy) : undefined;
        if (acp instanceof Computed) bucket.acl = computedOf(sat, 'access_control_policy', acp);
        else if (acp) bucket.acl = aclFromAccessControlPolicy(sat, acp, caller);
        else bucket.acl = aclArg(sat, v.acl) ?? bucket.acl;
        break;
      }
      case 'aws_s3_bucket_public_access_block':
        bucket.bpa = bpaOf(sat, v, false);
        break;
      case 'aws_s3_bucket_ownership_controls': {
        const rule = nested(v.rule);
        if (rule instanceof Computed || rule?.object_ownership instanceof Computed)
          bucket.ownership = computedOf(sat, 'rule.object_ownership');
        else if (rule && typeof rule.object_ownership === 'string')
          bucket.ownership = configured(rule.object_ownership as S3ObjectOwnership, sat);
        break;
      }
      case 'aws_s3_bucket_website_configuration':
        bucket.website = websiteOf(sat, v);
        break;
      case 'aws_s3_bucket_request_payment_configuration':
        if (v.payer instanceof Computed) bucket.requesterPays = computedOf(sat, 'payer');
        else bucket.requesterPays = configured(v.payer === 'Requester', sat);
        break;
      case 'aws_s3_access_point': {
        const name = str(v.name);
        if (!name) {
          bucket.apUnknown = computedOf(sat, 'name');
          break;
        }
        const vpc = nested(v.vpc_configuration);
        const bpaBlock = nested(v.public_access_block_configuration);
        const pol = policyText(v.policy);
        const ap: AwsAccessPoint = {
          name,
          networkOrigin: vpc ? 'VPC' : 'Internet',
          ...(vpc && !(vpc instanceof Computed) && typeof vpc.vpc_id === 'string' ? { vpcId: vpc.vpc_id } : {}),
          bpa:
            bpaBlock instanceof Computed
              ? computedOf(sat, 'public_access_block_configuration', bpaBlock)
              : bpaBlock
                ? bpaOf(sat, bpaBlock, true)
                : known(
                    { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
                    'default',
                    `${AWS_DEFAULTS.apBpa} (${sourceNote(sat)})`,
                  ),
          policy: pol instanceof Computed ? computedOf(sat, 'policy', pol) : configured(pol ?? null, sat, 'policy'),
        };
        if (typeof v.arn === 'string') ap.arn = v.arn;
        else if (typeof v.account_id === 'string' && sat.region)
          ap.arn = `arn:aws:s3:${sat.region}:${v.account_id}:accesspoint/${name}`;
        bucket.accessPoints.push(ap);
        accessPoints.push({ block: sat, ap, bucket });
        break;
      }
    }
  }

  // aws_s3control_access_point_policy: an access point's policy managed apart from the access point.
  for (const pb of managed.filter((x) => x.type === 'aws_s3control_access_point_policy')) {
    const arnValue = pb.values.access_point_arn;
    const hit = accessPoints.find(
      ({ block, ap }) =>
        (typeof arnValue === 'string' && arnValue === ap.arn) ||
        (arnValue instanceof Computed &&
          block.module === pb.module &&
          arnValue.refs.includes(localRef(block)) &&
          // count/for_each access points: the policy instance with the same key
          (accessPoints.filter((x) => localRef(x.block) === localRef(block) && x.block.module === block.module).length === 1 ||
            block.address.slice(block.baseAddress.length) === pb.address.slice(pb.baseAddress.length))),
    );
    const pol = policyText(pb.values.policy);
    // An access point not declared in this configuration is not attached to any bucket read here.
    if (!hit) continue;
    hit.bucket.contributors.push(pb);
    hit.ap.policy = pol instanceof Computed ? computedOf(pb, 'policy', pol) : configured(pol ?? null, pb, 'policy');
  }

  const links = new Map<string, string[]>();
  const resources: StorageResource[] = index.all.map((bk) => {
    const where = bk.block ? sourceNote(bk.block) : 'bucket not declared in this configuration';
    const undeclared = (what: string) =>
      notCollected(
        what,
        bk.block
          ? `${where}: existing bucket, ${what} is not declared in the configuration and Terraform cannot see it`
          : `bucket ${bk.name ?? bk.id} is not declared in this configuration; ${what} is not visible to Terraform`,
      );
    const dflt = <T>(value: T, note: string, what: string): Known<T> =>
      bk.block?.isNew ? known(value, 'default', `${note} — ${where}`) : undeclared(what);
    const facts: AwsS3Facts = {
      provider: 'aws',
      ...(caller ? { ownerCanonicalId: caller.id } : {}),
      policy: bk.policy ?? dflt<string | null>(null, AWS_DEFAULTS.policy, 'bucket policy'),
      acl: bk.acl ?? dflt<S3Acl>({ grants: [] }, AWS_DEFAULTS.acl, 'bucket ACL'),
      bucketBpa:
        bk.bpa ??
        dflt<AwsBpa | null>(
          { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
          AWS_DEFAULTS.bpa,
          'bucket Block Public Access',
        ),
      accountBpa:
        accountBpa ??
        notCollected(
          'accountBpa',
          'account Block Public Access is not declared (no aws_s3_account_public_access_block); Terraform cannot see the account setting',
        ),
      ownership:
        bk.ownership ?? dflt<S3ObjectOwnership | null>('BucketOwnerEnforced', AWS_DEFAULTS.ownership, 'Object Ownership'),
      website: bk.website ?? dflt(null, AWS_DEFAULTS.website, 'website configuration'),
      accessPoints:
        bk.apUnknown ??
        (bk.accessPoints.length > 0
          ? known(bk.accessPoints, 'configured', 'aws_s3_access_point')
          : dflt<AwsAccessPoint[]>([], AWS_DEFAULTS.accessPoints, 'access points')),
      ...(bk.requesterPays ? { requesterPays: bk.requesterPays } : {}),
      ...objectAclsFact(bk.objectAcls, bk.objectAclUnknown, 'aws_s3_object acl', (o) =>
        o.acl.grants.some(
          (g) => g.grantee.type === 'Group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS),
        ),
      ),
    };
    const src = bk.block ?? bk.contributors[0];
    const tags = bk.block ? tagsOf(bk.block.values.tags) : undefined;
    const r: StorageResource = {
      id: bk.id,
      provider: 'aws',
      kind: 'bucket',
      name: bk.name ?? bk.id,
      account: '',
      ...(src?.region ? { region: src.region } : {}),
      source: src ? { ...src.source } : { origin: 'terraform-hcl', uri: '' },
      ...(tags ? { tags } : {}),
      facts,
    };
    for (const c of bk.contributors) addLink(links, c, r.id);
    return r;
  });
  return { resources, links };
}
