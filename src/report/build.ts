import { intern } from '../model/intern.js';
import type {
  Assessment,
  AuditReport,
  ComplianceMap,
  Finding,
  ReportError,
  ReportResource,
  ReportSummary,
} from '../model/index.js';
import { VERSION } from '../version.js';
import { cmp, compareFindings } from './_order.js';

export interface BuildReportInput {
  command: string;
  assessments: readonly Assessment[];
  findings: readonly Finding[];
  errors: readonly ReportError[];
  generatedAt?: Date;
}

function mergeCompliance(findings: readonly Finding[]): ComplianceMap | undefined {
  const out: Record<string, Set<string>> = {};
  for (const f of findings) {
    for (const [k, ids] of Object.entries(f.compliance)) {
      const s = out[k] ?? new Set<string>();
      for (const id of ids) s.add(id);
      out[k] = s;
    }
  }
  const keys = Object.keys(out).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, [...(out[k] ?? [])].sort()]));
}

export function toReportResource(a: Assessment, findings: readonly Finding[]): ReportResource {
  const r = a.resource;
  const failing = findings.filter((f) => f.resourceId === r.id && f.status === 'fail' && !f.suppressed);
  const compliance = mergeCompliance(failing);
  const address = r.source.address;
  return {
    id: r.id,
    provider: r.provider,
    kind: r.kind,
    name: r.name,
    account: r.account,
    ...(r.region ? { region: r.region } : {}),
    ...(address ? { address } : {}),
    source: { ...r.source },
    verdict: a.verdict,
    severity: a.severity,
    // Sub-values repeat across most rows (no capability, the same reason text, the same compliance map):
    // shared frozen instances keep a 100k-row report near its distinct content (src/model/intern.ts).
    capabilities: shared(a.capabilities.map((c) => ({ capability: c.capability, scope: c.scope }))),
    reasons: shared(
      a.reasons.map((e) => ({
        summary: e.summary,
        kind: e.kind,
        ...(e.path ? { path: e.path } : {}),
        ...(e.rules && e.rules.length > 0 ? { rules: [...e.rules] } : {}),
      })),
    ),
    neutralizedBy: shared([...a.neutralizedBy]),
    unknownInputs: shared(
      a.unknownInputs.map((u) => ({
        input: u.input,
        reason: u.reason,
        ...(u.detail ? { detail: u.detail } : {}),
        ...(u.operation ? { operation: u.operation } : {}),
        ...(u.code ? { code: u.code } : {}),
      })),
    ),
    ...(a.providerOpinion ? { providerOpinion: shared({ ...a.providerOpinion }) } : {}),
    ...(a.disagreement ? { disagreement: { ...a.disagreement } } : {}),
    ...(a.acknowledged ? { acknowledged: { ...a.acknowledged } } : {}),
    ...(a.probe ? { probe: a.probe } : {}),
    ...(compliance ? { compliance: shared(compliance) } : {}),
  };
}

const EMPTY: readonly never[] = Object.freeze([]);
/** Empty lists as one frozen instance; other values interned. */
function shared<T>(v: T): T {
  return Array.isArray(v) && v.length === 0 ? (EMPTY as unknown as T) : intern(v);
}

export function summarize(
  resources: readonly ReportResource[],
  findings: readonly Finding[],
  errors: readonly ReportError[],
  assessments: readonly Assessment[],
): ReportSummary {
  const byVerdict: ReportSummary['byVerdict'] = {};
  const bySeverity: ReportSummary['bySeverity'] = {};
  for (const r of resources) {
    byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
    bySeverity[r.severity] = (bySeverity[r.severity] ?? 0) + 1;
  }
  const counts = { fail: 0, unknown: 0, pass: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) counts.suppressed++;
    else if (f.status === 'fail') counts.fail++;
    else if (f.status === 'unknown') counts.unknown++;
    else if (f.status === 'pass') counts.pass++;
  }
  const partial = errors.length > 0 || assessments.some((a) => a.unknownInputs.length > 0 || a.verdict === 'UNKNOWN');
  return { resources: resources.length, byVerdict, bySeverity, findings: counts, partial };
}

/** The JSON contract (docs/report-format.md): deterministic ordering, lowercase severities, schemaVersion 1. */
export function buildReport(input: BuildReportInput): AuditReport {
  const byResource = groupByResource(input.findings);
  return assembleReport({
    command: input.command,
    resources: input.assessments.map((a) => toReportResource(a, byResource.get(a.resource.id) ?? [])),
    findings: input.findings,
    errors: input.errors,
    partial: input.assessments.some((a) => a.unknownInputs.length > 0 || a.verdict === 'UNKNOWN'),
    ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
  });
}

/** Findings per resource id, grouped once (filtering all findings per resource was quadratic). */
export function groupByResource(findings: readonly Finding[]): Map<string, Finding[]> {
  const byResource = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byResource.get(f.resourceId);
    if (list) list.push(f);
    else byResource.set(f.resourceId, [f]);
  }
  return byResource;
}

export interface AssembleInput {
  command: string;
  /** Report rows (any order). */
  resources: readonly ReportResource[];
  findings: readonly Finding[];
  errors: readonly ReportError[];
  /** Some input could not be read. */
  partial: boolean;
  /** Pass outcomes that were counted but not kept as findings (streaming pipelines). */
  uncountedPass?: number;
  generatedAt?: Date;
}

/** Sort and count report rows built elsewhere (e.g. chunk by chunk) into the JSON contract. */
export function assembleReport(input: AssembleInput): AuditReport {
  const findings = input.findings.filter((f) => f.status !== 'not-applicable').sort(compareFindings);
  const resources = [...input.resources].sort((x, y) => cmp(x.provider, y.provider) || cmp(x.name, y.name) || cmp(x.id, y.id));
  const errors = [...input.errors].sort(
    (a, b) => cmp(a.stage, b.stage) || cmp(a.resourceId ?? '', b.resourceId ?? '') || cmp(a.message, b.message),
  );
  const summary = summarize(resources, findings, errors, []);
  summary.findings.pass += input.uncountedPass ?? 0;
  summary.partial = summary.partial || input.partial;
  return {
    schemaVersion: 1,
    tool: { name: 'bucketaudit', version: VERSION },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    command: input.command,
    summary,
    resources,
    findings,
    errors,
  };
}
