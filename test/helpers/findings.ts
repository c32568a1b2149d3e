import type { Assessment, CapabilityGrant, Finding, StorageResource, Verdict } from '../../src/model/index.js';

export function resource(name: string, extra: Partial<StorageResource> = {}): StorageResource {
  return {
    id: `arn:aws:s3:::${name}`,
    provider: 'aws',
    kind: 'bucket',
    name,
    account: '111122223333',
    source: { origin: 'mock', uri: `arn:aws:s3:::${name}` },
    facts: {
      provider: 'aws',
      policy: { known: true, value: null },
      acl: { known: true, value: { grants: [] } },
      bucketBpa: { known: true, value: null },
      accountBpa: { known: true, value: null },
      ownership: { known: true, value: 'BucketOwnerEnforced' },
      website: { known: true, value: null },
      accessPoints: { known: true, value: [] },
    },
    ...extra,
  };
}

export function assessment(
  name: string,
  verdict: Verdict,
  caps: CapabilityGrant['capability'][] = [],
  extra: Partial<StorageResource> = {},
): Assessment {
  return {
    resource: resource(name, extra),
    verdict,
    capabilities: caps.map((capability) => ({ capability, scope: 'bucket' })),
    severity: verdict === 'PUBLIC' ? 'high' : 'info',
    reasons: [],
    grants: [],
    neutralizedBy: [],
    guardrails: [],
    unknownInputs: [],
    context: [],
  };
}

export function finding(name: string, checkId = 'BA-AWS-001', extra: Partial<Finding> = {}): Finding {
  return {
    checkId,
    resourceId: `arn:aws:s3:::${name}`,
    provider: 'aws',
    severity: 'high',
    status: 'fail',
    message: `${name} is public`,
    evidence: [],
    remediation: { summary: 'fix it' },
    compliance: {},
    fingerprint: `${checkId}:${name}`,
    ...extra,
  };
}
