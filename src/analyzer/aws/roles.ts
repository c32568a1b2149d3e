/** Roles any AWS principal can assume that grant S3 actions on the bucket: PUBLIC_AUTHENTICATED routes. */
import type { AccessGrant, AwsAssumableRoleGrant, Evidence } from '../../model/index.js';
import type { AnalyzerContext } from '../context.js';
import { allowEntryOutcome, keyClass } from './conditions.js';
import { parsePolicy, type ParsedStatement } from './policy-parse.js';
import { statementSummary } from './policy-eval.js';
import type { Target } from './resources.js';
import { applyDenies, capabilitiesOf, statementEntries } from './statements.js';

export function evaluateAssumableRoles(
  roles: readonly AwsAssumableRoleGrant[],
  target: Target,
  bucketDenies: readonly ParsedStatement[],
  ctx: AnalyzerContext,
): { grants: AccessGrant[]; context: Evidence[] } {
  const grants: AccessGrant[] = [];
  const context: Evidence[] = [];
  roles.forEach((role, r) => {
    const path = `assumableRoles[${r}].permissionPolicy`;
    const principal = { type: 'all-authenticated' as const, detail: `anyone can assume ${role.roleArn} (${role.trustEvidence})` };
    const parsed = parsePolicy(role.permissionPolicy, false);
    if (!parsed.ok) {
      grants.push({
        principal,
        capabilities: [],
        capabilitiesUnknown: true,
        via: 'assumable-role',
        exposure: 'PUBLIC_AUTHENTICATED',
        evidence: {
          kind: 'policy-statement',
          path,
          summary: `role ${role.roleArn} is assumable by anyone; its permission policy could not be read (${parsed.message})`,
        },
      });
      return;
    }
    const denies = parsed.statements.filter((s) => s.effect === 'Deny');
    for (const st of parsed.statements) {
      if (st.effect !== 'Allow') continue;
      // Only time conditions are decided here; every other condition is assumed satisfiable (worst case).
      const expired = st.conditions.find((c) => keyClass(c.key) === 'time' && allowEntryOutcome(c, ctx.now).t === 'never');
      const summary = `role ${role.roleArn} (assumable by anyone): ${statementSummary(st)}`;
      if (expired) {
        context.push({
          kind: 'policy-statement',
          path: `${path}.Statement[${st.index}]`,
          summary: `${summary}: never applies (time window)`,
        });
        continue;
      }
      const entries = statementEntries(st, target);
      const a = applyDenies(entries, denies, 'other', target, ctx.now);
      const b = applyDenies(a.kept, bucketDenies, 'other', target, ctx.now);
      const caps = capabilitiesOf(b.kept);
      if (caps.length === 0) continue;
      grants.push({
        principal,
        capabilities: caps,
        via: 'assumable-role',
        exposure: 'PUBLIC_AUTHENTICATED',
        ...(st.conditions.length > 0 ? { conditional: true } : {}),
        evidence: { kind: 'policy-statement', path: `${path}.Statement[${st.index}]`, summary, rules: ['A-8', 'A-9', 'A-10'] },
      });
    }
  });
  return { grants, context };
}
