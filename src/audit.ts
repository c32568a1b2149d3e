import { analyzeAll } from './analyzer/index.js';
import type { AnalyzerContext } from './analyzer/context.js';
import { runChecks } from './checks/index.js';
import type { Assessment, AuditReport, Finding, ReportError, StorageResource } from './model/index.js';
import { buildReport } from './report/build.js';

export interface AuditInput {
  command: string;
  resources: readonly StorageResource[];
  errors?: readonly ReportError[];
  ctx: AnalyzerContext;
  /** Optional step between analysis and checks (the anonymous probe raises verdicts here). */
  enrich?: (assessments: Assessment[]) => Promise<Assessment[]>;
  /** Optional post-check step: suppressions (inline Terraform comments, allowlists) and baselines mark findings here. */
  postProcess?: (findings: Finding[], assessments: Assessment[]) => Finding[];
}

/** The pure core pipeline shared by scan, terraform and demo: analyze -> (probe) -> checks -> report. */
export async function audit(input: AuditInput): Promise<{ report: AuditReport; assessments: Assessment[] }> {
  let assessments = analyzeAll(input.resources, input.ctx);
  if (input.enrich) assessments = await input.enrich(assessments);
  let findings = runChecks(assessments, input.ctx);
  if (input.postProcess) findings = input.postProcess(findings, assessments);
  const report = buildReport({ command: input.command, assessments, findings, errors: input.errors ?? [] });
  return { report, assessments };
}
