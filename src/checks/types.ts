import type { Assessment, ComplianceMap, Evidence, Provider, Remediation, Severity } from '../model/index.js';

export type CheckProvider = Provider | 'generic';

/** What one check concluded for one assessment. `notApplicable` produces no finding. */
export interface Outcome {
  status: 'fail' | 'pass' | 'unknown' | 'notApplicable';
  /** What was seen (habit 1): "ACL grants READ to AllUsers (Grants[1])". */
  message: string;
  evidence: Evidence[];
  /** Overrides the check's default severity (exposure checks take the assessment's severity). */
  severity?: Severity;
}

/** Run-wide facts a check may consult besides its assessment. Built by runChecks; never global. */
export interface CheckContext {
  now: Date;
  /** Azure storage account names that appear as `account` resources in this run (account guardrails report there). */
  azureAccountsInRun: ReadonlySet<string>;
  /** Account-scoped checks already reported in this run ("checkId|provider:account"): one finding per account. */
  reportedAccountChecks?: Set<string>;
  /** Azure accounts marked as not hosting a website (S-12), as the analyzer scored them. */
  azureNonWebAccounts?: string[];
}

export interface CheckMeta {
  /** Stable forever: BA-AWS-001, BA-GCP-001, BA-AZ-001, BA-GEN-001. */
  id: string;
  slug: string;
  /** The desired state: "S3 bucket blocks public ACLs". */
  title: string;
  description: string;
  /** Default severity (exposure checks use the assessment's severity instead). */
  severity: Severity;
  provider: CheckProvider;
  /** Framework+version keyed ids, e.g. { 'cis-aws-5.0': ['2.1.4'], 'aws-securityhub': ['S3.1'] }. */
  compliance: ComplianceMap;
  remediation: Remediation;
  /** Semantics rules (exposure-semantics.md) the check reports on. */
  rules: string[];
  /** 'account': the outcome describes the account (e.g. account-level BPA); reported once per account, not per bucket. */
  scope?: 'resource' | 'account';
  deprecated?: { since: string; replacedBy?: string };
  /** Former ids of this check; suppressions written for them keep matching. Never reused. */
  aliases?: string[];
}

export interface Check extends CheckMeta {
  evaluate(assessment: Assessment, ctx: CheckContext): Outcome[];
}
