/** Trust zone and owner checks for fixed principals. */
import type { AccessGrant, Principal } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { accountOfArn } from './principals.js';

export interface Owner {
  accountId?: string;
  canonicalId?: string;
}

/** The principal belongs to the bucket owner's account (RestrictPublicBuckets keeps its access, A-14). */
export function isOwnerPrincipal(p: Principal, owner: Owner): boolean {
  if (p.type === 'account') return p.id === owner.accountId;
  if (p.type === 'identity') {
    if (p.id.startsWith('canonical:'))
      return owner.canonicalId !== undefined && p.id.slice('canonical:'.length) === owner.canonicalId;
    const acct = accountOfArn(p.id);
    return acct !== undefined && acct === owner.accountId;
  }
  return false;
}

export function inTrustZone(p: Principal, owner: Owner, ctx: AnalyzerContext): boolean {
  if (isOwnerPrincipal(p, owner)) return true;
  if (p.type === 'account') return ctx.trust.awsAccounts.includes(p.id);
  if (p.type === 'org') return ctx.trust.awsOrgIds.includes(p.id);
  if (p.type === 'identity') {
    const acct = accountOfArn(p.id);
    return acct !== undefined && ctx.trust.awsAccounts.includes(acct);
  }
  return false;
}

/** Grants RestrictPublicBuckets leaves alone: AWS service principals and the owner's own principals. */
export function rpbExempt(g: AccessGrant, owner: Owner): boolean {
  return g.principal.type === 'service' || isOwnerPrincipal(g.principal, owner);
}

