import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';

// A pass of a check is read by auditors as a pass of every control it maps to. BA-AZ-005 passes when the default
// network action is Deny even if public network access stays Enabled, so it must not claim the CIS Azure
// "Ensure that 'Public Network Access' is 'Disabled' for storage accounts" control of any version.
const AZ_DEFAULT_DENY: [framework: string, ids: string[]][] = [
  ['cis-azure-2.0', ['3.8']],
  ['cis-azure-2.1', ['3.8']],
  ['cis-azure-3.0', ['4.7']],
  ['cis-azure-4.0', ['10.3.2.3']],
  ['cis-azure-5.0', ['9.3.2.3']],
  ['cis-azure-6.0', ['9.3.2.3']],
];

describe('BA-AZ-005 maps only the default-network-rule control', () => {
  it.each(AZ_DEFAULT_DENY)('%s -> %j', (framework, ids) => {
    expect(REGISTRY.byId('BA-AZ-005')!.compliance[framework]).toEqual(ids);
  });
});
