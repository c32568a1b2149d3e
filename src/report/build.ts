import type { Assessment, AuditReport, Finding, ReportError } from '../model/index.js';
import { VERSION } from '../version.js';

export interface BuildReportInput {
  command: string;
  assessments: readonly Assessment[];
  findings: readonly Finding[];
  errors: readonly ReportError[];
  generatedAt?: Date;
}

// PLACEHOLDER: the report writers issue replaces this with the full contract.
export function buildReport(input: BuildReportInput): AuditReport {
  return {
    schemaVersion: 1,
    tool: { name: 'bucketaudit', version: VERSION },
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
    command: input.command,
    summary: {
      resources: input.assessments.length,
      byVerdict: {},
      bySeverity: {},
      findings: { fail: 0, unknown: 0, pass: 0, suppressed: 0 },
      partial: false,
    },
    resources: [],
    findings: [...input.findings],
    errors: [...input.errors],
  };
}
