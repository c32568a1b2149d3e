/**
 * hcl2json that cannot be loaded (a broken install) is said as such, not blamed on the user's .tf file, and the
 * failed load is not kept for the next file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeScratch, scratch } from './audit-load.js';

afterEach(() => {
  vi.doUnmock('@cdktf/hcl2json');
  vi.resetModules();
});

describe('the HCL parser cannot be loaded', () => {
  it('names the parser and the fix, not "invalid HCL" in main.tf', async () => {
    vi.resetModules();
    vi.doMock('@cdktf/hcl2json', () => {
      throw new Error('Cannot find package @cdktf/hcl2json');
    });
    const { loadTerraform } = await import('../../src/terraform/index.js');
    const dir = await scratch({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n' });
    const err = await loadTerraform([dir], '/').then(
      () => undefined,
      (e: unknown) => e as Error & { file?: string },
    );
    expect(err?.message).toMatch(/the HCL parser \(@cdktf\/hcl2json\) could not be loaded: .*reinstall/);
    expect(err?.message).not.toMatch(/invalid HCL/);
    expect(err?.file).toBeUndefined();
    await removeScratch();
  });
});
