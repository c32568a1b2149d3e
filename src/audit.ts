import { analyzeResource } from './analyzer/index.js';
import type { AnalyzerContext } from './analyzer/context.js';
import { checkContextForResources, runChecksWith } from './checks/index.js';
import type { Assessment, AuditReport, Finding, ReportError, ReportResource, StorageResource } from './model/index.js';
import { assembleReport, groupByResource, toReportResource } from './report/build.js';

export interface AuditInput {
  command: string;
  resources: readonly StorageResource[];
  errors?: readonly ReportError[];
  ctx: AnalyzerContext;
  /** Optional step between analysis and checks, per chunk (the anonymous probe raises verdicts here). */
  enrich?: (assessments: Assessment[]) => Promise<Assessment[]>;
  /** Per-chunk post-check step: suppressions (inline Terraform comments, allowlists) mark findings here. */
  postProcess?: (findings: Finding[], assessments: Assessment[]) => Finding[];
  /** Once, over every kept finding (baselines compare the whole run here). */
  finalize?: (findings: Finding[]) => Finding[];
  /** Return every Assessment (library use; default true). The CLI streams and keeps only the report rows. */
  keepAssessments?: boolean;
  /** Keep 'pass' findings (JUnit, --include-passed; default true). Otherwise they are only counted. */
  keepPassed?: boolean;
  /** Resources analysed, probed and checked per step (default 500). */
  chunkSize?: number;
  /**
   * Take the resources out of `resources` (which must then be a mutable array the caller no longer needs) as
   * they are analysed, so their facts can be collected while the report grows: a 100k-bucket scan never holds
   * both. The CLI sets it; library callers keep their array by default.
   */
  consumeInput?: boolean;
}

/**
 * The core pipeline shared by scan, terraform and demo: analyze -> (probe) -> checks -> report, chunk by chunk,
 * so a 100k-bucket run holds compact report rows instead of every assessment and every passing finding.
 */
export async function audit(input: AuditInput): Promise<{ report: AuditReport; assessments: Assessment[] }> {
  const keepAssessments = input.keepAssessments ?? true;
  const keepPassed = input.keepPassed ?? true;
  const size = Math.max(1, input.chunkSize ?? 500);
  const cctx = checkContextForResources(input.resources, input.ctx);
  const rows: ReportResource[] = [];
  let findings: Finding[] = [];
  const kept: Assessment[] = [];
  let partial = false;
  let uncountedPass = 0;
  const total = input.resources.length;
  // consumeInput: the caller handed the array over (see AuditInput), so it is cleared as it is read.
  const owned = input.consumeInput ? (input.resources as StorageResource[]) : undefined;
  for (let i = 0; i < total; i += size) {
    const batch = input.resources.slice(i, i + size);
    // Drop each chunk's references once copied (not splice: that shifts the rest of a 100k array every chunk).
    owned?.fill(undefined as never, i, i + size);
    let chunk = batch.map((r) => analyzeResource(r, input.ctx));
    if (input.enrich) chunk = await input.enrich(chunk);
    let found = runChecksWith(chunk, cctx);
    if (input.postProcess) found = input.postProcess(found, chunk);
    const byResource = groupByResource(found);
    for (const a of chunk) {
      rows.push(toReportResource(a, byResource.get(a.resource.id) ?? []));
      if (a.unknownInputs.length > 0 || a.verdict === 'UNKNOWN') partial = true;
    }
    for (const f of found) {
      if (keepPassed || f.status !== 'pass' || f.suppressed) findings.push(f);
      else uncountedPass += 1;
    }
    if (keepAssessments) kept.push(...chunk);
  }
  if (owned) owned.length = 0;
  if (input.finalize) findings = input.finalize(findings);
  const report = assembleReport({
    command: input.command,
    resources: rows,
    findings,
    errors: input.errors ?? [],
    partial,
    uncountedPass,
  });
  return { report, assessments: kept };
}
