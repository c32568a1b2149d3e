import { createHash } from 'node:crypto';
import { constants, statSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * A worker thread's code as one prebuilt ES module, kept in a cache and rebuilt when any of its inputs changes.
 *
 * Why: a worker thread that loads the TypeScript sources through tsx spends 0.3 to 0.4 s (and about 20 MB) on
 * its loader and transpiling the SDK's module graph before it can send a request; the same code bundled by
 * esbuild (the compiler tsx itself runs) loads in about 0.1 s. The bundle is built from the sources in place,
 * on first use, so there is no build step to forget and no stale copy: the manifest records every input file
 * with its size and mtime, and any difference rebuilds. When a build is not possible (esbuild missing, the
 * cache directory read-only), callers fall back to the tsx loader.
 */
export interface BundleSpec {
  /** Absolute path of the entry module. */
  entry: string;
  /** File name stem in the cache directory. */
  name: string;
  /** Cache directory (created if missing). */
  dir: string;
  /** A build that takes longer than this is given up (the caller falls back). Default 20 s. */
  timeoutMs?: number;
  /**
   * Files that shape the build without being bundled (tsconfig.json, package.json, the lockfile): recorded like the
   * inputs, and a missing one is recorded as missing, so that it appearing also rebuilds.
   */
  extraInputs?: string[];
}

export type BundleOutcome = { path: string; built: boolean } | { error: string };

interface Manifest {
  key: string;
  bundle: string;
  /**
   * [absolute path, size, mtimeMs] of every file the bundle was built from, of the directories holding them (a file
   * added next to an input can change what an import resolves to, and changes its directory's mtime), and of the
   * extra inputs; [path, -1, -1] for one that did not exist.
   */
  inputs: [string, number, number][];
}

/** Options that shape the output: a change in them (or in esbuild or Node) must not reuse an old bundle. */
const BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ES module builds first (the AWS SDK ships both): unused commands and clients are left out, and a thread loads
  // the bundle in about 115 ms instead of 165 ms (2.6 MB instead of 3.5 MB).
  mainFields: ['module', 'main'],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  logLevel: 'silent',
};

/** A file changed less than this before the build ended may have changed during it: not cached (racy mtime). */
const RACY_MS = 2_000;
/**
 * Other bundles are removed once they have not been used for this long, not as soon as a new one is built: another
 * run may have resolved an older bundle and still be starting threads from it. Each use from the cache renews the
 * bundle's mtime, so a bundle built long ago and still in use is kept.
 */
const PRUNE_AFTER_MS = 24 * 3_600_000;

/** When markUsed last renewed each bundle (ms): at most once an hour, however many threads start from it. */
const renewedAt = new Map<string, number>();

/**
 * Note a use of a bundle, for `prune`: its mtime is renewed, at most once an hour (a read-only cache keeps its
 * dates; never rejects). Called on every cache hit and by whoever starts a thread from the bundle, so that a scan
 * running for days keeps the bundle it started from.
 */
export async function markUsed(path: string): Promise<void> {
  const now = Date.now();
  if (now - (renewedAt.get(path) ?? Number.NEGATIVE_INFINITY) < 3_600_000) return;
  renewedAt.set(path, now);
  const d = new Date(now);
  await utimes(path, d, d).catch(() => undefined);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** [path, size, mtimeMs] of a file or directory as it is now; [path, -1, -1] when it does not exist. */
async function stamp(path: string): Promise<Manifest['inputs'][number]> {
  const s = await stat(path).catch(() => undefined);
  if (!s) return [path, -1, -1];
  return [path, s.size, s.mtimeMs];
}

/**
 * Whether every input is as recorded. Synchronous on purpose: it runs once per process, at the start of a scan, and
 * 1,800 promise-based stats cost 25 to 35 ms of the main thread's CPU there (its first calls waited for it), against
 * 5 to 14 ms blocking.
 */
function unchanged(inputs: Manifest['inputs']): boolean {
  for (const [p, size, mtimeMs] of inputs) {
    let s: ReturnType<typeof statSync>;
    try {
      s = statSync(p, { throwIfNoEntry: false });
    } catch {
      return false; // ENOTDIR, EACCES, ELOOP...: not as recorded, so rebuilt (cachedBundle never throws)
    }
    if (size === -1 ? s !== undefined : s === undefined || s.size !== size || s.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** Remove this name's bundles (and abandoned temporary files) unused for PRUNE_AFTER_MS, except `keep`. */
async function prune(dir: string, name: string, keep: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  const cutoff = Date.now() - PRUNE_AFTER_MS;
  for (const f of entries) {
    if (f === keep || (!f.startsWith(`${name}-`) && !f.startsWith(`${name}.json.`))) continue;
    const p = join(dir, f);
    const s = await stat(p).catch(() => undefined);
    if (s && s.mtimeMs < cutoff) await unlink(p).catch(() => undefined);
  }
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    const m = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    return typeof m.key === 'string' && typeof m.bundle === 'string' && Array.isArray(m.inputs) ? (m as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Write through a temporary name and rename, so a concurrent run never reads half a file. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The bundle of `spec.entry`: from the cache when every input is as recorded, otherwise built now. Never throws. */
export async function cachedBundle(spec: BundleSpec): Promise<BundleOutcome> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    return { error: `esbuild is not available: ${message(err)}` };
  }
  const key = JSON.stringify({ esbuild: esbuild.version, node: process.version, entry: spec.entry, BUILD_OPTIONS });
  const manifestFile = join(spec.dir, `${spec.name}.json`);
  const old = await readManifest(manifestFile);
  if (old && old.key === key && unchanged(old.inputs)) {
    const path = join(spec.dir, old.bundle);
    if (
      await stat(path).then(
        (s) => s.isFile(),
        () => false,
      )
    ) {
      await markUsed(path);
      return { path, built: false };
    }
  }
  // A cache that cannot be written would rebuild on every run for nothing: find out before building.
  try {
    await mkdir(spec.dir, { recursive: true });
    await access(spec.dir, constants.W_OK);
  } catch (err) {
    return { error: `the bundle cache ${spec.dir} cannot be written: ${message(err)}` };
  }
  try {
    const workDir = dirname(spec.entry);
    const started = Date.now();
    const result = await withTimeout(
      esbuild.build({ ...BUILD_OPTIONS, entryPoints: [spec.entry], absWorkingDir: workDir, write: false, metafile: true }),
      spec.timeoutMs ?? 20_000,
      `bundling ${spec.entry}`,
    );
    const code = result.outputFiles?.[0]?.contents;
    if (!code) return { error: `bundling ${spec.entry} produced no output` };
    // Stamped once each, in parallel; a virtual module (e.g. a disabled browser field) is no file and is left out.
    const bundled = (
      await Promise.all(Object.keys(result.metafile?.inputs ?? {}).map((rel) => stamp(resolve(workDir, rel))))
    ).filter(([, size]) => size !== -1);
    const dirs = [...new Set(bundled.map(([p]) => dirname(p)))];
    const inputs: Manifest['inputs'] = [...bundled, ...(await Promise.all([...dirs, ...(spec.extraInputs ?? [])].map(stamp)))];
    const racy = inputs.some(([, , mtimeMs]) => mtimeMs >= started - RACY_MS);
    const bundle = `${spec.name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
    const path = join(spec.dir, bundle);
    await writeAtomic(path, code);
    // Only a bundle whose inputs cannot have changed while it was built is recorded for the next run.
    if (!racy) await writeAtomic(manifestFile, JSON.stringify({ key, bundle, inputs } satisfies Manifest));
    await prune(spec.dir, spec.name, bundle);
    return { path, built: true };
  } catch (err) {
    return { error: `bundling ${spec.entry} failed: ${message(err)}` };
  }
}
