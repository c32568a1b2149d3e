/** Compliance frameworks a check may reference, keyed "framework-version" (exposure-semantics.md section 7). */
export interface Framework {
  key: string;
  name: string;
  version?: string;
}

export const FRAMEWORKS: readonly Framework[] = [
  { key: 'cis-aws-1.4', name: 'CIS Amazon Web Services Foundations Benchmark', version: '1.4' },
  { key: 'cis-aws-1.5', name: 'CIS Amazon Web Services Foundations Benchmark', version: '1.5' },
  { key: 'cis-aws-2.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '2.0' },
  { key: 'cis-aws-3.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '3.0' },
  { key: 'cis-aws-4.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '4.0' },
  { key: 'cis-aws-5.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '5.0' },
  { key: 'cis-aws-6.0', name: 'CIS Amazon Web Services Foundations Benchmark', version: '6.0' },
  { key: 'aws-securityhub', name: 'AWS Security Hub (Foundational Security Best Practices) controls' },
  { key: 'aws-config', name: 'AWS Config managed rules' },
  { key: 'cis-gcp-2.0', name: 'CIS Google Cloud Platform Foundation Benchmark', version: '2.0' },
  { key: 'cis-gcp-3.0', name: 'CIS Google Cloud Platform Foundation Benchmark', version: '3.0' },
  { key: 'cis-gcp-4.0', name: 'CIS Google Cloud Platform Foundation Benchmark', version: '4.0' },
  { key: 'cis-gcp-5.0', name: 'CIS Google Cloud Platform Foundation Benchmark', version: '5.0' },
  { key: 'cis-azure-2.0', name: 'CIS Microsoft Azure Foundations Benchmark', version: '2.0' },
  { key: 'cis-azure-2.1', name: 'CIS Microsoft Azure Foundations Benchmark', version: '2.1' },
  { key: 'cis-azure-3.0', name: 'CIS Microsoft Azure Foundations Benchmark', version: '3.0' },
  { key: 'cis-azure-4.0', name: 'CIS Microsoft Azure Foundations Benchmark', version: '4.0' },
  { key: 'cis-azure-5.0', name: 'CIS Microsoft Azure Foundations Benchmark', version: '5.0' },
  { key: 'cis-azure-6.0', name: 'CIS Microsoft Azure Foundations Benchmark', version: '6.0' },
  { key: 'prowler', name: 'Prowler check ids (for cross-reference)' },
];

const KEYS = new Set(FRAMEWORKS.map((f) => f.key));

export function isKnownFramework(key: string): boolean {
  return KEYS.has(key);
}

export function frameworkOf(key: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.key === key);
}
