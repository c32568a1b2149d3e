/**
 * A synthetic `terraform show -json` plan with n resources, for the benchmark
 * ("a 10,000-resource plan is read and evaluated in under 2 s", measured by `npm run bench`).
 * Mix per group of 4: bucket, bucket public access block (off), public policy, ownership controls.
 */
export function makePlan(n: number): Record<string, unknown> {
  const changes: Record<string, unknown>[] = [];
  const planned: Record<string, unknown>[] = [];
  const config: Record<string, unknown>[] = [];
  const add = (
    type: string,
    name: string,
    values: Record<string, unknown>,
    unknown: Record<string, unknown>,
    expressions: Record<string, unknown>,
  ) => {
    const address = `${type}.${name}`;
    const base = { address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws' };
    planned.push({ ...base, schema_version: 0, values, sensitive_values: {} });
    changes.push({
      ...base,
      change: {
        actions: ['create'],
        before: null,
        after: values,
        after_unknown: unknown,
        before_sensitive: false,
        after_sensitive: {},
      },
    });
    config.push({ address, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0 });
  };
  for (let i = 0; changes.length < n; i++) {
    const name = `bench-bucket-${i}`;
    const ref = { references: [`aws_s3_bucket.b${i}.id`, `aws_s3_bucket.b${i}`] };
    add(
      'aws_s3_bucket',
      `b${i}`,
      { bucket: name, force_destroy: false },
      { id: true, arn: true },
      { bucket: { constant_value: name } },
    );
    if (changes.length >= n) break;
    const flags = {
      block_public_acls: i % 2 === 0,
      block_public_policy: false,
      ignore_public_acls: false,
      restrict_public_buckets: i % 3 === 0,
    };
    add('aws_s3_bucket_public_access_block', `b${i}`, flags, { bucket: true }, { bucket: ref });
    if (changes.length >= n) break;
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }],
    });
    add('aws_s3_bucket_policy', `b${i}`, { policy }, { bucket: true }, { bucket: ref, policy: { constant_value: policy } });
    if (changes.length >= n) break;
    add(
      'aws_s3_bucket_ownership_controls',
      `b${i}`,
      { rule: [{ object_ownership: 'BucketOwnerPreferred' }] },
      { bucket: true },
      { bucket: ref },
    );
  }
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    configuration: { root_module: { resources: config } },
  };
}
