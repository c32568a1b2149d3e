import { describe, expect, it } from 'vitest';
import { analyzeAll, analyzeResource } from '../../src/analyzer/index.js';
import { applyAcknowledgement } from '../../src/analyzer/severity.js';
import type { AnalyzerContext } from '../../src/analyzer/context.js';
import type { Severity, StorageResource, Verdict } from '../../src/model/index.js';
import { azureAccount, azureContainer, binding, ctx, gcsBucket, rules, unknown } from './builders.js';

/** Severity rows S-1..S-12 through the whole engine (facts -> rules -> aggregate -> severity). */
const pub = (role: string, member = 'allUsers', expr?: string) => ({ bindings: [binding(role, [member], expr)] });
const C = ctx();

const rows: [
  rule: string,
  name: string,
  resource: StorageResource,
  verdict: Verdict,
  severity: Severity,
  ctx?: AnalyzerContext,
][] = [
  ['S-1', 'public WRITE (objectCreator)', gcsBucket(pub('roles/storage.objectCreator')), 'PUBLIC', 'critical'],
  [
    'S-1',
    'public-authenticated ADMIN via ACL',
    gcsBucket({ ubla: false, acl: [{ entity: 'allAuthenticatedUsers', role: 'OWNER' }] }),
    'PUBLIC_AUTHENTICATED',
    'critical',
  ],
  ['S-1', 'read-only is not S-1', gcsBucket(pub('roles/storage.legacyObjectReader')), 'PUBLIC', 'high'],
  ['S-1', 'unknown IAM => no score', gcsBucket({ bindings: unknown() }), 'UNKNOWN', 'info'],
  ['S-2', 'GCS LIST+READ bucket', gcsBucket(pub('roles/storage.objectViewer')), 'PUBLIC', 'critical'],
  ['S-2', 'Azure Container level', azureContainer({ publicAccess: 'Container' }), 'PUBLIC', 'critical'],
  [
    'S-2',
    'prefix-scoped LIST+READ is S-3',
    gcsBucket(pub('roles/storage.objectViewer', 'allUsers', 'resource.name.startsWith("projects/_/buckets/b1/objects/p")')),
    'PUBLIC',
    'high',
  ],
  ['S-2', 'unknown container level', azureContainer({ publicAccess: unknown() }), 'UNKNOWN', 'info'],
  ['S-3', 'Azure Blob level', azureContainer({ publicAccess: 'Blob' }), 'PUBLIC', 'high'],
  [
    'S-3',
    'default object ACL READER',
    gcsBucket({ ubla: false, defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] }),
    'PUBLIC',
    'high',
  ],
  ['S-3', 'private container', azureContainer({ publicAccess: 'None' }), 'PRIVATE', 'info'],
  ['S-4', 'META only (bucketViewer)', gcsBucket(pub('roles/storage.bucketViewer')), 'PUBLIC', 'medium'],
  [
    'S-4',
    'META for authenticated users',
    gcsBucket(pub('roles/storage.bucketViewer', 'allAuthenticatedUsers')),
    'PUBLIC_AUTHENTICATED',
    'medium',
  ],
  ['S-4', 'META but PAP enforced', gcsBucket({ pap: 'enforced', ...pub('roles/storage.bucketViewer') }), 'LATENT', 'low'],
  [
    'S-6',
    'Container behind IP rules',
    azureContainer({ publicAccess: 'Container', networkRules: rules('Deny', ['203.0.113.0/24']) }),
    'RESTRICTED',
    'high',
  ],
  [
    'S-6',
    'Blob behind IP rules',
    azureContainer({ publicAccess: 'Blob', networkRules: rules('Deny', ['203.0.113.0/24']) }),
    'RESTRICTED',
    'medium',
  ],
  [
    'S-6',
    'perimeter scores like IP rules',
    azureContainer({ publicAccess: 'Blob', publicNetworkAccess: 'SecuredByPerimeter' }),
    'RESTRICTED',
    'medium',
  ],
  [
    'S-6',
    'IP rules with unreadable level',
    azureContainer({ publicAccess: unknown(), networkRules: rules('Deny', ['203.0.113.0/24']) }),
    'UNKNOWN',
    'info',
  ],
  [
    'S-6b',
    'VNet only',
    azureContainer({ publicAccess: 'Container', networkRules: rules('Deny', [], ['sn']) }),
    'RESTRICTED',
    'info',
  ],
  [
    'S-6b',
    'private endpoints only',
    azureContainer({ publicAccess: 'Container', networkRules: rules('Deny'), privateEndpointConnections: 1 }),
    'RESTRICTED',
    'info',
  ],
  [
    'S-6b',
    'Deny without any rule is closed',
    azureContainer({ publicAccess: 'Container', networkRules: rules('Deny') }),
    'LATENT',
    'low',
  ],
  ['S-7', 'external ADMIN', gcsBucket(pub('roles/storage.objectAdmin', 'user:eve@other.test')), 'SHARED', 'high'],
  ['S-7', 'external data access', gcsBucket(pub('roles/storage.objectViewer', 'group:g@other.test')), 'SHARED', 'medium'],
  ['S-7', 'external with unresolvable role', gcsBucket(pub('projects/x/roles/y', 'domain:other.test')), 'SHARED', 'high'],
  [
    'S-7b',
    'trusted domain ADMIN',
    gcsBucket(pub('roles/storage.admin', 'domain:corp.test')),
    'PRIVATE',
    'info',
    ctx({ trust: { gcpDomains: ['corp.test'] } }),
  ],
  ['S-7b', 'same domain untrusted', gcsBucket(pub('roles/storage.admin', 'domain:corp.test')), 'SHARED', 'high'],
  ['S-7b', 'own project member', gcsBucket(pub('roles/storage.admin', 'projectOwner:proj-a')), 'PRIVATE', 'info'],
  ['S-8', 'PAP latent write', gcsBucket({ pap: 'enforced', ...pub('roles/storage.objectCreator') }), 'LATENT', 'low'],
  [
    'S-8',
    'allowBlobPublicAccess latent',
    azureContainer({ allowBlobPublicAccess: false, publicAccess: 'Container' }),
    'LATENT',
    'low',
  ],
  [
    'S-8',
    'latent + unreadable decisive input is UNKNOWN',
    gcsBucket({ pap: 'enforced', ubla: false, acl: [{ entity: 'allUsers', role: 'READER' }], defaultObjectAcl: unknown() }),
    'UNKNOWN',
    'info',
  ],
  ['S-10', 'nothing granted', gcsBucket(), 'PRIVATE', 'info'],
  [
    'S-10',
    'expired conditional grant',
    gcsBucket(pub('roles/storage.admin', 'allUsers', 'request.time < timestamp("2001-01-01T00:00:00Z")')),
    'PRIVATE',
    'info',
  ],
  ['S-10', 'account without website', azureAccount(), 'PRIVATE', 'info'],
  ['S-11', 'unknown GCS IAM', gcsBucket({ bindings: unknown('timeout', 'ETIMEDOUT') }), 'UNKNOWN', 'info'],
  ['S-11', 'unknown static website', azureAccount({ staticWebsite: unknown() }), 'UNKNOWN', 'info'],
  ['S-11', 'unknown non-decisive input stays PRIVATE', gcsBucket({ website: unknown() }), 'PRIVATE', 'info'],
  ['S-12', 'static website', azureAccount({ staticWebsite: { enabled: true } }), 'PUBLIC', 'medium'],
  [
    'S-12',
    'static website, non-web account',
    azureAccount({ staticWebsite: { enabled: true } }),
    'PUBLIC',
    'high',
    ctx({ azureNonWebAccounts: ['acct1'] }),
  ],
  [
    'S-12',
    'static website, network disabled',
    azureAccount({ staticWebsite: { enabled: true }, publicNetworkAccess: 'Disabled' }),
    'LATENT',
    'low',
  ],
  [
    'S-12',
    'static website unknown network is assumed open',
    azureAccount({ staticWebsite: { enabled: true }, networkRules: unknown() }),
    'PUBLIC',
    'medium',
  ],
];

describe('severity S-1..S-12 through analyzeResource', () => {
  it.each(rows.map(([rule, name, r, v, s, c]) => [`${rule} ${name}`, r, v, s, c] as const))(
    '%s',
    (_n, r, verdict, severity, c) => {
      const a = analyzeResource(r, c ?? C);
      expect([a.verdict, a.severity]).toEqual([verdict, severity]);
    },
  );
});

const guardrailRows: [
  rule: string,
  name: string,
  resource: StorageResource,
  guardrail: string,
  status: string,
  severity: Severity,
][] = [
  ['S-9a', 'GCS UBLA off', gcsBucket({ ubla: false }), 'gcs-ubla', 'off', 'medium'],
  ['S-9a', 'GCS UBLA on', gcsBucket({ ubla: true }), 'gcs-ubla', 'on', 'info'],
  ['S-9a', 'GCS UBLA unknown', gcsBucket({ ubla: unknown() }), 'gcs-ubla', 'unknown', 'info'],
  [
    'S-9a',
    'Azure allowBlobPublicAccess true',
    azureAccount({ allowBlobPublicAccess: true }),
    'azure-allow-blob-public-access',
    'off',
    'medium',
  ],
  [
    'S-9a',
    'Azure allowBlobPublicAccess false',
    azureAccount({ allowBlobPublicAccess: false }),
    'azure-allow-blob-public-access',
    'on',
    'info',
  ],
  [
    'S-9a',
    'Azure network default Allow',
    azureAccount({ networkRules: rules('Allow') }),
    'azure-network-default-deny',
    'off',
    'medium',
  ],
  [
    'S-9a',
    'Azure network unknown',
    azureAccount({ publicNetworkAccess: unknown() }),
    'azure-network-default-deny',
    'unknown',
    'info',
  ],
  ['S-9b', 'GCS PAP not enforced', gcsBucket({ pap: 'inherited', orgPap: false }), 'gcs-pap', 'off', 'low'],
  ['S-9b', 'GCS PAP enforced by org', gcsBucket({ pap: 'inherited', orgPap: true }), 'gcs-pap', 'on', 'info'],
  ['S-9b', 'GCS PAP org unknown', gcsBucket({ orgPap: unknown() }), 'gcs-pap', 'unknown', 'info'],
  ['S-9b', 'Azure shared key allowed', azureAccount({ allowSharedKeyAccess: true }), 'azure-shared-key-disabled', 'off', 'low'],
  ['S-9b', 'Azure shared key disabled', azureAccount({ allowSharedKeyAccess: false }), 'azure-shared-key-disabled', 'on', 'info'],
];

describe('guardrail severities S-9a / S-9b through analyzeResource', () => {
  it.each(guardrailRows.map(([rule, name, ...rest]) => [`${rule} ${name}`, ...rest] as const))(
    '%s',
    (_n, r, name, status, severity) => {
      const g = analyzeResource(r, C).guardrails.find((x) => x.name === name);
      expect([g?.status, g?.severity]).toEqual([status, severity]);
    },
  );
});

describe('engine', () => {
  it('S-10 acknowledgement forces INFO but never hides public write', () => {
    const [read, write] = analyzeAll(
      [gcsBucket(pub('roles/storage.objectViewer')), gcsBucket(pub('roles/storage.objectAdmin'))],
      C,
    );
    expect(applyAcknowledgement(read!, { reason: 'open data' }, C.now).severity).toBe('info');
    expect(applyAcknowledgement(write!, { reason: 'open data' }, C.now).severity).toBe('critical');
  });
  it('analyzeAll keeps every resource, in order', () => {
    const rs = [
      gcsBucket({ name: 'a' }),
      azureContainer({ container: 'b' }),
      azureAccount(),
      gcsBucket({ name: 'c', bindings: unknown() }),
    ];
    expect(analyzeAll(rs, C).map((a) => [a.resource.name, a.verdict])).toEqual([
      ['a', 'PRIVATE'],
      ['b', 'PRIVATE'],
      ['acct1', 'PRIVATE'],
      ['c', 'UNKNOWN'],
    ]);
  });
  it('every S rule has at least three rows', () => {
    const ids = [...rows.map((r) => r[0]), ...guardrailRows.map((r) => r[0])];
    for (const id of ['S-1', 'S-2', 'S-3', 'S-4', 'S-6', 'S-6b', 'S-7', 'S-7b', 'S-8', 'S-9a', 'S-9b', 'S-10', 'S-11', 'S-12']) {
      expect(ids.filter((x) => x === id).length, id).toBeGreaterThanOrEqual(3);
    }
  });
});
