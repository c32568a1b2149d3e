import { defaultContext } from '../../src/analyzer/context.js';
import { audit } from '../../src/audit.js';
import type { TerraformLoad } from '../../src/terraform/index.js';

/** Audit what loadTerraform read, on a fixed date. */
export async function auditLoad(l: TerraformLoad) {
  const { report } = await audit({
    command: 'terraform',
    resources: l.resources,
    errors: l.errors,
    ctx: defaultContext({ now: new Date('2026-01-15T00:00:00Z') }),
  });
  return report;
}

/** The verdict per resource name of what loadTerraform read. */
export async function verdictsOf(l: TerraformLoad) {
  return Object.fromEntries((await auditLoad(l)).resources.map((r) => [r.name, r.verdict]));
}
