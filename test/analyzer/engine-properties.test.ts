import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../src/analyzer/index.js';
import { severityRank } from '../../src/analyzer/severity.js';
import { isActive, verdictRank } from '../../src/analyzer/verdict.js';
import type {
  Assessment,
  AzureAccountSettings,
  AzureContainerFacts,
  GcsAclEntry,
  GcsAclRole,
  GcsBinding,
  GcsFacts,
  Known,
  StorageResource,
  UnknownReason,
} from '../../src/model/index.js';
import { GCS_PREDEFINED_ROLES } from '../../src/analyzer/gcs.js';
import { azureAccount, azureContainer, ctx, gcsBucket } from './builders.js';

const REASONS: UnknownReason[] = [
  'access-denied',
  'not-collected',
  'computed',
  'error',
  'throttled',
  'timeout',
  'unsupported',
  'malformed',
  'aborted',
];

function knownArb<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Known<T>> {
  return fc.oneof(
    { weight: 4, arbitrary: arb.map((value): Known<T> => ({ known: true, value })) },
    {
      weight: 1,
      arbitrary: fc.record({
        known: fc.constant(false as const),
        reason: fc.constantFrom(...REASONS),
        code: fc.constantFrom('AccessDenied', 'forbidden', 'AuthorizationFailed', 'TooManyRequests'),
      }),
    },
  );
}

/* ------------------------------------------------------------------ GCS ------------------------------------------------------------------ */

const member = fc.oneof(
  fc.constantFrom(
    'allUsers',
    'allAuthenticatedUsers',
    'user:a@corp.test',
    'user:b@other.test',
    'group:g@other.test',
    'domain:corp.test',
    'domain:partner.test',
    'projectViewer:proj-a',
    'projectOwner:proj-z',
    'serviceAccount:x@proj-a.iam.gserviceaccount.com',
    'serviceAccount:service-42@gs-project-accounts.iam.gserviceaccount.com',
    'deleted:user:x@y.test?uid=1',
    'principalSet://iam.googleapis.com/x',
  ),
  fc.string(),
);
const role = fc.oneof(
  fc.constantFrom(
    ...Object.keys(GCS_PREDEFINED_ROLES),
    'roles/storage.future',
    'projects/proj-a/roles/c1',
    'projects/proj-a/roles/missing',
  ),
  fc.string(),
);
const expression = fc.oneof(
  fc.constantFrom(
    'resource.name.startsWith("projects/_/buckets/b1/objects/pub/")',
    'resource.name.startsWith("projects/_/buckets/zz/objects/")',
    'request.time < timestamp("2020-01-01T00:00:00Z")',
    'request.time < timestamp("2099-01-01T00:00:00Z")',
    'resource.name.endsWith(".png") || true',
    '((',
    '"unterminated',
  ),
  fc.string(),
);
const bindingArb: fc.Arbitrary<GcsBinding> = fc.record(
  { role, members: fc.array(member, { maxLength: 4 }), condition: fc.record({ expression }) },
  { requiredKeys: ['role', 'members'] },
);
const aclEntry: fc.Arbitrary<GcsAclEntry> = fc.record({
  entity: fc.oneof(
    fc.constantFrom('allUsers', 'allAuthenticatedUsers', 'project-owners-42', 'domain-other.test', 'user-u@x.test'),
    fc.string(),
  ),
  role: fc.constantFrom<GcsAclRole>('READER', 'WRITER', 'OWNER', 'BOGUS' as GcsAclRole),
});
const permissions = fc.array(
  fc.oneof(
    fc.constantFrom('storage.objects.get', 'storage.objects.list', 'storage.buckets.setIamPolicy', 'storage.buckets.get'),
    fc.string(),
  ),
  { maxLength: 5 },
);

const gcsFacts: fc.Arbitrary<GcsFacts> = fc.record({
  provider: fc.constant('gcp' as const),
  projectNumber: fc.constant('42'),
  uniformBucketLevelAccess: knownArb(fc.boolean()),
  publicAccessPrevention: knownArb(fc.constantFrom('enforced' as const, 'inherited' as const, 'unspecified' as const)),
  orgPublicAccessPrevention: knownArb(fc.boolean()),
  requesterPays: knownArb(fc.boolean()),
  website: knownArb(fc.option(fc.record({ mainPageSuffix: fc.string() }), { nil: null })),
  iamBindings: knownArb(fc.array(bindingArb, { maxLength: 4 })),
  acl: knownArb(fc.array(aclEntry, { maxLength: 3 })),
  defaultObjectAcl: knownArb(fc.array(aclEntry, { maxLength: 3 })),
  customRoles: fc.record({ 'projects/proj-a/roles/c1': knownArb(permissions) }),
  objectAcls: knownArb(fc.array(fc.record({ name: fc.string(), acl: fc.array(aclEntry, { maxLength: 2 }) }), { maxLength: 2 })),
});

function withGcs(facts: GcsFacts): StorageResource {
  return { ...gcsBucket(), facts };
}

/* ----------------------------------------------------------------- Azure ----------------------------------------------------------------- */

const settings: fc.Arbitrary<AzureAccountSettings> = fc.record({
  accountName: fc.constantFrom('acct1', 'site2'),
  allowBlobPublicAccess: knownArb(fc.constantFrom(true, false, null)),
  publicNetworkAccess: knownArb(fc.constantFrom('Enabled' as const, 'Disabled' as const, 'SecuredByPerimeter' as const, null)),
  networkRules: knownArb(
    fc.option(
      fc.record({
        defaultAction: fc.constantFrom('Allow' as const, 'Deny' as const),
        ipRules: fc.array(fc.constantFrom('203.0.113.0/24', '198.51.100.7'), { maxLength: 2 }),
        virtualNetworkRules: fc.array(fc.string(), { maxLength: 2 }),
        resourceAccessRules: fc.nat(2),
      }),
      { nil: null },
    ),
  ),
  privateEndpointConnections: fc.nat(2),
  allowSharedKeyAccess: knownArb(fc.constantFrom(true, false, null)),
  staticWebsite: knownArb(fc.option(fc.record({ enabled: fc.boolean() }), { nil: null })),
});
const level = knownArb(fc.constantFrom('None' as const, 'Blob' as const, 'Container' as const));
const azureResource: fc.Arbitrary<StorageResource> = fc.oneof(
  fc
    .record({ account: settings, publicAccess: level, name: fc.constantFrom('c1', '$web') })
    .map(({ account, publicAccess, name }) => {
      const r = azureContainer({ container: name });
      const facts: AzureContainerFacts = { provider: 'azure', scope: 'container', account, publicAccess };
      return { ...r, facts };
    }),
  settings.map((account) => ({ ...azureAccount(), facts: { provider: 'azure' as const, scope: 'account' as const, account } })),
);

function withAccount(r: StorageResource, patch: Partial<AzureAccountSettings>): StorageResource {
  const f = r.facts;
  if (f.provider !== 'azure') throw new Error('not azure');
  return { ...r, facts: { ...f, account: { ...f.account, ...patch } } };
}

/* ------------------------------------------------------------------ properties ------------------------------------------------------------------ */

const VERDICTS = ['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED', 'LATENT', 'PRIVATE', 'UNKNOWN'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const contexts = fc.record({
  nonWeb: fc.boolean(),
  rp: fc.constantFrom('authenticated' as const, 'public' as const),
  trusted: fc.boolean(),
});
const toCtx = (c: { nonWeb: boolean; rp: 'authenticated' | 'public'; trusted: boolean }) =>
  ctx({
    gcsRequesterPays: c.rp,
    ...(c.nonWeb ? { azureNonWebAccounts: ['acct1'] } : {}),
    trust: c.trusted ? { gcpDomains: ['corp.test'], gcpProjects: ['proj-z'] } : {},
  });

function wellFormed(a: Assessment): void {
  expect(VERDICTS).toContain(a.verdict);
  expect(SEVERITIES).toContain(a.severity);
  if (a.verdict === 'UNKNOWN') {
    expect(a.severity).toBe('info');
    expect(a.unknownInputs.some((u) => u.decisive)).toBe(true);
  }
  if (a.verdict === 'PRIVATE' || a.verdict === 'LATENT') expect(a.grants.filter(isActive)).toEqual([]);
  if (a.verdict === 'PRIVATE') expect(a.unknownInputs.filter((u) => u.decisive)).toEqual([]);
  expect(a.reasons.length).toBeGreaterThan(0);
  for (const g of a.guardrails) expect(SEVERITIES).toContain(g.severity);
}

/** "not more exposed": verdict rank and severity both no higher. */
function notMoreExposed(after: Assessment, before: Assessment): void {
  expect(verdictRank(after.verdict)).toBeLessThanOrEqual(verdictRank(before.verdict));
  expect(severityRank(after.severity)).toBeLessThanOrEqual(severityRank(before.severity));
}

describe('engine properties', () => {
  it('analyzeResource never throws on arbitrary GCS facts and returns a well-formed assessment', () => {
    fc.assert(
      fc.property(gcsFacts, contexts, (facts, c) => {
        wellFormed(analyzeResource(withGcs(facts), toCtx(c)));
      }),
      { numRuns: 300 },
    );
  });

  it('analyzeResource never throws on arbitrary Azure facts and returns a well-formed assessment', () => {
    fc.assert(
      fc.property(azureResource, contexts, (r, c) => {
        wellFormed(analyzeResource(r, toCtx(c)));
      }),
      { numRuns: 300 },
    );
  });

  it('PAP enforced never makes a GCS verdict more exposed', () => {
    fc.assert(
      fc.property(gcsFacts, contexts, (facts, c) => {
        const C = toCtx(c);
        const before = analyzeResource(withGcs(facts), C);
        const after = analyzeResource(withGcs({ ...facts, publicAccessPrevention: { known: true, value: 'enforced' } }), C);
        notMoreExposed(after, before);
        expect(['PUBLIC', 'PUBLIC_AUTHENTICATED']).not.toContain(after.verdict);
      }),
      { numRuns: 300 },
    );
  });

  it('allowBlobPublicAccess=false never makes an Azure verdict more exposed', () => {
    fc.assert(
      fc.property(azureResource, contexts, (r, c) => {
        const C = toCtx(c);
        const before = analyzeResource(r, C);
        const after = analyzeResource(withAccount(r, { allowBlobPublicAccess: { known: true, value: false } }), C);
        notMoreExposed(after, before);
        // Only the static website (account resource) survives the account gate.
        if (after.verdict === 'PUBLIC') expect(after.grants.filter(isActive).every((g) => g.via === 'static-website')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('publicNetworkAccess=Disabled never makes an Azure verdict more exposed and removes every active grant', () => {
    fc.assert(
      fc.property(azureResource, contexts, (r, c) => {
        const C = toCtx(c);
        const before = analyzeResource(r, C);
        const after = analyzeResource(withAccount(r, { publicNetworkAccess: { known: true, value: 'Disabled' } }), C);
        notMoreExposed(after, before);
        expect(after.grants.filter(isActive)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
