/** Permissions of predefined Cloud Storage roles and of legacy ACL roles, as the test server enforces them. */

const OBJ_READ = ['storage.objects.get'];
const OBJ_LIST = ['storage.objects.list'];
const OBJ_WRITE = ['storage.objects.create', 'storage.objects.delete', 'storage.objects.update', 'storage.objects.restore'];
const MPU = ['storage.multipartUploads.create', 'storage.multipartUploads.abort', 'storage.multipartUploads.listParts'];
const MF_READ = ['storage.managedFolders.get', 'storage.managedFolders.list'];

export const PREDEFINED_ROLES: Record<string, readonly string[]> = {
  'roles/storage.objectViewer': [...OBJ_READ, ...OBJ_LIST, ...MF_READ],
  'roles/storage.legacyObjectReader': [...OBJ_READ],
  'roles/storage.legacyBucketReader': ['storage.buckets.get', ...OBJ_LIST, ...MF_READ],
  'roles/storage.objectCreator': ['storage.objects.create', 'storage.multipartUploads.create', 'storage.multipartUploads.abort'],
  'roles/storage.objectUser': [...OBJ_READ, ...OBJ_LIST, ...OBJ_WRITE, ...MPU, ...MF_READ],
  'roles/storage.legacyBucketWriter': [
    'storage.buckets.get',
    ...OBJ_LIST,
    'storage.objects.create',
    'storage.objects.delete',
    ...MPU,
  ],
  'roles/storage.objectAdmin': [
    ...OBJ_READ,
    ...OBJ_LIST,
    ...OBJ_WRITE,
    'storage.objects.getIamPolicy',
    'storage.objects.setIamPolicy',
    ...MPU,
    ...MF_READ,
  ],
  'roles/storage.legacyObjectOwner': [
    ...OBJ_READ,
    'storage.objects.update',
    'storage.objects.getIamPolicy',
    'storage.objects.setIamPolicy',
  ],
  'roles/storage.legacyBucketOwner': [
    'storage.buckets.get',
    'storage.buckets.update',
    'storage.buckets.getIamPolicy',
    'storage.buckets.setIamPolicy',
    ...OBJ_LIST,
    'storage.objects.create',
    'storage.objects.delete',
    ...MPU,
  ],
  'roles/storage.admin': [
    'storage.buckets.get',
    'storage.buckets.update',
    'storage.buckets.delete',
    'storage.buckets.getIamPolicy',
    'storage.buckets.setIamPolicy',
    ...OBJ_READ,
    ...OBJ_LIST,
    ...OBJ_WRITE,
    'storage.objects.getIamPolicy',
    'storage.objects.setIamPolicy',
    ...MPU,
    ...MF_READ,
  ],
};

/** Bucket ACL role -> bucket permissions (GCS maps ACLs onto the legacy bucket roles). */
export const BUCKET_ACL_PERMISSIONS: Record<'READER' | 'WRITER' | 'OWNER', readonly string[]> = {
  READER: PREDEFINED_ROLES['roles/storage.legacyBucketReader']!,
  WRITER: PREDEFINED_ROLES['roles/storage.legacyBucketWriter']!,
  OWNER: PREDEFINED_ROLES['roles/storage.legacyBucketOwner']!,
};

/** Permissions testIamPermissions accepts on a bucket (others => 400 invalid). */
export const BUCKET_TESTABLE = new Set<string>([
  'storage.buckets.get',
  'storage.buckets.update',
  'storage.buckets.delete',
  'storage.buckets.getIamPolicy',
  'storage.buckets.setIamPolicy',
  'storage.objects.get',
  'storage.objects.list',
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.update',
  'storage.objects.restore',
  'storage.objects.getIamPolicy',
  'storage.objects.setIamPolicy',
  'storage.multipartUploads.create',
  'storage.multipartUploads.abort',
  'storage.multipartUploads.listParts',
  'storage.managedFolders.get',
  'storage.managedFolders.list',
]);
