import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';

// Both checks fail on allUsers AND allAuthenticatedUsers grants of any role; the pasted commands must remove both
// members, and must not name one fixed role (remove-iam-policy-binding fails with "Policy binding with the specified
// principal, role, and condition not found" for a role the bucket does not bind, leaving the real one in place).
describe('GCS public-binding removal covers every public member and the role actually bound', () => {
  it.each(['BA-GCP-001', 'BA-GCP-002'])('%s', (id) => {
    const cli = REGISTRY.byId(id)!.remediation.cli ?? '';
    expect(cli).toMatch(/remove-iam-policy-binding gs:\/\/BUCKET --member=allUsers --role=ROLE/);
    expect(cli).toMatch(/remove-iam-policy-binding gs:\/\/BUCKET --member=allAuthenticatedUsers --role=ROLE/);
    expect(cli).not.toMatch(/--role=roles\//);
  });
});
