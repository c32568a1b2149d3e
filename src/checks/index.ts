import { intern, internString } from '../model/intern.js';
import { personalize } from './personalize.js';
import type { AnalyzerContext } from '../analyzer/context.js';
import type { Assessment, Finding, StorageResource } from '../model/index.js';
import { REGISTRY } from './catalog.js';
import { accountFingerprintOf, accountKey, fingerprintOf } from './fingerprint.js';
import type { Check, CheckContext, Outcome } from './types.js';

export { CHECKS, REGISTRY } from './catalog.js';
export { personalize } from './personalize.js';
export { accountFingerprintOf, accountKey, fingerprintOf, resourceKey } from './fingerprint.js';
export { renderChecksDoc } from './doc.js';
export { createRegistry, validateCatalog } from './registry.js';
export type { Check, CheckContext, CheckMeta, CheckProvider, Outcome } from './types.js';

export function checkContextFor(
  assessments: readonly Assessment[],
  ctx: Pick<AnalyzerContext, 'now' | 'azureNonWebAccounts'>,
): CheckContext {
  return checkContextForResources(
    assessments.map((a) => a.resource),
    ctx,
  );
}

/** The run-wide check context from the resources alone (lets the pipeline check resources chunk by chunk). */
export function checkContextForResources(
  resources: readonly StorageResource[],
  ctx: Pick<AnalyzerContext, 'now' | 'azureNonWebAccounts'>,
): CheckContext {
  const accounts = new Set<string>();
  for (const r of resources) {
    if (r.kind === 'account' && r.facts.provider === 'azure') accounts.add(r.facts.account.accountName);
  }
  return {
    now: ctx.now,
    azureAccountsInRun: accounts,
    reportedAccountChecks: new Set(),
    ...(ctx.azureNonWebAccounts ? { azureNonWebAccounts: ctx.azureNonWebAccounts } : {}),
  };
}

/** Run one check on one assessment; a check that throws yields 'unknown' (reported, never passed). */
export function evaluateCheck(check: Check, a: Assessment, ctx: CheckContext): Outcome[] {
  if (check.provider !== 'generic' && check.provider !== a.resource.provider) return [];
  try {
    return check.evaluate(a, ctx);
  } catch (err) {
    return [
      {
        status: 'unknown',
        message: `check ${check.id} failed: ${err instanceof Error ? err.message : String(err)}`,
        evidence: [],
      },
    ];
  }
}

export function toFinding(check: Check, a: Assessment, o: Outcome): Finding | undefined {
  if (o.status === 'notApplicable') return undefined;
  return {
    checkId: check.id,
    resourceId: a.resource.id,
    provider: a.resource.provider,
    // Unknown outcomes keep the check's default severity: what is at stake if the unread input hides exposure.
    severity: o.severity ?? check.severity,
    status: o.status,
    // Kept findings (fail / unknown) share repeated messages and evidence; passes are mostly only counted.
    message: o.status === 'pass' ? o.message : internString(o.message),
    evidence: o.status === 'pass' ? o.evidence : intern(o.evidence),
    remediation: o.status === 'pass' ? check.remediation : personalize(check.remediation, a.resource),
    compliance: check.compliance,
    fingerprint: fingerprintOf(check.id, a.resource),
  };
}

/**
 * An account-scoped finding: says which account, fingerprinted by the account (not the bucket that carried it).
 * Only for resources with a known account (runChecksWith keeps per-bucket outcomes otherwise).
 */
function accountFinding(f: Finding, a: Assessment): Finding {
  return {
    ...f,
    message: `account ${a.resource.account}: ${f.message}`,
    fingerprint: accountFingerprintOf(f.checkId, a.resource),
  };
}

/** Every non-deprecated check over every assessment: fail/unknown/pass findings (not-applicable dropped). */
export function runChecks(assessments: readonly Assessment[], ctx: AnalyzerContext): Finding[] {
  return runChecksWith(assessments, checkContextFor(assessments, ctx));
}

/** runChecks with a run-wide context computed once (chunked pipelines). */
export function runChecksWith(assessments: readonly Assessment[], cctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const a of assessments) {
    for (const check of REGISTRY.checks) {
      if (check.deprecated) continue;
      // Account-scoped checks report once per account; without a known account (Terraform input) there is no
      // account to merge on, so each bucket keeps its own outcome (merging would let one unit's pass hide another's fail).
      if (check.scope === 'account' && a.resource.account) {
        const key = `${check.id}|${accountKey(a.resource)}`;
        let seen = cctx.reportedAccountChecks;
        if (!seen) {
          seen = new Set();
          cctx.reportedAccountChecks = seen;
        }
        if (seen.has(key)) continue; // already reported for this account: not evaluated again for every bucket
        const outcomes = evaluateCheck(check, a, cctx).filter((o) => o.status !== 'notApplicable');
        if (outcomes.length === 0) continue;
        seen.add(key);
        for (const o of outcomes) {
          const f = toFinding(check, a, o);
          if (f) out.push(accountFinding(f, a));
        }
        continue;
      }
      for (const o of evaluateCheck(check, a, cctx)) {
        const f = toFinding(check, a, o);
        if (f) out.push(f);
      }
    }
  }
  return out;
}
