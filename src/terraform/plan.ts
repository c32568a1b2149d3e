import { type Node as JsonNode, parseTree } from 'jsonc-parser';
import { inputError } from '../errors.js';
import { jsonPathText, lineColAt, parseJsonWithLocation, STRICT_JSON } from '../runtime/json.js';
import { stripIndexes, type TfBlock } from './block.js';
import { Computed } from './expr.js';

type Obj = Record<string, unknown>;

/** One resource of the plan's `configuration` section: expressions hold `constant_value` and/or `references` only. */
export interface ConfigResource {
  expressions: Obj;
  providerConfigKey?: string;
}

export interface PlanReadResult {
  kind: 'plan' | 'state';
  blocks: TfBlock[];
  terraformVersion?: string;
  /** Local module call sources by module path ("module.a.module.b" -> "./modules/b"), to locate .tf files. */
  moduleSources: Map<string, string>;
  /** configuration.root_module resources by "<module path without keys>|<local address>". */
  configuration: Map<string, ConfigResource>;
  /** Module outputs of the configuration by "<module path without keys>|<output name>" -> the output's expression. */
  outputs: Map<string, Obj>;
  /** configuration.provider_config (provider config key -> { expressions, ... }). */
  providerConfig: Obj;
  /** Root module input variable values (`variables.<name>.value`). */
  variables: Obj;
}

/** Key of a block's configuration entry: "<module path without instance keys>|<local address>". */
export function configKey(b: Pick<TfBlock, 'module' | 'mode' | 'type' | 'name'>): string {
  return `${stripIndexes(b.module)}|${b.mode === 'data' ? 'data.' : ''}${b.type}.${b.name}`;
}

const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Index the configuration section: "<module path>|<type.name>" -> expressions. Structure is checked by `v`. */
function indexConfiguration(
  cfg: Obj | undefined,
  v: Validator,
): { resources: Map<string, ConfigResource>; moduleSources: Map<string, string>; outputs: Map<string, Obj> } {
  const resources = new Map<string, ConfigResource>();
  const moduleSources = new Map<string, string>();
  const outputs = new Map<string, Obj>();
  const walk = (mod: unknown, path: string, at: JsonPath) => {
    const m = v.obj(mod, at);
    if (!m) return;
    v.arr(m.resources, [...at, 'resources']).forEach((r, i) => {
      const here = [...at, 'resources', i];
      if (!isObj(r) || typeof r.address !== 'string')
        v.fail(here, 'an object with a string "address"', isObj(r) ? fieldProblem(r, 'address') : got(r));
      const providerConfigKey = v.str(r.provider_config_key, [...here, 'provider_config_key']);
      resources.set(`${path}|${r.address}`, {
        expressions: v.obj(r.expressions, [...here, 'expressions']) ?? {},
        ...(providerConfigKey !== undefined ? { providerConfigKey } : {}),
      });
    });
    for (const [name, o] of Object.entries(v.obj(m.outputs, [...at, 'outputs']) ?? {})) {
      const here = [...at, 'outputs', name];
      outputs.set(`${path}|${name}`, v.obj(v.entry(o, here).expression, [...here, 'expression']) ?? {});
    }
    for (const [name, call] of Object.entries(v.obj(m.module_calls, [...at, 'module_calls']) ?? {})) {
      const here = [...at, 'module_calls', name];
      const c = v.entry(call, here);
      const p = `${path ? `${path}.` : ''}module.${name}`;
      const source = v.str(c.source, [...here, 'source']);
      if (source !== undefined) moduleSources.set(p, source);
      walk(c.module, p, [...here, 'module']);
    }
  };
  if (cfg) walk(cfg.root_module, '', ['configuration', 'root_module']);
  return { resources, moduleSources, outputs };
}

/** "aws_s3_bucket.b.id" / "module.m.out" / "data.x.y.json" -> "aws_s3_bucket.b" / "module.m" / "data.x.y". */
function refTarget(ref: string): string {
  const parts = stripIndexes(ref).split('.');
  if (parts[0] === 'data') return parts.slice(0, 3).join('.');
  return parts.slice(0, 2).join('.');
}

/** Reference targets anywhere in a configuration expression (nested blocks included). */
export function referencesOf(expr: unknown): string[] {
  const out = new Set<string>();
  const walk = (e: unknown) => {
    if (Array.isArray(e)) e.forEach(walk);
    else if (isObj(e)) {
      if (Array.isArray(e.references)) for (const r of e.references) if (typeof r === 'string') out.add(refTarget(r));
      for (const [k, v] of Object.entries(e)) if (k !== 'references') walk(v);
    }
  };
  walk(expr);
  return [...out];
}

/** `after` with its unknown parts (after_unknown) as Computed, each naming its own path (two unknowns are told apart). */
function mergeUnknown(after: unknown, unk: unknown, path: string, refs: string[]): unknown {
  if (unk === true) return new Computed(`${path} is known only after apply`, refs);
  if (Array.isArray(unk)) {
    const arr = Array.isArray(after) ? [...after] : [];
    unk.forEach((u, i) => {
      if (u !== false && u !== undefined) arr[i] = mergeUnknown(arr[i], u, `${path}[${i}]`, refs);
    });
    return arr;
  }
  if (isObj(unk)) {
    const o: Obj = isObj(after) ? { ...after } : {};
    for (const [k, u] of Object.entries(unk)) if (u !== false) o[k] = mergeUnknown(o[k], u, `${path}.${k}`, refs);
    return o;
  }
  return after;
}

function addressLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = last; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    last = m.index;
    const addr = JSON.parse(`"${m[1]}"`) as string;
    if (!out.has(addr)) out.set(addr, line);
  }
  return out;
}

type JsonPath = (string | number)[];

/** "an array", "a string", "null", ... for messages; "missing" for an absent key (undefined). */
function kindOf(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${/^[aeiou]/.test(typeof v) ? 'an' : 'a'} ${typeof v}`;
}

/** Why `o[key]` is not a string: '"name" is missing' / '"name" is a number'. */
function fieldProblem(o: Obj, key: string): string {
  return `"${key}" is ${kindOf(o[key])}`;
}

/** Why a value has the wrong JSON type, in parentheses after "expected ...": "got an array", "got null", "missing". */
function got(v: unknown): string {
  return v === undefined ? kindOf(v) : `got ${kindOf(v)}`;
}

/**
 * 1-based line of the value at `path` in the JSON `text`, or of its deepest ancestor present (a missing key points
 * at the object that lacks it). `text` is known to be valid JSON. Runs only when reporting an error; undefined when
 * the document nests deeper than jsonc-parser's recursion allows.
 */
function lineOfPath(text: string, path: JsonPath): number | undefined {
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, [], STRICT_JSON);
  } catch {
    return undefined;
  }
  let node = root;
  for (const seg of path) {
    const child = node && childAt(node, seg);
    if (!child) break;
    node = child;
  }
  return node && lineColAt(text, node.offset).line;
}

/** The value node under `seg`; for a duplicate key the last one, as JSON.parse keeps (findNodeAtLocation: the first). */
function childAt(node: JsonNode, seg: string | number): JsonNode | undefined {
  if (typeof seg === 'number') return node.type === 'array' ? node.children?.[seg] : undefined;
  if (node.type !== 'object') return undefined;
  return node.children?.findLast((prop) => prop.children?.[0]?.value === seg)?.children?.[1];
}

/** Structural checks: optional keys may be absent; present with the wrong JSON type is an input error. */
interface Validator {
  fail(path: JsonPath, expected: string, problem?: string): never;
  /** Optional object. */
  obj(v: unknown, path: JsonPath): Obj | undefined;
  /** Required object (an array entry, a map value). */
  entry(v: unknown, path: JsonPath): Obj;
  /** Optional array ([] when absent). */
  arr(v: unknown, path: JsonPath): unknown[];
  /** Optional string. */
  str(v: unknown, path: JsonPath): string | undefined;
}

function validator(file: string, text: string | undefined): Validator {
  const fail = (path: JsonPath, expected: string, problem?: string): never => {
    const line = text !== undefined ? lineOfPath(text, path) : undefined;
    throw inputError(`${jsonPathText(path)}: expected ${expected}${problem ? ` (${problem})` : ''}`, {
      file,
      ...(line !== undefined ? { line } : {}),
    });
  };
  return {
    fail,
    obj: (v, path) => (v === undefined ? undefined : isObj(v) ? v : fail(path, 'an object', got(v))),
    entry: (v, path) => (isObj(v) ? v : fail(path, 'an object', got(v))),
    arr: (v, path) => (v === undefined ? [] : Array.isArray(v) ? v : fail(path, 'an array', got(v))),
    str: (v, path) => (v === undefined || typeof v === 'string' ? v : fail(path, 'a string', got(v))),
  };
}

/** A resource of planned_values/prior_state/values or a resource_changes entry, checked. */
type ResourceEntry = Obj & { address: string; type: string; name: string; mode: 'managed' | 'data' };

function resourceEntry(r: unknown, path: JsonPath, v: Validator): ResourceEntry {
  const expected = 'an object with string "address", "type" and "name"';
  if (!isObj(r)) return v.fail(path, expected, got(r));
  for (const k of ['address', 'type', 'name']) if (typeof r[k] !== 'string') v.fail(path, expected, fieldProblem(r, k));
  if (r.mode !== undefined && r.mode !== 'managed' && r.mode !== 'data')
    v.fail([...path, 'mode'], '"managed" or "data"', typeof r.mode === 'string' ? `got "${r.mode}"` : got(r.mode));
  return { ...r, mode: r.mode === 'data' ? 'data' : 'managed' } as ResourceEntry;
}

/** Resources of a module tree (planned_values/prior_state.values/values root_module) with their module address. */
function moduleResources(
  mod: unknown,
  path: JsonPath,
  v: Validator,
  onlyData = false,
  out: { r: ResourceEntry; module: string; values: Obj }[] = [],
) {
  const m = v.obj(mod, path);
  if (!m) return out;
  const module = v.str(m.address, [...path, 'address']) ?? '';
  v.arr(m.resources, [...path, 'resources']).forEach((x, i) => {
    // onlyData (prior_state): managed resources there are not read, so they are neither checked nor copied
    if (onlyData && !(isObj(x) && x.mode === 'data')) return;
    const here = [...path, 'resources', i];
    const r = resourceEntry(x, here, v);
    out.push({ r, module, values: v.obj(r.values, [...here, 'values']) ?? {} });
  });
  v.arr(m.child_modules, [...path, 'child_modules']).forEach((c, i) => {
    const here = [...path, 'child_modules', i];
    moduleResources(v.entry(c, here), here, v, onlyData, out);
  });
  return out;
}

/** Read `terraform show -json` output of a plan (format_version 1.x) or of a state. Pure: text in, blocks out. */
export function readPlan(text: string, file: string): PlanReadResult {
  const doc = parseJsonWithLocation(text, file);
  return readPlanObject(doc, file, text);
}

/**
 * Strict about structure (a malformed part is an input error naming its JSON path, never skipped), lenient about
 * what Terraform omits when empty (resources, child_modules, resource_changes, prior_state, after, ...).
 */
export function readPlanObject(doc: unknown, file: string, text?: string): PlanReadResult {
  if (!isObj(doc) || typeof doc.format_version !== 'string')
    throw inputError('not a "terraform show -json" document (no format_version)', { file, line: 1 });
  if (!/^1\./.test(doc.format_version))
    throw inputError(`unsupported format_version ${doc.format_version} (expected 1.x)`, { file, line: 1 });
  const v: Validator = validator(file, text);
  const resourceChanges = doc.resource_changes === undefined ? undefined : v.arr(doc.resource_changes, ['resource_changes']);
  const plannedValues = v.obj(doc.planned_values, ['planned_values']);
  const priorState = v.obj(doc.prior_state, ['prior_state']);
  const stateValues = v.obj(doc.values, ['values']);
  const configuration = v.obj(doc.configuration, ['configuration']);
  const docVariables = v.obj(doc.variables, ['variables']);

  const lines = text ? addressLines(text) : new Map<string, number>();
  const { resources: cfg, moduleSources, outputs } = indexConfiguration(configuration, v);
  const blocks: TfBlock[] = [];
  const seen = new Set<string>();
  const pc = v.obj(configuration?.provider_config, ['configuration', 'provider_config']) ?? {};
  let awsCfg: Obj = {};
  for (const [k, p] of Object.entries(pc)) {
    const here = ['configuration', 'provider_config', k];
    const expressions = v.obj(v.entry(p, here).expressions, [...here, 'expressions']);
    if (k === 'aws' && expressions) awsCfg = expressions;
  }
  const region =
    isObj(awsCfg.region) && typeof awsCfg.region.constant_value === 'string' ? awsCfg.region.constant_value : undefined;

  const make = (r: ResourceEntry, values: Obj, isNew: boolean, moduleAddress: string): TfBlock => {
    const address = r.address;
    const line = lines.get(address);
    const conf = cfg.get(`${stripIndexes(moduleAddress)}|${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`);
    return {
      ...(conf ? { configured: new Set(Object.keys(conf.expressions)) } : {}),
      mode: r.mode,
      type: r.type,
      name: r.name,
      address,
      baseAddress: address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]$/, ''),
      module: moduleAddress,
      values,
      isNew,
      ...(region && r.type.startsWith('aws_') ? { region } : {}),
      source: { origin: 'terraform-plan', uri: file, file, ...(line ? { line } : {}), address },
    };
  };

  const addValues = (list: { r: ResourceEntry; module: string; values: Obj }[], isNew: boolean) => {
    for (const { r, module, values } of list) {
      if (seen.has(r.address)) continue;
      seen.add(r.address);
      blocks.push(make(r, values, isNew, module));
    }
  };

  let kind: 'plan' | 'state' = 'plan';
  if (resourceChanges || plannedValues) {
    for (const [i, x] of (resourceChanges ?? []).entries()) {
      const at = ['resource_changes', i];
      const rc = resourceEntry(x, at, v);
      const change = v.entry(rc.change, [...at, 'change']);
      const actions = change.actions;
      if (!Array.isArray(actions) || !actions.every((a): a is string => typeof a === 'string'))
        v.fail([...at, 'change', 'actions'], 'an array of strings', actions === undefined ? 'missing' : undefined);
      const moduleAddress = v.str(rc.module_address, [...at, 'module_address']) ?? '';
      const afterRaw = change.after;
      if (afterRaw !== undefined && afterRaw !== null && !isObj(afterRaw))
        v.fail([...at, 'change', 'after'], 'an object or null', got(afterRaw));
      const unknownRaw = change.after_unknown;
      // after_unknown mirrors after: an object, or a boolean/null for a value that is wholly (un)known.
      if (unknownRaw !== undefined && unknownRaw !== null && typeof unknownRaw !== 'boolean' && !isObj(unknownRaw))
        v.fail([...at, 'change', 'after_unknown'], 'an object, a boolean or null', got(unknownRaw));
      // delete, or forget (a `removed` block, Terraform 1.7+): after the apply this configuration no longer manages it.
      if (actions.length === 1 && (actions[0] === 'delete' || actions[0] === 'forget')) {
        seen.add(rc.address);
        continue;
      }
      const localAddr = `${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${rc.name}`;
      const conf = cfg.get(`${stripIndexes(moduleAddress)}|${localAddr}`);
      const after = isObj(afterRaw) ? afterRaw : {};
      const unknown = isObj(unknownRaw) ? unknownRaw : {};
      const values: Obj = { ...after };
      for (const [k, u] of Object.entries(unknown)) {
        if (u === false) continue;
        // An Optional+Computed attribute the configuration does not set is filled by the provider: not configured.
        if (u === true && conf && !(k in conf.expressions)) {
          if (!(k in after) || after[k] === null) delete values[k];
          continue;
        }
        const refs = conf ? referencesOf(conf.expressions[k]) : [];
        values[k] = mergeUnknown(after[k], u, `${rc.address}.${k}`, refs);
      }
      seen.add(rc.address);
      blocks.push(make(rc, values, actions.includes('create'), moduleAddress));
    }
    // Data sources read during planning live in prior_state; resources without a change entry in planned_values.
    const priorValues = v.obj(priorState?.values, ['prior_state', 'values']);
    if (priorValues) {
      addValues(moduleResources(priorValues.root_module, ['prior_state', 'values', 'root_module'], v, true), false);
    }
    if (plannedValues) addValues(moduleResources(plannedValues.root_module, ['planned_values', 'root_module'], v), true);
  } else if (stateValues) {
    kind = 'state';
    addValues(moduleResources(stateValues.root_module, ['values', 'root_module'], v), false);
  } else {
    throw inputError('neither a plan (planned_values/resource_changes) nor a state (values)', { file, line: 1 });
  }
  const variables: Obj = {};
  for (const [k, x] of Object.entries(docVariables ?? {})) {
    const o = v.entry(x, ['variables', k]);
    if ('value' in o) variables[k] = o.value;
  }
  return {
    kind,
    blocks,
    ...(typeof doc.terraform_version === 'string' ? { terraformVersion: doc.terraform_version } : {}),
    moduleSources,
    configuration: cfg,
    outputs,
    providerConfig: pc,
    variables,
  };
}
