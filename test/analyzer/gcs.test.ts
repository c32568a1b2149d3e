import { describe, expect, it } from 'vitest';
import type { AnalyzerContext } from '../../src/analyzer/context.js';
import { readCondition } from '../../src/analyzer/gcs.js';
import { analyzeResource } from '../../src/analyzer/index.js';
import type { Assessment, Severity, StorageResource, Verdict } from '../../src/model/index.js';
import { NOW, binding, ctx, gcsBucket, known, unknown } from './builders.js';

interface Row {
  rule: string;
  name: string;
  resource: StorageResource;
  ctx?: AnalyzerContext;
  verdict: Verdict;
  severity?: Severity;
  /** "CAP@scope" strings, exact set. */
  caps?: string[];
  path?: string;
  summary?: string;
  unknownInput?: { input: string; decisive: boolean; code?: string; reason?: string };
  check?: (a: Assessment) => void;
}

const ow = 'roles/storage.objectViewer';
const pub = (role: string, member = 'allUsers', expr?: string) => [binding(role, [member], expr)];
const capsOf = (a: Assessment) => a.capabilities.map((c) => `${c.capability}@${c.scope}`).sort();
const guard = (a: Assessment, name: string) => a.guardrails.find((g) => g.name === name);

const rows: Row[] = [
  // ---------------------------------------------------------------- G-1 public members
  {
    rule: 'G-1',
    name: 'allUsers objectViewer is PUBLIC',
    resource: gcsBucket({ bindings: pub(ow) }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: ['LIST@bucket', 'READ@bucket'],
    path: 'iam.bindings[0].members[0]',
    summary: 'binding roles/storage.objectViewer grants allUsers LIST+READ',
  },
  {
    rule: 'G-1',
    name: 'allAuthenticatedUsers is PUBLIC_AUTHENTICATED, scored like public',
    resource: gcsBucket({ bindings: pub(ow, 'allAuthenticatedUsers') }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'critical',
  },
  {
    rule: 'G-1',
    name: 'second member of a binding gets its own path',
    resource: gcsBucket({ bindings: [binding(ow, ['user:a@corp.com', 'allUsers'])] }),
    ctx: ctx({ trust: { gcpDomains: ['corp.com'] } }),
    verdict: 'PUBLIC',
    path: 'iam.bindings[0].members[1]',
  },
  { rule: 'G-1', name: 'no bindings is PRIVATE', resource: gcsBucket(), verdict: 'PRIVATE', severity: 'info', caps: [] },
  {
    rule: 'G-1',
    name: 'unreadable IAM policy is UNKNOWN',
    resource: gcsBucket({ bindings: unknown('access-denied', 'forbidden', 'storage.buckets.getIamPolicy') }),
    verdict: 'UNKNOWN',
    severity: 'info',
    unknownInput: { input: 'iamBindings', decisive: true, code: 'forbidden' },
  },
  {
    rule: 'G-1',
    name: 'PUBLIC read + PUBLIC_AUTHENTICATED write: verdict PUBLIC, severity from the write',
    resource: gcsBucket({
      bindings: [
        binding('roles/storage.legacyObjectReader', ['allUsers']),
        binding('roles/storage.objectCreator', ['allAuthenticatedUsers']),
      ],
    }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: ['READ@bucket'],
  },
  // ---------------------------------------------------------------- G-2 role table
  ...(
    [
      ['roles/storage.objectViewer', ['LIST@bucket', 'READ@bucket'], 'critical'],
      ['roles/storage.legacyObjectReader', ['READ@bucket'], 'high'],
      ['roles/storage.legacyBucketReader', ['LIST@bucket', 'META@bucket'], 'high'],
      ['roles/storage.objectCreator', ['WRITE@bucket'], 'critical'],
      ['roles/storage.objectUser', ['LIST@bucket', 'READ@bucket', 'WRITE@bucket'], 'critical'],
      ['roles/storage.legacyBucketWriter', ['LIST@bucket', 'META@bucket', 'WRITE@bucket'], 'critical'],
      [
        'roles/storage.objectAdmin',
        ['ADMIN@bucket', 'LIST@bucket', 'READ@bucket', 'READ_ACP@bucket', 'WRITE@bucket'],
        'critical',
      ],
      ['roles/storage.legacyObjectOwner', ['ADMIN@bucket', 'READ@bucket', 'READ_ACP@bucket'], 'critical'],
      [
        'roles/storage.legacyBucketOwner',
        ['ADMIN@bucket', 'LIST@bucket', 'META@bucket', 'READ_ACP@bucket', 'WRITE@bucket'],
        'critical',
      ],
      [
        'roles/storage.admin',
        ['ADMIN@bucket', 'LIST@bucket', 'META@bucket', 'READ@bucket', 'READ_ACP@bucket', 'WRITE@bucket'],
        'critical',
      ],
      ['roles/storage.bucketViewer', ['META@bucket'], 'medium'],
    ] as const
  ).map(
    ([role, caps, severity]): Row => ({
      rule: 'G-2',
      name: `allUsers ${role}`,
      resource: gcsBucket({ bindings: pub(role) }),
      verdict: 'PUBLIC',
      severity,
      caps: [...caps],
    }),
  ),
  {
    rule: 'G-2',
    name: 'custom role with objects.get => READ',
    resource: gcsBucket({
      bindings: pub('projects/proj-a/roles/reader'),
      customRoles: { 'projects/proj-a/roles/reader': known(['storage.objects.get', 'resourcemanager.projects.get']) },
    }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['READ@bucket'],
  },
  {
    rule: 'G-2',
    name: 'custom role with getIamPolicy => READ_ACP (S-4)',
    resource: gcsBucket({
      bindings: pub('organizations/1/roles/aud'),
      customRoles: { 'organizations/1/roles/aud': known(['storage.buckets.getIamPolicy']) },
    }),
    verdict: 'PUBLIC',
    severity: 'medium',
    caps: ['READ_ACP@bucket'],
  },
  {
    rule: 'G-2',
    name: 'custom role with setIamPolicy => ADMIN',
    resource: gcsBucket({
      bindings: pub('projects/proj-a/roles/x'),
      customRoles: { 'projects/proj-a/roles/x': known(['storage.buckets.setIamPolicy', 'storage.objects.delete']) },
    }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: ['ADMIN@bucket', 'WRITE@bucket'],
  },
  {
    rule: 'G-2',
    name: 'custom role without storage permissions is inert',
    resource: gcsBucket({
      bindings: pub('projects/proj-a/roles/none'),
      customRoles: { 'projects/proj-a/roles/none': known(['resourcemanager.projects.get']) },
    }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    rule: 'G-2',
    name: 'unreadable custom role => capabilities unknown, HIGH, never none',
    resource: gcsBucket({
      bindings: pub('projects/proj-a/roles/secret'),
      customRoles: { 'projects/proj-a/roles/secret': unknown('access-denied', 'PERMISSION_DENIED') },
    }),
    verdict: 'PUBLIC',
    severity: 'high',
    unknownInput: { input: 'customRoles[projects/proj-a/roles/secret]', decisive: false, code: 'PERMISSION_DENIED' },
    check: (a) => expect(a.grants[0]?.capabilitiesUnknown).toBe(true),
  },
  {
    rule: 'G-2',
    name: 'custom role missing from the map => capabilities unknown',
    resource: gcsBucket({ bindings: pub('projects/proj-a/roles/missing') }),
    verdict: 'PUBLIC',
    severity: 'high',
    unknownInput: { input: 'customRoles[projects/proj-a/roles/missing]', decisive: false, reason: 'not-collected' },
  },
  {
    rule: 'G-2',
    name: 'unknown predefined role => capabilities unknown',
    resource: gcsBucket({ bindings: pub('roles/storage.futureRole') }),
    verdict: 'PUBLIC',
    severity: 'high',
    summary: 'unknown capabilities',
  },
  {
    rule: 'G-2',
    name: 'unresolvable role shared externally => SHARED HIGH',
    resource: gcsBucket({ bindings: pub('projects/x/roles/y', 'user:eve@evil.test') }),
    verdict: 'SHARED',
    severity: 'high',
  },
  // ---------------------------------------------------------------- G-3 conditions
  {
    rule: 'G-3',
    name: 'startsWith prefix narrows scope',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', 'resource.name.startsWith("projects/_/buckets/b1/objects/public/")') }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['LIST@prefix:public/', 'READ@prefix:public/'],
    check: (a) => expect(a.grants[0]?.conditional).toBe(true),
  },
  {
    rule: 'G-3',
    name: 'startsWith the bucket objects root keeps scope bucket',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', "resource.name.startsWith('projects/_/buckets/b1/objects/')") }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: ['LIST@bucket', 'READ@bucket'],
  },
  {
    rule: 'G-3',
    name: 'startsWith another bucket is inert',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', 'resource.name.startsWith("projects/_/buckets/other/objects/x")') }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    rule: 'G-3',
    name: 'expired request.time bound is inert (INFO)',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', 'request.time < timestamp("2020-01-01T00:00:00Z")') }),
    verdict: 'PRIVATE',
    severity: 'info',
    check: (a) => {
      expect(a.grants[0]?.exposure).toBe('PRIVATE');
      expect(a.grants[0]?.conditional).toBe(true);
      expect(a.reasons[0]?.summary).toContain('expired');
    },
  },
  {
    rule: 'G-3',
    name: 'future request.time bound stays active',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', 'request.time < timestamp("2099-01-01T00:00:00Z")') }),
    verdict: 'PUBLIC',
    severity: 'critical',
  },
  {
    rule: 'G-3',
    name: 'expired bound AND unknown term is inert',
    resource: gcsBucket({
      bindings: pub(ow, 'allUsers', 'resource.name.endsWith(".png") && request.time < timestamp("2021-01-01T00:00:00Z")'),
    }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-3',
    name: 'prefix AND future bound: prefix scope',
    resource: gcsBucket({
      bindings: pub(
        'roles/storage.legacyObjectReader',
        'allUsers',
        '(resource.name.startsWith("projects/_/buckets/b1/objects/a")) && request.time < timestamp("2030-01-01T00:00:00Z")',
      ),
    }),
    verdict: 'PUBLIC',
    caps: ['READ@prefix:a'],
  },
  {
    rule: 'G-3',
    name: 'other expression keeps the unconditional verdict',
    resource: gcsBucket({ bindings: pub(ow, 'allUsers', 'resource.name.endsWith(".jpg")') }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: ['LIST@bucket', 'READ@bucket'],
  },
  {
    rule: 'G-3',
    name: 'other expression never scores below HIGH (META-only role)',
    resource: gcsBucket({ bindings: pub('roles/storage.bucketViewer', 'allUsers', 'request.host == "x"') }),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    rule: 'G-3',
    name: 'disjunction is not credited',
    resource: gcsBucket({
      bindings: pub(ow, 'allUsers', 'resource.name.startsWith("projects/_/buckets/b1/objects/a") || true'),
    }),
    verdict: 'PUBLIC',
    caps: ['LIST@bucket', 'READ@bucket'],
  },
  // ---------------------------------------------------------------- G-4 ACLs (UBLA off)
  {
    rule: 'G-4',
    name: 'bucket ACL allUsers READER => LIST+META',
    resource: gcsBucket({ ubla: false, acl: [{ entity: 'allUsers', role: 'READER' }] }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['LIST@bucket', 'META@bucket'],
    path: 'acl[0]',
  },
  {
    rule: 'G-4',
    name: 'bucket ACL allUsers WRITER => WRITE (critical)',
    resource: gcsBucket({
      ubla: false,
      acl: [
        { entity: 'project-owners-1', role: 'OWNER' },
        { entity: 'allUsers', role: 'WRITER' },
      ],
    }),
    verdict: 'PUBLIC',
    severity: 'critical',
    path: 'acl[1]',
  },
  {
    rule: 'G-4',
    name: 'bucket ACL allAuthenticatedUsers OWNER => ADMIN',
    resource: gcsBucket({ ubla: false, acl: [{ entity: 'allAuthenticatedUsers', role: 'OWNER' }] }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'critical',
    caps: ['ADMIN@bucket', 'LIST@bucket', 'META@bucket', 'READ_ACP@bucket', 'WRITE@bucket'],
  },
  {
    rule: 'G-4',
    name: 'default object ACL allUsers READER => READ new-objects',
    resource: gcsBucket({ ubla: false, defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['READ@new-objects'],
    path: 'defaultObjectAcl[0]',
  },
  {
    rule: 'G-4',
    name: 'object ACL sample allUsers READER => READ object:k',
    resource: gcsBucket({ ubla: false, objectAcls: [{ name: 'k.txt', acl: [{ entity: 'allUsers', role: 'READER' }] }] }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['READ@object:k.txt'],
    path: 'objectAcls[0].acl[0]',
  },
  {
    rule: 'G-4',
    name: 'owner project ACL entities are inside the trust zone',
    resource: gcsBucket({ ubla: false, projectNumber: '123', acl: [{ entity: 'project-owners-123', role: 'OWNER' }] }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    rule: 'G-4',
    name: 'unreadable bucket ACL with UBLA off is UNKNOWN',
    resource: gcsBucket({ ubla: false, acl: unknown() }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'acl', decisive: true },
  },
  {
    rule: 'G-4',
    name: 'unreadable default object ACL with UBLA off is UNKNOWN',
    resource: gcsBucket({ ubla: false, defaultObjectAcl: unknown('throttled', 'rateLimitExceeded') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'defaultObjectAcl', decisive: true, reason: 'throttled' },
  },
  {
    rule: 'G-4',
    name: 'unreadable optional object ACL sample is not decisive',
    resource: gcsBucket({ ubla: false, objectAcls: unknown() }),
    verdict: 'PRIVATE',
    unknownInput: { input: 'objectAcls', decisive: false },
  },
  // ---------------------------------------------------------------- G-5 UBLA
  {
    rule: 'G-5',
    name: 'UBLA on ignores public ACL data',
    resource: gcsBucket({
      ubla: true,
      acl: [{ entity: 'allUsers', role: 'OWNER' }],
      defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }],
      objectAcls: [{ name: 'x', acl: [{ entity: 'allUsers', role: 'READER' }] }],
    }),
    verdict: 'PRIVATE',
    severity: 'info',
    check: (a) => {
      expect(a.context.some((c) => c.rules?.includes('G-5'))).toBe(true);
      expect(guard(a, 'gcs-ubla')?.status).toBe('on');
      expect(guard(a, 'gcs-ubla')?.severity).toBe('info');
    },
  },
  {
    rule: 'G-5',
    name: 'UBLA on makes unreadable ACLs irrelevant',
    resource: gcsBucket({ ubla: true, acl: unknown() }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-5',
    name: 'UBLA unknown: ACLs evaluated as effective',
    resource: gcsBucket({ ubla: unknown(), acl: [{ entity: 'allUsers', role: 'READER' }] }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'uniformBucketLevelAccess', decisive: false },
    check: (a) => expect(guard(a, 'gcs-ubla')?.status).toBe('unknown'),
  },
  {
    rule: 'G-5',
    name: 'UBLA off is an S-9a MEDIUM guardrail',
    resource: gcsBucket({ ubla: false }),
    verdict: 'PRIVATE',
    check: (a) => {
      expect(guard(a, 'gcs-ubla')?.status).toBe('off');
      expect(guard(a, 'gcs-ubla')?.severity).toBe('medium');
    },
  },
  // ---------------------------------------------------------------- G-6 / G-7 PAP
  {
    rule: 'G-6',
    name: 'PAP enforced => LATENT',
    resource: gcsBucket({ pap: 'enforced', bindings: pub(ow) }),
    verdict: 'LATENT',
    severity: 'low',
    caps: ['LIST@bucket', 'READ@bucket'],
    check: (a) => {
      expect(a.neutralizedBy).toEqual(['gcs-pap']);
      expect(guard(a, 'gcs-pap')?.status).toBe('on');
    },
  },
  {
    rule: 'G-6',
    name: 'PAP enforced also neutralises allAuthenticatedUsers and ACLs',
    resource: gcsBucket({
      pap: 'enforced',
      ubla: false,
      bindings: pub(ow, 'allAuthenticatedUsers'),
      defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }],
    }),
    verdict: 'LATENT',
  },
  {
    rule: 'G-6',
    name: 'PAP does not touch SHARED grants',
    resource: gcsBucket({ pap: 'enforced', bindings: pub(ow, 'user:x@partner.test') }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    rule: 'G-6',
    name: 'PAP enforced but another decisive input unreadable => UNKNOWN, not LATENT',
    resource: gcsBucket({ pap: 'enforced', ubla: false, acl: [{ entity: 'allUsers', role: 'READER' }], bindings: unknown() }),
    verdict: 'UNKNOWN',
  },
  {
    rule: 'G-7',
    name: 'inherited + org constraint => LATENT',
    resource: gcsBucket({ pap: 'inherited', orgPap: true, bindings: pub(ow) }),
    verdict: 'LATENT',
  },
  {
    rule: 'G-7',
    name: 'legacy unspecified + org constraint => LATENT',
    resource: gcsBucket({ pap: 'unspecified', orgPap: true, bindings: pub(ow) }),
    verdict: 'LATENT',
  },
  {
    rule: 'G-7',
    name: 'inherited without org constraint => PUBLIC, gcs-pap off LOW',
    resource: gcsBucket({ pap: 'inherited', orgPap: false, bindings: pub(ow) }),
    verdict: 'PUBLIC',
    check: (a) => {
      expect(guard(a, 'gcs-pap')?.status).toBe('off');
      expect(guard(a, 'gcs-pap')?.severity).toBe('low');
    },
  },
  {
    rule: 'G-7',
    name: 'org policy unreadable => assume not enforced, guardrail unknown, grant stays PUBLIC',
    resource: gcsBucket({ pap: 'inherited', orgPap: unknown('access-denied', 'PERMISSION_DENIED'), bindings: pub(ow) }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'orgPublicAccessPrevention', decisive: false, code: 'PERMISSION_DENIED' },
    check: (a) => expect(guard(a, 'gcs-pap')?.status).toBe('unknown'),
  },
  {
    rule: 'G-7',
    name: 'bucket PAP unreadable => PUBLIC, guardrail unknown',
    resource: gcsBucket({ pap: unknown(), bindings: pub(ow) }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'publicAccessPrevention', decisive: false },
    check: (a) => expect(guard(a, 'gcs-pap')?.status).toBe('unknown'),
  },
  {
    rule: 'G-7',
    name: 'bucket PAP unreadable but org constraint enforced => LATENT',
    resource: gcsBucket({ pap: unknown(), orgPap: true, bindings: pub(ow) }),
    verdict: 'LATENT',
  },
  // ---------------------------------------------------------------- G-8 other principals / trust zone
  {
    rule: 'G-8',
    name: 'external user => SHARED MEDIUM',
    resource: gcsBucket({ bindings: pub(ow, 'user:bob@other.test') }),
    verdict: 'SHARED',
    severity: 'medium',
    summary: 'grants user:bob@other.test LIST+READ',
  },
  {
    rule: 'G-8',
    name: 'trusted domain user => PRIVATE with INFO grant',
    resource: gcsBucket({ bindings: pub(ow, 'user:alice@corp.test') }),
    ctx: ctx({ trust: { gcpDomains: ['corp.test'] } }),
    verdict: 'PRIVATE',
    severity: 'info',
    check: (a) => {
      expect(a.grants[0]?.inTrustZone).toBe(true);
      expect(a.reasons[0]?.path).toBe('iam.bindings[0].members[0]');
    },
  },
  {
    rule: 'G-8',
    name: 'external domain with admin => SHARED HIGH',
    resource: gcsBucket({ bindings: pub('roles/storage.objectAdmin', 'domain:partner.test') }),
    verdict: 'SHARED',
    severity: 'high',
  },
  {
    rule: 'G-8',
    name: 'trusted domain member',
    resource: gcsBucket({ bindings: pub('roles/storage.admin', 'domain:CORP.test') }),
    ctx: ctx({ trust: { gcpDomains: ['corp.test'] } }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'own project convenience member is trusted',
    resource: gcsBucket({ bindings: pub('roles/storage.legacyBucketOwner', 'projectOwner:proj-a') }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'other project convenience member is SHARED',
    resource: gcsBucket({ bindings: pub('roles/storage.legacyBucketReader', 'projectViewer:proj-z') }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    rule: 'G-8',
    name: 'trust-zone project list',
    resource: gcsBucket({ bindings: pub(ow, 'projectEditor:proj-b') }),
    ctx: ctx({ trust: { gcpProjects: ['proj-b'] } }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'service account of the own project is trusted',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:app@proj-a.iam.gserviceaccount.com') }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'service account of another project is SHARED',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:app@evil-proj.iam.gserviceaccount.com') }),
    verdict: 'SHARED',
  },
  {
    rule: 'G-8',
    name: 'service agent of the own project number is trusted',
    resource: gcsBucket({
      projectNumber: '4242',
      bindings: pub(ow, 'serviceAccount:service-4242@gs-project-accounts.iam.gserviceaccount.com'),
    }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'customer service account named service-<own project number> in another project is SHARED (not a service agent)',
    resource: gcsBucket({
      projectNumber: '4242',
      bindings: pub(ow, 'serviceAccount:service-4242@attacker-proj.iam.gserviceaccount.com'),
    }),
    verdict: 'SHARED',
    severity: 'medium',
    check: (a) => expect(a.grants[0]?.inTrustZone).toBeUndefined(),
  },
  {
    rule: 'G-8',
    name: 'ACL user entity spoofing a service agent name is SHARED',
    resource: gcsBucket({
      ubla: false,
      projectNumber: '4242',
      acl: [{ entity: 'user-service-4242@attacker-proj.iam.gserviceaccount.com', role: 'WRITER' }],
    }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    rule: 'G-8',
    name: 'gcp-sa-* service agent of the own project number is trusted',
    resource: gcsBucket({
      projectNumber: '4242',
      bindings: pub(ow, 'serviceAccount:service-4242@gcp-sa-pubsub.iam.gserviceaccount.com'),
    }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'Google APIs service agent (cloudservices) of the own project number is trusted',
    resource: gcsBucket({ projectNumber: '4242', bindings: pub(ow, 'serviceAccount:4242@cloudservices.gserviceaccount.com') }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'Compute default service account of the own project number is trusted',
    resource: gcsBucket({
      projectNumber: '4242',
      bindings: pub(ow, 'serviceAccount:4242-compute@developer.gserviceaccount.com'),
    }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'App Engine default service account of the own project is trusted',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:proj-a@appspot.gserviceaccount.com') }),
    verdict: 'PRIVATE',
    check: (a) => expect(a.grants[0]?.inTrustZone).toBe(true),
  },
  {
    rule: 'G-8',
    name: 'App Engine default service account of another project is SHARED',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:proj-z@appspot.gserviceaccount.com') }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    rule: 'G-8',
    name: 'GKE workload identity of the own project is trusted',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:proj-a.svc.id.goog[default/app]') }),
    verdict: 'PRIVATE',
    check: (a) => expect(a.grants[0]?.inTrustZone).toBe(true),
  },
  {
    rule: 'G-8',
    name: 'GKE workload identity of another project is SHARED',
    resource: gcsBucket({ bindings: pub(ow, 'serviceAccount:evil-proj.svc.id.goog[default/app]') }),
    verdict: 'SHARED',
    severity: 'medium',
  },
  {
    rule: 'G-8',
    name: 'external group with admin => HIGH',
    resource: gcsBucket({ bindings: pub('roles/storage.admin', 'group:ops@other.test') }),
    verdict: 'SHARED',
    severity: 'high',
  },
  {
    rule: 'G-8',
    name: 'federated principalSet is SHARED',
    resource: gcsBucket({ bindings: pub(ow, 'principalSet://iam.googleapis.com/locations/global/workforcePools/p/*') }),
    verdict: 'SHARED',
  },
  {
    rule: 'G-8',
    name: 'deleted principal is inert',
    resource: gcsBucket({ bindings: pub(ow, 'deleted:user:old@other.test?uid=1') }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-8',
    name: 'ACL domain entity outside the trust zone is SHARED',
    resource: gcsBucket({ ubla: false, acl: [{ entity: 'domain-partner.test', role: 'READER' }] }),
    verdict: 'SHARED',
    path: 'acl[0]',
  },
  // ---------------------------------------------------------------- G-9 requester pays
  {
    rule: 'G-9',
    name: 'requester pays + allUsers => PUBLIC_AUTHENTICATED (inferred reading, default)',
    resource: gcsBucket({ requesterPays: true, bindings: pub(ow) }),
    verdict: 'PUBLIC_AUTHENTICATED',
    severity: 'critical',
    summary: 'inferred',
    check: (a) => {
      expect(a.reasons[0]?.summary).toContain('literal reading');
      expect(a.context.some((c) => c.rules?.includes('G-9'))).toBe(true);
    },
  },
  {
    rule: 'G-9',
    name: 'requester pays + allUsers => PUBLIC under the literal reading',
    resource: gcsBucket({ requesterPays: true, bindings: pub(ow) }),
    ctx: ctx({ gcsRequesterPays: 'public' }),
    verdict: 'PUBLIC',
    summary: 'literal reading',
  },
  {
    rule: 'G-9',
    name: 'requester pays off => PUBLIC',
    resource: gcsBucket({ requesterPays: false, bindings: pub(ow) }),
    verdict: 'PUBLIC',
  },
  {
    rule: 'G-9',
    name: 'requester pays unreadable => assume off (PUBLIC)',
    resource: gcsBucket({ requesterPays: unknown(), bindings: pub(ow) }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'requesterPays', decisive: false },
  },
  {
    rule: 'G-9',
    name: 'requester pays + PAP => LATENT',
    resource: gcsBucket({ requesterPays: true, pap: 'enforced', bindings: pub(ow) }),
    verdict: 'LATENT',
  },
  // ---------------------------------------------------------------- G-10 website
  {
    rule: 'G-10',
    name: 'website adds context to a public read',
    resource: gcsBucket({ website: { mainPageSuffix: 'index.html' }, bindings: pub('roles/storage.legacyObjectReader') }),
    verdict: 'PUBLIC',
    severity: 'high',
    check: (a) => expect(a.context.find((c) => c.kind === 'website')?.summary).toContain('index.html'),
  },
  {
    rule: 'G-10',
    name: 'website alone is PRIVATE',
    resource: gcsBucket({ website: { mainPageSuffix: 'index.html' } }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'G-10',
    name: 'unreadable website is not decisive',
    resource: gcsBucket({ website: unknown() }),
    verdict: 'PRIVATE',
    unknownInput: { input: 'website', decisive: false },
  },
  // ---------------------------------------------------------------- G-11 error semantics
  {
    rule: 'G-11',
    name: 'throttled IAM read keeps reason and code',
    resource: gcsBucket({ bindings: unknown('throttled', 'rateLimitExceeded', 'storage.buckets.getIamPolicy') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'iamBindings', decisive: true, reason: 'throttled', code: 'rateLimitExceeded' },
    check: (a) => expect(a.reasons[0]?.summary).toContain('rateLimitExceeded'),
  },
  {
    rule: 'G-11',
    name: 'Terraform computed ACL is UNKNOWN',
    resource: gcsBucket({ ubla: false, acl: unknown('computed', 'known-after-apply') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'acl', decisive: true, reason: 'computed' },
  },
  {
    rule: 'G-11',
    name: 'a known public grant outranks an unreadable input',
    resource: gcsBucket({ bindings: pub(ow), ubla: false, acl: unknown() }),
    verdict: 'PUBLIC',
    check: (a) => expect(a.reasons.some((r) => r.kind === 'input' && r.path === 'acl')).toBe(true),
  },
];

describe('GCS rules G-1..G-11 via analyzeResource', () => {
  it.each(rows.map((r) => [`${r.rule} ${r.name}`, r] as const))('%s', (_n, r) => {
    const a = analyzeResource(r.resource, r.ctx ?? ctx());
    expect(a.verdict).toBe(r.verdict);
    if (r.severity) expect(a.severity).toBe(r.severity);
    if (r.caps) expect(capsOf(a)).toEqual([...r.caps].sort());
    if (r.path) expect(a.reasons[0]?.path).toBe(r.path);
    if (r.summary) expect(a.reasons[0]?.summary).toContain(r.summary);
    if (r.unknownInput) {
      const u = a.unknownInputs.find((x) => x.input === r.unknownInput?.input);
      expect(u, `unknown input ${r.unknownInput.input}`).toBeDefined();
      expect(u?.decisive).toBe(r.unknownInput.decisive);
      if (r.unknownInput.code) expect(u?.code).toBe(r.unknownInput.code);
      if (r.unknownInput.reason) expect(u?.reason).toBe(r.unknownInput.reason);
    }
    if (a.verdict === 'UNKNOWN') expect(a.severity).toBe('info');
    r.check?.(a);
  });

  it('covers fail, pass and unknown rows for every G rule', () => {
    for (const rule of ['G-1', 'G-2', 'G-3', 'G-4', 'G-5', 'G-6', 'G-7', 'G-8', 'G-9', 'G-10', 'G-11']) {
      expect(rows.filter((r) => r.rule === rule).length, rule).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('readCondition (G-3)', () => {
  const cases: [string, string][] = [
    ['resource.name.startsWith("projects/_/buckets/b1/objects/p/")', 'credited'],
    ['request.time < timestamp("2020-01-01T00:00:00Z")', 'inert'],
    ['request.time <= timestamp("2099-01-01T00:00:00Z")', 'credited'],
    ['request.time > timestamp("2020-01-01T00:00:00Z")', 'credited'],
    ['resource.type == "storage.googleapis.com/Object"', 'credited'],
    ['resource.name.endsWith(".png")', 'uncredited'],
    ['!(resource.name.startsWith("projects/_/buckets/b1/objects/p"))', 'uncredited'],
    [
      'resource.name.startsWith("projects/_/buckets/b1/objects/a") && resource.name.startsWith("projects/_/buckets/b1/objects/b")',
      'inert',
    ],
    ['request.time < timestamp("not a date")', 'uncredited'],
    ['resource.name.startsWith("unterminated)', 'uncredited'],
  ];
  it.each(cases)('%s => %s', (expr, kind) => {
    expect(readCondition(expr, 'b1', NOW).kind).toBe(kind);
  });
  it('nested prefixes pick the narrower one', () => {
    const r = readCondition(
      'resource.name.startsWith("projects/_/buckets/b1/objects/a") && resource.name.startsWith("projects/_/buckets/b1/objects/ab")',
      'b1',
      NOW,
    );
    expect(r).toMatchObject({ kind: 'credited', prefix: 'ab' });
  });
});
