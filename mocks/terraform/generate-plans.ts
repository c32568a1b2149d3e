/**
 * Writes mocks/terraform/<scenario>/plan.json in the shape `terraform show -json plan.out` (Terraform 1.x,
 * format_version 1.2) produces: planned_values, resource_changes with after/after_unknown, configuration
 * with expressions/references, prior_state for data sources read during planning.
 * Terraform cannot run here (no provider plugins offline), so each plan is written from the explicit
 * description below, which follows Terraform's rules: a value that depends on another resource's
 * computed attribute (id, arn) is unknown (after_unknown) and its configuration expression lists the
 * references. Run: npx tsx mocks/terraform/generate-plans.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Obj = Record<string, unknown>;

/** Unknown at plan time; the configuration references `refs`. */
class Unknown {
  constructor(readonly refs: string[]) {}
}
/** Known at plan time, but the configuration expression references `refs` (e.g. var.name). */
class KnownRef {
  constructor(
    readonly value: unknown,
    readonly refs: string[],
  ) {}
}
const unknown = (...refs: string[]) => new Unknown(refs);
const kref = (value: unknown, ...refs: string[]) => new KnownRef(value, refs);
const idOf = (addr: string) => unknown(`${addr}.id`, addr);

interface Res {
  address: string;
  mode?: 'managed' | 'data';
  module?: string;
  index?: number | string;
  values: Obj;
  countExpr?: unknown;
  forEachExpr?: unknown;
  /** Data source read during apply (its configuration has unknown values): a "read" change, not prior_state. */
  deferred?: boolean;
  /** Further provider-computed attributes left unset in configuration (e.g. `bucket` under bucket_prefix). */
  computed?: string[];
}

/** Provider-computed attributes that are unknown until apply and not set in configuration. */
const COMPUTED: Record<string, string[]> = {
  aws_s3_bucket: ['id', 'arn', 'bucket_domain_name', 'hosted_zone_id', 'region'],
  aws_iam_role: ['id', 'arn', 'unique_id'],
  google_storage_bucket: ['id', 'self_link', 'url'],
  azurerm_storage_account: ['id', 'primary_blob_endpoint', 'primary_web_endpoint'],
  azurerm_storage_container: ['id', 'resource_manager_id'],
  aws_s3_access_point: ['id', 'arn', 'alias', 'domain_name'],
};

/** Computed attributes of a data source whose read is deferred to apply. */
const COMPUTED_DATA: Record<string, string[]> = {
  aws_iam_policy_document: ['id', 'json', 'minified_json'],
};

function providerOf(type: string): string {
  const p = type.split('_')[0]!;
  return `registry.terraform.io/hashicorp/${p === 'google' ? 'google' : p === 'azurerm' ? 'azurerm' : 'aws'}`;
}

function afterOf(v: unknown): unknown {
  if (v instanceof Unknown) return undefined;
  if (v instanceof KnownRef) return v.value;
  if (Array.isArray(v)) return v.map(afterOf);
  if (v && typeof v === 'object') {
    const o: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const a = afterOf(x);
      if (a !== undefined) o[k] = a;
    }
    return o;
  }
  return v;
}

function unknownOf(v: unknown): unknown {
  if (v instanceof Unknown) return true;
  if (v instanceof KnownRef) return false;
  if (Array.isArray(v)) return v.map(unknownOf);
  if (v && typeof v === 'object') {
    const o: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const u = unknownOf(x);
      if (u !== false && !(Array.isArray(u) && u.every((e) => e === false))) o[k] = u;
    }
    return o;
  }
  return false;
}

function exprOf(v: unknown): unknown {
  if (v instanceof Unknown) return { references: v.refs };
  if (v instanceof KnownRef) return { references: v.refs };
  if (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Unknown) && !(x instanceof KnownRef))
  )
    return v.map((x) => Object.fromEntries(Object.entries(x as Obj).map(([k, y]) => [k, exprOf(y)])));
  return { constant_value: afterOf(v) };
}

function parts(r: Res) {
  const local = r.address.replace(/^(module\.[^.]+(\[[^\]]+\])?\.)+/, '').replace(/\[[^\]]+\]$/, '');
  const segs = local.split('.');
  const mode = r.mode ?? (segs[0] === 'data' ? 'data' : 'managed');
  const [type, name] = mode === 'data' ? [segs[1]!, segs[2]!] : [segs[0]!, segs[1]!];
  return { local, mode, type, name };
}

function buildPlan(
  resources: Res[],
  moduleCalls: Record<string, { source: string; forEach?: unknown; expressions?: Obj }> = {},
): Obj {
  const planned: Obj = { resources: [] as Obj[], child_modules: [] as Obj[] };
  const childByAddr = new Map<string, Obj>();
  const changes: Obj[] = [];
  const prior: Obj[] = [];
  const config: Obj = { resources: [] as Obj[] };
  const cfgModules = new Map<string, Obj>();
  const seenCfg = new Set<string>();
  for (const r of resources) {
    const { local, mode, type, name } = parts(r);
    const after = afterOf(r.values) as Obj;
    const afterUnknown = unknownOf(r.values) as Obj;
    if (mode === 'managed') for (const c of COMPUTED[type] ?? []) if (!(c in r.values)) afterUnknown[c] = true;
    if (mode === 'data' && r.deferred) for (const c of COMPUTED_DATA[type] ?? []) if (!(c in r.values)) afterUnknown[c] = true;
    for (const c of r.computed ?? []) afterUnknown[c] = true;
    const base = {
      address: r.address,
      ...(r.module ? { module_address: r.module } : {}),
      mode,
      type,
      name,
      ...(r.index !== undefined ? { index: r.index } : {}),
      provider_name: providerOf(type),
    };
    if (mode === 'data' && !r.deferred) {
      prior.push({ ...base, schema_version: 0, values: after, sensitive_values: {} });
    } else {
      const pv = { ...base, schema_version: 0, values: after, sensitive_values: {} };
      delete (pv as Obj).module_address;
      if (r.module) {
        let cm = childByAddr.get(r.module);
        if (!cm) {
          cm = { resources: [], address: r.module };
          childByAddr.set(r.module, cm);
          (planned.child_modules as Obj[]).push(cm);
        }
        (cm.resources as Obj[]).push(pv);
      } else (planned.resources as Obj[]).push(pv);
      changes.push({
        ...base,
        change: {
          actions: [mode === 'data' ? 'read' : 'create'],
          before: null,
          after,
          after_unknown: afterUnknown,
          before_sensitive: false,
          after_sensitive: {},
        },
        ...(mode === 'data' ? { action_reason: 'read_because_config_unknown' } : {}),
      });
    }
    const modPath = (r.module ?? '').replace(/\[[^\]]+\]/g, '');
    const cfgKey = `${modPath}|${local}`;
    if (seenCfg.has(cfgKey)) continue;
    seenCfg.add(cfgKey);
    const expressions = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, exprOf(v)]));
    const cfgRes = {
      address: local,
      mode,
      type,
      name,
      provider_config_key: type.split('_')[0],
      expressions,
      schema_version: 0,
      ...(r.countExpr !== undefined ? { count_expression: r.countExpr } : {}),
      ...(r.forEachExpr !== undefined ? { for_each_expression: r.forEachExpr } : {}),
    };
    if (modPath) {
      let m = cfgModules.get(modPath);
      if (!m) {
        m = { resources: [] };
        cfgModules.set(modPath, m);
      }
      (m.resources as Obj[]).push(cfgRes);
    } else (config.resources as Obj[]).push(cfgRes);
  }
  const calls: Obj = {};
  for (const [name, c] of Object.entries(moduleCalls)) {
    calls[name] = {
      source: c.source,
      expressions: c.expressions ?? {},
      ...(c.forEach !== undefined ? { for_each_expression: c.forEach } : {}),
      module: cfgModules.get(`module.${name}`) ?? { resources: [] },
    };
  }
  if (Object.keys(calls).length > 0) config.module_calls = calls;
  const plan: Obj = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: {
      root_module:
        planned.child_modules && (planned.child_modules as Obj[]).length === 0 ? { resources: planned.resources } : planned,
    },
    resource_changes: changes,
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          full_name: 'registry.terraform.io/hashicorp/aws',
          expressions: { region: { constant_value: 'us-east-1' } },
        },
      },
      root_module: config,
    },
    timestamp: '2026-01-15T10:00:00Z',
    applyable: true,
    complete: true,
    errored: false,
  };
  if (prior.length > 0)
    plan.prior_state = { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: prior } } };
  return plan;
}

/* ----------------------------------------------------------------- scenario helpers ----------------------------------------------------------------- */

const bucket = (addr: string, name: string, extra: Obj = {}): Res => ({
  address: addr,
  values: { bucket: name, force_destroy: false, ...extra },
});
const bpa = (addr: string, bucketAddr: string, on: boolean, module?: string): Res => ({
  address: addr,
  ...(module ? { module } : {}),
  values: {
    bucket: idOf(bucketAddr),
    block_public_acls: on,
    block_public_policy: on,
    ignore_public_acls: on,
    restrict_public_buckets: on,
  },
});
const policyDoc = (statements: Obj[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const publicRead = (name: string, extra: Obj = {}) =>
  policyDoc([{ ...extra, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }]);

const SCENARIOS: Record<
  string,
  { resources: Res[]; modules?: Record<string, { source: string; forEach?: unknown; expressions?: Obj }> }
> = {
  's3-public-policy': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-public-policy'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.b',
        values: { bucket: 'ba-public-policy', policy: publicRead('ba-public-policy', { Sid: 'PublicRead' }) },
      },
    ],
  },
  's3-public-acl': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-public-acl'),
      {
        address: 'aws_s3_bucket_ownership_controls.b',
        values: { bucket: idOf('aws_s3_bucket.b'), rule: [{ object_ownership: 'ObjectWriter' }] },
      },
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      { address: 'aws_s3_bucket_acl.b', values: { bucket: idOf('aws_s3_bucket.b'), acl: 'public-read' } },
    ],
  },
  's3-safe-default': { resources: [bucket('aws_s3_bucket.b', 'ba-safe-default')] },
  's3-bpa-latent': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-bpa-latent'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', true),
      {
        address: 'aws_s3_bucket_policy.b',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: `${JSON.stringify(
            {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'PublicRead',
                  Effect: 'Allow',
                  Principal: '*',
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::ba-bpa-latent/*',
                },
              ],
            },
            null,
            2,
          )}\n`,
        },
      },
    ],
  },
  's3-account-bpa': {
    resources: [
      {
        address: 'aws_s3_account_public_access_block.this',
        values: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
      bucket('aws_s3_bucket.b', 'ba-account-bpa'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.b',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: policyDoc([
            { Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::ba-account-bpa/*'] },
          ]),
        },
      },
    ],
  },
  's3-website': {
    resources: [
      { address: 'aws_s3_bucket.site', values: { bucket: kref('ba-website', 'local.site'), force_destroy: false } },
      {
        address: 'aws_s3_bucket_website_configuration.site',
        values: {
          bucket: idOf('aws_s3_bucket.site'),
          index_document: [{ suffix: 'index.html' }],
          error_document: [{ key: 'error.html' }],
        },
      },
      bpa('aws_s3_bucket_public_access_block.site', 'aws_s3_bucket.site', false),
      {
        address: 'aws_s3_bucket_policy.site',
        values: { bucket: idOf('aws_s3_bucket.site'), policy: kref(publicRead('ba-website', { Sid: 'Website' }), 'local.site') },
      },
    ],
  },
  's3-access-point': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-ap-bucket'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.b',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: policyDoc([
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: '*',
              Resource: ['arn:aws:s3:::ba-ap-bucket', 'arn:aws:s3:::ba-ap-bucket/*'],
              Condition: { StringEquals: { 's3:DataAccessPointAccount': '111122223333' } },
            },
          ]),
        },
      },
      {
        address: 'aws_s3_access_point.ap',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          name: 'ba-ap',
          account_id: '111122223333',
          public_access_block_configuration: [
            { block_public_acls: false, block_public_policy: false, ignore_public_acls: false, restrict_public_buckets: false },
          ],
          policy: policyDoc([
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:us-east-1:111122223333:accesspoint/ba-ap/object/*',
            },
          ]),
        },
      },
    ],
  },
  's3-iam-doc-sourceip': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-sourceip'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'data.aws_iam_policy_document.read_from_office',
        values: {
          statement: [
            {
              sid: 'OfficeRead',
              actions: ['s3:GetObject'],
              resources: ['arn:aws:s3:::ba-sourceip/*'],
              principals: [{ type: '*', identifiers: ['*'] }],
              condition: [{ test: 'IpAddress', variable: 'aws:SourceIp', values: ['203.0.113.0/24'] }],
            },
          ],
          json: policyDoc([
            {
              Sid: 'OfficeRead',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::ba-sourceip/*',
              Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
            },
          ]),
        },
      },
      {
        address: 'aws_s3_bucket_policy.b',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: kref(
            policyDoc([
              {
                Sid: 'OfficeRead',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::ba-sourceip/*',
                Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
              },
            ]),
            'data.aws_iam_policy_document.read_from_office.json',
            'data.aws_iam_policy_document.read_from_office',
          ),
        },
      },
    ],
  },
  's3-cross-account': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-cross-account'),
      {
        address: 'aws_s3_bucket_policy.b',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: policyDoc([
            {
              Sid: 'PartnerRead',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::444455556666:root' },
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: ['arn:aws:s3:::ba-cross-account', 'arn:aws:s3:::ba-cross-account/*'],
            },
          ]),
        },
      },
    ],
  },
  's3-unknown-policy': {
    resources: [
      {
        address: 'aws_iam_role.reader',
        values: {
          name: 'ba-reader',
          assume_role_policy: policyDoc([
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ]),
        },
      },
      bucket('aws_s3_bucket.b', 'ba-unknown-policy'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.b',
        values: { bucket: idOf('aws_s3_bucket.b'), policy: unknown('aws_iam_role.reader.arn', 'aws_iam_role.reader') },
      },
    ],
  },
  // The bucket policy names the bucket through aws_s3_bucket.b.arn: on a create plan the policy is known only
  // after apply (arn is computed), its configuration expression has references only.
  's3-policy-arn-ref': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-arn-ref'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.p',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: unknown('aws_s3_bucket.b.arn', 'aws_s3_bucket.b', 'aws_s3_bucket.b.bucket', 'aws_s3_bucket.b'),
        },
      },
    ],
  },
  // The same through data "aws_iam_policy_document": the data source is read during apply.
  's3-policy-doc-arn-ref': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-doc-arn-ref'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'data.aws_iam_policy_document.public_read',
        deferred: true,
        values: {
          statement: [
            {
              sid: 'PublicRead',
              actions: ['s3:GetObject'],
              resources: unknown('aws_s3_bucket.b.arn', 'aws_s3_bucket.b'),
              principals: [{ type: '*', identifiers: ['*'] }],
            },
          ],
        },
      },
      {
        address: 'aws_s3_bucket_policy.p',
        values: {
          bucket: idOf('aws_s3_bucket.b'),
          policy: unknown('data.aws_iam_policy_document.public_read.json', 'data.aws_iam_policy_document.public_read'),
        },
      },
    ],
  },
  // bucket_prefix: the bucket name, so its arn, is known only after apply.
  's3-policy-prefix-unknown': {
    resources: [
      { address: 'aws_s3_bucket.b', values: { bucket_prefix: 'ba-prefix-', force_destroy: false }, computed: ['bucket'] },
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      {
        address: 'aws_s3_bucket_policy.p',
        values: { bucket: idOf('aws_s3_bucket.b'), policy: unknown('aws_s3_bucket.b.arn', 'aws_s3_bucket.b') },
      },
    ],
  },
  's3-suppressed': {
    resources: [
      bucket('aws_s3_bucket.b', 'ba-suppressed'),
      bpa('aws_s3_bucket_public_access_block.b', 'aws_s3_bucket.b', false),
      { address: 'aws_s3_bucket_policy.b', values: { bucket: idOf('aws_s3_bucket.b'), policy: publicRead('ba-suppressed') } },
    ],
  },
  'module-count': {
    modules: {
      buckets: {
        source: './modules/bucket',
        forEach: { constant_value: { alpha: true, beta: false } },
        expressions: { name: { references: ['each.key'] }, public: { references: ['each.value'] } },
      },
    },
    resources: [
      ...(['alpha', 'beta'] as const).flatMap((k): Res[] => {
        const module = `module.buckets["${k}"]`;
        const on = k !== 'alpha';
        const name = `ba-mod-${k}`;
        const list: Res[] = [
          { address: `${module}.aws_s3_bucket.this`, module, values: { bucket: kref(name, 'var.name'), force_destroy: false } },
          {
            address: `${module}.aws_s3_bucket_public_access_block.this`,
            module,
            values: {
              bucket: idOf('aws_s3_bucket.this'),
              block_public_acls: kref(on, 'var.public'),
              block_public_policy: kref(on, 'var.public'),
              ignore_public_acls: kref(on, 'var.public'),
              restrict_public_buckets: kref(on, 'var.public'),
            },
          },
        ];
        if (k === 'alpha')
          list.push({
            address: `${module}.aws_s3_bucket_policy.this[0]`,
            module,
            index: 0,
            countExpr: { references: ['var.public'] },
            values: { bucket: idOf('aws_s3_bucket.this'), policy: kref(publicRead(name), 'var.name') },
          });
        return list;
      }),
      { ...bucket('aws_s3_bucket.logs[0]', 'ba-logs-0'), index: 0, countExpr: { constant_value: 2 } },
      { ...bucket('aws_s3_bucket.logs[1]', 'ba-logs-1'), index: 1, countExpr: { constant_value: 2 } },
    ],
  },
  'gcs-allusers-member': {
    resources: [
      {
        address: 'google_storage_bucket.b',
        values: { name: 'ba-gcs-allusers', location: 'EU', uniform_bucket_level_access: true },
      },
      {
        address: 'google_storage_bucket_iam_member.public',
        values: {
          bucket: kref('ba-gcs-allusers', 'google_storage_bucket.b.name', 'google_storage_bucket.b'),
          role: 'roles/storage.objectViewer',
          member: 'allUsers',
        },
      },
    ],
  },
  'gcs-allauth-binding': {
    resources: [
      {
        address: 'google_storage_bucket.b',
        values: { name: 'ba-gcs-allauth', location: 'US', uniform_bucket_level_access: true },
      },
      {
        address: 'google_storage_bucket_iam_binding.readers',
        values: {
          bucket: kref('ba-gcs-allauth', 'google_storage_bucket.b.name', 'google_storage_bucket.b'),
          role: 'roles/storage.objectViewer',
          members: ['allAuthenticatedUsers', 'user:alice@example.com'],
        },
      },
    ],
  },
  'gcs-pap-enforced': {
    resources: [
      {
        address: 'google_storage_bucket.b',
        values: { name: 'ba-gcs-pap', location: 'EU', uniform_bucket_level_access: true, public_access_prevention: 'enforced' },
      },
      {
        address: 'google_storage_bucket_iam_member.public',
        values: {
          bucket: kref('ba-gcs-pap', 'google_storage_bucket.b.name', 'google_storage_bucket.b'),
          role: 'roles/storage.objectViewer',
          member: 'allUsers',
        },
      },
    ],
  },
  'gcs-acl-public': {
    resources: [
      { address: 'google_storage_bucket.b', values: { name: 'ba-gcs-acl', location: 'EU' } },
      {
        address: 'google_storage_bucket_acl.b',
        values: {
          bucket: kref('ba-gcs-acl', 'google_storage_bucket.b.name', 'google_storage_bucket.b'),
          role_entity: ['OWNER:project-owners-123456', 'READER:allUsers'],
        },
      },
    ],
  },
  'azure-container-public': {
    resources: [
      azAccount('azurerm_storage_account.sa', 'bapublicsa', { allow_nested_items_to_be_public: true }),
      {
        address: 'azurerm_storage_container.public',
        values: {
          name: 'public',
          storage_account_name: kref('bapublicsa', 'azurerm_storage_account.sa.name', 'azurerm_storage_account.sa'),
          container_access_type: 'container',
        },
      },
    ],
  },
  'azure-account-deny': {
    resources: [
      azAccount('azurerm_storage_account.sa', 'balatentsa', { allow_nested_items_to_be_public: false }),
      {
        address: 'azurerm_storage_container.assets',
        values: { name: 'assets', storage_account_id: idOf('azurerm_storage_account.sa'), container_access_type: 'blob' },
      },
    ],
  },
  'azure-network-restricted': {
    resources: [
      azAccount('azurerm_storage_account.sa', 'barestrictedsa', { allow_nested_items_to_be_public: true }),
      {
        address: 'azurerm_storage_account_network_rules.sa',
        values: {
          storage_account_id: idOf('azurerm_storage_account.sa'),
          default_action: 'Deny',
          ip_rules: ['203.0.113.0/24'],
          bypass: ['AzureServices'],
        },
      },
      {
        address: 'azurerm_storage_container.data',
        values: { name: 'data', storage_account_id: idOf('azurerm_storage_account.sa'), container_access_type: 'container' },
      },
    ],
  },
  'azure-static-website': {
    resources: [
      azAccount('azurerm_storage_account.web', 'bawebsitesa', {
        allow_nested_items_to_be_public: false,
        static_website: [{ index_document: 'index.html', error_404_document: '404.html' }],
      }),
    ],
  },
  good: {
    resources: [
      {
        address: 'aws_s3_account_public_access_block.this',
        values: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
      },
      bucket('aws_s3_bucket.good', 'ba-good'),
      bpa('aws_s3_bucket_public_access_block.good', 'aws_s3_bucket.good', true),
      {
        address: 'aws_s3_bucket_ownership_controls.good',
        values: { bucket: idOf('aws_s3_bucket.good'), rule: [{ object_ownership: 'BucketOwnerEnforced' }] },
      },
      {
        address: 'google_storage_bucket.good',
        values: { name: 'ba-gcs-good', location: 'EU', uniform_bucket_level_access: true, public_access_prevention: 'enforced' },
      },
      azAccount('azurerm_storage_account.good', 'bagoodsa', {
        allow_nested_items_to_be_public: false,
        public_network_access_enabled: false,
        shared_access_key_enabled: false,
      }),
      {
        address: 'azurerm_storage_container.good',
        values: { name: 'private', storage_account_id: idOf('azurerm_storage_account.good'), container_access_type: 'private' },
      },
    ],
  },
};

function azAccount(addr: string, name: string, extra: Obj): Res {
  return {
    address: addr,
    values: {
      name,
      resource_group_name: 'rg-bucketaudit',
      location: 'westeurope',
      account_tier: 'Standard',
      account_replication_type: 'LRS',
      ...extra,
    },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
for (const [dir, s] of Object.entries(SCENARIOS)) {
  writeFileSync(join(here, dir, 'plan.json'), `${JSON.stringify(buildPlan(s.resources, s.modules), null, 2)}\n`);
}
