import { analyzeAll } from './analyzer/index.js';
import type { AnalyzerContext } from './analyzer/context.js';
import { runChecks } from './checks/index.js';
import type { Assessment, AuditReport, ReportError, StorageResource } from './model/index.js';
import { buildReport } from './report/build.js';

export interface AuditInput {
  command: string;
  resources: readonly StorageResource[];
  errors?: readonly ReportError[];
  ctx: AnalyzerContext;
  /** Optional step between analysis and checks (the anonymous probe raises verdicts here). */
  enrich?: (assessments: Assessment[]) => Promise<Assessment[]>;
}

/** The pure core pipeline shared by scan, terraform and demo: analyze -> (probe) -> checks -> report. */
export async function audit(input: AuditInput): Promise<{ report: AuditReport; assessments: Assessment[] }> {
  let assessments = analyzeAll(input.resources, input.ctx);
  if (input.enrich) assessments = await input.enrich(assessments);
  const findings = runChecks(assessments, input.ctx);
  const report = buildReport({ command: input.command, assessments, findings, errors: input.errors ?? [] });
  return { report, assessments };
}
