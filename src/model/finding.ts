import type { Evidence, Severity } from './assessment.js';
import type { Provider } from './resource.js';

export type OutcomeStatus = 'fail' | 'pass' | 'unknown' | 'not-applicable';

/** compliance ids keyed by "framework-version", e.g. { "cis-aws-5.0": ["2.1.4"], "aws-securityhub": ["S3.1"] } */
export type ComplianceMap = Record<string, string[]>;

export interface Remediation {
  summary: string;
  cli?: string;
  terraform?: string;
  console?: string;
}

export interface Finding {
  checkId: string;
  /** StorageResource.id */
  resourceId: string;
  provider: Provider;
  severity: Severity;
  status: OutcomeStatus;
  /** What was seen, e.g. "ACL grants READ to AllUsers (Grants[1])". */
  message: string;
  evidence: Evidence[];
  remediation: Remediation;
  compliance: ComplianceMap;
  /** Stable across runs and across live/Terraform sources of the same resource. */
  fingerprint: string;
  /** Baseline comparison, when a baseline was given. */
  baseline?: 'new' | 'unchanged';
  /** Suppressed by an allowlist entry or inline Terraform comment. */
  suppressed?: { reason: string; by: string; owner?: string; expires?: string };
}
