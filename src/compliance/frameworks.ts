/** Compliance frameworks a check may reference, keyed "framework-version" (exposure-semantics.md section 7). */
export interface Framework {
  key: string;
  name: string;
  version?: string;
}

/** One framework per benchmark version, keyed "<prefix>-<version>". */
function versions(prefix: string, name: string, list: readonly string[]): Framework[] {
  return list.map((version) => ({ key: `${prefix}-${version}`, name, version }));
}

export const FRAMEWORKS: readonly Framework[] = [
  ...versions('cis-aws', 'CIS Amazon Web Services Foundations Benchmark', ['1.4', '1.5', '2.0', '3.0', '4.0', '5.0', '6.0']),
  { key: 'aws-securityhub', name: 'AWS Security Hub (Foundational Security Best Practices) controls' },
  { key: 'aws-config', name: 'AWS Config managed rules' },
  ...versions('cis-gcp', 'CIS Google Cloud Platform Foundation Benchmark', ['2.0', '3.0', '4.0', '5.0']),
  ...versions('cis-azure', 'CIS Microsoft Azure Foundations Benchmark', ['2.0', '2.1', '3.0', '4.0', '5.0', '6.0']),
  { key: 'prowler', name: 'Prowler check ids (for cross-reference)' },
];

const BY_KEY = new Map(FRAMEWORKS.map((f) => [f.key, f]));

export function isKnownFramework(key: string): boolean {
  return BY_KEY.has(key);
}

export function frameworkOf(key: string): Framework | undefined {
  return BY_KEY.get(key);
}
