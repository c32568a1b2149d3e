import { describe, expect, it } from 'vitest';
import type { AnalyzerContext } from '../../src/analyzer/context.js';
import { analyzeResource } from '../../src/analyzer/index.js';
import type { Assessment, NetworkPin, Severity, StorageResource, Verdict } from '../../src/model/index.js';
import { azureAccount, azureContainer, ctx, rules, unknown } from './builders.js';

interface Row {
  rule: string;
  name: string;
  resource: StorageResource;
  ctx?: AnalyzerContext;
  verdict: Verdict;
  severity?: Severity;
  caps?: string[];
  pin?: NetworkPin;
  neutralizedBy?: string[];
  summary?: string;
  unknownInput?: { input: string; decisive: boolean; code?: string; reason?: string };
  /** guardrail name -> [status, severity] */
  guardrails?: Record<string, [string, Severity]>;
  check?: (a: Assessment) => void;
}

const capsOf = (a: Assessment) => a.capabilities.map((c) => `${c.capability}@${c.scope}`).sort();
const FULL = ['LIST@bucket', 'META@bucket', 'READ@bucket'];
const web = { enabled: true, indexDocument: 'index.html' };

const rows: Row[] = [
  // ---------------------------------------------------------------- Z-1 account gate
  {
    rule: 'Z-1',
    name: 'allowBlobPublicAccess true + Blob => PUBLIC',
    resource: azureContainer({ allowBlobPublicAccess: true, publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    severity: 'high',
    caps: ['READ@bucket'],
  },
  {
    rule: 'Z-1',
    name: 'allowBlobPublicAccess false neutralises a Container level => LATENT',
    resource: azureContainer({ allowBlobPublicAccess: false, publicAccess: 'Container' }),
    verdict: 'LATENT',
    severity: 'low',
    caps: FULL,
    neutralizedBy: ['azure-allow-blob-public-access'],
  },
  {
    rule: 'Z-1',
    name: 'allowBlobPublicAccess unset counts as permitting (noted)',
    resource: azureContainer({ allowBlobPublicAccess: null, publicAccess: 'Container' }),
    verdict: 'PUBLIC',
    severity: 'critical',
    summary: 'unset: counts as permitting',
  },
  {
    rule: 'Z-1',
    name: 'allowBlobPublicAccess unreadable => assumed permitting, not decisive',
    resource: azureContainer({ allowBlobPublicAccess: unknown('access-denied', 'AuthorizationFailed'), publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'account.allowBlobPublicAccess', decisive: false, code: 'AuthorizationFailed' },
  },
  {
    rule: 'Z-1',
    name: 'allowBlobPublicAccess false + None => PRIVATE',
    resource: azureContainer({ allowBlobPublicAccess: false, publicAccess: 'None' }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  // ---------------------------------------------------------------- Z-2 levels
  {
    rule: 'Z-2',
    name: 'Blob level => READ by name, no LIST',
    resource: azureContainer({ publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    caps: ['READ@bucket'],
    summary: 'no LIST',
  },
  {
    rule: 'Z-2',
    name: 'Container level => LIST+READ+META',
    resource: azureContainer({ publicAccess: 'Container' }),
    verdict: 'PUBLIC',
    severity: 'critical',
    caps: FULL,
    check: (a) => expect(a.reasons[0]?.path).toBe('publicAccess'),
  },
  {
    rule: 'Z-2',
    name: 'None level => PRIVATE',
    resource: azureContainer({ publicAccess: 'None' }),
    verdict: 'PRIVATE',
    severity: 'info',
    caps: [],
  },
  {
    rule: 'Z-2',
    name: 'unreadable level => UNKNOWN',
    resource: azureContainer({ publicAccess: unknown('access-denied', 'AuthorizationFailed') }),
    verdict: 'UNKNOWN',
    severity: 'info',
    unknownInput: { input: 'publicAccess', decisive: true, code: 'AuthorizationFailed' },
  },
  // ---------------------------------------------------------------- Z-3 network gate
  {
    rule: 'Z-3',
    name: 'publicNetworkAccess Disabled => LATENT',
    resource: azureContainer({ publicNetworkAccess: 'Disabled', publicAccess: 'Container' }),
    verdict: 'LATENT',
    neutralizedBy: ['azure-public-network-disabled'],
  },
  {
    rule: 'Z-3',
    name: 'SecuredByPerimeter => RESTRICTED perimeter (S-6 lowered)',
    resource: azureContainer({ publicNetworkAccess: 'SecuredByPerimeter', publicAccess: 'Container' }),
    verdict: 'RESTRICTED',
    severity: 'high',
    pin: 'perimeter',
    summary: 'not evaluated',
    check: (a) => expect(a.context.some((c) => c.kind === 'network' && c.summary.includes('flagged'))).toBe(true),
  },
  {
    rule: 'Z-3',
    name: 'Deny + IP rules, Container => RESTRICTED ip-rules HIGH',
    resource: azureContainer({ networkRules: rules('Deny', ['203.0.113.0/24']), publicAccess: 'Container' }),
    verdict: 'RESTRICTED',
    severity: 'high',
    pin: 'ip-rules',
  },
  {
    rule: 'Z-3',
    name: 'Deny + IP rules, Blob => RESTRICTED ip-rules MEDIUM',
    resource: azureContainer({ networkRules: rules('Deny', ['198.51.100.7']), publicAccess: 'Blob' }),
    verdict: 'RESTRICTED',
    severity: 'medium',
    pin: 'ip-rules',
  },
  {
    rule: 'Z-3',
    name: 'unset publicNetworkAccess + Deny + VNet only => RESTRICTED vnet INFO',
    resource: azureContainer({
      publicNetworkAccess: null,
      networkRules: rules('Deny', [], ['/subscriptions/s/vnet/sn']),
      publicAccess: 'Container',
    }),
    verdict: 'RESTRICTED',
    severity: 'info',
    pin: 'vnet',
  },
  {
    rule: 'Z-3',
    name: 'Deny + private endpoints only => RESTRICTED vnet',
    resource: azureContainer({ networkRules: rules('Deny'), privateEndpointConnections: 2, publicAccess: 'Blob' }),
    verdict: 'RESTRICTED',
    severity: 'info',
    pin: 'vnet',
  },
  {
    rule: 'Z-3',
    name: 'Deny with no rules => effectively closed => LATENT',
    resource: azureContainer({ networkRules: rules('Deny'), publicAccess: 'Container' }),
    verdict: 'LATENT',
    neutralizedBy: ['azure-network-default-deny'],
  },
  {
    rule: 'Z-3',
    name: 'defaultAction Allow => open',
    resource: azureContainer({ networkRules: rules('Allow', ['203.0.113.1']), publicAccess: 'Container' }),
    verdict: 'PUBLIC',
  },
  {
    rule: 'Z-3',
    name: 'network rules unreadable => assumed open',
    resource: azureContainer({ networkRules: unknown('throttled', 'TooManyRequests'), publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'account.networkRules', decisive: false, reason: 'throttled' },
  },
  {
    rule: 'Z-3',
    name: 'publicNetworkAccess unreadable => assumed Enabled',
    resource: azureContainer({ publicNetworkAccess: unknown(), publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    unknownInput: { input: 'account.publicNetworkAccess', decisive: false },
  },
  {
    rule: 'Z-3',
    name: 'both gates closed => LATENT with both guardrails',
    resource: azureContainer({ allowBlobPublicAccess: false, publicNetworkAccess: 'Disabled', publicAccess: 'Container' }),
    verdict: 'LATENT',
    neutralizedBy: ['azure-allow-blob-public-access', 'azure-public-network-disabled'],
  },
  {
    rule: 'Z-3',
    name: 'account gate closed + IP rules => LATENT (not RESTRICTED)',
    resource: azureContainer({
      allowBlobPublicAccess: false,
      networkRules: rules('Deny', ['203.0.113.0/24']),
      publicAccess: 'Container',
    }),
    verdict: 'LATENT',
  },
  // ---------------------------------------------------------------- Z-4 / S-12 static website (account resource)
  {
    rule: 'Z-4',
    name: 'static website is PUBLIC even with allowBlobPublicAccess false (S-12 MEDIUM)',
    resource: azureAccount({ allowBlobPublicAccess: false, staticWebsite: web }),
    verdict: 'PUBLIC',
    severity: 'medium',
    caps: ['READ@bucket'],
    summary: 'allowBlobPublicAccess does not apply',
    check: (a) => {
      expect(a.grants[0]?.via).toBe('static-website');
      expect(a.reasons[0]?.path).toBe('staticWebsite');
      expect(a.reasons[0]?.summary).toContain('acct1.z6.web.core.windows.net');
    },
  },
  {
    rule: 'Z-4',
    name: 'non-web account: $web exposure scores S-3 HIGH',
    resource: azureAccount({ staticWebsite: web }),
    ctx: ctx({ azureNonWebAccounts: ['acct1'] }),
    verdict: 'PUBLIC',
    severity: 'high',
  },
  {
    rule: 'Z-4',
    name: 'static website + network disabled => LATENT',
    resource: azureAccount({ publicNetworkAccess: 'Disabled', staticWebsite: web }),
    verdict: 'LATENT',
    neutralizedBy: ['azure-public-network-disabled'],
  },
  {
    rule: 'Z-4',
    name: 'static website + IP rules => RESTRICTED, S-12 lowered to LOW',
    resource: azureAccount({ networkRules: rules('Deny', ['203.0.113.9']), staticWebsite: web }),
    verdict: 'RESTRICTED',
    severity: 'low',
    pin: 'ip-rules',
  },
  {
    rule: 'Z-4',
    name: 'static website + IP rules on a non-web account => MEDIUM',
    resource: azureAccount({ networkRules: rules('Deny', ['203.0.113.9']), staticWebsite: web }),
    ctx: ctx({ azureNonWebAccounts: ['acct1'] }),
    verdict: 'RESTRICTED',
    severity: 'medium',
  },
  {
    rule: 'Z-4',
    name: 'static website + VNet only => RESTRICTED INFO',
    resource: azureAccount({ networkRules: rules('Deny', [], ['sn']), staticWebsite: web }),
    verdict: 'RESTRICTED',
    severity: 'info',
  },
  {
    rule: 'Z-4',
    name: 'static website + perimeter => RESTRICTED perimeter',
    resource: azureAccount({ publicNetworkAccess: 'SecuredByPerimeter', staticWebsite: web }),
    verdict: 'RESTRICTED',
    pin: 'perimeter',
  },
  {
    rule: 'Z-4',
    name: 'static website disabled => PRIVATE',
    resource: azureAccount({ staticWebsite: { enabled: false } }),
    verdict: 'PRIVATE',
  },
  {
    rule: 'Z-4',
    name: 'no static website => PRIVATE',
    resource: azureAccount({ staticWebsite: null }),
    verdict: 'PRIVATE',
    severity: 'info',
  },
  {
    rule: 'Z-4',
    name: 'static website unreadable => UNKNOWN',
    resource: azureAccount({ staticWebsite: unknown('access-denied', 'AuthorizationPermissionMismatch') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'account.staticWebsite', decisive: true, code: 'AuthorizationPermissionMismatch' },
  },
  {
    rule: 'Z-4',
    name: '$web container carries context pointing at the account',
    resource: azureContainer({ container: '$web', staticWebsite: web, publicAccess: 'None' }),
    verdict: 'PRIVATE',
    check: (a) => expect(a.context.some((c) => c.rules?.includes('Z-4'))).toBe(true),
  },
  // ---------------------------------------------------------------- Z-5 shared key (guardrail only)
  {
    rule: 'Z-5',
    name: 'shared key allowed (unset) => S-9b LOW guardrail, verdict unchanged',
    resource: azureAccount({ allowSharedKeyAccess: null }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-shared-key-disabled': ['off', 'low'] },
  },
  {
    rule: 'Z-5',
    name: 'shared key disabled => guardrail on',
    resource: azureAccount({ allowSharedKeyAccess: false }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-shared-key-disabled': ['on', 'info'] },
  },
  {
    rule: 'Z-5',
    name: 'shared key unreadable => guardrail unknown, not decisive',
    resource: azureAccount({ allowSharedKeyAccess: unknown() }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-shared-key-disabled': ['unknown', 'info'] },
    unknownInput: { input: 'account.allowSharedKeyAccess', decisive: false },
  },
  // ---------------------------------------------------------------- Z-6 per-container result, account guardrails on the account only
  {
    rule: 'Z-6',
    name: 'container resources do not repeat account guardrails',
    resource: azureContainer({ allowBlobPublicAccess: true, allowSharedKeyAccess: true, publicAccess: 'Blob' }),
    verdict: 'PUBLIC',
    check: (a) => expect(a.guardrails).toEqual([]),
  },
  {
    rule: 'Z-6',
    name: 'account: allowBlobPublicAccess true => S-9a MEDIUM; network default Allow => S-9a MEDIUM',
    resource: azureAccount({ allowBlobPublicAccess: true }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-allow-blob-public-access': ['off', 'medium'], 'azure-network-default-deny': ['off', 'medium'] },
  },
  {
    rule: 'Z-6',
    name: 'account: allowBlobPublicAccess unset => off',
    resource: azureAccount({ allowBlobPublicAccess: null }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-allow-blob-public-access': ['off', 'medium'] },
    check: (a) => expect(a.guardrails.find((g) => g.name === 'azure-allow-blob-public-access')?.detail).toContain('unset'),
  },
  {
    rule: 'Z-6',
    name: 'account: hardened => guardrails on',
    resource: azureAccount({ allowBlobPublicAccess: false, networkRules: rules('Deny') }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-allow-blob-public-access': ['on', 'info'], 'azure-network-default-deny': ['on', 'info'] },
  },
  {
    rule: 'Z-6',
    name: 'account: network disabled => network guardrail on',
    resource: azureAccount({ publicNetworkAccess: 'Disabled', networkRules: rules('Allow') }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-network-default-deny': ['on', 'info'] },
  },
  {
    rule: 'Z-6',
    name: 'account: unreadable network rules => guardrail unknown',
    resource: azureAccount({ networkRules: unknown() }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-network-default-deny': ['unknown', 'info'] },
  },
  // ---------------------------------------------------------------- Z-7 error semantics
  {
    rule: 'Z-7',
    name: 'ARM AuthorizationFailed on the container => UNKNOWN',
    resource: azureContainer({ publicAccess: unknown('access-denied', 'AuthorizationFailed', 'blobContainers.get') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'publicAccess', decisive: true, reason: 'access-denied', code: 'AuthorizationFailed' },
    check: (a) => expect(a.reasons[0]?.summary).toContain('AuthorizationFailed'),
  },
  {
    rule: 'Z-7',
    name: '429 on the container => UNKNOWN throttled',
    resource: azureContainer({ publicAccess: unknown('throttled', 'TooManyRequests') }),
    verdict: 'UNKNOWN',
    unknownInput: { input: 'publicAccess', decisive: true, reason: 'throttled' },
  },
  {
    rule: 'Z-7',
    name: 'unreadable account allowBlobPublicAccess => guardrail unknown',
    resource: azureAccount({ allowBlobPublicAccess: unknown() }),
    verdict: 'PRIVATE',
    guardrails: { 'azure-allow-blob-public-access': ['unknown', 'info'] },
    unknownInput: { input: 'account.allowBlobPublicAccess', decisive: false },
  },
];

describe('Azure rules Z-1..Z-7 via analyzeResource', () => {
  it.each(rows.map((r) => [`${r.rule} ${r.name}`, r] as const))('%s', (_n, r) => {
    const a = analyzeResource(r.resource, r.ctx ?? ctx());
    expect(a.verdict).toBe(r.verdict);
    if (r.severity) expect(a.severity).toBe(r.severity);
    if (r.caps) expect(capsOf(a)).toEqual([...r.caps].sort());
    if (r.pin) expect(a.grants.map((g) => g.pin)).toContain(r.pin);
    if (r.neutralizedBy) expect([...a.neutralizedBy].sort()).toEqual([...r.neutralizedBy].sort());
    if (r.summary) expect(a.reasons[0]?.summary).toContain(r.summary);
    if (r.unknownInput) {
      const u = a.unknownInputs.find((x) => x.input === r.unknownInput?.input);
      expect(u, `unknown input ${r.unknownInput.input}`).toBeDefined();
      expect(u?.decisive).toBe(r.unknownInput.decisive);
      if (r.unknownInput.code) expect(u?.code).toBe(r.unknownInput.code);
      if (r.unknownInput.reason) expect(u?.reason).toBe(r.unknownInput.reason);
    }
    for (const [name, [status, severity]] of Object.entries(r.guardrails ?? {})) {
      const g = a.guardrails.find((x) => x.name === name);
      expect(g, name).toBeDefined();
      expect(g?.status, name).toBe(status);
      expect(g?.severity, name).toBe(severity);
    }
    r.check?.(a);
  });

  it('covers every Z rule with at least three rows', () => {
    for (const rule of ['Z-1', 'Z-2', 'Z-3', 'Z-4', 'Z-5', 'Z-6', 'Z-7']) {
      expect(rows.filter((r) => r.rule === rule).length, rule).toBeGreaterThanOrEqual(3);
    }
  });
});
