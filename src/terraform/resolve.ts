/**
 * Resolve plan values Terraform marks known-after-apply only because they reference a computed attribute
 * that is in fact deterministic, e.g. on a create plan `policy = jsonencode({ ... Resource = "${aws_s3_bucket.b.arn}/*" })`
 * is unknown because the bucket's `arn` is, although it is `arn:aws:s3:::<bucket>` and `bucket` is known.
 *
 * `terraform show -json` keeps no expression source: a configuration expression is `constant_value` (no
 * references) or `references` only. So the expression text is read from the .tf files beside the plan (the
 * same files that give file:line), checked against the plan's configuration (same references, same
 * constants), and evaluated with expr.ts with the plan's values bound plus the derived attributes below.
 * Anything else computed (a bucket_prefix name, a role ARN, an Azure resource id, an unknown region's
 * partition) stays unknown: never a guess.
 */
import { BucketAuditError } from '../errors.js';
import { localRef, partitionOfRegion, stripIndexes, type TfBlock } from './block.js';
import { applySteps, Computed, evaluateHclJson, firstComputed, hasComputed, type Scope, type Step } from './expr.js';
import {
  type Body,
  DERIVED_ATTRS,
  evaluateBody,
  ID_IS_BUCKET,
  type HclFile,
  type Parsed,
  parseFiles,
  renderGoogleIamPolicy,
  renderIamPolicyDocument,
} from './hcl.js';
import { configKey, type PlanReadResult, referencesOf } from './plan.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Computed);

type Outcome = { ok: true; value: unknown; notes: string[] } | { ok: false; why: string };

interface ModuleSource {
  parsed: Parsed;
}

interface Bindings {
  count?: number;
  eachKey?: string;
  eachValue?: (notes: string[]) => unknown;
}

export interface ResolveResult {
  /** Attributes resolved ("aws_s3_bucket_policy.p.policy"). */
  resolved: string[];
  /** Non-fatal problems (a .tf beside the plan that does not parse). */
  warnings: string[];
}

/** Instance key of a block from its address: aws_s3_bucket.b[0] -> 0, ["a"] -> "a", none -> undefined. */
function keyOf(address: string, base: string): number | string | undefined {
  const rest = address.slice(base.length);
  if (!rest.startsWith('[')) return undefined;
  const inner = rest.slice(1, -1);
  return inner.startsWith('"') ? (JSON.parse(inner) as string) : Number(inner);
}

/** "module.a[\"x\"].module.b[0]" -> parent "module.a[\"x\"]", call "b", key 0. */
function splitModule(m: string): { parent: string; call: string; key: number | string | undefined } | undefined {
  const r = /^(?:(.*)\.)?module\.([A-Za-z0-9_-]+)((?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?)$/.exec(m);
  if (!r) return undefined;
  const key = r[3] ? keyOf(r[3], '') : undefined;
  return { parent: r[1] ?? '', call: r[2]!, key };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** Plan constant vs .tf value: equal, or two JSON texts of the same document (jsonencode sorts keys). */
function looseEqual(planValue: unknown, tfValue: unknown): boolean {
  if (sameJson(planValue, tfValue)) return true;
  if (typeof planValue === 'string' && typeof tfValue === 'string') {
    try {
      return sameJson(JSON.parse(planValue), JSON.parse(tfValue));
    } catch {
      return false;
    }
  }
  return false;
}

const isExprNode = (e: Obj) => 'constant_value' in e || 'references' in e;

/**
 * The .tf block agrees with the plan's configuration of it: every attribute the plan's configuration sets is
 * set in .tf, with the same value where the plan has a constant. Returns the first difference.
 */
function compareConfig(exprs: Obj, body: Body, ev: (x: unknown) => unknown, path: string): string | undefined {
  for (const [k, e] of Object.entries(exprs)) {
    const tf = body[k];
    if (Array.isArray(e)) {
      const list = Array.isArray(tf) ? tf : tf === undefined ? [] : [tf];
      if (list.length !== e.length) return `${path}.${k}: ${e.length} block(s) in the plan, ${list.length} in .tf`;
      for (let i = 0; i < e.length; i++) {
        const pe = e[i];
        const te = list[i];
        if (!isObj(pe)) continue;
        if (!isObj(te)) return `${path}.${k}[${i}] is not a block in .tf`;
        const d = compareConfig(pe, te, ev, `${path}.${k}[${i}]`);
        if (d) return d;
      }
    } else if (isObj(e) && isExprNode(e)) {
      if (tf === undefined) return `${path}.${k} is set in the plan's configuration but not in .tf`;
      if ('constant_value' in e) {
        const v = ev(tf);
        if (!hasComputed(v) && !looseEqual(e.constant_value, v)) return `${path}.${k} differs from the plan's configuration`;
      }
    } else if (isObj(e) && Object.keys(e).length > 0) {
      const te = Array.isArray(tf) ? tf[0] : tf;
      if (!isObj(te)) return `${path}.${k} is set in the plan's configuration but not in .tf`;
      const d = compareConfig(e, te, ev, `${path}.${k}`);
      if (d) return d;
    }
  }
  return undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

class Resolver {
  private readonly byRef = new Map<string, TfBlock[]>();
  private readonly memo = new Map<string, Outcome>();
  private readonly inProgress = new Set<string>();
  private readonly valueMemo = new Map<string, { value: unknown; notes: string[] }>();

  constructor(
    private readonly plan: PlanReadResult,
    private readonly sources: ReadonlyMap<string, ModuleSource | undefined>,
  ) {
    for (const b of plan.blocks) {
      const k = `${b.module}|${localRef(b)}`;
      this.byRef.set(k, [...(this.byRef.get(k) ?? []), b]);
    }
  }

  private source(module: string): ModuleSource | undefined {
    return this.sources.get(stripIndexes(module));
  }

  private bodyOf(b: TfBlock): { body: Body; where: string } | Outcome {
    const src = this.source(b.module);
    const label = stripIndexes(b.module) || 'the root module';
    if (!src) return { ok: false, why: `no readable .tf files of ${label} beside the plan` };
    const body = (b.mode === 'data' ? src.parsed.data : src.parsed.resource)[b.type]?.[b.name]?.[0];
    if (!body) return { ok: false, why: `${localRef(b)} is not declared in the .tf files of ${label} beside the plan` };
    return { body, where: tfWhere(b) ?? label };
  }

  /** The .tf block of `b` when it matches the plan's configuration of it. */
  private checkedBody(b: TfBlock): { body: Body; where: string } | Outcome {
    const r = this.bodyOf(b);
    if ('ok' in r) return r;
    const conf = this.plan.configuration.get(configKey(b));
    if (!conf) return { ok: false, why: `${b.address} has no configuration entry in the plan` };
    const scope = this.scope(b.module, this.bindings(b, r.body), undefined, []);
    const diff = compareConfig(conf.expressions, r.body, (x) => evaluateHclJson(x, scope), b.address);
    if (diff) return { ok: false, why: `${r.where}: the .tf beside the plan is not the plan's configuration (${diff})` };
    return r;
  }

  private bindings(b: TfBlock, body: Body): Bindings {
    const key = keyOf(b.address, b.baseAddress);
    if (typeof key === 'number') return { count: key };
    if (typeof key === 'string')
      return {
        eachKey: key,
        eachValue: (notes) => {
          const fe = evaluateHclJson(body.for_each, this.scope(b.module, {}, undefined, notes));
          if (Array.isArray(fe)) return key;
          return isObj(fe) && key in fe ? fe[key] : new Computed(`each.value of ${b.address} not resolved`);
        },
      };
    return {};
  }

  /** Scope of one module instance; `record` collects the reference targets the expression traverses. */
  private scope(module: string, inst: Bindings, record: Set<string> | undefined, notes: string[]): Scope {
    return {
      traverse: (root: string, steps: Step[]): unknown => {
        const names = steps.map((s) => (s.kind === 'attr' ? s.name : undefined));
        if (record) {
          const parts = root === 'data' ? [root, names[0], names[1]] : [root, names[0]];
          record.add(parts.filter((p) => p !== undefined).join('.'));
        }
        switch (root) {
          case 'var':
            return names[0] ? applySteps(this.variable(module, names[0], notes), steps.slice(1)) : new Computed('var');
          case 'local':
            return names[0] ? applySteps(this.local(module, names[0], notes), steps.slice(1)) : new Computed('local');
          case 'count':
            return names[0] === 'index' && inst.count !== undefined ? inst.count : new Computed('count.index not resolved');
          case 'each':
            if (names[0] === 'key' && inst.eachKey !== undefined) return inst.eachKey;
            if (names[0] === 'value' && inst.eachValue) return applySteps(inst.eachValue(notes), steps.slice(1));
            return new Computed('each not resolved');
          case 'data':
            if (!names[0] || !names[1]) return new Computed('bad data reference');
            return this.reference(module, 'data', names[0], names[1], steps.slice(2), notes);
          case 'module': {
            // module.NAME.OUTPUT or module.NAME[KEY].OUTPUT: the output's expression in that module instance.
            if (!names[0]) return new Computed('bad module reference');
            let rest = steps.slice(1);
            let path = `${module ? `${module}.` : ''}module.${names[0]}`;
            const k = rest[0];
            if (k?.kind === 'index') {
              path += `[${typeof k.value === 'number' ? k.value : JSON.stringify(String(k.value))}]`;
              rest = rest.slice(1);
            }
            const out = rest[0];
            if (out?.kind !== 'attr')
              return new Computed(`module.${names[0]} used as a whole object is not resolved from a plan`);
            return applySteps(this.output(path, out.name, notes), rest.slice(1));
          }
          case 'path':
          case 'terraform':
          case 'self':
            return new Computed(`${root}.${names[0] ?? ''} is not resolved from a plan`);
          default:
            if (!names[0]) return new Computed(`reference ${root}`);
            return this.reference(module, 'managed', root, names[0], steps.slice(1), notes);
        }
      },
    };
  }

  private cached(key: string, notes: string[], compute: (n: string[]) => unknown): unknown {
    let hit = this.valueMemo.get(key);
    if (!hit) {
      if (this.inProgress.has(key)) return new Computed(`reference cycle at ${key}`);
      this.inProgress.add(key);
      const own: string[] = [];
      hit = { value: compute(own), notes: own };
      this.inProgress.delete(key);
      this.valueMemo.set(key, hit);
    }
    notes.push(...hit.notes);
    return hit.value;
  }

  private variable(module: string, name: string, notes: string[]): unknown {
    return this.cached(`${module}|var.${name}`, notes, (own) => {
      if (module === '' && name in this.plan.variables) return this.plan.variables[name];
      const call = module ? splitModule(module) : undefined;
      if (call) {
        const body = this.source(call.parent)?.parsed.module[call.call]?.[0];
        if (body && name in body) {
          const inst: Bindings =
            typeof call.key === 'number'
              ? { count: call.key }
              : typeof call.key === 'string'
                ? {
                    eachKey: call.key,
                    eachValue: (n) => {
                      const fe = evaluateHclJson(body.for_each, this.scope(call.parent, {}, undefined, n));
                      const k = call.key as string;
                      return Array.isArray(fe) ? k : isObj(fe) && k in fe ? fe[k] : new Computed(`each.value of ${module}`);
                    },
                  }
                : {};
          return evaluateHclJson(body[name], this.scope(call.parent, inst, undefined, own));
        }
      }
      const decl = this.source(module)?.parsed.variable[name]?.[0];
      if (decl && 'default' in decl) return evaluateHclJson(decl.default, this.scope(module, {}, undefined, own));
      return new Computed(`var.${name} of ${module || 'the root module'} is not in the plan`);
    });
  }

  /** An output of a module instance, from its .tf beside the plan, evaluated against the plan's values. */
  private output(module: string, name: string, notes: string[]): unknown {
    return this.cached(`${module}|output.${name}`, notes, (own) => {
      const body = this.source(module)?.parsed.output[name]?.[0];
      if (!body || !('value' in body)) return new Computed(`output ${name} of ${module} not found in .tf`);
      const conf = this.plan.outputs.get(`${stripIndexes(module)}|${name}`);
      if (!conf) return new Computed(`output ${name} of ${module} is not in the plan's configuration`);
      if (!this.plan.blocks.some((b) => b.module === module)) return new Computed(`${module} is not in the plan`);
      const seen = new Set<string>();
      const value = evaluateHclJson(body.value, this.scope(module, {}, seen, own));
      const planRefs = new Set(referencesOf(conf));
      const extra = [...seen].filter((r) => !planRefs.has(r));
      if (extra.length > 0)
        return new Computed(
          `output ${name} of ${module} references ${extra.join(', ')} in .tf but not in the plan's configuration (the .tf is not this plan's configuration)`,
        );
      return value;
    });
  }

  private local(module: string, name: string, notes: string[]): unknown {
    return this.cached(`${module}|local.${name}`, notes, (own) => {
      const src = this.source(module);
      const body = src?.parsed.locals.findLast((l) => name in l);
      if (!body) return new Computed(`local.${name} not found in .tf`);
      return evaluateHclJson(body[name], this.scope(module, {}, undefined, own));
    });
  }

  private reference(
    module: string,
    mode: 'managed' | 'data',
    type: string,
    name: string,
    steps: Step[],
    notes: string[],
  ): unknown {
    const ref = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const insts = this.byRef.get(`${module}|${ref}`) ?? [];
    if (insts.length === 0) return new Computed(`${ref} is not in the plan`, [ref]);
    let rest = steps;
    let chosen: TfBlock | undefined;
    if (insts.length === 1 && keyOf(insts[0]!.address, insts[0]!.baseAddress) === undefined) chosen = insts[0];
    else {
      const s = rest[0];
      // The resource as a whole (`for_each = aws_s3_bucket.this`): a list (count) or map (for_each) of instances.
      if (s === undefined) {
        const keyed = insts.map((i) => [keyOf(i.address, i.baseAddress), this.instanceObject(i, notes)] as const);
        if (keyed.every(([k]) => typeof k === 'number'))
          return keyed.sort((x, y) => (x[0] as number) - (y[0] as number)).map(([, o]) => o);
        return Object.fromEntries(keyed.map(([k, o]) => [String(k), o]));
      }
      if (s?.kind !== 'index') return new Computed(`${ref} has several instances`, [ref]);
      chosen = insts.find((i) => String(keyOf(i.address, i.baseAddress)) === String(s.value));
      rest = rest.slice(1);
    }
    if (!chosen) return new Computed(`${ref} instance not in the plan`, [ref]);
    const a = rest[0];
    if (a === undefined) return this.instanceObject(chosen, notes);
    if (a?.kind !== 'attr') return new Computed(`${ref} used as a whole object`, [ref]);
    const v = this.attribute(chosen, a.name, notes);
    if (v instanceof Computed) return new Computed(v.detail, [ref]);
    return applySteps(v, rest.slice(1));
  }

  /** An instance read as a whole object: its planned values, and the derived attributes, resolved when read. */
  private instanceObject(b: TfBlock, notes: string[]): Obj {
    const out: Obj = { ...b.values };
    for (const attr of DERIVED_ATTRS[b.type] ?? []) {
      if (b.mode !== 'managed') break;
      Object.defineProperty(out, attr, {
        enumerable: true,
        configurable: true,
        get: () => {
          const v = this.attribute(b, attr, notes);
          return v instanceof Computed ? new Computed(v.detail, [localRef(b)]) : v;
        },
      });
    }
    return out;
  }

  /** A referenced attribute: planned value, else a deterministic derived value, else its own configuration. */
  private attribute(b: TfBlock, a: string, notes: string[]): unknown {
    const v = b.values[a];
    if (v !== undefined && !hasComputed(v)) return v;
    const d = this.derived(b, a, notes);
    if (d !== undefined) {
      if (!(d instanceof Computed)) notes.push(`${b.address}.${a} = ${show(d)}`);
      return d;
    }
    const conf = this.plan.configuration.get(configKey(b));
    if (conf && a in conf.expressions && referencesOf(conf.expressions[a]).length > 0) {
      const r = this.resolve(b, a);
      if (!r.ok) return new Computed(r.why);
      notes.push(...r.notes);
      return r.value;
    }
    if (
      b.mode === 'data' &&
      ((b.type === 'aws_iam_policy_document' && (a === 'json' || a === 'minified_json')) ||
        (b.type === 'google_iam_policy' && a === 'policy_data'))
    ) {
      const r = this.render(b, a);
      if (!r.ok) return new Computed(r.why);
      notes.push(...r.notes);
      return r.value;
    }
    if (v instanceof Computed) return v;
    return firstComputed(v) ?? new Computed(`${b.address}.${a} is known only after apply`);
  }

  /** Provider-computed attributes that follow from known ones. undefined = not derivable this way. */
  private derived(b: TfBlock, a: string, notes: string[]): unknown {
    if (b.mode !== 'managed') return undefined;
    const nameOf = (attr: string): unknown => {
      const v = b.values[attr];
      if (typeof v === 'string') return v;
      const conf = this.plan.configuration.get(configKey(b));
      if (v instanceof Computed && conf && referencesOf(conf.expressions[attr]).length > 0) {
        const r = this.resolve(b, attr);
        if (r.ok && typeof r.value === 'string') {
          notes.push(...r.notes, `${b.address}.${attr} = ${r.value}`);
          return r.value;
        }
      }
      return new Computed(
        `${b.address}.${a}: the bucket name is known only after apply${attr === 'bucket' ? ' (bucket_prefix or no bucket argument)' : ''}`,
      );
    };
    if (b.type === 'aws_s3_bucket' && (a === 'id' || a === 'bucket' || a === 'arn')) {
      const name = nameOf('bucket');
      if (typeof name !== 'string' || a === 'bucket' || a === 'id') return name;
      const p = this.partition(b);
      return p instanceof Computed ? p : `arn:${p}:s3:::${name}`;
    }
    if (ID_IS_BUCKET.has(b.type) && a === 'id') return nameOf('bucket');
    if (b.type === 'google_storage_bucket' && (a === 'id' || a === 'name' || a === 'url')) {
      const name = nameOf('name');
      return typeof name === 'string' && a === 'url' ? `gs://${name}` : name;
    }
    return undefined;
  }

  private providerRegion(b: TfBlock): string | undefined {
    const pc = this.plan.providerConfig;
    const key = this.plan.configuration.get(configKey(b))?.providerConfigKey ?? 'aws';
    let p = pc[key];
    if (!isObj(p)) {
      const aws = Object.values(pc).filter((x) => isObj(x) && x.name === 'aws' && x.alias === undefined);
      p = aws.length === 1 ? aws[0] : undefined;
    }
    const r = isObj(p) && isObj(p.expressions) ? p.expressions.region : undefined;
    if (!isObj(r)) return undefined;
    if (typeof r.constant_value === 'string') return r.constant_value;
    const refs = Array.isArray(r.references) ? r.references : [];
    const isRoot = !key.includes(':') && !key.startsWith('module.');
    if (isRoot && refs.length === 1 && typeof refs[0] === 'string' && /^var\.[A-Za-z0-9_-]+$/.test(refs[0])) {
      const v = this.plan.variables[refs[0].slice(4)];
      return typeof v === 'string' ? v : undefined;
    }
    return undefined;
  }

  /**
   * AWS partition of a bucket, from its planned region or its provider's region (literal, or a root variable).
   * The analyzer matches policy resources against arn:<partition of resource.region>:s3:::<name>, so a region
   * found here is also set on the block; with no region the analyzer assumes "aws", which only a data
   * "aws_partition" of "aws" confirms. Otherwise the partition, so the arn, is unknown.
   */
  private partition(b: TfBlock): string | Computed {
    const region = typeof b.values.region === 'string' ? b.values.region : (b.region ?? this.providerRegion(b));
    if (region) {
      const p = partitionOfRegion(region);
      if (!p) return new Computed(`${b.address}.arn: the AWS partition of region ${region} is not known`);
      if (!b.region) b.region = region;
      return p;
    }
    const declared = new Set(
      this.plan.blocks
        .filter((x) => x.mode === 'data' && x.type === 'aws_partition' && typeof x.values.partition === 'string')
        .map((x) => x.values.partition as string),
    );
    if (declared.size === 1 && declared.has('aws')) return 'aws';
    return new Computed(`${b.address}.arn: the AWS partition is not in the plan (no provider region in the configuration)`);
  }

  /** Evaluate the .tf expression of a plan attribute with the plan's values bound. */
  resolve(b: TfBlock, a: string): Outcome {
    const key = `${b.address}|${a}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.inProgress.has(key)) return { ok: false, why: `reference cycle at ${b.address}.${a}` };
    this.inProgress.add(key);
    const out = this.resolveUncached(b, a);
    this.inProgress.delete(key);
    this.memo.set(key, out);
    return out;
  }

  private resolveUncached(b: TfBlock, a: string): Outcome {
    const src = this.checkedBody(b);
    if ('ok' in src) return src;
    if (!(a in src.body)) return { ok: false, why: `${src.where}: ${a} is not an argument of the .tf block` };
    const conf = this.plan.configuration.get(configKey(b))!;
    const notes: string[] = [];
    const seen = new Set<string>();
    const value = evaluateHclJson(src.body[a], this.scope(b.module, this.bindings(b, src.body), seen, notes));
    const planRefs = new Set(referencesOf(conf.expressions[a]));
    const extra = [...seen].filter((r) => !planRefs.has(r));
    if (extra.length > 0)
      return {
        ok: false,
        why: `${src.where}: ${a} references ${extra.join(', ')} in .tf but not in the plan's configuration (the .tf is not this plan's configuration)`,
      };
    const c = firstComputed(value);
    if (c) return { ok: false, why: c.detail };
    return { ok: true, value, notes: [...new Set(notes)] };
  }

  /** A data source read at apply (it depends on an unknown value): render its document from its .tf block. */
  private render(b: TfBlock, a: string): Outcome {
    const key = `${b.address}|${a}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.inProgress.has(key)) return { ok: false, why: `reference cycle at ${b.address}` };
    this.inProgress.add(key);
    const out = ((): Outcome => {
      const src = this.checkedBody(b);
      if ('ok' in src) return src;
      const conf = this.plan.configuration.get(configKey(b))!;
      const notes: string[] = [];
      const seen = new Set<string>();
      const scope = this.scope(b.module, this.bindings(b, src.body), seen, notes);
      const values = evaluateBody(src.body, scope);
      const planRefs = new Set(referencesOf(conf.expressions));
      const extra = [...seen].filter((r) => !planRefs.has(r));
      if (extra.length > 0)
        return { ok: false, why: `${src.where}: references ${extra.join(', ')} in .tf but not in the plan's configuration` };
      const doc = b.type === 'google_iam_policy' ? renderGoogleIamPolicy(values) : renderIamPolicyDocument(values);
      if (doc instanceof Computed) return { ok: false, why: doc.detail };
      return { ok: true, value: doc, notes: [...new Set(notes), `${b.address}.${a} rendered from ${src.where}`] };
    })();
    this.inProgress.delete(key);
    this.memo.set(key, out);
    return out;
  }
}

/**
 * file:line of the block's declaration in the .tf beside the plan (loadTerraform points the plan block's source at
 * it); undefined while the source is still the plan file itself.
 */
function tfWhere(b: TfBlock): string | undefined {
  const { file, line, uri } = b.source;
  return file !== undefined && file !== uri ? `${file}${line ? `:${line}` : ''}` : undefined;
}

/**
 * For every plan attribute that is unknown only because its configuration expression references other
 * values (after_unknown with `references`), evaluate the expression from the .tf files beside the plan.
 * `modules`: .tf files per module path without instance keys ("" root, "module.a.module.b").
 * Mutates the blocks: a resolved attribute gets its value and a `resolved` note; an unresolved one keeps
 * its Computed value with the reason appended.
 */
export async function resolveFromConfiguration(
  plan: PlanReadResult,
  modules: ReadonlyMap<string, readonly HclFile[]>,
): Promise<ResolveResult> {
  const result: ResolveResult = { resolved: [], warnings: [] };
  const candidates: [TfBlock, string][] = [];
  for (const b of plan.blocks) {
    const conf = plan.configuration.get(configKey(b));
    if (!conf) continue;
    for (const [k, v] of Object.entries(b.values))
      if (hasComputed(v) && referencesOf(conf.expressions[k]).length > 0) candidates.push([b, k]);
  }
  if (candidates.length === 0 || modules.size === 0) return result;

  const sources = new Map<string, ModuleSource | undefined>();
  for (const [path, files] of modules) {
    if (files.length === 0) continue;
    try {
      sources.set(path, { parsed: (await parseFiles([...files])).merged });
    } catch (err) {
      const msg = err instanceof BucketAuditError ? err.oneLine() : String(err);
      result.warnings.push(`${msg} (plan values known only after apply are not resolved from this configuration)`);
      sources.set(path, undefined);
    }
  }

  const resolver = new Resolver(plan, sources);
  for (const [b, k] of candidates) {
    const r = resolver.resolve(b, k);
    const v = b.values[k];
    if (r.ok) {
      b.values[k] = r.value;
      const how = r.notes.length > 0 ? `: ${r.notes.join('; ')}` : '';
      b.resolved = b.resolved ?? {};
      b.resolved[k] =
        `resolved from configuration${how} (${k} is known only after apply in the plan; expression read from ${tfWhere(b) ?? b.address})`;
      result.resolved.push(`${b.address}.${k}`);
    } else if (v instanceof Computed) {
      b.values[k] = new Computed(`${v.detail}; not resolved from configuration: ${r.why}`, v.refs);
    }
  }
  return result;
}
