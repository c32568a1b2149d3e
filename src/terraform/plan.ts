import { inputError } from '../errors.js';
import { stripIndexes, type TfBlock } from './block.js';
import { Computed } from './expr.js';
import { parseJsonWithLocation } from './json.js';

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

/** Index the configuration section: "<module path>|<type.name>" -> expressions. */
function indexConfiguration(cfg: unknown): { resources: Map<string, ConfigResource>; moduleSources: Map<string, string> } {
  const resources = new Map<string, ConfigResource>();
  const moduleSources = new Map<string, string>();
  const walk = (mod: unknown, path: string) => {
    if (!isObj(mod)) return;
    for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
      if (isObj(r) && typeof r.address === 'string')
        resources.set(`${path}|${r.address}`, {
          expressions: isObj(r.expressions) ? r.expressions : {},
          ...(typeof r.provider_config_key === 'string' ? { providerConfigKey: r.provider_config_key } : {}),
        });
    }
    if (isObj(mod.module_calls)) {
      for (const [name, call] of Object.entries(mod.module_calls)) {
        if (!isObj(call)) continue;
        const p = `${path ? `${path}.` : ''}module.${name}`;
        if (typeof call.source === 'string') moduleSources.set(p, call.source);
        walk(call.module, p);
      }
    }
  };
  if (isObj(cfg)) walk(cfg.root_module, '');
  return { resources, moduleSources };
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

function mergeUnknown(after: unknown, unk: unknown, detail: string, refs: string[]): unknown {
  if (unk === true) return new Computed(detail, refs);
  if (Array.isArray(unk)) {
    const arr = Array.isArray(after) ? [...after] : [];
    unk.forEach((u, i) => {
      if (u !== false && u !== undefined) arr[i] = mergeUnknown(arr[i], u, detail, refs);
    });
    return arr;
  }
  if (isObj(unk)) {
    const o: Obj = isObj(after) ? { ...after } : {};
    for (const [k, u] of Object.entries(unk)) if (u !== false) o[k] = mergeUnknown(o[k], u, detail, refs);
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

/** Read `terraform show -json` output of a plan (format_version 1.x) or of a state. Pure: text in, blocks out. */
export function readPlan(text: string, file: string): PlanReadResult {
  const doc = parseJsonWithLocation(text, file);
  return readPlanObject(doc, file, text);
}

export function readPlanObject(doc: unknown, file: string, text?: string): PlanReadResult {
  if (!isObj(doc) || typeof doc.format_version !== 'string')
    throw inputError('not a "terraform show -json" document (no format_version)', { file, line: 1 });
  if (!/^1\./.test(doc.format_version))
    throw inputError(`unsupported format_version ${doc.format_version} (expected 1.x)`, { file, line: 1 });
  const lines = text ? addressLines(text) : new Map<string, number>();
  const { resources: cfg, moduleSources } = indexConfiguration(doc.configuration);
  const blocks: TfBlock[] = [];
  const seen = new Set<string>();
  const pc = isObj(doc.configuration) && isObj(doc.configuration.provider_config) ? doc.configuration.provider_config : {};
  const awsCfg = isObj(pc.aws) && isObj(pc.aws.expressions) ? pc.aws.expressions : {};
  const region =
    isObj(awsCfg.region) && typeof awsCfg.region.constant_value === 'string' ? awsCfg.region.constant_value : undefined;

  const make = (r: Obj, values: Obj, isNew: boolean, moduleAddress: string): TfBlock | undefined => {
    if (typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string') return undefined;
    const address = r.address;
    const mode = r.mode === 'data' ? 'data' : 'managed';
    const line = lines.get(address);
    return {
      mode,
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

  const walkValues = (mod: unknown, isNew: boolean) => {
    if (!isObj(mod)) return;
    const maddr = typeof mod.address === 'string' ? mod.address : '';
    for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
      if (!isObj(r) || seen.has(String(r.address))) continue;
      const b = make(r, isObj(r.values) ? r.values : {}, isNew, maddr);
      if (b) {
        seen.add(b.address);
        blocks.push(b);
      }
    }
    for (const c of Array.isArray(mod.child_modules) ? mod.child_modules : []) walkValues(c, isNew);
  };

  let kind: 'plan' | 'state' = 'plan';
  if (Array.isArray(doc.resource_changes) || isObj(doc.planned_values)) {
    for (const rc of Array.isArray(doc.resource_changes) ? doc.resource_changes : []) {
      if (!isObj(rc) || !isObj(rc.change)) continue;
      const actions = Array.isArray(rc.change.actions) ? (rc.change.actions as string[]) : [];
      if (actions.length === 1 && actions[0] === 'delete') {
        seen.add(String(rc.address));
        continue;
      }
      const moduleAddress = typeof rc.module_address === 'string' ? rc.module_address : '';
      const localAddr = `${rc.mode === 'data' ? 'data.' : ''}${String(rc.type)}.${String(rc.name)}`;
      const conf = cfg.get(`${stripIndexes(moduleAddress)}|${localAddr}`);
      const after = isObj(rc.change.after) ? rc.change.after : {};
      const unknown = isObj(rc.change.after_unknown) ? rc.change.after_unknown : {};
      const values: Obj = { ...after };
      for (const [k, u] of Object.entries(unknown)) {
        if (u === false) continue;
        // An Optional+Computed attribute the configuration does not set is filled by the provider: not configured.
        if (u === true && conf && !(k in conf.expressions)) {
          if (!(k in after) || after[k] === null) delete values[k];
          continue;
        }
        const refs = conf ? referencesOf(conf.expressions[k]) : [];
        values[k] = mergeUnknown(after[k], u, `${String(rc.address)}.${k} is known only after apply`, refs);
      }
      const b = make(rc, values, actions.includes('create'), moduleAddress);
      if (b) {
        seen.add(b.address);
        blocks.push(b);
      }
    }
    // Data sources read during planning live in prior_state; resources without a change entry in planned_values.
    if (isObj(doc.prior_state) && isObj(doc.prior_state.values)) {
      const onlyData = (mod: unknown): unknown => {
        if (!isObj(mod)) return mod;
        return {
          ...mod,
          resources: (Array.isArray(mod.resources) ? mod.resources : []).filter((r) => isObj(r) && r.mode === 'data'),
          child_modules: (Array.isArray(mod.child_modules) ? mod.child_modules : []).map(onlyData),
        };
      };
      walkValues(onlyData(doc.prior_state.values.root_module), false);
    }
    if (isObj(doc.planned_values)) walkValues(doc.planned_values.root_module, true);
  } else if (isObj(doc.values)) {
    kind = 'state';
    walkValues(doc.values.root_module, false);
  } else {
    throw inputError('neither a plan (planned_values/resource_changes) nor a state (values)', { file, line: 1 });
  }
  const variables: Obj = {};
  if (isObj(doc.variables))
    for (const [k, v] of Object.entries(doc.variables)) if (isObj(v) && 'value' in v) variables[k] = v.value;
  return {
    kind,
    blocks,
    ...(typeof doc.terraform_version === 'string' ? { terraformVersion: doc.terraform_version } : {}),
    moduleSources,
    configuration: cfg,
    providerConfig: pc,
    variables,
  };
}
