import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';

// PutBucketOwnershipControls(BucketOwnerEnforced) fails with InvalidBucketAclWithObjectOwnership while the bucket ACL
// grants anyone but the owner; a remediation that disables ACLs must say to reset the bucket ACL first.
const disablesAcls = CHECKS.filter((c) =>
  /BucketOwnerEnforced/.test(`${c.remediation.cli ?? ''}\n${c.remediation.terraform ?? ''}`),
);

describe('remediation that disables S3 ACLs', () => {
  it('covers the checks that recommend BucketOwnerEnforced', () => {
    expect(disablesAcls.map((c) => c.id)).toEqual(expect.arrayContaining(['BA-AWS-008', 'BA-AWS-009']));
  });

  it.each(disablesAcls.map((c) => [c.id, c] as const))('%s says the bucket ACL must be private first', (_id, c) => {
    const text = [c.remediation.summary, c.remediation.cli, c.remediation.terraform].join('\n');
    expect(text).toMatch(/InvalidBucketAclWithObjectOwnership/);
    if (c.remediation.terraform?.includes('BucketOwnerEnforced')) expect(c.remediation.terraform).toMatch(/private/);
    const cli = c.remediation.cli ?? '';
    if (cli.includes('put-bucket-ownership-controls')) {
      // the ACL reset comes before the ownership change (afterwards put-bucket-acl fails: AccessControlListNotSupported)
      expect(cli.indexOf('--acl private')).toBeGreaterThanOrEqual(0);
      expect(cli.indexOf('--acl private')).toBeLessThan(cli.indexOf('put-bucket-ownership-controls'));
    }
  });
});
