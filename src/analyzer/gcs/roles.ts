import type { Capability, Known, UnknownReason } from '../../model/index.js';

/** G-2: predefined Cloud Storage roles (incl. legacy roles) -> capabilities [GCS-ROLES]. */
export const GCS_PREDEFINED_ROLES: Readonly<Record<string, readonly Capability[]>> = {
  'roles/storage.objectViewer': ['LIST', 'READ'],
  'roles/storage.legacyObjectReader': ['READ'],
  'roles/storage.legacyBucketReader': ['LIST', 'META'],
  'roles/storage.objectCreator': ['WRITE'],
  'roles/storage.objectUser': ['LIST', 'READ', 'WRITE'],
  'roles/storage.legacyBucketWriter': ['LIST', 'WRITE', 'META'],
  'roles/storage.objectAdmin': ['LIST', 'READ', 'WRITE', 'READ_ACP', 'ADMIN'],
  'roles/storage.legacyObjectOwner': ['READ', 'READ_ACP', 'ADMIN'],
  'roles/storage.legacyBucketOwner': ['LIST', 'WRITE', 'READ_ACP', 'ADMIN', 'META'],
  'roles/storage.admin': ['LIST', 'READ', 'WRITE', 'READ_ACP', 'ADMIN', 'META'],
  'roles/storage.bucketViewer': ['META'],
  'roles/storage.folderAdmin': ['LIST', 'READ', 'WRITE', 'READ_ACP', 'ADMIN'],
};

/** G-2: one permission of a custom role -> capability (undefined = no storage data/admin capability). */
export function permissionCapability(permission: string): Capability | undefined {
  const p = permission.trim();
  if (p === 'storage.objects.list') return 'LIST';
  if (p === 'storage.objects.get') return 'READ';
  if (/^storage\.objects\.(create|delete|update|restore|move)$/.test(p)) return 'WRITE';
  if (/^storage\.multipartUploads\.(create|abort)$/.test(p)) return 'WRITE';
  if (/^storage\.(objects|buckets|managedFolders)\.getIamPolicy$/.test(p)) return 'READ_ACP';
  if (/^storage\.(objects|buckets|managedFolders)\.setIamPolicy$/.test(p)) return 'ADMIN';
  if (p === 'storage.buckets.update' || p === 'storage.buckets.delete') return 'ADMIN';
  if (p === 'storage.buckets.get' || p === 'storage.managedFolders.get' || p === 'storage.managedFolders.list') return 'META';
  if (p === 'storage.managedFolders.create' || p === 'storage.managedFolders.delete') return 'WRITE';
  return undefined;
}

const CAP_ORDER: readonly Capability[] = ['LIST', 'READ', 'WRITE', 'READ_ACP', 'ADMIN', 'META'];

export function sortCaps(caps: Iterable<Capability>): Capability[] {
  return [...new Set(caps)].sort((a, b) => CAP_ORDER.indexOf(a) - CAP_ORDER.indexOf(b));
}

export type RoleResolution =
  | { resolved: true; capabilities: Capability[]; source: 'predefined' | 'custom' }
  | { resolved: false; why: string; unknown?: { reason: UnknownReason; detail?: string; operation?: string; code?: string } };

export function isCustomRole(role: string): boolean {
  return /^(projects|organizations)\/[^/]+\/roles\/[^/]+$/.test(role);
}

/** G-2: resolve a bound role. Unresolvable => capabilities unknown (never "none"). */
export function resolveRole(role: string, customRoles: Record<string, Known<string[]>> | undefined): RoleResolution {
  const predefined = GCS_PREDEFINED_ROLES[role];
  if (predefined) return { resolved: true, capabilities: [...predefined], source: 'predefined' };
  if (isCustomRole(role)) {
    const k = customRoles?.[role];
    if (!k) {
      return {
        resolved: false,
        why: `custom role ${role} was not resolved`,
        unknown: { reason: 'not-collected', operation: 'iam.roles.get' },
      };
    }
    if (!k.known) {
      return {
        resolved: false,
        why: `custom role ${role} could not be read`,
        unknown: {
          reason: k.reason,
          ...(k.detail !== undefined ? { detail: k.detail } : {}),
          operation: k.operation ?? 'iam.roles.get',
          ...(k.code !== undefined ? { code: k.code } : {}),
        },
      };
    }
    const caps: Capability[] = [];
    for (const p of k.value) {
      const c = permissionCapability(p);
      if (c) caps.push(c);
    }
    return { resolved: true, capabilities: sortCaps(caps), source: 'custom' };
  }
  return { resolved: false, why: `role ${role} is not in the G-2 role table` };
}
