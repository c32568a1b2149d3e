import { describe, expect, it } from 'vitest';
import { CHECKS, REGISTRY } from '../../src/checks/index.js';

describe('bucket-policy remediation removes the offending statement, not the whole policy', () => {
  it.each(CHECKS.filter((c) => c.remediation.cli).map((c) => [c.id, c.remediation.cli!] as const))(
    '%s never runs delete-bucket-policy as a step',
    (_id, cli) => {
      for (const line of cli.split('\n')) expect(line.replace(/#.*$/, '')).not.toMatch(/delete-bucket-policy/);
    },
  );

  it.each(['BA-AWS-002', 'BA-AWS-005'])('%s edits the policy (get, delete the statement, put) and resets the ACL', (id) => {
    const rem = REGISTRY.byId(id)!.remediation;
    const cli = rem.cli ?? '';
    expect(cli).toMatch(/get-bucket-policy[^\n]*> policy\.json/);
    expect(cli).toMatch(/put-bucket-policy --bucket BUCKET --policy file:\/\/policy\.json/);
    expect(cli).toMatch(/put-bucket-acl --bucket BUCKET --acl private/);
    expect(rem.summary).toMatch(/log-delivery/);
  });

  it('BA-AWS-002 Terraform removes public write grants (policy statement and ACL), not only disables ACLs', () => {
    const tf = REGISTRY.byId('BA-AWS-002')!.remediation.terraform ?? '';
    expect(tf).toMatch(/aws_s3_bucket_policy/);
    expect(tf).toMatch(/resource "aws_s3_bucket_acl"[^}]*acl\s*=\s*"private"/);
  });
});
