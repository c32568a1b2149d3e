import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

/**
 * Sources written a minute ago: older than the racy window, so a build of them is recorded. Their directory's mtime
 * (an input too: a file added next to an input changes it) is set back as well.
 */
async function writeSource(name: string, text: string, ageMs = 60_000): Promise<void> {
  const file = join(src, name);
  await writeFile(file, text);
  const t = new Date(Date.now() - ageMs);
  await utimes(file, t, t);
  await utimes(src, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
}

const tsconfig = () => join(dir, 'tsconfig.json');
const bundle = () => cachedBundle({ entry: join(src, 'entry.ts'), name: 'w', dir: cache, extraInputs: [tsconfig()] });

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
    // the two sources, their directory, and the extra input (missing: recorded as such)
    expect(manifest.inputs.map((i: [string, number, number]) => (i[1] === -1 ? `missing ${i[0]}` : i[0])).sort()).toEqual(
      [src, join(src, 'entry.ts'), join(src, 'value.ts'), `missing ${tsconfig()}`].sort(),
    );
  });

  it('reuses the bundle while no input changed, and rebuilds when one did (the old bundle kept for runs using it)', async () => {
    const first = pathOf(await bundle());
    const again = await bundle();
    expect(again).toEqual({ path: first, built: false });
    await writeSource('value.ts', "export const value: string = 'two, longer';\n");
    const changed = await bundle();
    expect(changed).toMatchObject({ built: true });
    expect(pathOf(changed)).not.toBe(first);
    expect(await runWorker(pathOf(changed))).toEqual({ value: 'two, longer', cpus: true });
    // another run may still start threads from the first bundle: it stays until it is a day old
    expect((await readdir(cache)).sort()).toEqual([basename(first), basename(pathOf(changed)), 'w.json'].sort());
    const old = new Date(Date.now() - 25 * 3_600_000);
    await utimes(first, old, old);
    await writeSource('value.ts', "export const value: string = 'three';\n");
    const third = pathOf(await bundle());
    expect((await readdir(cache)).sort()).toEqual([basename(pathOf(changed)), basename(third), 'w.json'].sort());
    // a bundle built more than a day ago but used from the cache since is in use: kept when the next one is built
    await utimes(third, old, old);
    expect(await bundle()).toEqual({ path: third, built: false });
    await writeSource('value.ts', "export const value: string = 'four';\n");
    const fourth = pathOf(await bundle());
    expect((await readdir(cache)).sort()).toEqual(
      [basename(pathOf(changed)), basename(third), basename(fourth), 'w.json'].sort(),
    );
  });

  it('a file added next to an input (it can change what an import resolves to) rebuilds', async () => {
    await bundle();
    expect(await bundle()).toMatchObject({ built: false });
    // `./value.js` now resolves to this file rather than value.ts
    await writeSource('value.js', "export const value = 'from js';\n");
    const b = await bundle();
    expect(b).toMatchObject({ built: true });
    expect(await runWorker(pathOf(b))).toMatchObject({ value: 'from js' });
  });

  it('an extra input (tsconfig.json) that appears, or changes, rebuilds', async () => {
    await bundle();
    expect(await bundle()).toMatchObject({ built: false });
    await writeFile(tsconfig(), '{}');
    const t = new Date(Date.now() - 60_000);
    await utimes(tsconfig(), t, t);
    expect(await bundle()).toMatchObject({ built: true });
    expect(await bundle()).toMatchObject({ built: false });
    await writeFile(tsconfig(), '{ "compilerOptions": {} }');
    await utimes(tsconfig(), t, t);
    expect(await bundle()).toMatchObject({ built: true });
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

  it('an input that cannot be stat-ed (ENOTDIR) rebuilds: the cache check never throws', async () => {
    const first = await bundle();
    const manifest = join(cache, 'w.json');
    const m = JSON.parse(await readFile(manifest, 'utf8')) as { inputs: [string, number, number][] };
    m.inputs.push([join(src, 'value.ts', 'below-a-file'), 1, 1]); // a path under a file: stat throws ENOTDIR
    await writeFile(manifest, JSON.stringify(m));
    expect(await bundle()).toEqual({ path: pathOf(first), built: true });
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
    expect(unwritable).toEqual({ error: expect.stringMatching(/cannot be written: .*(ENOTDIR|EEXIST)/) });
  });
});
