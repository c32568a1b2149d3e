import { personalize } from './personalize.js';
import type { AnalyzerContext } from '../analyzer/context.js';
import type { Assessment, Finding } from '../model/index.js';
import { azureAccountName } from './_helpers.js';
import { REGISTRY } from './catalog.js';
import { fingerprintOf } from './fingerprint.js';
import type { Check, CheckContext, Outcome } from './types.js';

export { CHECKS, REGISTRY } from './catalog.js';
export { personalize } from './personalize.js';
export { fingerprintOf, resourceKey } from './fingerprint.js';
export { renderChecksDoc } from './doc.js';
export { createRegistry, validateCatalog } from './registry.js';
export type { Check, CheckContext, CheckMeta, CheckProvider, Outcome } from './types.js';

export function checkContextFor(assessments: readonly Assessment[], ctx: Pick<AnalyzerContext, 'now'>): CheckContext {
  const accounts = new Set<string>();
  for (const a of assessments) {
    if (a.resource.kind === 'account') {
      const n = azureAccountName(a);
      if (n) accounts.add(n);
    }
  }
  return { now: ctx.now, azureAccountsInRun: accounts };
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
    message: o.message,
    evidence: o.evidence,
    remediation: personalize(check.remediation, a.resource),
    compliance: check.compliance,
    fingerprint: fingerprintOf(check.id, a.resource),
  };
}

/** Every non-deprecated check over every assessment: fail/unknown/pass findings (not-applicable dropped). */
export function runChecks(assessments: readonly Assessment[], ctx: AnalyzerContext): Finding[] {
  const cctx = checkContextFor(assessments, ctx);
  const out: Finding[] = [];
  for (const a of assessments) {
    for (const check of REGISTRY.checks) {
      if (check.deprecated) continue;
      for (const o of evaluateCheck(check, a, cctx)) {
        const f = toFinding(check, a, o);
        if (f) out.push(f);
      }
    }
  }
  return out;
}
