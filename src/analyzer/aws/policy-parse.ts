/** Total parser for IAM policy documents (bucket, access point, identity policies): never throws. */

export interface ConditionEntry {
  /** Operator as written, e.g. "ForAnyValue:StringLikeIfExists". */
  operator: string;
  /** Condition key as written, e.g. "aws:SourceIp". */
  key: string;
  values: string[];
}

/** "*" or a map of principal type (AWS, Service, Federated, CanonicalUser) to values. */
export type PrincipalSpec = '*' | Record<string, string[]>;

export interface ParsedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  actions: string[];
  notAction: boolean;
  resources: string[];
  notResource: boolean;
  conditions: ConditionEntry[];
}

export type PolicyParse = { ok: true; statements: ParsedStatement[] } | { ok: false; message: string };

class ShapeError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ShapeError(`${where}: expected a string, got ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}`);
}

function stringList(v: unknown, where: string): string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) throw new ShapeError(`${where}: empty list`);
    return v.map((x, i) => scalar(x, `${where}[${i}]`));
  }
  return [scalar(v, where)];
}

function principalSpec(v: unknown, where: string): PrincipalSpec {
  if (v === '*') return '*';
  if (!isRecord(v)) throw new ShapeError(`${where}: expected "*" or an object`);
  const out: Record<string, string[]> = {};
  const entries = Object.entries(v);
  if (entries.length === 0) throw new ShapeError(`${where}: empty principal`);
  for (const [k, val] of entries) out[k] = stringList(val, `${where}.${k}`);
  return out;
}

function conditionBlock(v: unknown, where: string): ConditionEntry[] {
  if (v === undefined) return [];
  if (!isRecord(v)) throw new ShapeError(`${where}: expected an object`);
  const out: ConditionEntry[] = [];
  for (const [op, keys] of Object.entries(v)) {
    if (!isRecord(keys)) throw new ShapeError(`${where}.${op}: expected an object of condition keys`);
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values)
        ? values.map((x, i) => scalar(x, `${where}.${op}.${key}[${i}]`))
        : [scalar(values, `${where}.${op}.${key}`)];
      out.push({ operator: op, key, values: list });
    }
  }
  return out;
}

function statement(raw: unknown, index: number, requirePrincipal: boolean): ParsedStatement {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) throw new ShapeError(`${where}: expected an object`);
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw new ShapeError(`${where}.Effect: expected "Allow" or "Deny"`);
  const hasAction = raw.Action !== undefined;
  const hasNotAction = raw.NotAction !== undefined;
  if (hasAction === hasNotAction) throw new ShapeError(`${where}: exactly one of Action / NotAction is required`);
  const hasResource = raw.Resource !== undefined;
  const hasNotResource = raw.NotResource !== undefined;
  if (hasResource === hasNotResource) throw new ShapeError(`${where}: exactly one of Resource / NotResource is required`);
  const hasPrincipal = raw.Principal !== undefined;
  const hasNotPrincipal = raw.NotPrincipal !== undefined;
  if (hasPrincipal && hasNotPrincipal) throw new ShapeError(`${where}: both Principal and NotPrincipal`);
  if (requirePrincipal && !hasPrincipal && !hasNotPrincipal) throw new ShapeError(`${where}: Principal is required`);
  const st: ParsedStatement = {
    index,
    effect,
    actions: stringList(hasAction ? raw.Action : raw.NotAction, `${where}.${hasAction ? 'Action' : 'NotAction'}`),
    notAction: hasNotAction,
    resources: stringList(hasResource ? raw.Resource : raw.NotResource, `${where}.${hasResource ? 'Resource' : 'NotResource'}`),
    notResource: hasNotResource,
    conditions: conditionBlock(raw.Condition, `${where}.Condition`),
  };
  if (typeof raw.Sid === 'string' && raw.Sid !== '') st.sid = raw.Sid;
  if (hasPrincipal) st.principal = principalSpec(raw.Principal, `${where}.Principal`);
  if (hasNotPrincipal) st.notPrincipal = principalSpec(raw.NotPrincipal, `${where}.NotPrincipal`);
  return st;
}

/**
 * Parse a policy document. `requirePrincipal` is true for resource policies (bucket / access point) and
 * false for identity policies (assumable-role permission policies). Malformed input => { ok: false }.
 */
export function parsePolicy(text: string, requirePrincipal = true): PolicyParse {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    if (!isRecord(doc)) throw new ShapeError('policy: expected a JSON object');
    const raw = doc.Statement;
    if (raw === undefined) throw new ShapeError('policy: missing Statement');
    const list = Array.isArray(raw) ? raw : [raw];
    return { ok: true, statements: list.map((s, i) => statement(s, i, requirePrincipal)) };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, message: err.message };
    return { ok: false, message: `policy could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}
