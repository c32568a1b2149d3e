import { describe, expect, it } from 'vitest';
import type { AwsS3Facts, Finding, GcsFacts } from '../../src/model/index.js';
import { Computed, evaluateHclJson, type Scope } from '../../src/terraform/expr.js';
import { readHclModule } from '../../src/terraform/hcl.js';
import { mapBlocks } from '../../src/terraform/index.js';
import { readPlan, readPlanObject } from '../../src/terraform/plan.js';
import { applySuppressions, parseSuppressions } from '../../src/terraform/suppress.js';
import { makePlan } from './big-plan.js';

/** "${expr}" as hcl2json writes an expression attribute. */
const X = (e: string) => ['$', '{', e, '}'].join('');
const empty: Scope = {
  traverse: (root, steps) => new Computed(`${root}`, [`${root}.${steps[0]?.kind === 'attr' ? steps[0].name : ''}`]),
};

async function hcl(text: string) {
  const mod = await readHclModule([{ path: 'main.tf', text }]);
  return { ...mod, ...mapBlocks(mod.blocks) };
}

describe('HCL expression evaluation', () => {
  it('jsonencode of HCL object syntax, templates, conditionals, for expressions', () => {
    expect(evaluateHclJson(X('jsonencode({ a = "x", "b" = [1, true, null], c = { d = "e" } })'), empty)).toBe(
      '{"a":"x","b":[1,true,null],"c":{"d":"e"}}',
    );
    expect(evaluateHclJson(X('1 + 2 == 3 ? "yes" : "no"'), empty)).toBe('yes');
    expect(evaluateHclJson(X('[for s in ["a", "b"] : upper(s)]'), empty)).toEqual(['A', 'B']);
    expect(evaluateHclJson(X('{ for k, v in { a = 1 } : k => v * 2 }'), empty)).toEqual({ a: 2 });
  });
  it('unresolvable references stay Computed with the referenced address', () => {
    const v = evaluateHclJson(X('jsonencode({ Principal = { AWS = aws_iam_role.r.arn } })'), empty);
    expect(v).toBeInstanceOf(Computed);
    expect((v as Computed).refs).toContain('aws_iam_role.r');
    expect(evaluateHclJson(X('unknownfn(1)'), empty)).toBeInstanceOf(Computed);
  });
});

describe('.tf reader', () => {
  it('several account Block Public Access blocks (provider aliases): none is credited, never the last one', async () => {
    const block = (name: string, on: boolean) => `resource "aws_s3_account_public_access_block" "${name}" {
  block_public_acls       = ${on}
  block_public_policy     = ${on}
  ignore_public_acls      = ${on}
  restrict_public_buckets = ${on}
}
`;
    const r = await hcl(`${block('off', false)}${block('on', true)}resource "aws_s3_bucket" "b" {
  bucket = "two-accounts"
}
`);
    const f = r.resources.find((x) => x.name === 'two-accounts')!.facts as AwsS3Facts;
    expect(f.accountBpa).toMatchObject({ known: false, reason: 'not-collected' });
    const one = await hcl(`${block('on', true)}resource "aws_s3_bucket" "b" {
  bucket = "one-account"
}
`);
    expect((one.resources[0]!.facts as AwsS3Facts).accountBpa).toMatchObject({ known: true, value: { blockPublicAcls: true } });
  });
  it('google_storage_bucket_acl default_acl: unknown or unrecognised is UNKNOWN, never "no default ACL"', async () => {
    const r = await hcl(`resource "google_storage_bucket" "b" {
  name     = "b1"
  location = "EU"
}
resource "google_storage_bucket_acl" "a" {
  bucket      = google_storage_bucket.b.name
  default_acl = var.dflt
}
resource "google_storage_bucket" "c" {
  name     = "c1"
  location = "EU"
}
resource "google_storage_bucket_acl" "d" {
  bucket      = google_storage_bucket.c.name
  default_acl = "bogus"
}`);
    const facts = (id: string) => r.resources.find((x) => x.id === id)!.facts as GcsFacts;
    expect(facts('gs://b1').defaultObjectAcl).toMatchObject({ known: false, reason: 'computed' });
    expect(facts('gs://c1').defaultObjectAcl).toMatchObject({ known: false, reason: 'malformed' });
  });
  it('variables with defaults, locals, count and for_each addresses with file:line', async () => {
    const r = await hcl(`variable "env" {
  default = "prod"
}
locals {
  names = toset(["a", "b"])
}
resource "aws_s3_bucket" "each" {
  for_each = local.names
  bucket   = "x-\${var.env}-\${each.key}"
}
resource "aws_s3_bucket" "n" {
  count  = 1
  bucket = "n-\${count.index}"
}
`);
    expect(r.resources.map((x) => [x.id, x.source.address, x.source.line])).toEqual([
      ['arn:aws:s3:::x-prod-a', 'aws_s3_bucket.each["a"]', 7],
      ['arn:aws:s3:::x-prod-b', 'aws_s3_bucket.each["b"]', 7],
      ['arn:aws:s3:::n-0', 'aws_s3_bucket.n[0]', 11],
    ]);
  });

  it('aws_iam_policy_document renders IAM JSON (principals, conditions) and links by reference', async () => {
    const r = await hcl(`resource "aws_s3_bucket" "b" {
  bucket = "doc"
}
data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc"]
    }
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
`);
    const f = r.resources[0]!.facts as AwsS3Facts;
    expect(f.policy.known && JSON.parse(f.policy.value!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::doc/*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ],
    });
    expect(f.policy.known && f.policy.origin).toBe('configured');
    expect(r.links.get('aws_s3_bucket_policy.p')).toEqual(['arn:aws:s3:::doc']);
  });

  it('provider defaults are applied with origin "default" and a note; account BPA is not-collected', async () => {
    const r = await hcl(`resource "aws_s3_bucket" "b" {
  bucket = "d"
}
resource "google_storage_bucket" "g" {
  name = "g"
  location = "EU"
}
`);
    const aws = r.resources.find((x) => x.provider === 'aws')!.facts as AwsS3Facts;
    expect(aws.bucketBpa).toMatchObject({ known: true, origin: 'default', value: { restrictPublicBuckets: true } });
    expect(aws.bucketBpa.known && aws.bucketBpa.note).toMatch(/April 2023/);
    expect(aws.ownership).toMatchObject({ known: true, origin: 'default', value: 'BucketOwnerEnforced' });
    expect(aws.policy).toMatchObject({ known: true, value: null });
    expect(aws.accountBpa).toMatchObject({ known: false, reason: 'not-collected' });
    const gcs = r.resources.find((x) => x.provider === 'gcp')!.facts as GcsFacts;
    expect(gcs.publicAccessPrevention).toMatchObject({ known: true, origin: 'default', value: 'inherited' });
    expect(gcs.uniformBucketLevelAccess).toMatchObject({ known: true, origin: 'default', value: false });
  });
});

describe('plan reader', () => {
  it('after_unknown => Known computed naming the attribute; unconfigured computed attributes are dropped', () => {
    const plan = readPlan(JSON.stringify(makePlan(3)), 'plan.json');
    expect(plan.blocks.map((b) => b.address)).toEqual([
      'aws_s3_bucket.b0',
      'aws_s3_bucket_public_access_block.b0',
      'aws_s3_bucket_policy.b0',
    ]);
    expect(plan.blocks[0]!.values.id).toBeUndefined();
    expect(plan.blocks[1]!.values.bucket).toBeInstanceOf(Computed);
    expect((plan.blocks[1]!.values.bucket as Computed).refs).toContain('aws_s3_bucket.b0');
    const doc = makePlan(1) as {
      resource_changes: { change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> } }[];
    };
    const p2 = makePlan(3) as typeof doc;
    p2.resource_changes[2]!.change.after_unknown.policy = true;
    delete p2.resource_changes[2]!.change.after.policy;
    const facts = mapBlocks(readPlanObject(p2, 'plan.json').blocks).resources[0]!.facts as AwsS3Facts;
    expect(facts.policy).toMatchObject({ known: false, reason: 'computed', operation: 'aws_s3_bucket_policy.b0.policy' });
    expect(doc.resource_changes).toHaveLength(1);
  });
  it('makePlan(n) produces n resources', () => {
    expect(readPlanObject(makePlan(1000), 'big.json').blocks).toHaveLength(1000);
  });
  it('rejects documents that are not terraform show -json output', () => {
    expect(() => readPlan('{"a":1}', 'x.json')).toThrow(/format_version/);
  });
});

describe('inline suppressions', () => {
  const text = `// bucketaudit:ignore BA-AWS-001, BA-AWS-007 reason: intended
resource "aws_s3_bucket" "b" {
}
`;
  it('parse ids and reason; apply to matching findings only', () => {
    const s = parseSuppressions('main.tf', text, [{ kind: 'resource', type: 'aws_s3_bucket', name: 'b', line: 2 }], '');
    expect(s).toEqual([
      { checkIds: ['BA-AWS-001', 'BA-AWS-007'], reason: 'intended', file: 'main.tf', line: 1, baseAddress: 'aws_s3_bucket.b' },
    ]);
    const f = (checkId: string, resourceId: string): Finding =>
      ({
        checkId,
        resourceId,
        provider: 'aws',
        severity: 'high',
        status: 'fail',
        message: '',
        evidence: [],
        remediation: { summary: '' },
        compliance: {},
        fingerprint: '',
      }) as Finding;
    const out = applySuppressions(
      [f('BA-AWS-001', 'arn:aws:s3:::b'), f('BA-AWS-002', 'arn:aws:s3:::b'), f('BA-AWS-001', 'arn:aws:s3:::other')],
      [{ ...s[0]!, resourceIds: ['arn:aws:s3:::b'] }],
    );
    expect(out.map((x) => x.suppressed)).toEqual([{ reason: 'intended', by: 'inline' }, undefined, undefined]);
  });
  it('a stray marker not directly above a block is an input error with its line', () => {
    expect(() =>
      parseSuppressions(
        'main.tf',
        `resource "a" "b" {\n}\n\n# bucketaudit:ignore X reason: y\n`,
        [{ kind: 'resource', type: 'a', name: 'b', line: 1 }],
        '',
      ),
    ).toThrow(/directly above/);
  });
});
