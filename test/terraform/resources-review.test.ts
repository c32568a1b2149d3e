/**
 * Resource types that change a bucket's exposure and were ignored by the mappers (src/terraform/resources):
 * each case fails on the reader before its fix.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadTerraform } from '../../src/terraform/index.js';
import { auditLoad, removeScratch, scratch, verdictsOf } from './audit-load.js';

afterAll(removeScratch);

/** Verdict per resource name of a scratch directory holding `tf` as main.tf. */
async function verdicts(tf: string) {
  const l = await loadTerraform([await scratch({ 'main.tf': tf })], '/');
  return { byName: await verdictsOf(l), resources: l.resources };
}

/** aws_s3_bucket.b named `name` with ACLs enabled (`ownership`) and its public access block off. */
const s3Bucket = (name: string, ownership = 'BucketOwnerPreferred') => `resource "aws_s3_bucket" "b" {
  bucket = "${name}"
}
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    object_ownership = "${ownership}"
  }
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
`;

describe('AWS object ACLs set by Terraform (aws_s3_object / aws_s3_bucket_object / aws_s3_object_copy)', () => {
  it('aws_s3_object acl = "public-read" in a bucket with ACLs enabled: PUBLIC (it was PRIVATE)', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-obj')}
resource "aws_s3_object" "o" {
  bucket  = aws_s3_bucket.b.id
  key     = "report.pdf"
  content = "x"
  acl     = "public-read"
}`);
    expect(byName['ba-rr-obj']).toBe('PUBLIC');
  });

  it('provider v3 aws_s3_bucket_object acl = "public-read" (bucket by name, ObjectWriter): PUBLIC', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-legacy', 'ObjectWriter')}
resource "aws_s3_bucket_object" "o" {
  bucket  = aws_s3_bucket.b.bucket
  key     = "index.html"
  content = "x"
  acl     = "public-read"
}`);
    expect(byName['ba-rr-legacy']).toBe('PUBLIC');
  });

  it('aws_s3_object_copy grant to AllUsers READ: PUBLIC', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-copy')}
resource "aws_s3_object_copy" "o" {
  bucket = aws_s3_bucket.b.id
  key    = "copy.txt"
  source = "other-bucket/src.txt"
  grant {
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
    type        = "Group"
    permissions = ["READ"]
  }
}`);
    expect(byName['ba-rr-copy']).toBe('PUBLIC');
  });

  it('ACLs disabled (BucketOwnerEnforced default), a private object in another bucket: PRIVATE, no stub', async () => {
    const { byName, resources } = await verdicts(`resource "aws_s3_bucket" "b" {
  bucket = "ba-rr-enforced"
}
resource "aws_s3_object" "o" {
  bucket = aws_s3_bucket.b.id
  key    = "report.pdf"
  acl    = "public-read"
}
resource "aws_s3_object" "ext" {
  bucket = "someone-elses"
  key    = "x"
  acl    = "private"
}`);
    expect(byName['ba-rr-enforced']).toBe('PRIVATE');
    expect(resources.map((r) => r.name)).toEqual(['ba-rr-enforced']);
  });
});

/** google_storage_bucket.b named `name`, fine-grained access (ACLs apply) unless `ubla`. */
const gcsBucket = (name: string, ubla = false) => `resource "google_storage_bucket" "b" {
  name                        = "${name}"
  location                    = "EU"
  uniform_bucket_level_access = ${ubla}
}
`;

describe('GCS object ACLs set by Terraform (google_storage_object_acl / _object_access_control / _bucket_object)', () => {
  it('google_storage_object_acl role_entity READER:allUsers: PUBLIC (it was PRIVATE)', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-gobj')}
resource "google_storage_bucket_object" "o" {
  name    = "a.txt"
  bucket  = google_storage_bucket.b.name
  content = "x"
}
resource "google_storage_object_acl" "o" {
  bucket      = google_storage_bucket.b.name
  object      = google_storage_bucket_object.o.output_name
  role_entity = ["OWNER:project-owners-123", "READER:allUsers"]
}`);
    expect(byName['ba-rr-gobj']).toBe('PUBLIC');
  });

  it('google_storage_bucket_object predefined_acl = "publicRead": PUBLIC', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-gbo')}
resource "google_storage_bucket_object" "o" {
  name           = "a.txt"
  bucket         = google_storage_bucket.b.name
  content        = "x"
  predefined_acl = "publicRead"
}`);
    expect(byName['ba-rr-gbo']).toBe('PUBLIC');
  });

  it('google_storage_object_access_control entity allAuthenticatedUsers: PUBLIC_AUTHENTICATED', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-goac')}
resource "google_storage_object_access_control" "o" {
  bucket = google_storage_bucket.b.name
  object = "a.txt"
  role   = "READER"
  entity = "allAuthenticatedUsers"
}`);
    expect(byName['ba-rr-goac']).toBe('PUBLIC_AUTHENTICATED');
  });

  it('uniform bucket-level access on (object ACLs disabled), a private object elsewhere: PRIVATE, no stub', async () => {
    const { byName, resources } = await verdicts(`${gcsBucket('ba-rr-gubla', true)}
resource "google_storage_bucket_object" "o" {
  name           = "a.txt"
  bucket         = google_storage_bucket.b.name
  content        = "x"
  predefined_acl = "publicRead"
}
resource "google_storage_bucket_object" "ext" {
  name           = "b.txt"
  bucket         = "someone-elses"
  content        = "x"
  predefined_acl = "projectPrivate"
}`);
    expect(byName['ba-rr-gubla']).toBe('PRIVATE');
    expect(resources.map((r) => r.name)).toEqual(['ba-rr-gubla']);
  });
});

describe('GCS managed folder IAM (google_storage_managed_folder_iam_member / _binding / _policy)', () => {
  const folder = `${gcsBucket('ba-rr-gmf', true)}
resource "google_storage_managed_folder" "f" {
  bucket = google_storage_bucket.b.name
  name   = "public/"
}
`;
  it('allUsers objectViewer on a managed folder: PUBLIC, scoped to the folder prefix (it was PRIVATE)', async () => {
    const { byName, resources } = await verdicts(`${folder}
resource "google_storage_managed_folder_iam_member" "m" {
  bucket         = google_storage_bucket.b.name
  managed_folder = google_storage_managed_folder.f.name
  role           = "roles/storage.objectViewer"
  member         = "allUsers"
}`);
    expect(byName['ba-rr-gmf']).toBe('PUBLIC');
    const report = await auditLoad({ resources, errors: [], suppressions: [] });
    expect(report.resources[0]?.capabilities).toContainEqual({ capability: 'READ', scope: 'prefix:public/' });
  });

  it('_binding with allAuthenticatedUsers, the folder name known only after apply: on the whole bucket', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-gmf2', true)}
variable "folder" {
  type = string
}
resource "google_storage_managed_folder_iam_binding" "m" {
  bucket         = google_storage_bucket.b.name
  managed_folder = var.folder
  role           = "roles/storage.objectViewer"
  members        = ["allAuthenticatedUsers"]
}`);
    expect(byName['ba-rr-gmf2']).toBe('PUBLIC_AUTHENTICATED');
  });
});

describe('an object ACL known only after apply', () => {
  const computedObject = (bucketRef: string) => `resource "random_pet" "p" {}
resource "aws_s3_object" "later" {
  bucket  = ${bucketRef}
  key     = "later.txt"
  content = "x"
  acl     = random_pet.p.id
}`;

  it('AWS, ACLs effective: UNKNOWN (it was PRIVATE: the unknown was an optional sample input)', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-later')}\n${computedObject('aws_s3_bucket.b.id')}`);
    expect(byName['ba-rr-later']).toBe('UNKNOWN');
  });

  it('AWS, beside a public-read object: PUBLIC (the known public object is not hidden by the unknown one)', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-mixed')}\n${computedObject('aws_s3_bucket.b.id')}
resource "aws_s3_object" "pub" {
  bucket  = aws_s3_bucket.b.id
  key     = "pub.txt"
  content = "x"
  acl     = "public-read"
}`);
    expect(byName['ba-rr-mixed']).toBe('PUBLIC');
  });

  it('AWS, beside a known object ACL that is not public: still UNKNOWN (it was PRIVATE: the unknown was dropped)', async () => {
    const { byName } = await verdicts(`${s3Bucket('ba-rr-logd')}\n${computedObject('aws_s3_bucket.b.id')}
resource "aws_s3_object" "logs" {
  bucket  = aws_s3_bucket.b.id
  key     = "logs.txt"
  content = "x"
  acl     = "log-delivery-write"
}`);
    expect(byName['ba-rr-logd']).toBe('UNKNOWN');
  });

  it('AWS, IgnorePublicAcls on: PRIVATE (no object ACL can make it public)', async () => {
    const { byName } = await verdicts(
      `${s3Bucket('ba-rr-ipa').replace('ignore_public_acls      = false', 'ignore_public_acls      = true')}\n${computedObject('aws_s3_bucket.b.id')}`,
    );
    expect(byName['ba-rr-ipa']).toBe('PRIVATE');
  });

  it('GCS, uniform access off: UNKNOWN (it was PRIVATE)', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-glater')}
resource "random_pet" "p" {}
resource "google_storage_bucket_object" "o" {
  name           = "a.txt"
  bucket         = google_storage_bucket.b.name
  content        = "x"
  predefined_acl = random_pet.p.id
}`);
    expect(byName['ba-rr-glater']).toBe('UNKNOWN');
  });

  it('GCS, beside a known object ACL granting one user: still UNKNOWN (it was PRIVATE)', async () => {
    const { byName } = await verdicts(`${gcsBucket('ba-rr-guser')}
resource "random_pet" "p" {}
resource "google_storage_bucket_object" "o" {
  name           = "a.txt"
  bucket         = google_storage_bucket.b.name
  content        = "x"
  predefined_acl = random_pet.p.id
}
resource "google_storage_bucket_object" "u" {
  name    = "u.txt"
  bucket  = google_storage_bucket.b.name
  content = "x"
}
resource "google_storage_object_acl" "u" {
  bucket      = google_storage_bucket.b.name
  object      = google_storage_bucket_object.u.output_name
  role_entity = ["OWNER:project-owners-123", "READER:user-a@example.com"]
}`);
    expect(byName['ba-rr-guser']).toBe('UNKNOWN');
  });
});
