import type {
  AccessGrant,
  Assessment,
  GuardrailState,
  Provider,
  ResourceKind,
  SourceRef,
  StorageResource,
  UnknownInput,
} from '../../src/model/index.js';

const unknown = { known: false as const, reason: 'not-collected' as const };

export function resource(
  provider: Provider,
  name: string,
  opts: { kind?: ResourceKind; account?: string; source?: SourceRef; azureAccount?: string; id?: string } = {},
): StorageResource {
  const kind = opts.kind ?? (provider === 'azure' ? 'container' : 'bucket');
  const azureAccount = opts.azureAccount ?? 'acct1';
  const id =
    opts.id ??
    (provider === 'aws'
      ? `arn:aws:s3:::${name}`
      : provider === 'gcp'
        ? `gs://${name}`
        : kind === 'account'
          ? `https://${name}.blob.core.windows.net`
          : `https://${azureAccount}.blob.core.windows.net/${name}`);
  const source: SourceRef = opts.source ?? { origin: 'live', uri: id };
  const facts: StorageResource['facts'] =
    provider === 'aws'
      ? {
          provider: 'aws',
          policy: unknown,
          acl: unknown,
          bucketBpa: unknown,
          accountBpa: unknown,
          ownership: unknown,
          website: unknown,
          accessPoints: unknown,
        }
      : provider === 'gcp'
        ? {
            provider: 'gcp',
            uniformBucketLevelAccess: unknown,
            publicAccessPrevention: unknown,
            orgPublicAccessPrevention: unknown,
            requesterPays: unknown,
            website: unknown,
            iamBindings: unknown,
            acl: unknown,
            defaultObjectAcl: unknown,
          }
        : {
            provider: 'azure',
            ...(kind === 'account' ? { scope: 'account' as const } : { scope: 'container' as const, publicAccess: unknown }),
            account: {
              accountName: kind === 'account' ? name : azureAccount,
              allowBlobPublicAccess: unknown,
              publicNetworkAccess: unknown,
              networkRules: unknown,
              allowSharedKeyAccess: unknown,
              staticWebsite: unknown,
            },
          };
  return { id, provider, kind, name, account: opts.account ?? '111122223333', source, facts } as StorageResource;
}

export function assessment(r: StorageResource, over: Partial<Assessment> = {}): Assessment {
  return {
    resource: r,
    verdict: 'PRIVATE',
    capabilities: [],
    severity: 'info',
    reasons: [{ kind: 'input', summary: 'no public or shared grant on the evaluated surfaces' }],
    grants: [],
    neutralizedBy: [],
    guardrails: [],
    unknownInputs: [],
    context: [],
    ...over,
  };
}

export function grant(over: Partial<AccessGrant> = {}): AccessGrant {
  return {
    principal: { type: 'anonymous' },
    capabilities: [{ capability: 'READ', scope: 'bucket' }],
    via: 'policy',
    exposure: 'PUBLIC',
    evidence: {
      kind: 'policy-statement',
      path: 'policy.Statement[0]',
      summary: 'Statement[0] allows s3:GetObject to Principal "*"',
    },
    ...over,
  };
}

export function publicRead(r: StorageResource, over: Partial<Assessment> = {}): Assessment {
  const g = grant();
  return assessment(r, {
    verdict: 'PUBLIC',
    capabilities: g.capabilities,
    severity: 'high',
    reasons: [g.evidence],
    grants: [g],
    ...over,
  });
}

export function guardrail(name: string, status: GuardrailState['status'], detail = `${name} is ${status}`): GuardrailState {
  return { name, status, detail };
}

export function unknownInput(input: string, decisive = true): UnknownInput {
  return { input, reason: 'access-denied', code: 'AccessDenied', detail: `Get ${input}: AccessDenied (403)`, decisive };
}

export function unknownVerdict(r: StorageResource, input = 'bucketPolicy'): Assessment {
  return assessment(r, {
    verdict: 'UNKNOWN',
    severity: 'info',
    unknownInputs: [unknownInput(input)],
    reasons: [{ kind: 'input', summary: `${input} could not be read (access-denied: AccessDenied)` }],
  });
}
