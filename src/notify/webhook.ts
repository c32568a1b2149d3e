import { severityRank } from '../analyzer/severity.js';
import type { AuditReport, Finding } from '../model/index.js';
import { VERSION } from '../version.js';

/** Findings worth a notification: failing, not suppressed, and new when a baseline was given. */
export function newExposures(report: AuditReport): Finding[] {
  return report.findings
    .filter((f) => f.status === 'fail' && !f.suppressed && (report.baseline ? f.baseline === 'new' : true))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.checkId.localeCompare(b.checkId));
}

/** Slack-compatible incoming-webhook payload ({text, blocks}); other chat tools accept the `text` field. */
export function webhookPayload(report: AuditReport, max = 20): { text: string; blocks: unknown[] } {
  const items = newExposures(report);
  const scope = report.baseline ? 'new since the baseline' : 'failing';
  const head = `bucketaudit: ${items.length} ${scope} finding(s) across ${report.summary.resources} resource(s)`;
  const lines = items.slice(0, max).map((f) => `• *${f.severity.toUpperCase()}* \`${f.checkId}\` ${f.resourceId}: ${f.message}`);
  if (items.length > max) lines.push(`…and ${items.length - max} more`);
  const text = [head, ...lines].join('\n');
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: head.slice(0, 150) } },
      ...(lines.length ? [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }] : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `bucketaudit ${VERSION} · ${report.command} · ${report.generatedAt}` }],
      },
    ],
  };
}

/** POST the summary; returns an error message instead of throwing (a failed notification never fails the audit). */
export async function postWebhook(url: string, report: AuditReport, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': `bucketaudit/${VERSION}` },
      body: JSON.stringify(webhookPayload(report)),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
      redirect: 'error',
    });
    await res.body?.cancel();
    return res.ok ? undefined : `webhook answered HTTP ${res.status}`;
  } catch (err) {
    return `webhook failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
