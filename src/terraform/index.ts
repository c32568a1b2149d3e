import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { inputError } from '../errors.js';
import { readText } from '../runtime/text.js';
import type { ReportError, StorageResource } from '../model/index.js';
import { type BlockLocations, type InlineSuppression, stripIndexes, type TfBlock } from './block.js';
import { type HclFile, readHclModule, readTfvars, scanBlocks, tfvarsOrder } from './hcl.js';
import { readPlan } from './plan.js';
import { resolveFromConfiguration } from './resolve.js';
import { mapAws } from './resources/aws.js';
import { mapAzure } from './resources/azure.js';
import { mapGcp } from './resources/gcp.js';
import { type ResolvedSuppression, resolveSuppressions } from './suppress.js';

export type { TfBlock } from './block.js';
export { readHclModule } from './hcl.js';
export { readPlan, readPlanObject } from './plan.js';
export { applySuppressions } from './suppress.js';

export interface TerraformLoad {
  resources: StorageResource[];
  errors: ReportError[];
  suppressions: ResolvedSuppression[];
}

/** Map blocks of one unit (one plan, or one root module with its children) to resources. */
export function mapBlocks(blocks: readonly TfBlock[]): { resources: StorageResource[]; links: Map<string, string[]> } {
  const links = new Map<string, string[]>();
  const resources: StorageResource[] = [];
  for (const m of [mapAws(blocks), mapGcp(blocks), mapAzure(blocks)]) {
    resources.push(...m.resources);
    for (const [k, v] of m.links) links.set(k, [...(links.get(k) ?? []), ...v]);
  }
  return { resources, links };
}

/** `file` is inside `dir` (not outside through .., not another drive). */
const isUnder = (dir: string, file: string) => {
  const r = relative(resolve(dir), resolve(file));
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/**
 * The text of `file` for file()/templatefile() when it really is a regular file under one of `roots`, after every
 * symbolic link is followed: a link committed in a pull request (`policy.json -> ~/.aws/credentials`) names a path
 * inside the repository but reads one outside it. Anything else: undefined (the value stays unknown).
 */
export async function readInside(
  roots: readonly string[],
  file: string,
  read: (real: string) => Promise<string>,
): Promise<string | undefined> {
  try {
    const real = await realpath(file);
    const realRoots = await Promise.all(roots.map((d) => realpath(d).catch(() => undefined)));
    if (!realRoots.some((d) => d !== undefined && isUnder(d, real))) return undefined;
    if (!(await stat(real)).isFile()) return undefined; // a FIFO or a device would block or never end
    return await read(real);
  } catch {
    return undefined;
  }
}

/** A Terraform configuration file: native syntax (.tf) or JSON syntax (.tf.json). */
const isTfFile = (f: string) => f.endsWith('.tf') || f.endsWith('.tf.json');

const isPlanFile = (f: string) =>
  f.endsWith('.json') &&
  (basename(f) === 'plan.json' || f.endsWith('.plan.json') || f.endsWith('.tfplan.json') || f.endsWith('.tfstate.json'));

/**
 * Modules `terraform init` installed under a root module: .terraform/modules/modules.json maps each module key
 * ("a", "a.b") to its directory (relative to the root module). None when init has not run or the file is not
 * the expected shape (then registry modules stay unread, with a warning, as before init).
 */
async function installedModules(rootDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8'));
  } catch {
    return out;
  }
  const list = doc && typeof doc === 'object' ? (doc as { Modules?: unknown }).Modules : undefined;
  if (!Array.isArray(list)) return out;
  for (const m of list) {
    const { Key: key, Dir: dir } = (m ?? {}) as { Key?: unknown; Dir?: unknown };
    if (typeof key === 'string' && key !== '' && typeof dir === 'string') out.set(key, resolve(rootDir, dir));
  }
  return out;
}

/** An unreadable file or directory is bad input: one line naming it, not a stack trace. */
function unreadable(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return inputError(`cannot read${code ? ` (${code})` : ''}`, { file, cause: err });
}

const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException | undefined)?.code ?? '');

async function walk(
  dir: string,
  out: { tf: string[]; plans: string[]; listings: Map<string, string[]> },
  show: (abs: string) => string,
): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    throw unreadable(show(dir), err);
  });
  out.listings.set(
    dir,
    entries.map((e) => e.name),
  );
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === '.terraform' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      await walk(p, out, show);
    } else if (isTfFile(e.name)) out.tf.push(p);
    else if (isPlanFile(e.name)) out.plans.push(p);
  }
}

/** Read Terraform inputs: plan/state JSON files, .tf files and directories. The only file I/O of src/terraform. */
export interface TerraformLoadOptions {
  /**
   * Variable definition files given as `terraform plan -var-file` would be (relative to `cwd`): read after
   * terraform.tfvars and *.auto.tfvars, in this order, for every root module read from .tf files.
   */
  varFiles?: readonly string[];
  /** The environment: TF_VAR_<name> values set root module variables, below the variable files, as in Terraform. */
  env?: Record<string, string | undefined>;
}

export async function loadTerraform(
  paths: readonly string[],
  cwd: string,
  opts: TerraformLoadOptions = {},
): Promise<TerraformLoad> {
  const show = (abs: string) => relative(cwd, abs).split(sep).join('/') || '.';
  const varFiles = (opts.varFiles ?? []).map((f) => resolve(cwd, f));
  const envValues: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? {}))
    if (k.startsWith('TF_VAR_') && k.length > 7 && v !== undefined) envValues[k.slice(7)] = v;
  for (const [i, f] of varFiles.entries()) {
    const st = await stat(f).catch(() => undefined);
    const file = opts.varFiles?.[i] ?? f;
    if (!st) throw inputError('--var-file: no such file', { file });
    if (!st.isFile())
      throw inputError(
        `--var-file: expected a variable definitions file, got ${st.isDirectory() ? 'a directory' : 'something else'}`,
        { file },
      );
  }
  const tfFiles: string[] = [];
  const plans: string[] = [];
  /** Entry names of the directories read so far (the walk lists each once; module and tfvars look-ups reuse it). */
  const listings = new Map<string, string[]>();
  const namesIn = async (dir: string) => {
    const names = listings.get(dir) ?? (await readdir(dir));
    listings.set(dir, names);
    return names;
  };
  // file()/templatefile() read only under the working directory and the directories given (or holding a given file).
  const readable = [cwd];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch {
      throw inputError('no such file or directory', { file: p });
    }
    readable.push(st.isDirectory() ? abs : dirname(abs));
    if (st.isDirectory()) await walk(abs, { tf: tfFiles, plans, listings }, show);
    else if (isTfFile(abs)) tfFiles.push(abs);
    else if (abs.endsWith('.json')) plans.push(abs);
    else throw inputError('expected a .tf or .tf.json file, a plan/state .json file or a directory', { file: p });
  }
  if (tfFiles.length === 0 && plans.length === 0)
    throw inputError(`no .tf, .tf.json or plan JSON files found in ${paths.join(', ')}`);

  const textCache = new Map<string, string>();
  const read = async (abs: string) => {
    let t = textCache.get(abs);
    if (t === undefined) {
      try {
        t = await readText(abs); // UTF-8, or UTF-16 with a BOM (Windows PowerShell's `>`)
      } catch (err) {
        throw unreadable(show(abs), err);
      }
      textCache.set(abs, t);
    }
    return t;
  };
  /** The .tf files of a module directory; undefined when the directory does not exist (unreadable files are errors). */
  const filesIn = async (dir: string): Promise<HclFile[] | undefined> => {
    let names: string[];
    try {
      names = (await namesIn(dir)).filter(isTfFile).sort();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw unreadable(show(dir), err);
    }
    return Promise.all(names.map(async (n) => ({ path: show(join(dir, n)), text: await read(join(dir, n)) })));
  };

  const resources: StorageResource[] = [];
  const errors: ReportError[] = [];
  const suppressions: ResolvedSuppression[] = [];
  const addUnit = (blocks: TfBlock[], sups: InlineSuppression[]) => {
    const m = mapBlocks(blocks);
    resources.push(...m.resources);
    suppressions.push(...resolveSuppressions(sups, m.links));
  };

  // Plans: resources from the plan, file:line and suppressions from the .tf files beside it.
  const planDirs = new Set<string>();
  for (const planAbs of plans) {
    const text = await read(planAbs);
    const plan = readPlan(text, show(planAbs));
    planDirs.add(dirname(planAbs));
    const locations: BlockLocations = new Map();
    const sups: InlineSuppression[] = [];
    const moduleFiles = new Map<string, HclFile[]>();
    const scanModule = async (dir: string, prefix: string) => {
      const files = (await filesIn(dir)) ?? [];
      moduleFiles.set(prefix, files);
      sups.push(...scanBlocks(files, prefix, locations));
    };
    const root = dirname(planAbs);
    await scanModule(root, '');
    const dirs = new Map<string, string>([['', root]]);
    const installed = await installedModules(root);
    for (const [mpath, source] of [...plan.moduleSources].sort((a, b) => a[0].length - b[0].length)) {
      const local = source.startsWith('./') || source.startsWith('../');
      const registryDir = local ? undefined : installed.get(mpath.replace(/(^|\.)module\./g, '$1'));
      if (!local && !registryDir) continue;
      const parent = dirs.get(mpath.replace(/\.?module\.[^.]+$/, '')) ?? root;
      const dir = registryDir ?? resolve(parent, source);
      dirs.set(mpath, dir);
      await scanModule(dir, mpath);
    }
    for (const b of plan.blocks) {
      const loc = locations.get(stripIndexes(b.baseAddress));
      if (loc) b.source = { ...b.source, file: loc.file, line: loc.line };
    }
    // Values known only after apply whose expression resolves from the plan's known values (an S3 bucket's arn).
    const resolved = await resolveFromConfiguration(plan, moduleFiles);
    for (const w of resolved.warnings) errors.push({ stage: 'input', message: `${show(planAbs)}: ${w}` });
    addUnit(plan.blocks, sups);
  }

  // .tf files: one unit per root module directory; directories called as local modules are read through their caller.
  const byDir = new Map<string, string[]>();
  for (const f of tfFiles) {
    const d = dirname(f);
    if (planDirs.has(d) && !paths.some((p) => resolve(cwd, p) === f)) continue;
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  const moduleDirs = new Set<string>();
  for (const f of tfFiles) {
    const source = f.endsWith('.json') ? /"source"\s*:\s*"(\.\.?\/[^"]*)"/g : /^\s*source\s*=\s*"(\.\.?\/[^"]*)"/gm;
    // A directory naming itself is a module cycle, reported when it is read, not a reason to skip it.
    for (const m of (await read(f)).matchAll(source))
      if (resolve(dirname(f), m[1]!) !== dirname(f)) moduleDirs.add(resolve(dirname(f), m[1]!));
  }
  for (const [dir, files] of byDir) {
    if (moduleDirs.has(dir) && files.every((f) => !paths.some((p) => resolve(cwd, p) === f))) continue;
    const hclFiles = await Promise.all(files.map(async (f) => ({ path: show(f), text: await read(f) })));
    // terraform.tfvars / *.auto.tfvars beside the root module override its variables' defaults, as in Terraform.
    const names = await namesIn(dir).catch((err: unknown) => {
      throw unreadable(show(dir), err);
    });
    const tfvarsNames = tfvarsOrder(names);
    // Then -var-file values (--var-file), as `terraform plan -var-file` applies them: after the automatic files.
    const tfvarsPaths = [...tfvarsNames.map((n) => join(dir, n)), ...varFiles];
    const inputs = await readTfvars(await Promise.all(tfvarsPaths.map(async (f) => ({ path: show(f), text: await read(f) }))));
    // Other variable files beside the module are read by Terraform only when named: say so, or a CI gate passes on
    // defaults that `terraform plan -var-file=prod.tfvars` would not use.
    const named = new Set(varFiles);
    for (const n of names)
      if (/\.tfvars(\.json)?$/.test(n) && !tfvarsNames.includes(n) && !named.has(join(dir, n)))
        errors.push({
          stage: 'input',
          message: `${show(join(dir, n))}: not read (Terraform reads it only with -var-file); variables keep their defaults unless it is passed with --var-file`,
        });
    const mod = await readHclModule(hclFiles, {
      ...(tfvarsPaths.length > 0 ? { inputs } : {}),
      ...(Object.keys(envValues).length > 0 ? { envValues } : {}),
      installedModules: await installedModules(dir),
      dir,
      rootDir: dir,
      // file()/templatefile(): a file that cannot be read leaves the value unknown (Terraform would stop). Only
      // files under the working directory or a directory given to scan are read, links followed: a configuration
      // under review must not pull other files (credentials, keys) into the report.
      readFile: (f) => readInside(readable, f, read),
      loadModule: filesIn,
      resolveDir: (d, s) => resolve(d, s),
    });
    for (const w of mod.warnings) errors.push({ stage: 'input', message: `${show(dir)}: ${w}` });
    addUnit(mod.blocks, mod.suppressions);
  }
  return { resources, errors, suppressions };
}
