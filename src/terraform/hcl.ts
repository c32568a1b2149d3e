import { BucketAuditError, inputError } from '../errors.js';
import { type Node as JsonNode, parseTree } from 'jsonc-parser';
import { lineColAt, parseJsonWithLocation, STRICT_JSON } from '../runtime/json.js';
import { type BlockLocations, type InlineSuppression, partitionOfRegion, stripIndexes, type TfBlock } from './block.js';
import {
  applySteps,
  Computed,
  evaluateHclJson,
  firstComputed,
  hasComputed,
  renderTemplate,
  type Scope,
  type Step,
} from './expr.js';
import { parseSuppressions } from './suppress.js';

/**
 * hcl2json, loaded on the first .tf file: importing it gunzips and instantiates its Go WebAssembly parser (6.5 MB of
 * code, a 19 MB linear memory, about 0.1 s of CPU), which a scan or a plan-JSON audit never needs.
 */
let hcl2json: Promise<typeof import('@cdktf/hcl2json')> | undefined;
async function parseHcl(file: string, text: string): Promise<Record<string, unknown>> {
  // A parser that cannot be loaded is the installation's fault, not the file's (hclError passes it through); a
  // failed load is not kept, so the next file tries again.
  hcl2json ??= import('@cdktf/hcl2json').catch((err: unknown) => {
    hcl2json = undefined;
    throw new BucketAuditError(
      'INTERNAL',
      `the HCL parser (@cdktf/hcl2json) could not be loaded: ${err instanceof Error ? err.message : String(err)}; reinstall the dependencies (npm ci)`,
      { cause: err },
    );
  });
  return (await hcl2json).parse(file, text);
}

export interface HclFile {
  /** Path as shown to users (relative to the working directory). */
  path: string;
  text: string;
}

export interface HclModuleResult {
  blocks: TfBlock[];
  suppressions: InlineSuppression[];
  locations: BlockLocations;
  /** Non-fatal notes (registry modules not followed, ...). */
  warnings: string[];
  /** The module's output values (unknown parts refer to the module call, not to its resources). */
  outputs: Record<string, unknown>;
}

export interface HclReadOptions {
  /** Module address prefix, "" for the root module. */
  modulePrefix?: string;
  /** Values for the module's variables (module call arguments). */
  inputs?: Record<string, unknown>;
  /**
   * TF_VAR_<name> environment values of the root module's variables, below `inputs` (tfvars, -var-file) as in
   * Terraform. A string for a primitive or untyped variable (bool and number attributes convert it, as Terraform
   * does); a collection-typed one, which Terraform parses as HCL, is left unknown.
   */
  envValues?: Record<string, string>;
  /** Directory of the files (to resolve local module sources). */
  dir?: string;
  /** Load the .tf files of a local module directory; undefined when it does not exist. */
  loadModule?: (dir: string) => Promise<HclFile[] | undefined>;
  /** Resolve a module source relative to dir. */
  resolveDir?: (dir: string, source: string) => string;
  /** AWS provider region inherited from the calling module. */
  region?: string;
  /** Directory of the root module: path.root, and where file() resolves a relative path (Terraform's working directory). */
  rootDir?: string;
  /**
   * Modules `terraform init` installed (.terraform/modules/modules.json): module key ("a" for module.a,
   * "a.b" for module.a.module.b) -> directory. Registry and git sources are read from there.
   */
  installedModules?: ReadonlyMap<string, string>;
  /** This module's key in installedModules ("" for the root module). */
  moduleKey?: string;
  /**
   * Addresses without instance keys that `import` blocks of the root module adopt (module.a.aws_s3_bucket.b):
   * existing resources, so provider creation defaults do not apply to them.
   */
  imported?: ReadonlySet<string>;
  /** Directories of the modules being read above this one (to refuse a module cycle). */
  moduleChain?: string[];
  /** Read a file for file()/templatefile(); undefined when it cannot be read. */
  readFile?: (path: string) => Promise<string | undefined>;
}

export type Body = Record<string, unknown>;

export interface Parsed {
  resource: Record<string, Record<string, Body[]>>;
  data: Record<string, Record<string, Body[]>>;
  variable: Record<string, Body[]>;
  locals: Body[];
  module: Record<string, Body[]>;
  provider: Record<string, Body[]>;
  output: Record<string, Body[]>;
  /** `import` blocks (Terraform 1.5+): the resources they adopt exist already. */
  import: Body[];
}

/** A count above this is not expanded (its instances are one, with count.index unknown): memory stays bounded. */
const MAX_COUNT = 10_000;

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);

/** Turn an hcl2json error ("main.tf:2,7-3,1: Invalid expression; ...") into file, line, column. */
function hclError(file: string, err: unknown): Error {
  if (err instanceof BucketAuditError) return err; // not the file's: the parser could not be loaded
  const msg = err instanceof Error ? err.message : String(err);
  const m = /([^\s[]+):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*?)(?:\]|$)/s.exec(msg);
  if (m) return inputError(`invalid HCL: ${m[4]!.trim()}`, { file, line: Number(m[2]), column: Number(m[3]) });
  return inputError(`invalid HCL: ${msg}`, { file });
}

export const isTfJson = (path: string) => path.endsWith('.tf.json');

type BlockLine = { kind: 'resource' | 'data'; type: string; name: string; line: number };

/** .tf.json: the line of each resource/data name key (`"resource": { "T": { "N": { ... } } }`, arrays allowed). */
function findJsonBlockLines(text: string): BlockLine[] {
  const out: BlockLine[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], STRICT_JSON);
  } catch {
    return out;
  }
  /** Properties of an object, or of each object in an array (JSON syntax allows both at every level). */
  const props = (n: JsonNode | undefined): JsonNode[] =>
    !n
      ? []
      : n.type === 'object'
        ? (n.children ?? [])
        : n.type === 'array'
          ? (n.children ?? []).flatMap((c) => (c.type === 'object' ? (c.children ?? []) : []))
          : [];
  for (const top of props(root)) {
    const kind = top.children?.[0]?.value;
    if (kind !== 'resource' && kind !== 'data') continue;
    for (const t of props(top.children?.[1]))
      for (const n of props(t.children?.[1]))
        out.push({
          kind,
          type: String(t.children?.[0]?.value),
          name: String(n.children?.[0]?.value),
          line: lineColAt(text, n.offset).line,
        });
  }
  return out;
}

/** Line of the `module "NAME" {` header in a .tf file (undefined in .tf.json or when not found). */
function moduleLine(text: string, name: string): number | undefined {
  const i = text.split(/\r?\n/).findIndex((l) => new RegExp(`^\\s*module\\s+"?${name}"?\\s*\\{`).test(l));
  return i < 0 ? undefined : i + 1;
}

/** Line numbers of `resource "T" "N"` / `data "T" "N"` block headers in one file's text (`path`: .tf or .tf.json). */
export function findBlockLines(text: string, path = ''): BlockLine[] {
  if (isTfJson(path)) return findJsonBlockLines(text);
  const out: BlockLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((l, i) => {
    const m = /^\s*(resource|data)\s+"?([A-Za-z0-9_-]+)"?\s+"?([A-Za-z0-9_-]+)"?\s*\{/.exec(l);
    if (m) out.push({ kind: m[1] as 'resource' | 'data', type: m[2]!, name: m[3]!, line: i + 1 });
  });
  return out;
}

/**
 * Derived attributes other blocks commonly reference (what Terraform would compute from the name). The S3 arn
 * uses the partition of the provider region, as the analyzer does (no region: "aws").
 */
/** Resources whose id is their bucket argument (the provider's d.SetId(bucket)). */
export const ID_IS_BUCKET = new Set([
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_ownership_controls',
]);

function derived(type: string, values: Body, attrName: string, region: () => string | undefined): unknown {
  const name = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  switch (type) {
    case 'aws_s3_bucket': {
      const b = name('bucket');
      if (!b) return undefined;
      if (attrName === 'id' || attrName === 'bucket') return b;
      if (attrName === 'arn') {
        const r = region();
        return `arn:${(r && partitionOfRegion(r)) || 'aws'}:s3:::${b}`;
      }
      if (attrName === 'bucket_domain_name') return `${b}.s3.amazonaws.com`;
      return undefined;
    }
    case 'google_storage_bucket': {
      const b = name('name');
      if (!b) return undefined;
      if (attrName === 'id' || attrName === 'name') return b;
      if (attrName === 'url') return `gs://${b}`;
      return undefined;
    }
    case 'aws_s3_access_point':
      return attrName === 'name' ? name('name') : undefined;
    default:
      return ID_IS_BUCKET.has(type) && attrName === 'id' ? name('bucket') : undefined;
  }
}

/** Meta-arguments of a module call: the rest are the module's input variables. */
const MODULE_META = new Set([...META, 'source', 'version']);

/** A block body's arguments and nested blocks (dynamic blocks expanded), without the meta-arguments (`meta`). */
export function evaluateBody(body: Body, scope: Scope, meta: ReadonlySet<string> = META): Body {
  const own: Body = {};
  for (const [k, v] of Object.entries(body)) if (!meta.has(k)) own[k] = v;
  return evaluateHclJson(own, scope) as Body;
}

/** Attributes `derived` computes, per resource type (an instance read as a whole object carries them). */
export const DERIVED_ATTRS: Record<string, readonly string[]> = {
  aws_s3_bucket: ['id', 'bucket', 'arn', 'bucket_domain_name'],
  google_storage_bucket: ['id', 'name', 'url'],
  aws_s3_access_point: ['name'],
  ...Object.fromEntries([...ID_IS_BUCKET].map((t) => [t, ['id']])),
};

/** Nested blocks of one type, or JSON-syntax values: hcl2json gives a list; .tf.json may give one object. */
const objectsOf = (v: unknown): Body[] =>
  (Array.isArray(v) ? v : [v]).filter(
    (x): x is Body => Boolean(x) && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Computed),
  );

/** data "aws_iam_policy_document" -> the JSON document its `json` attribute holds. */
export function renderIamPolicyDocument(values: Body): unknown {
  // source_policy_documents / override_policy_documents: JSON documents merged around this one's statements.
  const documents = (k: 'source_policy_documents' | 'override_policy_documents'): Body[] | Computed => {
    const v = values[k];
    if (v === undefined || v === null) return [];
    if (v instanceof Computed) return v;
    if (!Array.isArray(v)) return new Computed(`aws_iam_policy_document ${k} is not a list`);
    const out: Body[] = [];
    for (const d of v) {
      if (d instanceof Computed) return d;
      if (d === null || d === '') continue;
      try {
        const doc = typeof d === 'string' ? JSON.parse(d) : d;
        if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not an object');
        out.push(doc as Body);
      } catch {
        return new Computed(`aws_iam_policy_document ${k}: an entry is not a JSON policy document`);
      }
    }
    return out;
  };
  // source_json / override_json (provider v3): not merged here; an unknown, never the document without them.
  if (values.source_json !== undefined || values.override_json !== undefined)
    return new Computed('aws_iam_policy_document source_json/override_json are not merged statically');
  const sources = documents('source_policy_documents');
  if (sources instanceof Computed) return sources;
  const overrides = documents('override_policy_documents');
  if (overrides instanceof Computed) return overrides;
  // A statement (or a nested block of one) that a dynamic block could not generate statically.
  const unknownStatement = firstComputed(values.statement);
  if (unknownStatement) return unknownStatement;
  const statements = objectsOf(values.statement);
  const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const principals = (v: unknown) => {
    const blocks = objectsOf(v);
    if (blocks.length === 0) return undefined;
    const out: Record<string, unknown> = {};
    for (const p of blocks) {
      const ids = Array.isArray(p.identifiers) ? p.identifiers : [p.identifiers];
      if (p.type === '*' && ids.length === 1 && ids[0] === '*' && blocks.length === 1) return '*';
      const key = String(p.type);
      out[key] = one([...((Array.isArray(out[key]) ? out[key] : out[key] ? [out[key]] : []) as unknown[]), ...ids]);
    }
    return out;
  };
  const doc = {
    Version: values.version ?? '2012-10-17',
    ...(values.policy_id ? { Id: values.policy_id } : {}),
    Statement: statements.map((s) => {
      const st: Record<string, unknown> = {};
      if (s.sid) st.Sid = s.sid;
      st.Effect = s.effect ?? 'Allow';
      const p = principals(s.principals);
      if (p) st.Principal = p;
      const np = principals(s.not_principals);
      if (np) st.NotPrincipal = np;
      if (s.actions) st.Action = one(s.actions);
      if (s.not_actions) st.NotAction = one(s.not_actions);
      if (s.resources) st.Resource = one(s.resources);
      if (s.not_resources) st.NotResource = one(s.not_resources);
      if (objectsOf(s.condition).length > 0) {
        const cond: Record<string, Record<string, unknown>> = {};
        for (const c of objectsOf(s.condition)) {
          const test = String(c.test);
          cond[test] ??= {};
          cond[test][String(c.variable)] = one(c.values);
        }
        st.Condition = cond;
      }
      return st;
    }),
  };
  const c = firstComputed(doc);
  if (c) return c;
  if (sources.length === 0 && overrides.length === 0) return JSON.stringify(doc);
  // The provider's merge: source documents, then this document, then the override documents, in that order;
  // a statement with a non-blank Sid replaces the earlier statement with the same Sid, any other is appended.
  const merged: Body[] = [];
  const add = (d: Body) => {
    const list = Array.isArray(d.Statement) ? d.Statement : d.Statement ? [d.Statement] : [];
    for (const st of list as Body[]) {
      const sid = typeof st?.Sid === 'string' && st.Sid !== '' ? st.Sid : undefined;
      const i = sid === undefined ? -1 : merged.findIndex((x) => x.Sid === sid);
      if (i >= 0) merged[i] = st;
      else merged.push(st);
    }
  };
  for (const d of [...sources, doc as Body, ...overrides]) add(d);
  return JSON.stringify({ ...doc, Statement: merged });
}

/** data "google_iam_policy" -> its `policy_data`. */
export function renderGoogleIamPolicy(values: Body): unknown {
  const unknownBinding = firstComputed(values.binding);
  if (unknownBinding) return unknownBinding;
  const bindings = objectsOf(values.binding).map((b) => {
    const cond = objectsOf(b.condition)[0];
    return { role: b.role, members: b.members, ...(cond ? { condition: cond } : {}) };
  });
  const c = firstComputed(bindings);
  return c ?? JSON.stringify({ bindings });
}

/** Variable definition files Terraform loads by itself for a root module, in its order of precedence (last wins). */
export function isAutoTfvars(name: string): boolean {
  return /^terraform\.tfvars(\.json)?$/.test(name) || /\.auto\.tfvars(\.json)?$/.test(name);
}

export function tfvarsOrder(names: readonly string[]): string[] {
  const rank = (n: string) => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  return names.filter(isAutoTfvars).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Root module variable values from terraform.tfvars, terraform.tfvars.json and *.auto.tfvars(.json), which
 * override the variables' defaults (files in tfvarsOrder: a later file wins). Values are literal; an
 * invalid file is an input error naming it.
 */
export async function readTfvars(files: readonly HclFile[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const literal: Scope = { traverse: (root) => new Computed(`${root} is not allowed in a variable definitions file`) };
  for (const f of files) {
    let values: Record<string, unknown>;
    if (f.path.endsWith('.json')) {
      const doc = parseJsonWithLocation(f.text, f.path);
      if (!doc || typeof doc !== 'object' || Array.isArray(doc))
        throw inputError('expected a JSON object of variable values', { file: f.path, line: 1 });
      values = doc as Record<string, unknown>;
    } else {
      let json: Record<string, unknown>;
      try {
        json = await parseHcl(f.path, f.text);
      } catch (err) {
        throw hclError(f.path, err);
      }
      values = evaluateHclJson(json, literal) as Record<string, unknown>;
    }
    Object.assign(out, values);
  }
  return out;
}

/**
 * A .tf.json document in the shape hcl2json gives a .tf file: resource/data { T: { N: [body] } }, variable,
 * module, provider { N: [body] }, locals [ {...} ]. Nested blocks stay objects or arrays, as written; the
 * readers take either. Property names "//" are comments.
 */
function fromJsonSyntax(doc: unknown, file: string): Record<string, unknown> {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw inputError('expected a JSON object (Terraform JSON configuration syntax)', { file, line: 1 });
  const out: Record<string, unknown> = {};
  const named = (v: unknown): Record<string, Body[]> => {
    const m: Record<string, Body[]> = {};
    for (const o of objectsOf(v))
      for (const [name, body] of Object.entries(o)) if (name !== '//') m[name] = [...(m[name] ?? []), ...objectsOf(body)];
    return m;
  };
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'resource' || k === 'data') {
      const byType: Record<string, Record<string, Body[]>> = {};
      for (const o of objectsOf(v))
        for (const [type, byName] of Object.entries(o)) if (type !== '//') byType[type] = { ...byType[type], ...named(byName) };
      out[k] = byType;
    } else if (k === 'variable' || k === 'module' || k === 'provider' || k === 'output') out[k] = named(v);
    else if (k === 'locals' || k === 'import') out[k] = objectsOf(v);
  }
  return out;
}

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** override.tf, override.tf.json, *_override.tf, *_override.tf.json: merged into the blocks they name. */
export function isOverrideFile(path: string): boolean {
  return /^(?:override|.*_override)\.tf(?:\.json)?$/.test(baseName(path));
}

/** Files in the order Terraform applies them: the ordinary files, then the override files by name. */
export function configOrder<F extends { path: string }>(files: readonly F[]): F[] {
  const overrides = files
    .filter((f) => isOverrideFile(f.path))
    .sort((a, b) => (baseName(a.path) < baseName(b.path) ? -1 : baseName(a.path) > baseName(b.path) ? 1 : 0));
  return [...files.filter((f) => !isOverrideFile(f.path)), ...overrides];
}

/**
 * An override block merged into the block it overrides (Terraform's override files): its arguments replace
 * the same arguments; its nested blocks of one type replace every block of that type (static or dynamic);
 * anything it does not name stays.
 */
function mergeOverride(base: Body, over: Body): Body {
  const out: Body = { ...base };
  const dyn: Record<string, unknown> = { ...((base.dynamic as Record<string, unknown> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(over)) {
    if (k === 'dynamic' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [t, spec] of Object.entries(v)) {
        delete out[t];
        dyn[t] = spec;
      }
    } else {
      delete dyn[k];
      out[k] = v;
    }
  }
  if (Object.keys(dyn).length > 0) out.dynamic = dyn;
  else delete out.dynamic;
  return out;
}

type ParsedFiles = { merged: Parsed; perFile: { file: HclFile; json: Record<string, unknown> }[] };

/** One parse per list of files: a module called with count/for_each is read once per instance, parsed once. */
const parsedFiles = new WeakMap<readonly HclFile[], Promise<ParsedFiles>>();

/** Parse and merge the .tf files of one module directory (hcl2json: expressions are "${...}" strings). */
export function parseFiles(files: HclFile[]): Promise<ParsedFiles> {
  let parsed = parsedFiles.get(files);
  if (!parsed) {
    parsed = parseUncached(files);
    parsedFiles.set(files, parsed);
  }
  return parsed;
}

async function parseUncached(files: HclFile[]): Promise<ParsedFiles> {
  const merged: Parsed = {
    resource: {},
    data: {},
    variable: {},
    locals: [],
    module: {},
    provider: {},
    output: {},
    import: [],
  };
  const perFile: { file: HclFile; json: Record<string, unknown> }[] = [];
  for (const f of configOrder(files)) {
    let json: Record<string, unknown>;
    if (isTfJson(f.path)) json = fromJsonSyntax(parseJsonWithLocation(f.text, f.path), f.path);
    else
      try {
        json = await parseHcl(f.path, f.text);
      } catch (err) {
        throw hclError(f.path, err);
      }
    perFile.push({ file: f, json });
    const override = isOverrideFile(f.path);
    /** One named block: a new one, or an override merged into the one declared before. */
    const put = (into: Record<string, Body[]>, name: string, bodies: Body[]) => {
      const base = into[name]?.[0];
      into[name] = override && base ? [bodies.reduce(mergeOverride, base)] : bodies;
    };
    for (const kind of ['resource', 'data'] as const) {
      const byType = (json[kind] ?? {}) as Record<string, Record<string, Body[]>>;
      for (const [type, byName] of Object.entries(byType)) {
        merged[kind][type] ??= {};
        for (const [name, bodies] of Object.entries(byName)) put(merged[kind][type]!, name, bodies);
      }
    }
    for (const [name, bodies] of Object.entries((json.variable ?? {}) as Record<string, Body[]>))
      put(merged.variable, name, bodies);
    for (const [name, bodies] of Object.entries((json.module ?? {}) as Record<string, Body[]>)) put(merged.module, name, bodies);
    for (const [name, bodies] of Object.entries((json.output ?? {}) as Record<string, Body[]>)) put(merged.output, name, bodies);
    for (const [name, bodies] of Object.entries((json.provider ?? {}) as Record<string, Body[]>)) {
      if (!override || !merged.provider[name]) {
        merged.provider[name] = [...(merged.provider[name] ?? []), ...bodies];
        continue;
      }
      // Provider configurations are matched by alias.
      const list = [...merged.provider[name]!];
      for (const b of bodies) {
        const i = list.findIndex((p) => p.alias === b.alias);
        if (i >= 0) list[i] = mergeOverride(list[i]!, b);
        else list.push(b);
      }
      merged.provider[name] = list;
    }
    // A later locals entry wins (an override file's locals replace the same names).
    if (Array.isArray(json.locals)) merged.locals.push(...(json.locals as Body[]));
    merged.import.push(...objectsOf(json.import));
  }
  return { merged, perFile };
}

/** Module calls with each one after the calls its arguments read outputs of (module.a.x), so those are known. */
function moduleOrder(calls: Record<string, Body[]>): [string, Body[]][] {
  const names = Object.keys(calls);
  const out: [string, Body[]][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string) => {
    if (state.has(n)) return; // done, or a cycle between calls: keep the order found
    state.set(n, 'visiting');
    const text = JSON.stringify(calls[n]);
    for (const m of names) if (m !== n && new RegExp(`\\bmodule\\.${m}\\b`).test(text)) visit(m);
    state.set(n, 'done');
    out.push([n, calls[n]!]);
  };
  for (const n of names) visit(n);
  return out;
}

/** A child module's output as its caller sees it: an unknown part depends on the module call. */
function asModuleOutput(v: unknown, call: string): unknown {
  if (v instanceof Computed) return new Computed(v.detail, [call], v.error);
  if (Array.isArray(v)) return v.map((x) => asModuleOutput(x, call));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asModuleOutput(x, call)]));
  return v;
}

interface Instance {
  key: number | string | undefined;
  values: Body;
}

/**
 * Where the resource and data blocks of one module's files are declared ("<prefix>.TYPE.NAME" -> file:line, into
 * `locations`; a block is where it is declared, an override file only names it when nothing before does), and the
 * inline suppressions above them.
 */
export function scanBlocks(files: readonly HclFile[], prefix: string, locations: BlockLocations): InlineSuppression[] {
  const suppressions: InlineSuppression[] = [];
  for (const file of configOrder(files)) {
    const lines = findBlockLines(file.text, file.path);
    for (const l of lines) {
      const base = stripIndexes(`${prefix ? `${prefix}.` : ''}${l.kind === 'data' ? 'data.' : ''}${l.type}.${l.name}`);
      if (!isOverrideFile(file.path) || !locations.has(base)) locations.set(base, { file: file.path, line: l.line });
    }
    suppressions.push(...parseSuppressions(file.path, file.text, lines, prefix));
  }
  return suppressions;
}

/**
 * A variable `type` that is a collection ("${list(string)}", bare "${map}" = map(any), .tf.json "set(string)"):
 * Terraform parses a TF_VAR_ value for it as HCL, not as the string it is.
 */
function isCollectionType(type: unknown): boolean {
  return typeof type === 'string' && /^(?:\$\{)?\s*(?:list|map|set|object|tuple)\b/.test(type);
}

/** Read one module (the .tf files of one directory) into blocks; follows local module calls. */
export async function readHclModule(files: HclFile[], opts: HclReadOptions = {}): Promise<HclModuleResult> {
  const prefix = opts.modulePrefix ?? '';
  const { merged, perFile } = await parseFiles(files);
  const warnings: string[] = [];
  const locations: BlockLocations = new Map();
  const suppressions = scanBlocks(files, prefix, locations);

  // ---- scope: variables, locals, resources (lazy, memoised, cycle-safe)
  const localBodies: Body = Object.assign({}, ...merged.locals);
  const localCache = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const instCache = new Map<string, Instance[] | Computed>();
  /** Local child modules read so far: call name -> outputs (a list for count, a map for for_each). */
  const moduleOutputs = new Map<string, unknown>();

  // file()/templatefile() with a literal path (or under path.module/path.root): read before evaluating.
  const rootDir = opts.rootDir ?? opts.dir;
  const fileTexts = new Map<string, string>();
  const fileKey = (p: string) => (opts.resolveDir && rootDir !== undefined ? opts.resolveDir(rootDir, p) : p);
  if (opts.readFile)
    for (const { file } of perFile)
      for (const m of file.text.matchAll(/\b(?:file|templatefile)\(\s*"((?:[^"\\]|\\.)*)"/g)) {
        const p = m[1]!
          .replace(/\$\{\s*path\.module\s*\}/g, opts.dir ?? '.')
          .replace(/\$\{\s*path\.(?:root|cwd)\s*\}/g, rootDir ?? '.');
        if (p.includes('${') || fileTexts.has(fileKey(p))) continue;
        const text = await opts.readFile(fileKey(p));
        if (text !== undefined) fileTexts.set(fileKey(p), text);
      }

  const rootScope: Scope = {
    readFile: (p: string) => fileTexts.get(fileKey(p)) ?? new Computed(`file ${JSON.stringify(p)} not read`),
    traverse(root: string, steps: Step[]): unknown {
      const first = steps[0];
      const firstName = first?.kind === 'attr' ? first.name : undefined;
      switch (root) {
        case 'var': {
          if (!firstName) return new Computed('var without name');
          if (opts.inputs && firstName in opts.inputs) return applySteps(opts.inputs[firstName], steps.slice(1));
          const body = merged.variable[firstName]?.[0];
          const fromEnv = opts.envValues?.[firstName];
          if (body && fromEnv !== undefined)
            return isCollectionType(body.type)
              ? new Computed(`TF_VAR_${firstName} (a collection type) is not read`)
              : applySteps(fromEnv, steps.slice(1));
          if (body && 'default' in body) return applySteps(evaluateHclJson(body.default, rootScope), steps.slice(1));
          return new Computed(`variable ${firstName} has no default (set at plan time)`);
        }
        case 'local': {
          if (!firstName || !(firstName in localBodies)) return new Computed(`local.${firstName} not found`);
          const key = `local.${firstName}`;
          if (!localCache.has(key)) {
            if (inProgress.has(key)) return new Computed(`cycle at ${key}`);
            inProgress.add(key);
            localCache.set(key, evaluateHclJson(localBodies[firstName], rootScope));
            inProgress.delete(key);
          }
          return applySteps(localCache.get(key), steps.slice(1));
        }
        case 'each':
        case 'count':
        case 'self':
          return new Computed(`${root} outside of its block`);
        case 'path': {
          const dir = firstName === 'module' ? opts.dir : firstName === 'root' || firstName === 'cwd' ? rootDir : undefined;
          return dir !== undefined ? applySteps(dir, steps.slice(1)) : new Computed(`path.${firstName ?? ''} not evaluated`);
        }
        case 'terraform':
          return new Computed(`${root}.${firstName ?? ''} not evaluated`);
        case 'module': {
          const out = firstName ? moduleOutputs.get(firstName) : undefined;
          if (out === undefined)
            return new Computed(
              `module output module.${firstName ?? ''} not evaluated`,
              firstName ? [`module.${firstName}`] : [],
            );
          return applySteps(out, steps.slice(1));
        }
        case 'data': {
          const second = steps[1];
          if (!firstName || second?.kind !== 'attr') return new Computed('bad data reference');
          return resolveResource('data', firstName, second.name, steps.slice(2));
        }
        default: {
          if (!firstName) return new Computed(`reference ${root}`);
          return resolveResource('managed', root, firstName, steps.slice(1));
        }
      }
    },
  };

  function instancesOf(mode: 'managed' | 'data', type: string, name: string): Instance[] | Computed {
    const key = `${mode}.${type}.${name}`;
    const cached = instCache.get(key);
    if (cached) return cached;
    const ref = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const body = (mode === 'data' ? merged.data : merged.resource)[type]?.[name]?.[0];
    if (!body) return new Computed(`${ref} is not declared in this module`, [ref]);
    if (inProgress.has(key)) return new Computed(`reference cycle at ${ref}`, [ref]);
    inProgress.add(key);
    const result = expand(body, (s) => evalBody(mode, type, body, s), ref);
    inProgress.delete(key);
    instCache.set(key, result);
    return result;
  }

  function evalBody(mode: 'managed' | 'data', type: string, body: Body, scope: Scope): Body {
    const values = evaluateBody(body, scope);
    if (mode === 'data' && type === 'aws_iam_policy_document') {
      const rendered = renderIamPolicyDocument(values);
      values.json = rendered;
      values.minified_json = rendered;
    }
    if (mode === 'data' && type === 'google_iam_policy') values.policy_data = renderGoogleIamPolicy(values);
    // data "template_file" (hashicorp/template): `rendered` is the template with `vars`, as templatefile().
    if (mode === 'data' && type === 'template_file')
      values.rendered =
        values.template instanceof Computed
          ? values.template
          : typeof values.template === 'string'
            ? renderTemplate(values.template, values.vars ?? {}, 'data "template_file"')
            : new Computed('data "template_file" without a template');
    return values;
  }

  function resolveResource(mode: 'managed' | 'data', type: string, name: string, rest: Step[]): unknown {
    const ref = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const inst = instancesOf(mode, type, name);
    if (inst instanceof Computed) return new Computed(inst.detail, [ref]);
    let steps = rest;
    let chosen: Instance | undefined;
    const keyed = inst.length !== 1 || inst[0]!.key !== undefined;
    if (keyed) {
      const s = steps[0];
      // The resource as a whole (`for_each = aws_s3_bucket.this`): a list (count) or map (for_each) of instances.
      if (s === undefined) return wholeResource(type, inst, ref);
      if (s?.kind !== 'index') return new Computed(`${ref} has several instances`, [ref]);
      chosen = inst.find((i) => i.key === s.value || String(i.key) === String(s.value));
      steps = steps.slice(1);
    } else chosen = inst[0];
    if (!chosen) return new Computed(`${ref} instance not found`, [ref]);
    const a = steps[0];
    if (a === undefined) return instanceObject(type, chosen.values, ref);
    if (a?.kind !== 'attr') return new Computed(`${ref} used as a whole object`, [ref]);
    const d = derived(type, chosen.values, a.name, regionNow);
    const v = d !== undefined ? d : chosen.values[a.name];
    if (v === undefined) return new Computed(`${ref}.${a.name} is known only after apply`, [ref]);
    if (v instanceof Computed) return new Computed(v.detail, [...new Set([ref, ...v.refs])]);
    const out = applySteps(v, steps.slice(1));
    return out instanceof Computed ? new Computed(out.detail, [ref]) : out;
  }

  /** One instance as an object value: its arguments plus the derived attributes other blocks read. */
  function instanceObject(type: string, values: Body, ref: string): Body {
    const out: Body = { ...values };
    for (const attr of DERIVED_ATTRS[type] ?? []) {
      const d = derived(type, values, attr, regionNow);
      out[attr] = d !== undefined ? d : new Computed(`${ref}.${attr} is known only after apply`, [ref]);
    }
    return out;
  }

  function wholeResource(type: string, inst: Instance[], ref: string): unknown {
    if (inst.every((i) => typeof i.key === 'number')) return inst.map((i) => instanceObject(type, i.values, ref));
    return Object.fromEntries(inst.map((i) => [String(i.key), instanceObject(type, i.values, ref)]));
  }

  /** Region of the default aws provider (inherited from the caller when none is declared); lazy, cycle-safe. */
  let regionMemo: { v: string | undefined } | undefined;
  function regionNow(): string | undefined {
    if (!regionMemo) {
      regionMemo = { v: undefined };
      const awsProvider = merged.provider.aws?.find((p) => p.alias === undefined);
      const rv = awsProvider ? evaluateHclJson(awsProvider.region, rootScope) : opts.region;
      regionMemo = { v: typeof rv === 'string' ? rv : undefined };
    }
    return regionMemo.v;
  }

  /** Where a block of this module (`aws_s3_bucket.b`, `module.site`) is declared, for input errors. */
  function declaredAt(what: string): { file: string; line?: number } {
    const loc = locations.get(stripIndexes(`${prefix ? `${prefix}.` : ''}${what}`));
    if (loc) return loc;
    const call = /^module\.(.+)$/.exec(what)?.[1];
    const at = call
      ? perFile.map(({ file }) => ({ file, line: moduleLine(file.text, call) })).find((x) => x.line !== undefined)
      : undefined;
    return { file: at?.file.path ?? files[0]?.path ?? '', ...(at?.line !== undefined ? { line: at.line } : {}) };
  }

  /** count / for_each expansion in the module scope. */
  function expand(body: Body, evalIn: (s: Scope) => Body, what: string): Instance[] | Computed {
    const withVars = (vars: Record<string, unknown>): Scope => ({
      traverse(root, steps) {
        if (root in vars) return applySteps(vars[root], steps);
        return rootScope.traverse(root, steps);
      },
      readFile: (p) => rootScope.readFile!(p),
    });
    if (body.count !== undefined) {
      const n = evaluateHclJson(body.count, rootScope);
      // Terraform rejects these; read as zero instances they dropped the resource from the report.
      if (typeof n === 'number' && (n < 0 || !Number.isInteger(n)))
        throw inputError(`count of ${what} is ${n}: expected a whole number, 0 or more`, declaredAt(what));
      if (typeof n !== 'number' || n > MAX_COUNT) {
        const detail =
          typeof n === 'number' ? `count of ${what} is ${n}, too many instances to expand` : `count of ${what} is not static`;
        return [{ key: undefined, values: evalIn(withVars({ count: { index: new Computed(detail) } })) }];
      }
      return Array.from({ length: n }, (_, i) => ({ key: i, values: evalIn(withVars({ count: { index: i } })) }));
    }
    if (body.for_each !== undefined) {
      const fe = evaluateHclJson(body.for_each, rootScope);
      // The keys must be known (a map's keys always are; a set's elements are its keys); values may be unknown.
      if (fe instanceof Computed || fe === null || typeof fe !== 'object' || (Array.isArray(fe) && fe.some(hasComputed))) {
        const c = new Computed(`for_each of ${what} is not static`);
        return [{ key: undefined, values: evalIn(withVars({ each: { key: c, value: c } })) }];
      }
      const entries: [string, unknown][] = Array.isArray(fe)
        ? fe.map((x) => [String(x), x])
        : Object.entries(fe as Record<string, unknown>);
      return entries.map(([k, v]) => ({ key: k, values: evalIn(withVars({ each: { key: k, value: v } })) }));
    }
    return [{ key: undefined, values: evalIn(rootScope) }];
  }

  // ---- import blocks (root module only): `to = aws_s3_bucket.b` / "module.a.aws_s3_bucket.b[0]"
  const imported = new Set(opts.imported ?? []);
  for (const imp of merged.import) {
    const to = typeof imp.to === 'string' ? imp.to.replace(/^\$\{\s*|\s*\}$/g, '') : undefined;
    if (to) imported.add(stripIndexes(`${prefix ? `${prefix}.` : ''}${to}`));
  }

  // ---- local child modules, first: the module's own blocks may read their outputs
  const blocks: TfBlock[] = [];
  const childBlocks: TfBlock[] = [];
  const region = regionNow();
  for (const [mname, bodies] of moduleOrder(merged.module)) {
    const body = bodies[0]!;
    const source = typeof body.source === 'string' ? body.source : undefined;
    const key = opts.moduleKey ? `${opts.moduleKey}.${mname}` : mname;
    const local = source !== undefined && (source.startsWith('./') || source.startsWith('../'));
    // A registry or git module is read where `terraform init` installed it, when it did.
    const installed = local ? undefined : opts.installedModules?.get(key);
    if (!source || (!local && !installed) || !opts.loadModule || !opts.resolveDir || opts.dir === undefined) {
      warnings.push(
        `module.${mname}: source ${JSON.stringify(source)} is not a local path and not installed (.terraform/modules, terraform init); its resources are not read`,
      );
      continue;
    }
    const childDir = installed ?? opts.resolveDir(opts.dir, source);
    // A module that calls itself, directly or through others, never ends (Terraform rejects it too).
    const chain = [...(opts.moduleChain ?? []), opts.dir];
    if (chain.includes(childDir))
      throw inputError(
        `module.${mname}: source ${JSON.stringify(source)} calls a module that is already being read (a module cycle)`,
        declaredAt(`module.${mname}`),
      );
    const childFiles = await opts.loadModule(childDir);
    if (!childFiles) {
      warnings.push(`module.${mname}: ${childDir} not found`);
      continue;
    }
    const instances = expand(body, (s) => evaluateBody(body, s, MODULE_META), `module.${mname}`);
    const list = instances instanceof Computed ? [] : instances;
    const outs: [number | string | undefined, unknown][] = [];
    for (const i of list) {
      const childPrefix = `${prefix ? `${prefix}.` : ''}module.${mname}${i.key === undefined ? '' : typeof i.key === 'number' ? `[${i.key}]` : `[${JSON.stringify(i.key)}]`}`;
      const child = await readHclModule(childFiles, {
        ...opts,
        imported,
        moduleKey: key,
        moduleChain: chain,
        ...(rootDir !== undefined ? { rootDir } : {}),
        modulePrefix: childPrefix,
        inputs: i.values,
        envValues: {}, // TF_VAR_ values are the root module's only
        dir: childDir,
        ...(region ? { region } : {}),
      });
      childBlocks.push(...child.blocks);
      suppressions.push(...child.suppressions);
      for (const [k, v] of child.locations) locations.set(k, v);
      warnings.push(...child.warnings);
      outs.push([i.key, asModuleOutput(child.outputs, `module.${mname}`)]);
    }
    if (instances instanceof Computed || list.length === 0) continue;
    moduleOutputs.set(
      mname,
      list[0]!.key === undefined
        ? outs[0]![1]
        : typeof list[0]!.key === 'number'
          ? outs.map(([, o]) => o)
          : Object.fromEntries(outs.map(([key, o]) => [String(key), o])),
    );
  }
  // Values evaluated while reading the children could not see their outputs yet: evaluate again.
  instCache.clear();
  localCache.clear();

  // ---- blocks
  for (const mode of ['managed', 'data'] as const) {
    const byType = mode === 'data' ? merged.data : merged.resource;
    for (const [type, byName] of Object.entries(byType)) {
      for (const name of Object.keys(byName)) {
        const base = `${prefix ? `${prefix}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        const loc = locations.get(stripIndexes(base));
        const inst = instancesOf(mode, type, name);
        const list = inst instanceof Computed ? [] : inst;
        for (const i of list) {
          const address = `${base}${i.key === undefined ? '' : typeof i.key === 'number' ? `[${i.key}]` : `[${JSON.stringify(i.key)}]`}`;
          blocks.push({
            mode,
            type,
            name,
            address,
            baseAddress: base,
            module: prefix,
            values: i.values,
            // An imported resource exists: what the configuration does not declare is not known (like a state).
            isNew: !imported.has(stripIndexes(base)),
            ...(region && type.startsWith('aws_') ? { region } : {}),
            source: {
              origin: 'terraform-hcl',
              uri: loc?.file ?? files[0]?.path ?? '',
              ...(loc ? { file: loc.file, line: loc.line } : {}),
              address,
            },
          });
        }
      }
    }
  }
  blocks.push(...childBlocks);

  // ---- outputs
  const outputs: Record<string, unknown> = {};
  for (const [name, bodies] of Object.entries(merged.output)) outputs[name] = evaluateHclJson(bodies[0]?.value, rootScope);
  return { blocks, suppressions, locations, warnings, outputs };
}
