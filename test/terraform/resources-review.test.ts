/**
 * Resource types that change a bucket's exposure and were ignored by the mappers (src/terraform/resources):
 * each case fails on the reader before its fix.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTerraform } from '../../src/terraform/index.js';
import { verdictsOf } from './audit-load.js';

const tmps: string[] = [];
afterAll(async () => {
  for (const d of tmps) await rm(d, { recursive: true, force: true });
});

/** Verdict per resource name of a scratch directory holding `files`. */
async function verdicts(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'ba-res-review-'));
  tmps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const l = await loadTerraform([dir], '/');
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
    const { byName } = await verdicts({
      'main.tf': `${s3Bucket('ba-rr-obj')}
resource "aws_s3_object" "o" {
  bucket  = aws_s3_bucket.b.id
  key     = "report.pdf"
  content = "x"
  acl     = "public-read"
}`,
    });
    expect(byName['ba-rr-obj']).toBe('PUBLIC');
  });

  it('provider v3 aws_s3_bucket_object acl = "public-read" (bucket by name, ObjectWriter): PUBLIC', async () => {
    const { byName } = await verdicts({
      'main.tf': `${s3Bucket('ba-rr-legacy', 'ObjectWriter')}
resource "aws_s3_bucket_object" "o" {
  bucket  = aws_s3_bucket.b.bucket
  key     = "index.html"
  content = "x"
  acl     = "public-read"
}`,
    });
    expect(byName['ba-rr-legacy']).toBe('PUBLIC');
  });

  it('aws_s3_object_copy grant to AllUsers READ: PUBLIC', async () => {
    const { byName } = await verdicts({
      'main.tf': `${s3Bucket('ba-rr-copy')}
resource "aws_s3_object_copy" "o" {
  bucket = aws_s3_bucket.b.id
  key    = "copy.txt"
  source = "other-bucket/src.txt"
  grant {
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
    type        = "Group"
    permissions = ["READ"]
  }
}`,
    });
    expect(byName['ba-rr-copy']).toBe('PUBLIC');
  });

  it('ACLs disabled (BucketOwnerEnforced default), a private object in another bucket: PRIVATE, no stub', async () => {
    const { byName, resources } = await verdicts({
      'main.tf': `resource "aws_s3_bucket" "b" {
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
}`,
    });
    expect(byName['ba-rr-enforced']).toBe('PRIVATE');
    expect(resources.map((r) => r.name)).toEqual(['ba-rr-enforced']);
  });
});
