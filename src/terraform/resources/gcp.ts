import type { GcsAclEntry, GcsAclRole, GcsBinding, GcsFacts, Known, StorageResource } from '../../model/index.js';
import { nested, setsArg, sourceNote, type TfBlock } from '../block.js';
import { Computed, hasComputed } from '../expr.js';
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

const GCS_DEFAULTS = {
  ubla: 'google_storage_bucket default: uniform_bucket_level_access = false',
  pap: 'google_storage_bucket default: public_access_prevention = "inherited"',
  requesterPays: 'google_storage_bucket default: requester_pays = false',
  website: 'no website block declared',
  iam: 'no bucket IAM resources declared in this configuration (project-level IAM is not evaluated)',
  acl: 'no google_storage_bucket_acl / access_control declared: default bucket ACL has project roles only',
  defaultAcl: 'no default object ACL declared: project-private default',
};

/** predefined_acl / predefined_default_object_acl -> public entries (project entries are not public). */
const PREDEFINED: Record<string, GcsAclEntry[]> = {
  publicRead: [{ entity: 'allUsers', role: 'READER' }],
  publicReadWrite: [{ entity: 'allUsers', role: 'WRITER' }],
  authenticatedRead: [{ entity: 'allAuthenticatedUsers', role: 'READER' }],
  private: [],
  projectPrivate: [],
  bucketOwnerRead: [],
  bucketOwnerFullControl: [],
};

interface Bucket {
  block?: TfBlock;
  name?: string;
  id: string;
  project?: string;
  bindings: GcsBinding[];
  iamUnknown?: Known<never>;
  acl?: GcsAclEntry[];
  aclUnknown?: Known<never>;
  aclBlock?: TfBlock;
  defAcl?: GcsAclEntry[];
  defAclUnknown?: Known<never>;
  defAclBlock?: TfBlock;
  iamBlocks: TfBlock[];
  /** Object ACLs set by google_storage_object_acl / _object_access_control / _bucket_object (granting anyone). */
  objectAcls: { name: string; acl: GcsAclEntry[] }[];
  objectAclUnknown?: Known<never>;
  contributors: TfBlock[];
}

/** An unrecognised predefined ACL name: unknown, never "no ACL". */
const badPredefined = (b: TfBlock, attr: string, name: string): Known<never> => ({
  known: false,
  reason: 'malformed',
  operation: `${b.address}.${attr}`,
  detail: `unknown predefined ACL ${name}`,
});

/**
 * The object ACL entries an object resource sets: undefined when it sets none (nothing to add), unknown when the
 * value is known only after apply. In a plan only what the configuration sets counts.
 */
function objectAclOf(b: TfBlock): GcsAclEntry[] | Known<never> | undefined {
  const v = b.values;
  if (b.type === 'google_storage_object_access_control') {
    if (v.entity instanceof Computed || v.role instanceof Computed) return computedOf(b, 'entity');
    return typeof v.entity === 'string' && typeof v.role === 'string'
      ? [{ entity: v.entity, role: v.role as GcsAclRole }]
      : undefined;
  }
  const pre = setsArg(b, 'predefined_acl') ? v.predefined_acl : undefined;
  if (pre instanceof Computed) return computedOf(b, 'predefined_acl', pre);
  if (typeof pre === 'string' && pre) return PREDEFINED[pre] ?? badPredefined(b, 'predefined_acl', pre);
  if (b.type !== 'google_storage_object_acl' || !setsArg(b, 'role_entity')) return undefined;
  const re = strList(v.role_entity);
  return re instanceof Computed ? computedOf(b, 'role_entity', re) : roleEntities(re);
}

const OBJECT_TYPES = new Set([
  'google_storage_object_acl',
  'google_storage_object_access_control',
  'google_storage_bucket_object',
]);

function roleEntities(list: string[]): GcsAclEntry[] {
  return list.map((re) => {
    const i = re.indexOf(':');
    return { role: re.slice(0, i) as GcsAclRole, entity: re.slice(i + 1) };
  });
}

function conditionOf(v: unknown): GcsBinding['condition'] | undefined {
  const c = nested(v);
  if (!c || c instanceof Computed || typeof c.expression !== 'string') return undefined;
  return {
    expression: c.expression,
    ...(typeof c.title === 'string' ? { title: c.title } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
  };
}

export function mapGcp(blocks: readonly TfBlock[]): MapResult {
  const { managed, index } = PrimaryIndex.of(blocks, 'google_storage_bucket', (b): Bucket => {
    const name = str(b.values.name);
    const bk: Bucket = {
      block: b,
      id: name ? `gs://${name}` : b.address,
      bindings: [],
      iamBlocks: [],
      objectAcls: [],
      contributors: [b],
    };
    if (name) bk.name = name;
    const project = str(b.values.project);
    if (project) bk.project = project;
    return bk;
  });
  const target = (sat: TfBlock): Bucket => {
    const name = str(sat.values.bucket)?.replace(/^b\//, '');
    return index.target(sat, [sat.values.bucket], name, () => ({
      id: name ? `gs://${name}` : sat.address,
      ...(name ? { name } : {}),
      bindings: [],
      iamBlocks: [],
      objectAcls: [],
      contributors: [],
    }));
  };

  // Object ACLs (google_storage_object_acl role_entity READER:allUsers, predefined_acl = "publicRead", ...):
  // a public object in a bucket whose own ACL and IAM are private.
  for (const ob of managed.filter((x) => OBJECT_TYPES.has(x.type))) {
    const acl = objectAclOf(ob);
    if (!acl || (Array.isArray(acl) && acl.length === 0)) continue;
    const bk = target(ob);
    bk.contributors.push(ob);
    const objectName = str(ob.type === 'google_storage_bucket_object' ? ob.values.name : ob.values.object);
    if (!Array.isArray(acl)) bk.objectAclUnknown ??= acl;
    else bk.objectAcls.push({ name: objectName ?? `(object of ${ob.address})`, acl });
  }

  for (const sat of managed) {
    const v = sat.values;
    switch (sat.type) {
      case 'google_storage_bucket_iam_member':
      case 'google_storage_bucket_iam_binding':
      case 'google_storage_bucket_iam_policy':
      case 'google_storage_managed_folder_iam_member':
      case 'google_storage_managed_folder_iam_binding':
      case 'google_storage_managed_folder_iam_policy': {
        const bk = target(sat);
        bk.contributors.push(sat);
        bk.iamBlocks.push(sat);
        // A managed folder's IAM grants on the objects under the folder: the binding narrowed to that prefix by the
        // condition the analyzer reads (G rules: resource.name.startsWith). A folder or bucket name unknown at plan
        // time leaves the binding on the whole bucket (worst case), never dropped.
        const folder = sat.type.startsWith('google_storage_managed_folder_') ? str(v.managed_folder) : undefined;
        const push = (bd: GcsBinding) => {
          if (!folder || !bk.name) return void bk.bindings.push(bd);
          const inFolder = `resource.name.startsWith("projects/_/buckets/${bk.name}/objects/${folder}")`;
          const expression = bd.condition ? `(${bd.condition.expression}) && ${inFolder}` : inFolder;
          bk.bindings.push({ ...bd, condition: { ...bd.condition, expression } });
        };
        if (sat.type.endsWith('_iam_policy')) {
          const pd = v.policy_data;
          if (typeof pd !== 'string') {
            bk.iamUnknown = computedOf(sat, 'policy_data', pd instanceof Computed ? pd : undefined);
            break;
          }
          try {
            const doc = JSON.parse(pd) as {
              bindings?: { role: string; members: string[]; condition?: GcsBinding['condition'] }[];
            };
            for (const bd of doc.bindings ?? [])
              push({
                role: bd.role,
                members: bd.members ?? [],
                ...(bd.condition ? { condition: bd.condition } : {}),
              });
          } catch {
            bk.iamUnknown = {
              known: false,
              reason: 'malformed',
              operation: `${sat.address}.policy_data`,
              detail: 'policy_data is not JSON',
            };
          }
          break;
        }
        const role = v.role;
        const members = sat.type.endsWith('_iam_member') ? strList(v.member) : strList(v.members);
        if (typeof role !== 'string' || members instanceof Computed) {
          bk.iamUnknown = computedOf(
            sat,
            typeof role !== 'string' ? 'role' : 'members',
            members instanceof Computed ? members : undefined,
          );
          break;
        }
        const condition = conditionOf(v.condition);
        push({ role, members, ...(condition ? { condition } : {}) });
        break;
      }
      case 'google_storage_bucket_acl': {
        const bk = target(sat);
        bk.contributors.push(sat);
        bk.aclBlock = sat;
        const pre = v.predefined_acl;
        const re = strList(v.role_entity);
        if (pre instanceof Computed || re instanceof Computed) bk.aclUnknown = computedOf(sat, 'role_entity');
        else if (typeof pre === 'string' && pre) {
          const e = PREDEFINED[pre];
          if (e) bk.acl = [...(bk.acl ?? []), ...e];
          else
            bk.aclUnknown = {
              known: false,
              reason: 'malformed',
              operation: `${sat.address}.predefined_acl`,
              detail: `unknown predefined ACL ${pre}`,
            };
        } else bk.acl = [...(bk.acl ?? []), ...roleEntities(re)];
        // default_acl: an unknown or unrecognised value is UNKNOWN for the default object ACL, never "no ACL".
        const dflt = v.default_acl;
        if (dflt instanceof Computed) bk.defAclUnknown = computedOf(sat, 'default_acl', dflt);
        else if (typeof dflt === 'string' && dflt) {
          bk.defAclBlock = sat;
          const e = PREDEFINED[dflt];
          if (e) bk.defAcl = [...(bk.defAcl ?? []), ...e];
          else
            bk.defAclUnknown = {
              known: false,
              reason: 'malformed',
              operation: `${sat.address}.default_acl`,
              detail: `unknown predefined ACL ${dflt}`,
            };
        }
        break;
      }
      case 'google_storage_bucket_access_control': {
        const bk = target(sat);
        bk.contributors.push(sat);
        bk.aclBlock = sat;
        if (typeof v.entity !== 'string' || typeof v.role !== 'string') bk.aclUnknown = computedOf(sat, 'entity');
        else bk.acl = [...(bk.acl ?? []), { entity: v.entity, role: v.role as GcsAclRole }];
        break;
      }
      case 'google_storage_default_object_acl': {
        const bk = target(sat);
        bk.contributors.push(sat);
        bk.defAclBlock = sat;
        const re = strList(v.role_entity);
        if (re instanceof Computed) bk.defAclUnknown = computedOf(sat, 'role_entity', re);
        else bk.defAcl = [...(bk.defAcl ?? []), ...roleEntities(re)];
        break;
      }
      case 'google_storage_default_object_access_control': {
        const bk = target(sat);
        bk.contributors.push(sat);
        bk.defAclBlock = sat;
        if (typeof v.entity !== 'string' || typeof v.role !== 'string') bk.defAclUnknown = computedOf(sat, 'entity');
        else bk.defAcl = [...(bk.defAcl ?? []), { entity: v.entity, role: v.role as GcsAclRole }];
        break;
      }
    }
  }

  const links = new Map<string, string[]>();
  const resources: StorageResource[] = index.all.map((bk) => {
    const b = bk.block;
    const v = b?.values ?? {};
    const where = b ? sourceNote(b) : 'bucket not declared in this configuration';
    const absent = (what: string) =>
      notCollected(what, `bucket ${bk.name ?? bk.id} is not declared in this configuration; ${what} is not visible to Terraform`);
    const attrOr = <T>(k: string, conv: (x: unknown) => T | undefined, dflt: T, note: string): Known<T> => {
      if (!b) return absent(k);
      const x = v[k];
      if (x instanceof Computed) return computedOf(b, k, x);
      const c = conv(x);
      return c === undefined ? known(dflt, 'default', `${note} — ${where}`) : configured(c, b);
    };
    const web = nested(v.website);
    const website: GcsFacts['website'] = !b
      ? absent('website')
      : web instanceof Computed || hasComputed(web)
        ? computedOf(b, 'website')
        : web
          ? configured(
              {
                ...(typeof web.main_page_suffix === 'string' ? { mainPageSuffix: web.main_page_suffix } : {}),
                ...(typeof web.not_found_page === 'string' ? { notFoundPage: web.not_found_page } : {}),
              },
              b,
            )
          : known(null, 'default', `${GCS_DEFAULTS.website} — ${where}`);
    const listFact = (
      list: GcsAclEntry[] | undefined,
      unknown: Known<never> | undefined,
      blk: TfBlock | undefined,
      note: string,
      what: string,
    ) =>
      unknown ??
      (list && blk ? configured(list, blk) : b ? known<GcsAclEntry[]>([], 'default', `${note} — ${where}`) : absent(what));
    const facts: GcsFacts = {
      provider: 'gcp',
      uniformBucketLevelAccess: attrOr('uniform_bucket_level_access', bool, false, GCS_DEFAULTS.ubla),
      publicAccessPrevention: attrOr(
        'public_access_prevention',
        (x) => (x === 'enforced' || x === 'inherited' || x === 'unspecified' ? x : undefined),
        'inherited' as const,
        GCS_DEFAULTS.pap,
      ),
      orgPublicAccessPrevention: notCollected(
        'orgPublicAccessPrevention',
        'the organization policy constraints/storage.publicAccessPrevention is not visible to Terraform',
      ),
      requesterPays: attrOr('requester_pays', bool, false, GCS_DEFAULTS.requesterPays),
      website,
      iamBindings:
        bk.iamUnknown ??
        (bk.iamBlocks.length > 0
          ? known(bk.bindings, 'configured', bk.iamBlocks.map(sourceNote).join('; '))
          : known<GcsBinding[]>([], 'default', `${GCS_DEFAULTS.iam} — ${where}`)),
      acl: listFact(bk.acl, bk.aclUnknown, bk.aclBlock, GCS_DEFAULTS.acl, 'bucket ACL'),
      defaultObjectAcl: listFact(bk.defAcl, bk.defAclUnknown, bk.defAclBlock, GCS_DEFAULTS.defaultAcl, 'default object ACL'),
      ...objectAclsFact(bk.objectAcls, bk.objectAclUnknown, 'google_storage_object_acl / object access control', (o) =>
        o.acl.some((e) => e.entity === 'allUsers' || e.entity === 'allAuthenticatedUsers'),
      ),
    };
    const src = b ?? bk.contributors[0];
    const tags = b ? tagsOf(v.labels) : undefined;
    const r: StorageResource = {
      id: bk.id,
      provider: 'gcp',
      kind: 'bucket',
      name: bk.name ?? bk.id,
      account: bk.project ?? '',
      ...(b && typeof v.location === 'string' ? { region: v.location.toLowerCase() } : {}),
      source: src ? { ...src.source } : { origin: 'terraform-hcl', uri: '' },
      ...(tags ? { tags } : {}),
      facts,
    };
    for (const c of bk.contributors) addLink(links, c, r.id);
    return r;
  });
  return { resources, links };
}
