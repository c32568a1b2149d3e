import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';

// Checks whose remediation turns off anonymous access wholesale: an admin pasting it must learn that a resource
// that is public on purpose (a website, public downloads) stops serving, and what to do instead.
const BREAKS_INTENDED_PUBLIC: [id: string, warning: RegExp][] = [
  ['BA-AWS-001', /static website.*CloudFront/],
  ['BA-AWS-006', /every bucket in the account.*CloudFront/],
  ['BA-AWS-007', /static website.*CloudFront/],
  ['BA-GCP-001', /static website.*intended-public/],
  ['BA-GCP-005', /ACLs ends at once/],
  ['BA-GCP-006', /static website.*intended-public/],
  ['BA-AZ-004', /stops serving anonymous reads/],
];

describe('remediation that would break an intended-public resource says so', () => {
  it.each(BREAKS_INTENDED_PUBLIC)('%s', (id, warning) => {
    expect(REGISTRY.byId(id)!.remediation.summary).toMatch(warning);
  });
});
