import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';

const withTerraform = CHECKS.filter((c) => c.remediation.terraform).map((c) => [c.id, c.remediation.terraform!] as const);

// Single-line blocks with several arguments ("principals { type = ..., identifiers = ... }") are not HCL:
// terraform stops with "Invalid single-argument block definition" before planning anything.
describe('Terraform remediation is valid HCL', () => {
  it.each(withTerraform)('%s', async (_id, tf) => {
    await expect(parse('remediation.tf', tf)).resolves.toBeTypeOf('object');
  });
});
