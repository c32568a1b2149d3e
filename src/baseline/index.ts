import { readText } from '../runtime/text.js';
import { inputError } from '../errors.js';
import { reportSchema } from '../report/schema.js';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { jsonPathText, lineColAt, parseJsonWithLocation, STRICT_JSON } from '../runtime/json.js';
import type { AuditReport, BaselineSummary, Finding } from '../model/index.js';

const gating = (f: Finding) => (f.status === 'fail' || f.status === 'unknown') && !f.suppressed;

/** Read a previous JSON report (schemaVersion 1) for --baseline / diff; clear errors for anything else. */
export async function readReport(file: string): Promise<AuditReport> {
  let text: string;
  try {
    // A byte order mark (Windows editors, PowerShell's Out-File and `>`) is not part of the JSON.
    text = await readText(file);
  } catch (err) {
    throw inputError(`cannot read report: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  // file:line:column even where V8 gives no position (Node 20: "Unexpected token ... is not valid JSON")
  const data = parseJsonWithLocation(text, file, 'not JSON');
  const r = data as Partial<AuditReport>;
  const o = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  if (Array.isArray(o.runs) && (typeof o.$schema === 'string' || typeof o.version === 'string'))
    throw inputError(
      'a SARIF file, not a bucketaudit JSON report (diff and --baseline read a report written with --format json)',
      { file },
    );
  if (typeof o.schemaVersion === 'number' && o.schemaVersion !== 1)
    throw inputError(
      `a report with schemaVersion ${o.schemaVersion}; this bucketaudit reads schemaVersion 1 (write it again with this version's --format json)`,
      { file },
    );
  if (o.command === 'probe' || o.command === 'diff')
    throw inputError(`a ${o.command} report, not a scan or terraform report (write one with scan/terraform --format json)`, {
      file,
    });
  if (r?.schemaVersion !== 1 || !Array.isArray(r.findings) || !Array.isArray(r.resources)) {
    throw inputError(
      'not a bucketaudit JSON report (expected schemaVersion 1 with findings[] and resources[]; write one with --format json)',
      {
        file,
      },
    );
  }
  // The whole shape, not only the top level: a malformed entry would otherwise crash the diff later.
  const checked = reportSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? jsonPathText(issue.path) : '(root)';
    throw inputError(`not a valid bucketaudit JSON report: ${where}: ${issue?.message ?? 'invalid'}`, {
      file,
      ...positionOf(text, issue?.path ?? []),
    });
  }
  return r as AuditReport;
}

/** Line and column of the deepest value on `path` that exists in the JSON text (the error path only). */
function positionOf(text: string, path: readonly (string | number)[]): { line?: number; column?: number } {
  let root: ReturnType<typeof parseTree>;
  try {
    root = parseTree(text, [], STRICT_JSON);
  } catch {
    return {}; // nested deeper than jsonc-parser recurses (JSON.parse took it): the message without a position
  }
  if (!root) return {};
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
    // A missing key: point at the object that lacks it.
    if (node) return lineColAt(text, node.parent?.type === 'property' && n > 0 ? node.parent.offset : node.offset);
  }
  return {};
}

/**
 * What --baseline keeps of a previous report for a whole scan: its date and its gating findings (not its resources).
 * `gatingFindings` is already filtered (by baselineOf), so applyBaseline uses it as is.
 */
export interface Baseline {
  generatedAt: AuditReport['generatedAt'];
  gatingFindings: readonly Finding[];
}

export function baselineOf(previous: Pick<AuditReport, 'generatedAt' | 'findings'>): Baseline {
  return { generatedAt: previous.generatedAt, gatingFindings: previous.findings.filter(gating) };
}

/**
 * Mark each current failing finding new / unchanged against the previous report's gating findings (baselineOf), by
 * stable fingerprint, and list resolved ones.
 */
export function applyBaseline(
  findings: readonly Finding[],
  previous: Baseline,
): { findings: Finding[]; summary: BaselineSummary } {
  const before = new Map(previous.gatingFindings.map((f) => [f.fingerprint, f]));
  const now = new Set<string>();
  let fresh = 0;
  let same = 0;
  const out = findings.map((f) => {
    if (f.status === 'pass' || f.status === 'not-applicable') return f;
    now.add(f.fingerprint);
    const known = before.has(f.fingerprint);
    if (gating(f)) {
      if (known) same += 1;
      else fresh += 1;
    }
    return { ...f, baseline: known ? ('unchanged' as const) : ('new' as const) };
  });
  const resolved = [...before.values()]
    .filter((f) => !now.has(f.fingerprint))
    .map((f) => ({
      fingerprint: f.fingerprint,
      checkId: f.checkId,
      resourceId: f.resourceId,
      severity: f.severity,
      message: f.message,
    }));
  return { findings: out, summary: { previousGeneratedAt: previous.generatedAt, new: fresh, unchanged: same, resolved } };
}

export interface ReportDiff {
  newFindings: Finding[];
  resolved: Finding[];
  verdictChanges: { id: string; name: string; from: string; to: string }[];
}

/** What changed between two reports (bucketaudit diff OLD NEW). */
export function diffReports(oldR: AuditReport, newR: AuditReport): ReportDiff {
  const oldF = new Map(oldR.findings.filter(gating).map((f) => [f.fingerprint, f]));
  const newF = new Map(newR.findings.filter(gating).map((f) => [f.fingerprint, f]));
  const oldV = new Map(oldR.resources.map((r) => [`${r.provider}:${r.kind}:${r.name}`, r]));
  const verdictChanges = newR.resources.flatMap((r) => {
    const o = oldV.get(`${r.provider}:${r.kind}:${r.name}`);
    return o && o.verdict !== r.verdict ? [{ id: r.id, name: r.name, from: o.verdict, to: r.verdict }] : [];
  });
  return {
    newFindings: [...newF.values()].filter((f) => !oldF.has(f.fingerprint)),
    resolved: [...oldF.values()].filter((f) => !newF.has(f.fingerprint)),
    verdictChanges,
  };
}
