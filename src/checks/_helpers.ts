import { unknownEvidence } from '../analyzer/verdict.js';
import type { AccessGrant, Assessment, CapabilityGrant, Evidence, GuardrailState } from '../model/index.js';
import type { Outcome } from './types.js';

export const PUBLIC_VERDICTS = new Set(['PUBLIC', 'PUBLIC_AUTHENTICATED']);

export function capsText(caps: readonly CapabilityGrant[]): string {
  if (caps.length === 0) return 'no effective capability';
  return caps.map((c) => (c.scope === 'bucket' ? c.capability : `${c.capability} (${c.scope})`)).join(', ');
}

/** First deciding reason, as one line. */
export function firstReason(a: Assessment): string {
  const r = a.reasons[0];
  if (!r) return '';
  return r.path ? `${r.summary} [${r.path}]` : r.summary;
}

export function joinSeen(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p && p.length > 0)).join('; ');
}

export function isActiveGrant(g: AccessGrant): boolean {
  return g.exposure !== 'PRIVATE' && !(g.neutralizedBy && g.neutralizedBy.length > 0);
}

export function unknownText(a: Assessment, decisiveOnly = false): string {
  const inputs = a.unknownInputs.filter((u) => !decisiveOnly || u.decisive);
  if (inputs.length === 0) return 'the verdict could not be decided';
  return `could not read ${inputs.map((u) => `${u.input} (${u.code ?? u.reason})`).join(', ')}`;
}

/** Outcome when the verdict is UNKNOWN: never a pass (S-11). */
export function unknownOutcome(a: Assessment, what: string): Outcome {
  const ev = unknownEvidence(a, true);
  return {
    status: 'unknown',
    message: `${what} cannot be decided: ${unknownText(a, true)}`,
    evidence: ev.length > 0 ? ev : a.reasons,
  };
}

export function findGuardrail(a: Assessment, name: string): GuardrailState | undefined {
  return a.guardrails.find((g) => g.name === name);
}

export interface GuardrailCheckOptions {
  /** What "on" means, for messages: "all four account BPA flags are on". */
  desired: string;
  /** Outcome when the analyzer did not report the guardrail at all. Default 'unknown' (never a pass). */
  whenMissing?: 'unknown' | 'notApplicable';
}

/** Map a GuardrailState to an Outcome: on=pass, off=fail, unknown=unknown, not-applicable=notApplicable. */
export function guardrailOutcome(a: Assessment, name: string, opts: GuardrailCheckOptions): Outcome {
  const g = findGuardrail(a, name);
  if (!g) {
    return {
      status: opts.whenMissing ?? 'unknown',
      message: `guardrail state "${name}" was not reported for this resource, so it cannot be confirmed that ${opts.desired}`,
      evidence: [],
    };
  }
  const evidence: Evidence[] = g.evidence ? [g.evidence] : [{ kind: 'guardrail', path: g.name, summary: g.detail }];
  switch (g.status) {
    case 'on':
      return { status: 'pass', message: joinSeen(`${opts.desired}`, g.detail), evidence };
    case 'off':
      return { status: 'fail', message: joinSeen(`not the case that ${opts.desired}`, g.detail), evidence };
    case 'unknown':
      return { status: 'unknown', message: joinSeen(`cannot confirm that ${opts.desired}`, g.detail), evidence };
    case 'not-applicable':
      return { status: 'notApplicable', message: g.detail, evidence };
    default:
      return { status: 'unknown', message: `guardrail "${name}" has an unrecognised status`, evidence };
  }
}

export const na = (message: string): Outcome => ({ status: 'notApplicable', message, evidence: [] });

/** Azure storage account name of an Azure assessment (container or account resource). */
export function azureAccountName(a: Assessment): string | undefined {
  const f = a.resource.facts;
  if (f.provider !== 'azure') return undefined;
  return f.account.accountName;
}

/**
 * Account-level Azure settings are reported on the `account` resource; on a container only when the run has no
 * account resource for its account (e.g. a Terraform root that declares only containers).
 */
export function azureAccountScoped(a: Assessment, accountsInRun: ReadonlySet<string>): boolean {
  if (a.resource.kind === 'account') return true;
  const name = azureAccountName(a);
  return name === undefined || !accountsInRun.has(name);
}
