import { describe, expect, it } from 'vitest';
import {
  customRoleNames,
  gcpUnknown,
  normalizeBucket,
  normalizeEffectiveBooleanPolicy,
} from '../../../providers/gcp/normalize.js';
import type { Known } from '../../../src/model/index.js';

const k = <T>(value: T): Known<T> => ({ known: true, value });
const denied = { code: 403, message: 'x does not have storage.buckets.getIamPolicy access', errors: [{ reason: 'forbidden' }] };

describe('GCS normalize', () => {
  it('maps projection=full metadata with UBLA off to ACL facts', () => {
    const f = normalizeBucket({
      metadata: k({
        projectNumber: '1',
        iamConfiguration: { uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: 'unspecified' },
        billing: { requesterPays: true },
        website: { mainPageSuffix: 'index.html' },
        acl: [
          { entity: 'allUsers', role: 'READER' },
          { entity: 'weird', role: 'NOPE' },
        ],
        defaultObjectAcl: [{ entity: 'allAuthenticatedUsers', role: 'READER' }],
      }),
      fullProjection: true,
      policy: k({
        bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 'true', title: 't' } }],
      }),
      orgPublicAccessPrevention: k(false),
    });
    expect(f.uniformBucketLevelAccess).toMatchObject({ known: true, value: false });
    expect(f.publicAccessPrevention).toMatchObject({ known: true, value: 'unspecified' });
    expect(f.requesterPays).toMatchObject({ value: true });
    expect(f.website).toMatchObject({ value: { mainPageSuffix: 'index.html' } });
    expect(f.acl).toMatchObject({ known: true, value: [{ entity: 'allUsers', role: 'READER' }] });
    expect(f.defaultObjectAcl).toMatchObject({ value: [{ entity: 'allAuthenticatedUsers', role: 'READER' }] });
    expect(f.iamBindings).toMatchObject({
      value: [{ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 'true' } }],
    });
    expect(f.projectNumber).toBe('1');
  });

  it('UBLA on: ACLs are known empty (default), missing PAP => inherited', () => {
    const f = normalizeBucket({
      metadata: k({ iamConfiguration: { uniformBucketLevelAccess: { enabled: true } } }),
      fullProjection: true,
      policy: k({}),
      orgPublicAccessPrevention: k(true),
    });
    expect(f.acl).toMatchObject({ known: true, value: [], origin: 'default' });
    expect(f.publicAccessPrevention).toMatchObject({ value: 'inherited' });
    expect(f.iamBindings).toMatchObject({ known: true, value: [] });
    expect(f.website).toMatchObject({ known: true, value: null });
  });

  it('UBLA off but no acl field (no getIamPolicy) => ACL unknown access-denied; denied IAM => unknown with code', () => {
    const f = normalizeBucket({
      metadata: k({ iamConfiguration: { uniformBucketLevelAccess: { enabled: false } } }),
      fullProjection: true,
      policy: gcpUnknown(denied, 'storage.buckets.getIamPolicy'),
      orgPublicAccessPrevention: gcpUnknown({ code: 403, errors: [] }, 'orgpolicy'),
    });
    expect(f.acl).toMatchObject({ known: false, reason: 'access-denied' });
    expect(f.iamBindings).toMatchObject({
      known: false,
      reason: 'access-denied',
      operation: 'storage.buckets.getIamPolicy',
      code: 'forbidden',
    });
    expect(f.orgPublicAccessPrevention).toMatchObject({ known: false, reason: 'access-denied' });
  });

  it('unreadable metadata makes every metadata fact unknown', () => {
    const f = normalizeBucket({
      metadata: gcpUnknown(denied, 'storage.buckets.get'),
      fullProjection: false,
      policy: k({}),
      orgPublicAccessPrevention: k(false),
    });
    for (const v of [f.uniformBucketLevelAccess, f.publicAccessPrevention, f.requesterPays, f.website, f.acl, f.defaultObjectAcl])
      expect(v).toMatchObject({ known: false, reason: 'access-denied' });
  });

  it('error mapping: 401/403 denied, 429 throttled, 5xx error; scheduler reason wins', () => {
    expect(gcpUnknown({ code: 401, errors: [{ reason: 'required' }] }, 'op')).toMatchObject({
      reason: 'access-denied',
      code: 'required',
    });
    expect(gcpUnknown({ code: 429, errors: [{ reason: 'rateLimitExceeded' }] }, 'op')).toMatchObject({ reason: 'throttled' });
    expect(gcpUnknown({ code: 503 }, 'op')).toMatchObject({ reason: 'error' });
    expect(gcpUnknown({ code: 503 }, 'op', 'throttled')).toMatchObject({ reason: 'throttled' });
  });

  it('org policy and custom role helpers', () => {
    expect(normalizeEffectiveBooleanPolicy({ spec: { rules: [{ enforce: true }] } })).toMatchObject({ known: true, value: true });
    expect(normalizeEffectiveBooleanPolicy({})).toMatchObject({ known: true, value: false });
    expect(
      customRoleNames([
        { role: 'projects/p/roles/r', members: [] },
        { role: 'roles/storage.admin', members: [] },
        { role: 'organizations/1/roles/x', members: [] },
      ]),
    ).toEqual(['projects/p/roles/r', 'organizations/1/roles/x']);
  });
});
