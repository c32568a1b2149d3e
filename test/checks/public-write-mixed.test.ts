import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/checks/index.js';
import type { AccessGrant, Assessment } from '../../src/model/index.js';
import { assessment, grant, resource } from './_assessments.js';

const ctx = { now: new Date('2026-01-01T00:00:00Z'), azureAccountsInRun: new Set<string>() };

/**
 * The verdict is decided by the worst exposure class (PUBLIC beats PUBLIC_AUTHENTICATED) and the assessment's
 * capabilities are those of that class only. A write grant of the other public class must still fail the
 * public-write check: any AWS account (AuthenticatedUsers) or any Google account (allAuthenticatedUsers) can create one.
 */
function mixed(provider: 'aws' | 'gcp', read: AccessGrant, write: AccessGrant): Assessment {
  const deciding = [read, write].filter((g) => g.exposure === 'PUBLIC');
  return assessment(resource(provider, `${provider}-mixed`), {
    verdict: 'PUBLIC',
    severity: 'critical',
    capabilities: deciding.flatMap((g) => g.capabilities),
    grants: [read, write],
    reasons: [read.evidence, write.evidence],
  });
}

const anonRead = grant();
const authWrite = grant({
  principal: { type: 'all-authenticated' },
  exposure: 'PUBLIC_AUTHENTICATED',
  via: 'acl',
  capabilities: [{ capability: 'WRITE', scope: 'bucket' }],
  evidence: { kind: 'acl-grant', path: 'acl.Grants[2]', summary: 'ACL grants WRITE to AuthenticatedUsers (Grants[2])' },
});
const authAdmin = grant({
  principal: { type: 'all-authenticated' },
  exposure: 'PUBLIC_AUTHENTICATED',
  via: 'iam-binding',
  capabilities: [{ capability: 'ADMIN', scope: 'bucket' }],
  evidence: { kind: 'iam-binding', path: 'iam.bindings[1]', summary: 'roles/storage.admin granted to allAuthenticatedUsers' },
});
const neutralizedAuthWrite = { ...authWrite, neutralizedBy: ['IgnorePublicAcls'] };

describe('public write/admin held by the public class that did not decide the verdict', () => {
  it.each([
    ['BA-AWS-002', 'AuthenticatedUsers WRITE', mixed('aws', anonRead, authWrite), 'fail', 'AuthenticatedUsers'],
    ['BA-GCP-002', 'allAuthenticatedUsers ADMIN', mixed('gcp', anonRead, authAdmin), 'fail', 'allAuthenticatedUsers'],
    ['BA-AWS-002', 'neutralised WRITE', mixed('aws', anonRead, neutralizedAuthWrite), 'pass', ''],
  ] as const)('%s on anonymous read + %s -> %s', (id, _label, a, status, who) => {
    const out = REGISTRY.byId(id)!.evaluate(a, ctx);
    expect(out).toHaveLength(1);
    expect(out[0]!.status).toBe(status);
    if (who) expect(out[0]!.message).toContain(who);
  });
});
