import type { Capability, ProbeResult, Severity, Verdict } from './assessment.js';
import type { ComplianceMap, Finding } from './finding.js';
import type { Provider, ResourceKind } from './resource.js';
import type { SourceRef } from './source.js';

/** The JSON report: the contract other tools read (docs/report-format.md). */
export interface AuditReport {
  schemaVersion: 1;
  tool: { name: 'bucketaudit'; version: string };
  generatedAt: string;
  /** 'scan' | 'terraform' | 'probe' | 'demo' */
  command: string;
  summary: ReportSummary;
  resources: ReportResource[];
  findings: Finding[];
  errors: ReportError[];
  /** Present when --baseline was given: what changed since the previous report. */
  baseline?: BaselineSummary;
  /** Allowlist entries that matched, and expired entries that no longer suppress. */
  allowlist?: { applied: AllowlistUse[]; expired: AllowlistUse[] };
}

export interface BaselineSummary {
  /** The previous report's generatedAt. */
  previousGeneratedAt: string;
  new: number;
  unchanged: number;
  /** Findings failing in the previous report that no longer fail. */
  resolved: { fingerprint: string; checkId: string; resourceId: string; severity: string; message: string }[];
}

export interface AllowlistUse {
  pattern: string;
  reason: string;
  owner: string;
  expires: string;
  resourceIds: string[];
}

export interface ReportSummary {
  resources: number;
  byVerdict: Partial<Record<Verdict, number>>;
  bySeverity: Partial<Record<Severity, number>>;
  findings: { fail: number; unknown: number; pass: number; suppressed: number };
  /** True when some input could not be collected (partial collection is visible). */
  partial: boolean;
}

export interface ReportResource {
  id: string;
  provider: Provider;
  kind: ResourceKind;
  name: string;
  account: string;
  region?: string;
  /** Terraform address when the resource came from Terraform. */
  address?: string;
  source: SourceRef;
  verdict: Verdict;
  severity: Severity;
  capabilities: { capability: Capability; scope: string }[];
  /** One line per deciding piece of evidence. */
  reasons: { summary: string; path?: string; rules?: string[]; kind: string }[];
  neutralizedBy: string[];
  unknownInputs: { input: string; reason: string; detail?: string; operation?: string; code?: string }[];
  providerOpinion?: { source: string; isPublic?: boolean; informational?: boolean };
  disagreement?: { with: string; detail: string };
  acknowledged?: { reason: string; owner?: string; expires?: string };
  probe?: ProbeResult;
  compliance?: ComplianceMap;
}

export interface ReportError {
  /** 'collect' | 'analyze' | 'probe' | 'input' */
  stage: string;
  provider?: Provider;
  resourceId?: string;
  operation?: string;
  code?: string;
  message: string;
}
