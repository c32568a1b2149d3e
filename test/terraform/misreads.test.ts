/**
 * Realistic Terraform the readers misread (a public bucket reported private, a resource dropped, ...), one
 * describe per finding. Each case fails on the reader before its fix.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AwsS3Facts, StorageResource } from '../../src/model/index.js';
import { main } from '../../src/cli/main.js';
import { loadTerraform, mapBlocks, type TerraformLoadOptions } from '../../src/terraform/index.js';
import { readPlanObject } from '../../src/terraform/plan.js';
import { auditLoad, removeScratch, scratch, verdictsOf } from './audit-load.js';

afterAll(removeScratch);

/** Load `path` (relative to its parent) and audit it: resources and verdict per resource name. */
async function verdicts(path: string, opts: TerraformLoadOptions = {}) {
  const l = await loadTerraform([path], '/', opts);
  const byName = await verdictsOf(l);
  const facts = (name: string) => (l.resources.find((x: StorageResource) => x.name === name)?.facts ?? {}) as AwsS3Facts;
  return { ...l, byName, facts };
}

/** "${expr}" as Terraform JSON syntax writes an expression. */
const X = (e: string) => ['$', '{', e, '}'].join('');

const BPA_OFF = `  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false`;

/** An aws_s3_bucket_public_access_block with every setting off, for aws_s3_bucket.<res>. */
const bpaOff = (res: string) => `resource "aws_s3_bucket_public_access_block" "${res}" {
  bucket                  = aws_s3_bucket.${res}.id
${BPA_OFF}
}`;

/** aws_s3_bucket_ownership_controls enabling ACLs (BucketOwnerPreferred) on aws_s3_bucket.<res>. */
const aclsOn = (res: string) => `resource "aws_s3_bucket_ownership_controls" "${res}" {
  bucket = aws_s3_bucket.${res}.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}`;

/** aws_s3_bucket.<res> named `name`, its public access block off (a policy or ACL decides alone). */
const openBucket = (name: string, res = 'b') => `resource "aws_s3_bucket" "${res}" {
  bucket = "${name}"
}
${bpaOff(res)}`;

describe('satellites keyed by for_each over the bucket resource itself (for_each = aws_s3_bucket.this)', () => {
  const tf = `provider "aws" {
  region = "eu-west-1"
}
resource "aws_s3_bucket" "this" {
  for_each = toset(["ba-fe-a", "ba-fe-b"])
  bucket   = each.key
}
resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
${BPA_OFF}
}
resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${each.value.arn}/*" }]
  })
}
`;
  it('.tf: each bucket gets its own public policy and BPA (PUBLIC), no stub resources for the satellites', async () => {
    const dir = await scratch({ 'main.tf': tf });
    const r = await verdicts(dir);
    expect(r.byName).toEqual({ 'ba-fe-a': 'PUBLIC', 'ba-fe-b': 'PUBLIC' });
    const policy = r.facts('ba-fe-b').policy;
    expect(policy.known && JSON.parse(policy.value!).Statement[0].Resource).toBe('arn:aws:s3:::ba-fe-b/*');
  });

  it('plan: each.value.id / each.value.arn resolve from the .tf beside the plan (the same verdicts)', async () => {
    const keys = ['ba-fe-a', 'ba-fe-b'];
    const rc = (type: string, key: string, after: object, afterUnknown: object) => ({
      address: `${type}.this["${key}"]`,
      mode: 'managed',
      type,
      name: 'this',
      index: key,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const bpa = {
      block_public_acls: false,
      block_public_policy: false,
      ignore_public_acls: false,
      restrict_public_buckets: false,
    };
    const bpaExpr = Object.fromEntries(Object.keys(bpa).map((k) => [k, { constant_value: false }]));
    const conf = (type: string, expressions: object) => ({
      address: `${type}.this`,
      mode: 'managed',
      type,
      name: 'this',
      provider_config_key: 'aws',
      expressions,
      for_each_expression: { references: ['aws_s3_bucket.this'] },
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.11.4',
      resource_changes: [
        ...keys.map((k) => rc('aws_s3_bucket', k, { bucket: k }, { id: true, arn: true, region: true })),
        ...keys.map((k) => rc('aws_s3_bucket_public_access_block', k, bpa, { bucket: true, id: true })),
        ...keys.map((k) => rc('aws_s3_bucket_policy', k, {}, { bucket: true, policy: true, id: true })),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.this',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'this',
              provider_config_key: 'aws',
              expressions: { bucket: { references: ['each.key'] } },
              for_each_expression: { constant_value: keys },
            },
            conf('aws_s3_bucket_public_access_block', { bucket: { references: ['each.value.id', 'each.value'] }, ...bpaExpr }),
            conf('aws_s3_bucket_policy', {
              bucket: { references: ['each.value.id', 'each.value'] },
              policy: { references: ['each.value.arn', 'each.value'] },
            }),
          ],
        },
      },
    };
    const dir = await scratch({ 'main.tf': tf, 'plan.json': plan });
    const r = await verdicts(join(dir, 'plan.json'));
    expect(r.byName).toEqual({ 'ba-fe-a': 'PUBLIC', 'ba-fe-b': 'PUBLIC' });
    expect(r.facts('ba-fe-a').policy).toMatchObject({ known: true, origin: 'configured' });
  });
});

describe('dynamic blocks (statement, principals, grant) are generated, not dropped', () => {
  const bucket = (name: string) => `${openBucket(name)}
${aclsOn('b')}
`;
  const policy = `resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
`;
  it('dynamic "statement" over a local map, with a nested dynamic "principals": the public statement is read (PUBLIC)', async () => {
    const dir = await scratch({
      'main.tf': `${bucket('ba-dyn-statement')}locals {
  readers = { public = ["*"] }
}
data "aws_iam_policy_document" "p" {
  statement {
    sid       = "DenyHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  dynamic "statement" {
    for_each = local.readers
    iterator = reader
    content {
      sid       = reader.key
      actions   = ["s3:GetObject"]
      resources = ["\${aws_s3_bucket.b.arn}/*"]
      dynamic "principals" {
        for_each = [reader.value]
        content {
          type        = "AWS"
          identifiers = principals.value
        }
      }
    }
  }
}
${policy}`,
    });
    const r = await verdicts(dir);
    expect(r.byName).toEqual({ 'ba-dyn-statement': 'PUBLIC' });
    const p = r.facts('ba-dyn-statement').policy;
    expect(p.known && JSON.parse(p.value!).Statement).toEqual([
      expect.objectContaining({ Sid: 'DenyHttp', Effect: 'Deny' }),
      {
        Sid: 'public',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::ba-dyn-statement/*',
      },
    ]);
  });

  it('dynamic "statement" over a variable set at plan time: the policy is UNKNOWN, never an empty (private) document', async () => {
    const dir = await scratch({
      'main.tf': `${bucket('ba-dyn-unknown')}variable "readers" {
  type = list(string)
}
data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = var.readers
    content {
      actions   = ["s3:GetObject"]
      resources = ["\${aws_s3_bucket.b.arn}/*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
}
${policy}`,
    });
    const r = await verdicts(dir);
    expect(r.facts('ba-dyn-unknown').policy).toMatchObject({ known: false, reason: 'computed' });
    expect(r.byName['ba-dyn-unknown']).toBe('UNKNOWN');
  });

  it('aws_s3_bucket_acl access_control_policy with dynamic "grant" to AllUsers: PUBLIC', async () => {
    const dir = await scratch({
      'main.tf': `${bucket('ba-dyn-grant')}locals {
  grants = [{ uri = "http://acs.amazonaws.com/groups/global/AllUsers", permission = "READ" }]
}
resource "aws_s3_bucket_acl" "a" {
  bucket = aws_s3_bucket.b.id
  access_control_policy {
    dynamic "grant" {
      for_each = local.grants
      content {
        grantee {
          type = "Group"
          uri  = grant.value.uri
        }
        permission = grant.value.permission
      }
    }
    owner {
      id = "0123456789abcdef"
    }
  }
}
`,
    });
    const r = await verdicts(dir);
    expect(r.facts('ba-dyn-grant').acl).toMatchObject({
      known: true,
      value: {
        grants: [{ grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' }],
      },
    });
    expect(r.byName).toEqual({ 'ba-dyn-grant': 'PUBLIC' });
  });
});

describe('terraform.tfvars and *.auto.tfvars override variable defaults, as Terraform loads them', () => {
  const tf = `variable "acl" {
  default = "private"
}
variable "block" {
  default = true
}
resource "aws_s3_bucket" "b" {
  bucket = "ba-tfvars"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = var.block
  block_public_policy     = var.block
  ignore_public_acls      = var.block
  restrict_public_buckets = var.block
}
${aclsOn('b')}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = var.acl
}
`;
  it('terraform.tfvars sets a public ACL and BPA off over private defaults: PUBLIC', async () => {
    const dir = await scratch({ 'main.tf': tf, 'terraform.tfvars': 'acl   = "public-read"\nblock = false\n' });
    const r = await verdicts(dir);
    expect(r.facts('ba-tfvars').acl).toMatchObject({ known: true, value: { grants: [{ permission: 'READ' }] } });
    expect(r.byName).toEqual({ 'ba-tfvars': 'PUBLIC' });
  });

  it('precedence: terraform.tfvars < terraform.tfvars.json < *.auto.tfvars(.json) in name order', async () => {
    const dir = await scratch({
      'main.tf': tf,
      'terraform.tfvars': 'acl = "private"\nblock = false\n',
      'terraform.tfvars.json': { acl: 'authenticated-read' },
      'a.auto.tfvars.json': { acl: 'private' },
      'b.auto.tfvars': 'acl = "public-read-write"\n',
    });
    const r = await verdicts(dir);
    expect(r.facts('ba-tfvars').acl).toMatchObject({
      known: true,
      value: { grants: [{ permission: 'READ' }, { permission: 'WRITE' }] },
    });
    expect(r.byName).toEqual({ 'ba-tfvars': 'PUBLIC' });
  });

  it('--var-file: read after the automatic files, in order, as terraform plan -var-file', async () => {
    const dir = await scratch({
      'main.tf': tf,
      'terraform.tfvars': 'acl = "private"\n',
      'prod.tfvars': 'acl = "public-read"\nblock = false\n',
      'stage.tfvars.json': { acl: 'public-read-write' },
    });
    const r = await verdicts(dir, { varFiles: [join(dir, 'stage.tfvars.json'), join(dir, 'prod.tfvars')] });
    expect(r.facts('ba-tfvars').acl).toMatchObject({ known: true, value: { grants: [{ permission: 'READ' }] } });
    expect(r.byName).toEqual({ 'ba-tfvars': 'PUBLIC' });
    expect(r.errors).toEqual([]);
  });

  it('a variable file Terraform does not load by itself is named in the report, not silently ignored', async () => {
    const dir = await scratch({ 'main.tf': tf, 'prod.tfvars': 'acl = "public-read"\nblock = false\n' });
    const r = await verdicts(dir);
    expect(r.byName).toEqual({ 'ba-tfvars': 'PRIVATE' }); // the defaults, as `terraform plan` without -var-file
    expect(r.errors).toEqual([
      expect.objectContaining({ stage: 'input', message: expect.stringMatching(/prod\.tfvars: not read .*--var-file/) }),
    ]);
  });

  it('TF_VAR_<name> sets a root variable below the variable files, as in Terraform; not a module variable', async () => {
    const dir = await scratch({ 'main.tf': tf });
    const env = { TF_VAR_acl: 'public-read', TF_VAR_block: 'false' };
    const report = await auditLoad(await loadTerraform([dir], '/', { env }));
    expect(report.resources.map((r) => [r.name, r.verdict])).toEqual([['ba-tfvars', 'PUBLIC']]);
    // a variable file wins over the environment
    const dir2 = await scratch({ 'main.tf': tf, 'terraform.tfvars': 'acl = "private"\nblock = true\n' });
    const l2 = await loadTerraform([dir2], '/', { env });
    expect((l2.resources[0]!.facts as AwsS3Facts).acl).toMatchObject({ known: true, value: { grants: [] } });
    // a module's variable of the same name is not set by it
    const dir3 = await scratch({
      'main.tf': 'module "site" {\n  source = "./site"\n}\n',
      'site/main.tf': tf,
    });
    const l3 = await loadTerraform([dir3], '/', { env });
    expect((l3.resources.find((r) => r.name === 'ba-tfvars')!.facts as AwsS3Facts).acl).toMatchObject({
      known: true,
      value: { grants: [] },
    });
  });

  it('--var-file naming a missing file: exit 2 naming it, no stack trace', async () => {
    const dir = await scratch({ 'main.tf': tf });
    let stderr = '';
    const code = await main(['terraform', dir, '--var-file', join(dir, 'nope.tfvars'), '--format', 'json'], {
      stdout: { write: () => true },
      stderr: { write: (x: string) => (stderr += x) },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/nope\.tfvars.*--var-file: no such file/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--var-file naming a directory: exit 2 saying it is a directory (it said "no such file")', async () => {
    const dir = await scratch({ 'main.tf': tf, 'vars/prod.tfvars': 'acl = "private"\n' });
    let stderr = '';
    const code = await main(['terraform', dir, '--var-file', join(dir, 'vars')], {
      stdout: { write: () => true },
      stderr: { write: (x: string) => (stderr += x) },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/vars: --var-file: expected a variable definitions file, got a directory/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid terraform.tfvars is an input error naming the file and line', async () => {
    const dir = await scratch({ 'main.tf': tf, 'terraform.tfvars': 'acl = "public-read"\nblock = \n' });
    await expect(loadTerraform([dir], '/')).rejects.toMatchObject({
      name: 'BucketAuditError',
      file: expect.stringMatching(/terraform\.tfvars$/),
      line: 2,
    });
  });
});

describe('aws_s3_bucket_acl access_control_policy with the owner id from data.aws_canonical_user_id (the provider example)', () => {
  const tf = (extraGrant: string) => `data "aws_canonical_user_id" "current" {}
variable "partner_canonical_id" {}
${openBucket('ba-acp')}
${aclsOn('b')}
resource "aws_s3_bucket_acl" "b" {
  depends_on = [aws_s3_bucket_ownership_controls.b]
  bucket     = aws_s3_bucket.b.id
  access_control_policy {
    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }
${extraGrant}
    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}
`;
  const grant = (grantee: string, permission: string) => `    grant {
      grantee {
${grantee}
      }
      permission = "${permission}"
    }`;
  const allUsers = grant('        type = "Group"\n        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"', 'READ');

  it('the owner grant (same unknown id as the owner) plus AllUsers READ: PUBLIC, not UNKNOWN', async () => {
    const r = await verdicts(await scratch({ 'main.tf': tf(allUsers) }));
    expect(r.facts('ba-acp').acl).toMatchObject({ known: true });
    expect(r.byName).toEqual({ 'ba-acp': 'PUBLIC' });
  });

  it('the owner grant plus LogDelivery: PRIVATE, not UNKNOWN', async () => {
    const logs = grant('        type = "Group"\n        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"', 'WRITE');
    const r = await verdicts(await scratch({ 'main.tf': tf(logs) }));
    expect(r.byName).toEqual({ 'ba-acp': 'PRIVATE' });
  });

  it('a grant to another unknown canonical id stays UNKNOWN (it is not the owner expression)', async () => {
    const partner = grant('        type = "CanonicalUser"\n        id   = var.partner_canonical_id', 'READ');
    const r = await verdicts(await scratch({ 'main.tf': tf(partner) }));
    expect(r.facts('ba-acp').acl).toMatchObject({ known: false, reason: 'computed' });
    expect(r.byName).toEqual({ 'ba-acp': 'UNKNOWN' });
  });

  it('plan: two unknown ids inside access_control_policy are different values, not the owner twice', () => {
    const plan = readPlanObject(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_s3_bucket_acl.b',
            mode: 'managed',
            type: 'aws_s3_bucket_acl',
            name: 'b',
            change: {
              actions: ['create'],
              after: {
                bucket: 'ba-acp',
                access_control_policy: [{ grant: [{ grantee: [{ type: 'CanonicalUser' }], permission: 'READ' }], owner: [{}] }],
              },
              after_unknown: {
                access_control_policy: [{ grant: [{ grantee: [{ id: true }] }], owner: [{ id: true }] }],
              },
            },
          },
        ],
      },
      'plan.json',
    );
    const facts = mapBlocks(plan.blocks).resources[0]!.facts as AwsS3Facts;
    expect(facts.acl).toMatchObject({ known: false, reason: 'computed' });
  });
});

describe('.tf.json files (Terraform JSON syntax, e.g. CDKTF output) are configuration, not skipped', () => {
  const json = {
    '//': { metadata: { backend: 'local' } },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: {
      aws_s3_bucket_public_access_block: {
        site: {
          bucket: X('aws_s3_bucket.site.id'),
          block_public_acls: false,
          block_public_policy: false,
          ignore_public_acls: false,
          restrict_public_buckets: false,
        },
      },
      aws_s3_bucket_policy: {
        site: { bucket: X('aws_s3_bucket.site.id'), policy: X('data.aws_iam_policy_document.site.json') },
      },
    },
    data: {
      aws_iam_policy_document: {
        site: {
          statement: [
            {
              actions: ['s3:GetObject'],
              resources: [`${X('aws_s3_bucket.site.arn')}/*`],
              principals: { type: '*', identifiers: ['*'] },
            },
          ],
        },
      },
    },
  };
  const mainTf = 'resource "aws_s3_bucket" "site" {\n  bucket = "ba-tf-json"\n}\n';

  it('a module split between main.tf and site.tf.json: the policy and BPA in JSON apply (PUBLIC)', async () => {
    const dir = await scratch({ 'main.tf': mainTf, 'site.tf.json': json });
    const r = await verdicts(dir);
    expect(r.byName).toEqual({ 'ba-tf-json': 'PUBLIC' });
    expect(r.facts('ba-tf-json').policy).toMatchObject({ known: true, origin: 'configured' });
  });

  it('a directory of .tf.json only, or the file itself: read, with the line of the resource in the JSON', async () => {
    const only = structuredClone(json) as { resource: Record<string, unknown> };
    only.resource = { aws_s3_bucket: { site: { bucket: 'ba-tf-json' } }, ...only.resource };
    const dir = await scratch({ 'cdk.tf.json': only });
    const text = JSON.stringify(only, null, 2);
    // the line of the bucket's name key: the line after "aws_s3_bucket": {
    const line = text.slice(0, text.indexOf('"aws_s3_bucket": {')).split('\n').length + 1;
    expect(text.split('\n')[line - 1]).toMatch(/^\s*"site": \{/);
    for (const path of [dir, join(dir, 'cdk.tf.json')]) {
      const r = await verdicts(path);
      expect(r.byName).toEqual({ 'ba-tf-json': 'PUBLIC' });
      const bucket = r.resources.find((x) => x.name === 'ba-tf-json')!;
      expect(bucket.source).toMatchObject({ file: expect.stringMatching(/cdk\.tf\.json$/), line });
    }
  });

  it('an invalid .tf.json is an input error with file and line', async () => {
    const dir = await scratch({ 'main.tf': mainTf, 'bad.tf.json': '{\n  "resource": {\n    "aws_s3_bucket": [}\n}\n' });
    await expect(loadTerraform([dir], '/')).rejects.toMatchObject({
      name: 'BucketAuditError',
      file: expect.stringMatching(/bad\.tf\.json$/),
      line: 3,
    });
  });
});

describe('override files (override.tf, *_override.tf) are merged into the blocks they name, not swapped in', () => {
  const main = `resource "aws_s3_bucket" "b" {
  bucket = "ba-override"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }] })
}
`;
  const override = `resource "aws_s3_bucket_public_access_block" "b" {
  block_public_policy     = false
  restrict_public_buckets = false
}
`;
  for (const name of ['override.tf', 'a_override.tf', 'z_override.tf.json']) {
    it(`${name} turns two BPA flags off and keeps the bucket argument: PUBLIC, the block still at main.tf:4`, async () => {
      const text = name.endsWith('.json')
        ? {
            resource: {
              aws_s3_bucket_public_access_block: { b: { block_public_policy: false, restrict_public_buckets: false } },
            },
          }
        : override;
      const r = await verdicts(await scratch({ 'main.tf': main, [name]: text }));
      expect(r.byName).toEqual({ 'ba-override': 'PUBLIC' });
      const bpa = r.facts('ba-override').bucketBpa;
      expect(bpa).toMatchObject({
        known: true,
        value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      });
      expect(bpa.known && bpa.note).toMatch(/main\.tf:4\)$/);
    });
  }
});

describe('try() of an unknown value is unknown, not its fallback; a failing one falls back', () => {
  const tf = `variable "buckets" {
  type = map(object({ acl = optional(string) }))
}
variable "settings" {
  default = { name = "ba-try-known" }
}
resource "aws_s3_bucket" "b" {
  for_each = var.buckets
  bucket   = each.key
}
resource "aws_s3_bucket_public_access_block" "b" {
  for_each                = var.buckets
  bucket                  = aws_s3_bucket.b[each.key].id
${BPA_OFF}
}
resource "aws_s3_bucket_ownership_controls" "b" {
  for_each = var.buckets
  bucket   = aws_s3_bucket.b[each.key].id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}
resource "aws_s3_bucket_acl" "b" {
  for_each = var.buckets
  bucket   = aws_s3_bucket.b[each.key].id
  acl      = try(each.value.acl, "private")
}
resource "aws_s3_bucket" "k" {
  bucket = var.settings.name
}
${bpaOff('k')}
${aclsOn('k')}
resource "aws_s3_bucket_acl" "k" {
  bucket = aws_s3_bucket.k.id
  acl    = try(var.settings.acl, "public-read")
}
`;
  it('for_each over a variable set at plan time: the ACL is UNKNOWN (not the "private" fallback), satellites link to the bucket', async () => {
    const r = await verdicts(await scratch({ 'main.tf': tf }));
    expect(r.byName).toEqual({ 'aws_s3_bucket.b': 'UNKNOWN', 'ba-try-known': 'PUBLIC' });
    const b = r.resources.find((x) => x.name === 'aws_s3_bucket.b')!.facts as AwsS3Facts;
    expect(b.acl).toMatchObject({ known: false, reason: 'computed' });
    expect(b.bucketBpa).toMatchObject({ known: true, value: { blockPublicAcls: false } });
  });

  it('try(var.acl, "private") with var.acl set at plan time: UNKNOWN, not PRIVATE', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': `variable "acl" {}
${openBucket('ba-try-unknown', 'u')}
${aclsOn('u')}
resource "aws_s3_bucket_acl" "u" {
  bucket = aws_s3_bucket.u.id
  acl    = try(var.acl, "private")
}
`,
      }),
    );
    expect(r.facts('ba-try-unknown').acl).toMatchObject({ known: false, reason: 'computed' });
    expect(r.byName).toEqual({ 'ba-try-unknown': 'UNKNOWN' });
  });
});

describe('a policy in the root module on a bucket created in a local module (bucket = module.site.bucket_id)', () => {
  const root = `provider "aws" {
  region = "eu-west-1"
}
module "site" {
  source = "./modules/bucket"
  name   = "ba-mod-output"
}
resource "aws_s3_bucket_policy" "site" {
  bucket = module.site.bucket_id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${module.site.bucket_arn}/*" }]
  })
}
`;
  const child = `variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
${bpaOff('this')}
output "bucket_id" {
  value = aws_s3_bucket.this.id
}
output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
`;
  const files = { 'main.tf': root, 'modules/bucket/main.tf': child };

  it('.tf: the module outputs resolve, the policy applies to the module bucket (PUBLIC), no stub', async () => {
    const r = await verdicts(await scratch(files));
    expect(r.byName).toEqual({ 'ba-mod-output': 'PUBLIC' });
  });

  it('plan: the outputs are evaluated from the module .tf beside the plan (the same verdict)', async () => {
    const bpa = {
      block_public_acls: false,
      block_public_policy: false,
      ignore_public_acls: false,
      restrict_public_buckets: false,
    };
    const change = (address: string, type: string, module: string | undefined, after: object, afterUnknown: object) => ({
      address,
      ...(module ? { module_address: module } : {}),
      mode: 'managed',
      type,
      name: address.split('.').pop(),
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const plan = {
      format_version: '1.2',
      resource_changes: [
        change('aws_s3_bucket_policy.site', 'aws_s3_bucket_policy', undefined, {}, { bucket: true, policy: true, id: true }),
        change(
          'module.site.aws_s3_bucket.this',
          'aws_s3_bucket',
          'module.site',
          { bucket: 'ba-mod-output' },
          { id: true, arn: true },
        ),
        change('module.site.aws_s3_bucket_public_access_block.this', 'aws_s3_bucket_public_access_block', 'module.site', bpa, {
          bucket: true,
          id: true,
        }),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket_policy.site',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'site',
              provider_config_key: 'aws',
              expressions: {
                bucket: { references: ['module.site.bucket_id', 'module.site'] },
                policy: { references: ['module.site.bucket_arn', 'module.site'] },
              },
            },
          ],
          module_calls: {
            site: {
              source: './modules/bucket',
              expressions: { name: { constant_value: 'ba-mod-output' } },
              module: {
                outputs: {
                  bucket_id: { expression: { references: ['aws_s3_bucket.this.id', 'aws_s3_bucket.this'] } },
                  bucket_arn: { expression: { references: ['aws_s3_bucket.this.arn', 'aws_s3_bucket.this'] } },
                },
                resources: [
                  {
                    address: 'aws_s3_bucket.this',
                    mode: 'managed',
                    type: 'aws_s3_bucket',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: { bucket: { references: ['var.name'] } },
                  },
                  {
                    address: 'aws_s3_bucket_public_access_block.this',
                    mode: 'managed',
                    type: 'aws_s3_bucket_public_access_block',
                    name: 'this',
                    provider_config_key: 'aws',
                    expressions: {
                      bucket: { references: ['aws_s3_bucket.this.id', 'aws_s3_bucket.this'] },
                      ...Object.fromEntries(Object.keys(bpa).map((k) => [k, { constant_value: false }])),
                    },
                  },
                ],
                variables: { name: {} },
              },
            },
          },
        },
      },
    };
    const r = await verdicts(join(await scratch({ ...files, 'plan.json': plan }), 'plan.json'));
    expect(r.byName).toEqual({ 'ba-mod-output': 'PUBLIC' });
    expect(r.facts('ba-mod-output').policy).toMatchObject({ known: true, origin: 'configured' });
    // An output the plan's configuration does not have is not taken from the .tf: the policy stays unknown.
    (plan.configuration.root_module.module_calls.site.module as { outputs?: unknown }).outputs = undefined;
    const other = await verdicts(join(await scratch({ ...files, 'plan.json': plan }), 'plan.json'));
    expect(other.byName['ba-mod-output']).not.toBe('PUBLIC');
    expect(other.byName['aws_s3_bucket_policy.site']).toBe('UNKNOWN');
  });
});

describe('aws_s3_bucket grant lists without the ACL owner (state, provider v3 grant blocks)', () => {
  const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const stateBucket = (grants: object[]) => ({
    address: 'aws_s3_bucket.b',
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: 'b',
    values: {
      bucket: 'ba-state-acl',
      id: 'ba-state-acl',
      acl: null,
      grant: grants,
      policy: '',
      website: [],
      region: 'eu-west-1',
    },
  });
  const ownerGrant = { id: OWNER, permissions: ['FULL_CONTROL'], type: 'CanonicalUser', uri: '' };
  const allUsersRead = { id: '', permissions: ['READ'], type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' };
  const bpa = (on: boolean) => ({
    address: 'aws_s3_bucket_public_access_block.b',
    mode: 'managed',
    type: 'aws_s3_bucket_public_access_block',
    name: 'b',
    values: {
      bucket: 'ba-state-acl',
      block_public_acls: on,
      block_public_policy: on,
      ignore_public_acls: on,
      restrict_public_buckets: on,
    },
  });
  const ownership = {
    address: 'aws_s3_bucket_ownership_controls.b',
    mode: 'managed',
    type: 'aws_s3_bucket_ownership_controls',
    name: 'b',
    values: { bucket: 'ba-state-acl', rule: [{ object_ownership: 'BucketOwnerPreferred' }] },
  };
  const state = (resources: object[]) => ({ format_version: '1.0', values: { root_module: { resources } } });

  it('a private bucket in a state (the owner FULL_CONTROL grant S3 returns) is not SHARED: its ACL is not collected', async () => {
    const r = await verdicts(join(await scratch({ 'state.json': state([stateBucket([ownerGrant]), bpa(true)]) }), 'state.json'));
    expect(r.facts('ba-state-acl').acl).toMatchObject({ known: false, reason: 'not-collected' });
    expect(r.byName['ba-state-acl']).not.toBe('SHARED');
  });

  it('with data "aws_canonical_user_id" in the state the owner grant is the owner: PRIVATE, and AllUsers READ is PUBLIC', async () => {
    const caller = {
      address: 'data.aws_canonical_user_id.current',
      mode: 'data',
      type: 'aws_canonical_user_id',
      name: 'current',
      values: { id: OWNER, display_name: 'owner' },
    };
    const policy = {
      address: 'aws_s3_bucket_policy.b',
      mode: 'managed',
      type: 'aws_s3_bucket_policy',
      name: 'b',
      values: {
        bucket: 'ba-state-acl',
        policy: JSON.stringify({
          Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::ba-state-acl/*' }],
        }),
      },
    };
    const priv = await verdicts(
      join(
        await scratch({ 'state.json': state([stateBucket([ownerGrant]), bpa(true), ownership, policy, caller]) }),
        'state.json',
      ),
    );
    expect(priv.byName).toEqual({ 'ba-state-acl': 'PRIVATE' });
    const pub = await verdicts(
      join(
        await scratch({ 'state.json': state([stateBucket([ownerGrant, allUsersRead]), bpa(false), ownership, caller]) }),
        'state.json',
      ),
    );
    expect(pub.byName).toEqual({ 'ba-state-acl': 'PUBLIC' });
  });

  it('.tf (provider v3): grant { id = data.aws_canonical_user_id.current.id } is the owner, not UNKNOWN', async () => {
    const tf = (extra: string) => `data "aws_canonical_user_id" "current" {}
resource "aws_s3_bucket" "b" {
  bucket = "ba-v3-grant"
  grant {
    id          = data.aws_canonical_user_id.current.id
    type        = "CanonicalUser"
    permissions = ["FULL_CONTROL"]
  }
${extra}}
${bpaOff('b')}
${aclsOn('b')}
`;
    const priv = await verdicts(await scratch({ 'main.tf': tf('') }));
    expect(priv.byName).toEqual({ 'ba-v3-grant': 'PRIVATE' });
    const pub = await verdicts(
      await scratch({
        'main.tf': tf(`  grant {
    type        = "Group"
    uri         = "http://acs.amazonaws.com/groups/global/AllUsers"
    permissions = ["READ"]
  }
`),
      }),
    );
    expect(pub.byName).toEqual({ 'ba-v3-grant': 'PUBLIC' });
  });

  it('plan of an existing bucket: grant/policy the provider read from AWS are not configuration (no SHARED, no configured policy)', async () => {
    const plan = readPlanObject(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_s3_bucket.b',
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'b',
            change: {
              actions: ['update'],
              before: {},
              after: { bucket: 'ba-state-acl', grant: [ownerGrant], policy: '', tags: { team: 'x' } },
              after_unknown: {},
            },
          },
        ],
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_s3_bucket.b',
                mode: 'managed',
                type: 'aws_s3_bucket',
                name: 'b',
                expressions: { bucket: { constant_value: 'ba-state-acl' }, tags: { constant_value: { team: 'x' } } },
              },
            ],
          },
        },
      },
      'plan.json',
    );
    const facts = mapBlocks(plan.blocks).resources[0]!.facts as AwsS3Facts;
    expect(facts.acl).toMatchObject({ known: false, reason: 'not-collected' });
    expect(facts.policy).toMatchObject({ known: false, reason: 'not-collected' });
  });
});

describe('policy = file(...) / templatefile(...) is read (it was always UNKNOWN)', () => {
  const publicPolicy = (resource: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: resource }],
    });
  const bucket = (name: string, policy: string) => `resource "aws_s3_bucket" "b" {
  bucket = "${name}"
}
${bpaOff('b')}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = ${policy}
}
`;

  it('file(path.module + "/policy.json") and a path relative to the root module: PUBLIC', async () => {
    for (const call of [`file("${X('path.module')}/policy.json")`, 'file("policies/policy.json")']) {
      const dir = await scratch({
        'main.tf': bucket('ba-file-policy', call),
        'policy.json': publicPolicy('arn:aws:s3:::ba-file-policy/*'),
        'policies/policy.json': publicPolicy('arn:aws:s3:::ba-file-policy/*'),
      });
      const r = await verdicts(dir);
      expect(r.facts('ba-file-policy').policy, call).toMatchObject({ known: true });
      expect(r.byName, call).toEqual({ 'ba-file-policy': 'PUBLIC' });
    }
  });

  it('templatefile in a child module with path.module and template variables: PUBLIC; a missing file stays UNKNOWN', async () => {
    const dir = await scratch({
      'main.tf': 'module "site" {\n  source = "./modules/site"\n  name   = "ba-templatefile"\n}\n',
      'modules/site/main.tf': `variable "name" {}
${bucket(X('var.name'), `templatefile("${X('path.module')}/policy.json.tpl", { bucket_arn = aws_s3_bucket.b.arn })`)}`,
      'modules/site/policy.json.tpl': publicPolicy(`${X('bucket_arn')}/*`),
    });
    const r = await verdicts(dir);
    const policy = r.facts('ba-templatefile').policy;
    expect(policy.known && JSON.parse(policy.value!).Statement[0].Resource).toBe('arn:aws:s3:::ba-templatefile/*');
    expect(r.byName).toEqual({ 'ba-templatefile': 'PUBLIC' });

    const missing = await verdicts(await scratch({ 'main.tf': bucket('ba-file-missing', 'file("nope.json")') }));
    expect(missing.facts('ba-file-missing').policy).toMatchObject({ known: false, reason: 'computed' });
  });

  it('a file outside the working directory is not read (a reviewed configuration cannot pull other files into the report)', async () => {
    const dir = await scratch({
      'repo/main.tf': bucket('ba-file-outside', 'file("../outside.json")'),
      'outside.json': publicPolicy('arn:aws:s3:::ba-file-outside/*'),
    });
    const l = await loadTerraform([join(dir, 'repo')], join(dir, 'repo'));
    const facts = l.resources.find((x) => x.name === 'ba-file-outside')!.facts as AwsS3Facts;
    expect(facts.policy).toMatchObject({ known: false, reason: 'computed' });
    // Scanned from elsewhere: files under the directory given to scan are read, not beside it.
    const elsewhere = await loadTerraform([join(dir, 'repo')], import.meta.dirname);
    expect((elsewhere.resources.find((x) => x.name === 'ba-file-outside')!.facts as AwsS3Facts).policy).toMatchObject({
      known: false,
    });
    const inDir = await scratch({
      'repo/main.tf': bucket('ba-file-inside', 'file("policy.json")'),
      'repo/policy.json': publicPolicy('arn:aws:s3:::ba-file-inside/*'),
    });
    const scanned = await loadTerraform([join(inDir, 'repo')], import.meta.dirname);
    expect((scanned.resources.find((x) => x.name === 'ba-file-inside')!.facts as AwsS3Facts).policy).toMatchObject({
      known: true,
    });
    const inside = await loadTerraform([join(dir, 'repo')], dir);
    expect((inside.resources.find((x) => x.name === 'ba-file-outside')!.facts as AwsS3Facts).policy).toMatchObject({
      known: true,
    });
  });

  it('a link under the scanned directory to a file outside it is not followed (a pull request can commit a symlink)', async () => {
    const dir = await scratch({
      'repo/main.tf': bucket('ba-file-link', 'file("policy.json")'),
      'secret/policy.json': publicPolicy('arn:aws:s3:::ba-file-link/*'),
    });
    await symlink(join(dir, 'secret', 'policy.json'), join(dir, 'repo', 'policy.json'));
    const l = await loadTerraform([join(dir, 'repo')], join(dir, 'repo'));
    expect((l.resources.find((x) => x.name === 'ba-file-link')!.facts as AwsS3Facts).policy).toMatchObject({
      known: false,
      reason: 'computed',
    });
    // a link that stays inside is read
    const ok = await scratch({
      'repo/main.tf': bucket('ba-file-link-in', 'file("policy.json")'),
      'repo/policies/public.json': publicPolicy('arn:aws:s3:::ba-file-link-in/*'),
    });
    await symlink(join(ok, 'repo', 'policies', 'public.json'), join(ok, 'repo', 'policy.json'));
    const l2 = await loadTerraform([join(ok, 'repo')], join(ok, 'repo'));
    expect((l2.resources.find((x) => x.name === 'ba-file-link-in')!.facts as AwsS3Facts).policy).toMatchObject({
      known: true,
    });
  });
});

describe('aws_s3control_access_point_policy (an access point policy managed apart from the access point)', () => {
  it('a public access point policy set through aws_s3control_access_point_policy makes the bucket PUBLIC', async () => {
    const tf = `provider "aws" {
  region = "us-east-1"
}
${openBucket('ba-ap-policy')}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::ba-ap-policy", "arn:aws:s3:::ba-ap-policy/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111122223333" } }
    }]
  })
}
resource "aws_s3_access_point" "ap" {
  bucket     = aws_s3_bucket.b.id
  name       = "ba-ap"
  account_id = "111122223333"
  public_access_block_configuration {
${BPA_OFF}
  }
}
resource "aws_s3control_access_point_policy" "ap" {
  access_point_arn = aws_s3_access_point.ap.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:us-east-1:111122223333:accesspoint/ba-ap/object/*" }]
  })
}
`;
    const r = await verdicts(await scratch({ 'main.tf': tf }));
    const aps = r.facts('ba-ap-policy').accessPoints;
    expect(aps.known && aps.value[0]!.policy).toMatchObject({ known: true, origin: 'configured' });
    expect(aps.known && aps.value[0]!.policy.known && aps.value[0]!.policy.value).toContain('accesspoint/ba-ap/object/*');
    expect(r.byName).toEqual({ 'ba-ap-policy': 'PUBLIC' });
  });
});

/** `bucketaudit terraform DIR`: exit code ('hung' after 5 s) and stderr. */
async function cli(dir: string) {
  let err = '';
  const code = await Promise.race([
    main(['terraform', dir], {
      stdout: { write: () => undefined },
      stderr: { write: (x: string) => (err += x) },
      env: {},
      cwd: dir,
    }),
    new Promise<string>((r) => setTimeout(() => r('hung'), 5000)),
  ]);
  return { code, err };
}

describe('a module cycle is an input error (it hung, or dropped the module silently)', () => {
  it('root -> a -> b -> a: exit 2, one line naming the module block', async () => {
    const dir = await scratch({
      'root/main.tf': 'module "a" {\n  source = "../a"\n}\n',
      'a/main.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = "ba-cycle"\n}\n\nmodule "b" {\n  source = "../b"\n}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    const r = await cli(join(dir, 'root'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/b\/main\.tf:1(:\d+)?: .*module cycle/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('a module calling its own directory (source = "./"): exit 2, not an empty report', async () => {
    const dir = await scratch({
      'main.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = "ba-self"\n}\nmodule "self" {\n  source = "./"\n}\n',
    });
    const r = await cli(dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/main\.tf:4(:\d+)?: .*module cycle/);
  });
});

describe('a module reading another module output (module "attach" { bucket_id = module.store.bucket_id })', () => {
  it('the calls are read in dependency order, whatever their order in the file: PUBLIC', async () => {
    const dir = await scratch({
      'main.tf': `module "attach" {
  source     = "./modules/policy"
  bucket_id  = module.store.bucket_id
  bucket_arn = module.store.bucket_arn
}
module "store" {
  source = "./modules/bucket"
  name   = "ba-mod-chain"
}
`,
      'modules/bucket/main.tf': `variable "name" {}
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
${bpaOff('this')}
output "bucket_id" {
  value = aws_s3_bucket.this.id
}
output "bucket_arn" {
  value = aws_s3_bucket.this.arn
}
`,
      'modules/policy/main.tf': `variable "bucket_id" {}
variable "bucket_arn" {}
resource "aws_s3_bucket_policy" "this" {
  bucket = var.bucket_id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${var.bucket_arn}/*" }]
  })
}
`,
    });
    const r = await verdicts(dir);
    expect(r.byName).toEqual({ 'ba-mod-chain': 'PUBLIC' });
  });
});

describe('data "template_file" (hashicorp/template) rendering a bucket policy', () => {
  it('rendered = the template with its vars: PUBLIC (it was UNKNOWN)', async () => {
    const dir = await scratch({
      'main.tf': `${openBucket('ba-template-file')}
data "template_file" "policy" {
  template = file("\${path.module}/policy.json.tpl")
  vars = {
    bucket_arn = aws_s3_bucket.b.arn
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.template_file.policy.rendered
}
`,
      'policy.json.tpl': JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${X('bucket_arn')}/*` }],
      }),
    });
    const r = await verdicts(dir);
    const policy = r.facts('ba-template-file').policy;
    expect(policy.known && JSON.parse(policy.value!).Statement[0].Resource).toBe('arn:aws:s3:::ba-template-file/*');
    expect(r.byName).toEqual({ 'ba-template-file': 'PUBLIC' });
  });
});

describe('aws_iam_policy_document source_policy_documents / override_policy_documents are merged', () => {
  const tf = (extra: string) => `${openBucket('ba-doc-merge')}
data "aws_iam_policy_document" "deny_http" {
  statement {
    sid       = "DenyHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
data "aws_iam_policy_document" "public" {
  statement {
    sid       = "PublicRead"
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "combined" {
${extra}
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.combined.json
}
`;
  it('source documents (the terraform-aws-modules/s3-bucket pattern): the public statement is kept, PUBLIC', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': tf(`  source_policy_documents = compact([
    data.aws_iam_policy_document.deny_http.json,
    data.aws_iam_policy_document.public.json,
  ])`),
      }),
    );
    const p = r.facts('ba-doc-merge').policy;
    expect(p.known && JSON.parse(p.value!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyHttp', 'PublicRead']);
    expect(r.byName).toEqual({ 'ba-doc-merge': 'PUBLIC' });
  });

  it('an override document replaces the statement with the same Sid: PRIVATE', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': tf(`  source_policy_documents = [data.aws_iam_policy_document.public.json]
  override_policy_documents = [jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "PublicRead", Effect = "Deny", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }]
  })]`),
      }),
    );
    const p = r.facts('ba-doc-merge').policy;
    expect(p.known && JSON.parse(p.value!).Statement).toEqual([expect.objectContaining({ Sid: 'PublicRead', Effect: 'Deny' })]);
    expect(r.byName).toEqual({ 'ba-doc-merge': 'PRIVATE' });
  });
});

describe('registry modules installed by terraform init (.terraform/modules/modules.json) are read', () => {
  const moduleTf = `variable "bucket" {}
variable "public" {
  default = false
}
resource "aws_s3_bucket" "this" {
  bucket = var.bucket
}
resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = !var.public
  block_public_policy     = !var.public
  ignore_public_acls      = !var.public
  restrict_public_buckets = !var.public
}
resource "aws_s3_bucket_policy" "this" {
  count  = var.public ? 1 : 0
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.this.arn}/*" }]
  })
}
`;
  const files = {
    'main.tf': `module "site" {
  source  = "example-org/bucket/aws"
  version = "1.2.0"
  bucket  = "ba-registry"
  public  = true
}
`,
    '.terraform/modules/modules.json': {
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'site', Source: 'registry.terraform.io/example-org/bucket/aws', Version: '1.2.0', Dir: '.terraform/modules/site' },
      ],
    },
    '.terraform/modules/site/main.tf': moduleTf,
  };

  it('.tf: the module bucket is read from where init installed it (it was dropped with a warning): PUBLIC', async () => {
    const r = await verdicts(await scratch(files));
    expect(r.byName).toEqual({ 'ba-registry': 'PUBLIC' });
    const bucket = r.resources.find((x) => x.name === 'ba-registry')!;
    expect(bucket.source).toMatchObject({
      address: 'module.site.aws_s3_bucket.this',
      file: expect.stringMatching(/\.terraform\/modules\/site\/main\.tf$/),
      line: 5,
    });
    expect(r.errors.map((e) => e.message).join('\n')).not.toMatch(/not read/);
  });

  it('without .terraform (no init) the module is still reported as not read', async () => {
    const r = await verdicts(await scratch({ 'main.tf': files['main.tf'] }));
    expect(r.resources).toEqual([]);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(/module\.site: .*not read/);
  });

  it('plan: a registry module resource gets the file:line of its installed .tf', async () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'module.site.aws_s3_bucket.this',
          module_address: 'module.site',
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'this',
          change: { actions: ['create'], before: null, after: { bucket: 'ba-registry' }, after_unknown: { id: true } },
        },
      ],
      configuration: {
        root_module: {
          module_calls: {
            site: {
              source: 'example-org/bucket/aws',
              module: {
                resources: [
                  {
                    address: 'aws_s3_bucket.this',
                    mode: 'managed',
                    type: 'aws_s3_bucket',
                    name: 'this',
                    expressions: { bucket: { references: ['var.bucket'] } },
                  },
                ],
              },
            },
          },
        },
      },
    };
    const r = await verdicts(join(await scratch({ ...files, 'plan.json': plan }), 'plan.json'));
    expect(r.resources.find((x) => x.name === 'ba-registry')!.source).toMatchObject({
      file: expect.stringMatching(/\.terraform\/modules\/site\/main\.tf$/),
      line: 5,
    });
  });
});

describe('bucket = aws_s3_bucket_policy.this.id (the id of policy/BPA/ownership resources is the bucket name)', () => {
  const tf = `provider "aws" {
  region = "eu-west-1"
}
${openBucket('ba-sat-id')}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:DeleteBucket", Resource = aws_s3_bucket.b.arn }] })
}
# terraform-aws-modules/s3-bucket orders its blocks this way
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket_policy.b.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket_ownership_controls.b.id
  acl    = "public-read"
}
`;
  it('.tf: ownership and ACL chained through the ids reach the bucket: PUBLIC (ACLs enabled, AllUsers READ)', async () => {
    const r = await verdicts(await scratch({ 'main.tf': tf }));
    expect(r.facts('ba-sat-id').ownership).toMatchObject({ known: true, value: 'BucketOwnerPreferred' });
    expect(r.byName).toEqual({ 'ba-sat-id': 'PUBLIC' });
  });

  it('plan: the same chain resolves from the .tf beside the plan', async () => {
    const rc = (type: string, after: object, afterUnknown: object) => ({
      address: `${type}.b`,
      mode: 'managed',
      type,
      name: 'b',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const conf = (type: string, expressions: object) => ({
      address: `${type}.b`,
      mode: 'managed',
      type,
      name: 'b',
      provider_config_key: 'aws',
      expressions,
    });
    const bpa = {
      block_public_acls: false,
      block_public_policy: false,
      ignore_public_acls: false,
      restrict_public_buckets: false,
    };
    const plan = {
      format_version: '1.2',
      resource_changes: [
        rc('aws_s3_bucket', { bucket: 'ba-sat-id' }, { id: true, arn: true }),
        rc('aws_s3_bucket_public_access_block', bpa, { bucket: true, id: true }),
        rc('aws_s3_bucket_policy', {}, { bucket: true, policy: true, id: true }),
        rc(
          'aws_s3_bucket_ownership_controls',
          { rule: [{ object_ownership: 'BucketOwnerPreferred' }] },
          { bucket: true, id: true },
        ),
        rc('aws_s3_bucket_acl', { acl: 'public-read' }, { bucket: true, id: true, access_control_policy: true }),
      ],
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            conf('aws_s3_bucket', { bucket: { constant_value: 'ba-sat-id' } }),
            conf('aws_s3_bucket_public_access_block', {
              bucket: { references: ['aws_s3_bucket.b.id', 'aws_s3_bucket.b'] },
              ...Object.fromEntries(Object.keys(bpa).map((k) => [k, { constant_value: false }])),
            }),
            conf('aws_s3_bucket_policy', {
              bucket: { references: ['aws_s3_bucket.b.id', 'aws_s3_bucket.b'] },
              policy: { references: ['aws_s3_bucket.b.arn', 'aws_s3_bucket.b'] },
            }),
            conf('aws_s3_bucket_ownership_controls', {
              bucket: { references: ['aws_s3_bucket_policy.b.id', 'aws_s3_bucket_policy.b'] },
              rule: [{ object_ownership: { constant_value: 'BucketOwnerPreferred' } }],
            }),
            conf('aws_s3_bucket_acl', {
              bucket: { references: ['aws_s3_bucket_ownership_controls.b.id', 'aws_s3_bucket_ownership_controls.b'] },
              acl: { constant_value: 'public-read' },
            }),
          ],
        },
      },
    };
    const r = await verdicts(join(await scratch({ 'main.tf': tf, 'plan.json': plan }), 'plan.json'));
    expect(r.byName).toEqual({ 'ba-sat-id': 'PUBLIC' });
  });
});

describe('plan: aws_s3_bucket_acl changing acl from public-read to private (a remediation)', () => {
  it('the configured acl decides, not the access_control_policy copied from the prior state: PRIVATE', () => {
    const allUsers = { grantee: [{ type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }], permission: 'READ' };
    const plan = readPlanObject(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_s3_bucket_acl.b',
            mode: 'managed',
            type: 'aws_s3_bucket_acl',
            name: 'b',
            change: {
              actions: ['update'],
              before: { bucket: 'ba-acl-fix', acl: 'public-read' },
              after: {
                bucket: 'ba-acl-fix',
                acl: 'private',
                access_control_policy: [{ grant: [allUsers], owner: [{ id: 'abc' }] }],
              },
              after_unknown: {},
            },
          },
        ],
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_s3_bucket_acl.b',
                mode: 'managed',
                type: 'aws_s3_bucket_acl',
                name: 'b',
                expressions: { bucket: { constant_value: 'ba-acl-fix' }, acl: { constant_value: 'private' } },
              },
            ],
          },
        },
      },
      'plan.json',
    );
    const facts = mapBlocks(plan.blocks).resources[0]!.facts as AwsS3Facts;
    expect(facts.acl).toMatchObject({ known: true, value: { grants: [] } });
  });
});

describe('.tf: a bucket adopted by an import block exists already (creation defaults do not apply)', () => {
  it('import { to = aws_s3_bucket.b }: BPA/ownership/policy not declared are not collected, not the April 2023 defaults', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': `import {
  to = aws_s3_bucket.legacy
  id = "ba-imported"
}
resource "aws_s3_bucket" "legacy" {
  bucket = "ba-imported"
}
resource "aws_s3_bucket" "fresh" {
  bucket = "ba-created"
}
`,
      }),
    );
    const legacy = r.facts('ba-imported');
    expect(legacy.bucketBpa).toMatchObject({ known: false, reason: 'not-collected' });
    expect(legacy.policy).toMatchObject({ known: false, reason: 'not-collected' });
    expect(r.byName['ba-imported']).not.toBe('PRIVATE');
    expect(r.facts('ba-created').bucketBpa).toMatchObject({ known: true, origin: 'default' });
    expect(r.byName['ba-created']).toBe('PRIVATE');
  });

  it('an import into a module resource (to = module.site.aws_s3_bucket.this) applies inside the module', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': `import {
  to = module.site.aws_s3_bucket.this
  id = "ba-imported-mod"
}
module "site" {
  source = "./modules/site"
}
`,
        'modules/site/main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket = "ba-imported-mod"\n}\n',
      }),
    );
    expect(r.facts('ba-imported-mod').bucketBpa).toMatchObject({ known: false, reason: 'not-collected' });
  });
});

describe('count and range() out of bounds: an input error or UNKNOWN, never a dropped bucket or a crash', () => {
  it('count = -1 (Terraform rejects it): exit 2 naming the resource line; it was read as no bucket at all', async () => {
    const dir = await scratch({
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  count  = -1\n  bucket = "ba-neg"\n}\n',
    });
    const r = await cli(dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/main\.tf:1(:\d+)?: count of aws_s3_bucket\.b is -1/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('count = 100000000: the bucket is reported (count.index unknown), not expanded until memory runs out', async () => {
    const dir = await scratch({
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  count  = 100000000\n  bucket = "ba-huge"\n}\n',
    });
    const l = await verdicts(dir);
    expect(l.resources.map((r) => r.name)).toEqual(['ba-huge']);
  });

  it('range() past 1024 values fails as in Terraform (it ran out of memory); try() falls back past it', async () => {
    const dir = await scratch({
      'main.tf': `resource "aws_s3_bucket" "b" {
  for_each = toset([for i in try(range(100000000), [1]) : tostring(i)])
  bucket   = "ba-range-\${each.key}"
}
resource "aws_s3_bucket" "z" {
  for_each = toset([for i in try(range(0, 5, 0), [2]) : tostring(i)])
  bucket   = "ba-step-\${each.key}"
}
`,
    });
    const l = await verdicts(dir);
    expect(l.resources.map((r) => r.name).sort()).toEqual(['ba-range-1', 'ba-step-2']);
  });
});

describe('conditions and logic convert strings as Terraform does (TF_VAR_ values are strings)', () => {
  const tf = `variable "private" {
  type    = bool
  default = true
}
${openBucket('ba-cond')}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = var.private && !false ? "private" : "public-read"
}
${aclsOn('b')}
`;

  it('TF_VAR_private=false makes the condition false: PUBLIC (the string "false" was truthy: PRIVATE)', async () => {
    const r = await verdicts(await scratch({ 'main.tf': tf }), { env: { TF_VAR_private: 'false' } });
    expect(r.byName['ba-cond']).toBe('PUBLIC');
  });

  it('a value Terraform cannot convert to bool (tobool("yes"), "yes" ? ...) is UNKNOWN, not false', async () => {
    const r = await verdicts(await scratch({ 'main.tf': tf }), { env: { TF_VAR_private: 'yes' } });
    expect(r.facts('ba-cond').acl).toMatchObject({ known: false });
    const t = await verdicts(await scratch({ 'main.tf': tf.replace('var.private && !false', 'tobool("yes")') }));
    expect(t.facts('ba-cond').acl).toMatchObject({ known: false });
  });
});

describe('a function with no value to return fails (UNKNOWN), it is not an unset argument (the private default)', () => {
  it('acl = element(var.acls, 0) with an empty list: the ACL is UNKNOWN, not the default private ACL', async () => {
    const r = await verdicts(
      await scratch({
        'main.tf': `variable "acls" {
  default = []
}
${openBucket('ba-element')}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = element(var.acls, 0)
}
${aclsOn('b')}
`,
      }),
    );
    expect(r.facts('ba-element').acl).toMatchObject({ known: false });
    expect(r.byName['ba-element']).not.toBe('PRIVATE');
  });
});

describe('TF_VAR_ for a variable typed with a bare collection keyword (type = list) is not read as a string', () => {
  it('TF_VAR_readers=\'["*"]\' for type = list: the policy is UNKNOWN, not a principal named ["*"] (PRIVATE)', async () => {
    const tf = `variable "readers" {
  type    = list
  default = ["arn:aws:iam::111122223333:root"]
}
${openBucket('ba-env-list')}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.readers }
      Action    = "s3:GetObject"
      Resource  = "\${aws_s3_bucket.b.arn}/*"
    }]
  })
}
`;
    const r = await verdicts(await scratch({ 'main.tf': tf }), { env: { TF_VAR_readers: '["*"]' } });
    expect(r.facts('ba-env-list').policy).toMatchObject({ known: false });
    expect(r.byName['ba-env-list']).not.toBe('PRIVATE');
  });
});
