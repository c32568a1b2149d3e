import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** Heavy packages a command may load only when it needs them (CommonJS, so they show in require.cache). */
const HEAVY = {
  hcl2json: '/node_modules/@cdktf/hcl2json/',
  s3: '/node_modules/@aws-sdk/client-s3/',
  gcs: '/node_modules/@google-cloud/storage/',
  azureStorage: '/node_modules/@azure/arm-storage/',
};

/**
 * Run the CLI's main() with `argv` in a fresh Node process and report which heavy packages it loaded, and whether
 * hcl2json's Go WebAssembly runtime was started (it sets globalThis.Go as soon as the package is imported).
 */
async function loadedBy(argv: string[]): Promise<Record<keyof typeof HEAVY | 'goRuntime', boolean>> {
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import('./src/cli/main.ts');
    const sink = { write: () => true, isTTY: false };
    await main(${JSON.stringify(argv)}, { stdout: sink, stderr: sink, env: {}, cwd: process.cwd() });
    await new Promise((r) => setTimeout(r, 200)); // hcl2json starts its runtime asynchronously after import
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const heavy = ${JSON.stringify(HEAVY)};
    const out = { goRuntime: typeof globalThis.Go === 'function' };
    for (const [k, path] of Object.entries(heavy)) out[k] = cache.some((f) => f.includes(path));
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  `;
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<keyof typeof HEAVY | 'goRuntime', boolean>;
}

describe('the CLI loads what a command needs, when it needs it', () => {
  it('--version loads no provider SDK and no HCL parser (was: all of them, 1.0 s and 220 MB before the first line)', async () => {
    expect(await loadedBy(['--version'])).toEqual({
      goRuntime: false,
      hcl2json: false,
      s3: false,
      gcs: false,
      azureStorage: false,
    });
  });

  it('terraform on a plan JSON alone does not start the HCL parser; on .tf files it does', async () => {
    // A plan with no configuration beside it (with one, the plan reader parses it to resolve values known after apply).
    const dir = await mkdtemp(join(tmpdir(), 'bucketaudit-lazy-'));
    await copyFile(join(root, 'mocks/terraform/s3-public-policy/plan.json'), join(dir, 'plan.json'));
    const plan = await loadedBy(['terraform', join(dir, 'plan.json')]).finally(() => rm(dir, { recursive: true, force: true }));
    expect(plan).toMatchObject({ goRuntime: false, hcl2json: false, s3: false, gcs: false });
    const tf = await loadedBy(['terraform', 'mocks/terraform/s3-public-policy/main.tf']);
    expect(tf).toMatchObject({ goRuntime: true, hcl2json: true, s3: false, gcs: false });
  });

  it('scan -p aws loads the AWS SDK only (a bad endpoint ends the scan before any request)', async () => {
    const r = await loadedBy(['scan', '-p', 'aws', '--aws-endpoint', 'http://127.0.0.1:1', '--timeout', '500', '--quiet']);
    expect(r).toMatchObject({ s3: true, gcs: false, azureStorage: false, hcl2json: false, goRuntime: false });
  });
});
