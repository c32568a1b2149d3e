import { unknownEvidence } from '../../analyzer/verdict.js';
import type { Check } from '../types.js';

export const inputsReadable: Check = {
  id: 'BA-GEN-001',
  slug: 'inputs-readable',
  title: 'Every configuration input of the resource could be read',
  description:
    'Coverage check: unknown (INFO) when an input could not be read (AccessDenied, throttled, computed in Terraform, unresolvable role). An unreadable input is never reported as a pass (S-11).',
  severity: 'info',
  provider: 'generic',
  compliance: {},
  rules: ['A-21', 'G-11', 'Z-7', 'S-11'],
  // No CLI: this check reports on every provider, and a command of one (it was `aws iam attach-role-policy`) is wrong
  // advice on the others' findings.
  remediation: {
    summary:
      'Grant the scanning identity the read-only permissions listed in docs/permissions.md (AWS: the policy there, or the managed SecurityAudit policy; Google Cloud: a custom role with storage.buckets.list/get/getIamPolicy, orgpolicy.policy.get, iam.roles.get and resourcemanager.projects.get; Azure: Reader at subscription scope), or resolve "known after apply" values in Terraform, then scan again.',
  },
  evaluate: (a) => {
    if (a.unknownInputs.length === 0) return [{ status: 'pass', message: 'all inputs were read', evidence: [] }];
    const decisive = a.unknownInputs.some((u) => u.decisive);
    return [
      {
        status: 'unknown',
        message: `${a.unknownInputs.length} input(s) could not be read${decisive ? ' (verdict depends on them)' : ''}: ${a.unknownInputs
          .map((u) => `${u.input} (${u.code ?? u.reason})`)
          .join(', ')}`,
        evidence: unknownEvidence(a),
      },
    ];
  },
};
