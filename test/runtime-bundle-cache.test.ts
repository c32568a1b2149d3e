import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BundleOutcome, cachedBundle } from '../src/runtime/bundle-cache.js';

let dir: string;
let src: string;
let cache: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-cache-'));
  src = join(dir, 'src');
  cache = join(dir, 'cache');
  await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  await import('node:fs/promises').then((fs) => fs.mkdir(src));
  await writeSource('value.ts', "export const value: string = 'one';\n");
  // A worker entry written in TypeScript, with an import and a CommonJS-only built-in call (require).
  await writeSource(
    'entry.ts',
    [
      "import { parentPort } from 'node:worker_threads';",
      "import { value } from './value.js';",
      "const os = require('node:os') as typeof import('node:os');",
      'parentPort?.postMessage({ value, cpus: os.cpus().length > 0 });',
      '',
    ].join('\n'),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sources written a minute ago: older than the racy window, so a build of them is recorded. */
async function writeSource(name: string, text: string, ageMs = 60_000): Promise<void> {
  const file = join(src, name);
  await writeFile(file, text);
  const t = new Date(Date.now() - ageMs);
  await utimes(file, t, t);
}

const bundle = () => cachedBundle({ entry: join(src, 'entry.ts'), name: 'w', dir: cache });

function pathOf(b: BundleOutcome): string {
  if (!('path' in b)) throw new Error(`no bundle: ${b.error}`);
  return b.path;
}

/** Run the bundle as a worker thread and return its first message. */
function runWorker(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(pathToFileURL(path));
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('cachedBundle', () => {
  it('builds a TypeScript entry into one module a worker thread runs without tsx', async () => {
    const b = await bundle();
    expect(b).toMatchObject({ built: true });
    expect(await runWorker(pathOf(b))).toEqual({ value: 'one', cpus: true });
    const manifest = JSON.parse(await readFile(join(cache, 'w.json'), 'utf8'));
    expect(manifest.inputs.map((i: [string]) => i[0]).sort()).toEqual([join(src, 'entry.ts'), join(src, 'value.ts')]);
  });

  it('reuses the bundle while no input changed, and rebuilds when one did (the old bundle is removed)', async () => {
    const first = pathOf(await bundle());
    const again = await bundle();
    expect(again).toEqual({ path: first, built: false });
    await writeSource('value.ts', "export const value: string = 'two, longer';\n");
    const changed = await bundle();
    expect(changed).toMatchObject({ built: true });
    expect(pathOf(changed)).not.toBe(first);
    expect(await runWorker(pathOf(changed))).toEqual({ value: 'two, longer', cpus: true });
    expect((await readdir(cache)).sort()).toEqual([pathOf(changed).split('/').pop(), 'w.json'].sort());
  });

  it('a change that keeps the size is seen by its mtime', async () => {
    await bundle();
    await writeSource('value.ts', "export const value: string = 'owo';\n", 30_000);
    const b = await bundle();
    expect(b).toMatchObject({ built: true });
    expect(await runWorker(pathOf(b))).toMatchObject({ value: 'owo' });
  });

  it('an input written moments before the build is not recorded (it may have changed during the build)', async () => {
    await writeSource('value.ts', "export const value: string = 'fresh';\n", 0);
    expect(await bundle()).toMatchObject({ built: true });
    expect(await bundle()).toMatchObject({ built: true }); // built again, not trusted from the cache
    expect(await readdir(cache)).not.toContain('w.json');
  });

  it('a manifest from another esbuild, Node or option set is not trusted', async () => {
    const first = pathOf(await bundle());
    const file = join(cache, 'w.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...manifest, key: manifest.key.replace(process.version, 'v0.0.0') }));
    const b = await bundle();
    expect(b).toMatchObject({ built: true, path: first }); // same code, rebuilt
    await writeFile(file, '{ not json');
    expect(await bundle()).toMatchObject({ built: true });
  });

  it('a bundle file deleted behind the manifest is rebuilt', async () => {
    const first = pathOf(await bundle());
    await rm(first);
    expect(await bundle()).toEqual({ path: first, built: true });
  });

  it('errors are values: a source that does not compile, a cache directory that cannot be made', async () => {
    await writeSource('value.ts', 'export const value = ;\n');
    const broken = await bundle();
    expect(broken).toEqual({ error: expect.stringMatching(/bundling .*entry\.ts failed: .*value\.ts/s) });
    await writeSource('value.ts', "export const value = 'ok';\n");
    await writeFile(join(dir, 'file'), 'x');
    const unwritable = await cachedBundle({ entry: join(src, 'entry.ts'), name: 'w', dir: join(dir, 'file', 'cache') });
    expect(unwritable).toEqual({ error: expect.stringMatching(/failed: .*(ENOTDIR|EEXIST)/) });
  });
});
