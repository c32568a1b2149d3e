import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

const scratchDirs: string[] = [];

/** A scratch directory holding `files` (name -> text; objects are written as JSON); removeScratch() deletes it. */
export async function scratch(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ba-tf-'));
  scratchDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), typeof text === 'string' ? text : JSON.stringify(text, null, 2));
  }
  return dir;
}

/** Delete the scratch directories made so far (afterAll). */
export async function removeScratch(): Promise<void> {
  for (const d of scratchDirs.splice(0)) await rm(d, { recursive: true, force: true });
}
