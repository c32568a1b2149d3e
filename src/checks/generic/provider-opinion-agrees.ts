import type { Evidence } from '../../model/index.js';
import type { Check } from '../types.js';

export const providerOpinionAgrees: Check = {
  id: 'BA-GEN-002',
  slug: 'provider-opinion-agrees',
  title: "The provider's own publicness opinion agrees with the local evaluation",
  description:
    "Fails (MEDIUM) when the local evaluator and the provider (GetBucketPolicyStatus.IsPublic, GetAccessPointPolicyStatus, testIamPermissions) disagree about whether the resource is public. Both opinions are shown; the verdict is never overridden on the provider's word alone (A-20).",
  severity: 'medium',
  provider: 'generic',
  compliance: {},
  rules: ['A-20'],
  remediation: {
    summary:
      'Review the policy statements named in the evidence: conditions that the provider and bucketaudit read differently (IfExists operators, unsupported actions, wildcards) should be rewritten to be unambiguous.',
  },
  evaluate: (a) => {
    const op = a.providerOpinion;
    const opEv: Evidence[] = op
      ? [
          {
            kind: 'provider-opinion',
            summary: `${op.source}: ${op.isPublic === undefined ? 'no opinion' : op.isPublic ? 'public' : 'not public'}${op.informational ? ' (informational: S3-compatible service)' : ''}`,
          },
        ]
      : [];
    if (a.disagreement?.with === 'provider') {
      return [
        {
          status: 'fail',
          message: `local verdict ${a.verdict} disagrees with the provider: ${a.disagreement.detail}`,
          evidence: [...opEv, ...a.reasons],
        },
      ];
    }
    if (!op) return [{ status: 'notApplicable', message: 'no provider opinion collected', evidence: [] }];
    if (op.isPublic === undefined) return [{ status: 'notApplicable', message: `${op.source} gave no opinion`, evidence: opEv }];
    return [{ status: 'pass', message: `${op.source} agrees with the local verdict ${a.verdict}`, evidence: opEv }];
  },
};
