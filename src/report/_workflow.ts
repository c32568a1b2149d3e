import type { AuditReport } from '../model/index.js';

export interface WorkflowLines {
  /** "baseline: 1 new, 2 unchanged, 0 resolved since ..." */
  baseline?: string;
  /** Allowed (intended-public) resources, with reason, owner and expiry. */
  allowed: string[];
  /** Expired allowlist entries that no longer suppress. */
  expired: string[];
  /** Findings suppressed inline (Terraform comments) with their reason. */
  inline: string[];
}

/** What a scheduled/CI run needs to see besides the findings: allowlist uses, expiries, suppressions, baseline counts. */
export function workflowLines(report: AuditReport): WorkflowLines {
  const b = report.baseline;
  const allowed = (report.allowlist?.applied ?? []).flatMap((u) =>
    u.resourceIds.map((id) => `${id}: allowed by "${u.pattern}": ${u.reason} (owner ${u.owner}, expires ${u.expires})`),
  );
  const expired = (report.allowlist?.expired ?? []).map(
    (u) => `"${u.pattern}" (owner ${u.owner}) expired on ${u.expires}; no longer suppresses ${u.resourceIds.join(', ')}`,
  );
  const inline = report.findings
    .filter((f) => f.suppressed && !f.suppressed.by.startsWith('allowlist'))
    .map((f) => `${f.checkId} ${f.resourceId}: suppressed (${f.suppressed?.by}): ${f.suppressed?.reason}`);
  return {
    ...(b
      ? {
          baseline: `baseline: ${b.new} new, ${b.unchanged} unchanged, ${b.resolved.length} resolved since ${b.previousGeneratedAt}`,
        }
      : {}),
    allowed,
    expired,
    inline,
  };
}
