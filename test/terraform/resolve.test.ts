import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AwsS3Facts, Known, StorageResource } from '../../src/model/index.js';
import { Computed } from '../../src/terraform/expr.js';
import { loadTerraform, mapBlocks } from '../../src/terraform/index.js';
import { readPlanObject } from '../../src/terraform/plan.js';
import { partitionOfRegion } from '../../src/terraform/block.js';
import { resolveFromConfiguration } from '../../src/terraform/resolve.js';
import { verdictsOf } from './audit-load.js';

const ROOT = resolve(import.meta.dirname, '../..');
const scenario = (s: string) => join(ROOT, 'mocks/terraform', s);
const tmps: string[] = [];
afterAll(async () => {
  for (const d of tmps) await rm(d, { recursive: true, force: true });
});

/** A scratch copy of a scenario: its plan.json, and main.tf unless `tf` is null (or replaced by `tf`). */
async function copyScenario(name: string, opts: { tf?: string | null; plan?: (p: Record<string, unknown>) => void } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ba-resolve-'));
  tmps.push(dir);
  const plan = JSON.parse(await readFile(join(scenario(name), 'plan.json'), 'utf8')) as Record<string, unknown>;
  opts.plan?.(plan);
  await writeFile(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
  if (opts.tf !== null) {
    if (opts.tf === undefined) await cp(join(scenario(name), 'main.tf'), join(dir, 'main.tf'));
    else await writeFile(join(dir, 'main.tf'), opts.tf);
  }
  return dir;
}

async function load(path: string) {
  const l = await loadTerraform([path], ROOT);
  const verdicts = await verdictsOf(l);
  const policy = (name: string): Known<string | null> => {
    const r = l.resources.find((x: StorageResource) => x.name === name);
    if (!r) throw new Error(`no resource ${name}`);
    return (r.facts as AwsS3Facts).policy;
  };
  return { ...l, verdicts, policy };
}

const awsProvider = (plan: Record<string, unknown>) =>
  (plan.configuration as { provider_config: { aws: { expressions: Record<string, unknown> } } }).provider_config.aws;

describe('plan: known-after-apply values resolved from the configuration beside the plan', () => {
  it('aws_s3_bucket.b.arn / .bucket in a jsonencode policy: the same PUBLIC verdict as the .tf, with the resolution noted', async () => {
    const tf = await load('mocks/terraform/s3-policy-arn-ref/main.tf');
    const plan = await load('mocks/terraform/s3-policy-arn-ref/plan.json');
    expect(plan.verdicts).toEqual({ 'ba-arn-ref': 'PUBLIC' });
    expect(tf.verdicts).toEqual(plan.verdicts);
    const pol = plan.policy('ba-arn-ref');
    expect(pol).toMatchObject({ known: true, origin: 'configured' });
    if (!pol.known) throw new Error('unreachable');
    expect(JSON.parse(pol.value!).Statement.map((s: { Resource: string }) => s.Resource)).toEqual([
      'arn:aws:s3:::ba-arn-ref/*',
      'arn:aws:s3:::ba-arn-ref',
    ]);
    expect(pol.note).toContain('resolved from configuration: aws_s3_bucket.b.arn = arn:aws:s3:::ba-arn-ref');
    expect(pol.note).toContain('expression read from mocks/terraform/s3-policy-arn-ref/main.tf:20');
  });

  it('data "aws_iam_policy_document" read during apply: rendered from its .tf block with the bucket arn bound', async () => {
    const tf = await load('mocks/terraform/s3-policy-doc-arn-ref/main.tf');
    const plan = await load('mocks/terraform/s3-policy-doc-arn-ref/plan.json');
    expect(plan.verdicts).toEqual({ 'ba-doc-arn-ref': 'PUBLIC' });
    expect(tf.verdicts).toEqual(plan.verdicts);
    const pol = plan.policy('ba-doc-arn-ref');
    if (!pol.known) throw new Error(`policy unknown: ${pol.detail}`);
    expect(JSON.parse(pol.value!).Statement[0]).toMatchObject({ Principal: '*', Resource: 'arn:aws:s3:::ba-doc-arn-ref/*' });
    expect(pol.note).toContain('aws_s3_bucket.b.arn = arn:aws:s3:::ba-doc-arn-ref');
    expect(pol.note).toContain(
      'data.aws_iam_policy_document.public_read.json rendered from mocks/terraform/s3-policy-doc-arn-ref/main.tf:19',
    );
  });

  it('bucket_prefix: the name is unknown, so the arn and the policy stay UNKNOWN (computed) from the plan', async () => {
    const plan = await load('mocks/terraform/s3-policy-prefix-unknown/plan.json');
    expect(plan.verdicts).toEqual({ 'aws_s3_bucket.b': 'UNKNOWN' });
    expect(plan.policy('aws_s3_bucket.b')).toMatchObject({ known: false, reason: 'computed' });
    const pol = plan.policy('aws_s3_bucket.b');
    expect(!pol.known && pol.detail).toMatch(/bucket name is known only after apply/);
  });

  it('a genuinely unknowable value (a role ARN created in the same apply) stays UNKNOWN', async () => {
    const plan = await load('mocks/terraform/s3-unknown-policy/plan.json');
    expect(plan.verdicts).toEqual({ 'ba-unknown-policy': 'UNKNOWN' });
    const pol = plan.policy('ba-unknown-policy');
    expect(pol).toMatchObject({ known: false, reason: 'computed', operation: 'aws_s3_bucket_policy.b.policy' });
    expect(!pol.known && pol.detail).toContain('aws_iam_role.reader.arn is known only after apply');
  });

  it('no .tf beside the plan: the expression source is not in the plan JSON, so the policy stays UNKNOWN', async () => {
    const dir = await copyScenario('s3-policy-arn-ref', { tf: null });
    const plan = await load(join(dir, 'plan.json'));
    expect(plan.verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    expect(plan.policy('ba-arn-ref')).toMatchObject({ known: false, reason: 'computed' });
  });

  it('a .tf that is not the configuration of the plan is not used (other references, other constants)', async () => {
    const original = await readFile(join(scenario('s3-policy-arn-ref'), 'main.tf'), 'utf8');
    const otherRef = original.replace(
      'Principal = "*", Action = "s3:GetObject"',
      'Principal = aws_s3_bucket.b.arn, Action = "x"',
    );
    expect(otherRef).not.toBe(original);
    const a = await load(join(await copyScenario('s3-policy-arn-ref', { tf: otherRef }), 'plan.json'));
    expect(a.verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    const withRole = original.replace(
      'Principal = "*", Action = "s3:GetObject"',
      'Principal = { AWS = aws_iam_role.r.arn }, Action = "s3:GetObject"',
    );
    const b = await load(join(await copyScenario('s3-policy-arn-ref', { tf: withRole }), 'plan.json'));
    expect(b.verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    const pb = b.policy('ba-arn-ref');
    expect(!pb.known && pb.detail).toMatch(/aws_iam_role\.r .*not in the plan's configuration/);
    const doc = await readFile(join(scenario('s3-policy-doc-arn-ref'), 'main.tf'), 'utf8');
    const otherSid = doc.replace('sid       = "PublicRead"', 'sid       = "Changed"');
    const c = await load(join(await copyScenario('s3-policy-doc-arn-ref', { tf: otherSid }), 'plan.json'));
    expect(c.verdicts).toEqual({ 'ba-doc-arn-ref': 'UNKNOWN' });
    const pc = c.policy('ba-doc-arn-ref');
    expect(!pc.known && pc.detail).toMatch(/statement\[0\]\.sid differs/);
  });

  it('a .tf beside the plan that does not parse: a report error with file:line, values stay UNKNOWN, no crash', async () => {
    const dir = await copyScenario('s3-policy-arn-ref', { tf: 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n' });
    const plan = await load(join(dir, 'plan.json'));
    expect(plan.verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    expect(plan.errors.map((e) => e.message).join('\n')).toMatch(/main\.tf:\d+(:\d+)?: invalid HCL/);
  });

  it('the ARN partition comes from the provider region (constant or a root variable); otherwise UNKNOWN', async () => {
    const noRegion = await copyScenario('s3-policy-arn-ref', {
      tf: (await readFile(join(scenario('s3-policy-arn-ref'), 'main.tf'), 'utf8')).replace(/provider "aws" \{[^}]*\}/, ''),
      plan: (p) => {
        awsProvider(p).expressions = {};
      },
    });
    const a = await load(join(noRegion, 'plan.json'));
    expect(a.verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    const pa = a.policy('ba-arn-ref');
    expect(!pa.known && pa.detail).toMatch(/AWS partition is not in the plan/);

    const viaVar = await copyScenario('s3-policy-arn-ref', {
      tf: (await readFile(join(scenario('s3-policy-arn-ref'), 'main.tf'), 'utf8')).replace(
        'region = "us-east-1"',
        'region = var.region',
      ),
      plan: (p) => {
        awsProvider(p).expressions = { region: { references: ['var.region'] } };
        p.variables = { region: { value: 'eu-west-1' } };
      },
    });
    expect((await load(join(viaVar, 'plan.json'))).verdicts).toEqual({ 'ba-arn-ref': 'PUBLIC' });

    // China: arn:aws-cn, matched by the analyzer through the resource's region; the .tf reader agrees.
    const cnTf = (await readFile(join(scenario('s3-policy-arn-ref'), 'main.tf'), 'utf8'))
      .replace('region = "us-east-1"', 'region = var.region')
      .replaceAll('arn:aws:s3:::', 'arn:aws-cn:s3:::');
    const china = await copyScenario('s3-policy-arn-ref', {
      tf: `variable "region" {\n  default = "cn-north-1"\n}\n${cnTf}`,
      plan: (p) => {
        awsProvider(p).expressions = { region: { references: ['var.region'] } };
        p.variables = { region: { value: 'cn-north-1' } };
      },
    });
    const c = await load(join(china, 'plan.json'));
    expect(c.verdicts).toEqual({ 'ba-arn-ref': 'PUBLIC' });
    const pcn = c.policy('ba-arn-ref');
    expect(pcn.known && pcn.note).toContain('aws_s3_bucket.b.arn = arn:aws-cn:s3:::ba-arn-ref');
    expect(c.resources[0]!.region).toBe('cn-north-1');
    expect((await load(join(china, 'main.tf'))).verdicts).toEqual({ 'ba-arn-ref': 'PUBLIC' });
    const odd = await copyScenario('s3-policy-arn-ref', {
      plan: (p) => {
        awsProvider(p).expressions = { region: { constant_value: 'somewhere' } };
      },
    });
    expect((await load(join(odd, 'plan.json'))).verdicts).toEqual({ 'ba-arn-ref': 'UNKNOWN' });
    expect(partitionOfRegion('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOfRegion('eu-central-1')).toBe('aws');
    expect(partitionOfRegion('mars-1')).toBeUndefined();
  });
});

describe('resolveFromConfiguration (in memory)', () => {
  /** A create plan for two counted buckets and a counted policy naming aws_s3_bucket.b[count.index].arn. */
  const countPlan = () => {
    const bucket = (i: number) => ({
      address: `aws_s3_bucket.b[${i}]`,
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'b',
      index: i,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: { bucket: `ba-count-${i}`, force_destroy: false },
        after_unknown: { id: true, arn: true, region: true },
      },
    });
    const policy = (i: number) => ({
      address: `aws_s3_bucket_policy.p[${i}]`,
      mode: 'managed',
      type: 'aws_s3_bucket_policy',
      name: 'p',
      index: i,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions: ['create'], before: null, after: {}, after_unknown: { bucket: true, policy: true } },
    });
    return {
      format_version: '1.2',
      resource_changes: [bucket(0), bucket(1), policy(0), policy(1)],
      variables: { readers: { value: '*' } },
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.b',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'b',
              provider_config_key: 'aws',
              expressions: { bucket: { references: ['count.index'] }, force_destroy: { constant_value: false } },
              count_expression: { constant_value: 2 },
            },
            {
              address: 'aws_s3_bucket_policy.p',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'p',
              provider_config_key: 'aws',
              expressions: {
                bucket: { references: ['aws_s3_bucket.b', 'count.index'] },
                policy: { references: ['var.readers', 'aws_s3_bucket.b', 'count.index', 'local.action'] },
              },
              count_expression: { constant_value: 2 },
            },
          ],
        },
      },
    };
  };
  const tf = `variable "readers" {}
locals {
  action = "s3:GetObject"
}
resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "ba-count-\${count.index}"
  force_destroy = false
}
resource "aws_s3_bucket_policy" "p" {
  count  = 2
  bucket = aws_s3_bucket.b[count.index].id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = var.readers, Action = local.action, Resource = "\${aws_s3_bucket.b[count.index].arn}/*" }] })
}
`;

  it('count instances, locals and root variables are bound; each policy gets its own bucket arn', async () => {
    const plan = readPlanObject(countPlan(), 'plan.json');
    const r = await resolveFromConfiguration(plan, new Map([['', [{ path: 'main.tf', text: tf }]]]));
    expect(r.resolved.sort()).toEqual([
      'aws_s3_bucket_policy.p[0].bucket',
      'aws_s3_bucket_policy.p[0].policy',
      'aws_s3_bucket_policy.p[1].bucket',
      'aws_s3_bucket_policy.p[1].policy',
    ]);
    const p1 = plan.blocks.find((b) => b.address === 'aws_s3_bucket_policy.p[1]')!;
    expect(JSON.parse(p1.values.policy as string).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::ba-count-1/*',
    });
    expect(p1.resolved?.policy).toContain('aws_s3_bucket.b[1].arn = arn:aws:s3:::ba-count-1');
    const byName = Object.fromEntries(mapBlocks(plan.blocks).resources.map((x) => [x.name, x.facts as AwsS3Facts]));
    expect(byName['ba-count-0']!.policy).toMatchObject({ known: true });
    expect(byName['ba-count-1']!.policy).toMatchObject({ known: true });
  });

  it('nothing to resolve, or no .tf: blocks are left as they are', async () => {
    const plan = readPlanObject(countPlan(), 'plan.json');
    const r = await resolveFromConfiguration(plan, new Map());
    expect(r.resolved).toEqual([]);
    expect(plan.blocks.find((b) => b.address === 'aws_s3_bucket_policy.p[0]')!.values.policy).toBeInstanceOf(Computed);
  });
});

describe('resolveFromConfiguration: GCS', () => {
  it('google_storage_bucket.b.id (= name) and .url resolve; a satellite links by the resolved name', async () => {
    const doc = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'google_storage_bucket.b',
          mode: 'managed',
          type: 'google_storage_bucket',
          name: 'b',
          change: { actions: ['create'], after: { name: 'ba-gcs-id', location: 'EU' }, after_unknown: { id: true, url: true } },
        },
        {
          address: 'google_storage_bucket_iam_member.m',
          mode: 'managed',
          type: 'google_storage_bucket_iam_member',
          name: 'm',
          change: {
            actions: ['create'],
            after: { role: 'roles/storage.objectViewer', member: 'allUsers' },
            after_unknown: { bucket: true, condition: true },
          },
        },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'google_storage_bucket.b',
              mode: 'managed',
              type: 'google_storage_bucket',
              name: 'b',
              expressions: { name: { constant_value: 'ba-gcs-id' }, location: { constant_value: 'EU' } },
            },
            {
              address: 'google_storage_bucket_iam_member.m',
              mode: 'managed',
              type: 'google_storage_bucket_iam_member',
              name: 'm',
              expressions: {
                bucket: { references: ['google_storage_bucket.b.id', 'google_storage_bucket.b'] },
                role: { constant_value: 'roles/storage.objectViewer' },
                member: { constant_value: 'allUsers' },
                condition: [{ title: { references: ['google_storage_bucket.b.url', 'google_storage_bucket.b'] } }],
              },
            },
          ],
        },
      },
    };
    const tf = `resource "google_storage_bucket" "b" {
  name     = "ba-gcs-id"
  location = "EU"
}
resource "google_storage_bucket_iam_member" "m" {
  bucket = google_storage_bucket.b.id
  role   = "roles/storage.objectViewer"
  member = "allUsers"
  condition {
    title = "in \${google_storage_bucket.b.url}"
  }
}
`;
    const plan = readPlanObject(doc, 'plan.json');
    const r = await resolveFromConfiguration(plan, new Map([['', [{ path: 'main.tf', text: tf }]]]));
    expect(r.resolved).toEqual(['google_storage_bucket_iam_member.m.bucket', 'google_storage_bucket_iam_member.m.condition']);
    const m = plan.blocks.find((b) => b.type === 'google_storage_bucket_iam_member')!;
    expect(m.values.bucket).toBe('ba-gcs-id');
    expect(m.values.condition).toEqual([{ title: 'in gs://ba-gcs-id' }]);
    expect(mapBlocks(plan.blocks).resources.map((x) => x.id)).toEqual(['gs://ba-gcs-id']);
  });
});
