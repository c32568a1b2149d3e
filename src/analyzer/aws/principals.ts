import type { Principal } from '../../model/index.js';
import { hasWildcard } from './glob.js';
import type { ParsedStatement, PrincipalSpec } from './policy-parse.js';

/** Who a statement's Principal / NotPrincipal names. */
export interface PrincipalClass {
  /** Covers anonymous callers: "*", {"AWS":"*"}, NotPrincipal+Allow, partial wildcards (worst case). */
  anonymous: boolean;
  /** Federated principals (web identity): any authenticated identity of that provider. */
  federated: string[];
  /** Fixed principals (accounts, role/user ARNs, canonical users, services). */
  fixed: Principal[];
  /** Unsupported constructs evaluated worst case, one line each. */
  unsupported: string[];
}

const ACCOUNT_RE = /^\d{12}$/;
const ARN_ACCOUNT_RE = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(.+)$/;

/** Account id of a fixed principal id (account id, IAM/STS ARN), if any. */
export function accountOfArn(id: string): string | undefined {
  if (ACCOUNT_RE.test(id)) return id;
  const m = ARN_ACCOUNT_RE.exec(id);
  return m?.[1];
}

function fixedAws(v: string): Principal {
  if (ACCOUNT_RE.test(v)) return { type: 'account', id: v };
  const m = ARN_ACCOUNT_RE.exec(v);
  if (m && m[2] === 'root') return { type: 'account', id: m[1]! };
  return { type: 'identity', id: v };
}

function classifySpec(spec: PrincipalSpec, out: PrincipalClass, where: string): void {
  if (spec === '*') {
    out.anonymous = true;
    return;
  }
  for (const [type, values] of Object.entries(spec)) {
    for (const v of values) {
      if (type === 'AWS') {
        if (v === '*') out.anonymous = true;
        else if (hasWildcard(v)) {
          out.anonymous = true;
          out.unsupported.push(
            `${where} partial-wildcard principal ${JSON.stringify(v)} is not valid IAM; evaluated as "*" (A-1)`,
          );
        } else out.fixed.push(fixedAws(v));
      } else if (type === 'Federated') out.federated.push(v);
      else if (type === 'Service') out.fixed.push({ type: 'service', id: v });
      else if (type === 'CanonicalUser') {
        if (v === '*' || hasWildcard(v)) {
          out.anonymous = true;
          out.unsupported.push(`${where} wildcard CanonicalUser ${JSON.stringify(v)}; evaluated as "*" (A-1)`);
        } else out.fixed.push({ type: 'identity', id: `canonical:${v}` });
      } else {
        out.anonymous = true;
        out.unsupported.push(`${where} unknown principal type ${JSON.stringify(type)}; evaluated as "*" (worst case)`);
      }
    }
  }
}

/** classification of an Allow statement's principal. */
export function classifyAllowPrincipal(st: ParsedStatement): PrincipalClass {
  const out: PrincipalClass = { anonymous: false, federated: [], fixed: [], unsupported: [] };
  const where = `Statement[${st.index}]`;
  if (st.notPrincipal) {
    out.anonymous = true;
    out.unsupported.push(`${where} uses NotPrincipal with Allow (unsupported by IAM); evaluated as Principal "*" (A-2)`);
    return out;
  }
  if (st.principal) classifySpec(st.principal, out, where);
  return out;
}

/** A Deny statement covers anonymous callers: "*", {"AWS":"*"}, or NotPrincipal listing fixed principals. */
export function denyCoversAnonymous(st: ParsedStatement): boolean {
  if (st.notPrincipal) {
    const spec = st.notPrincipal;
    return spec !== '*' && !Object.values(spec).some((vs) => vs.includes('*'));
  }
  return denyCoversEveryone(st);
}

/** A Deny statement names every principal ("*" / {"AWS":"*"}): it also covers authenticated and shared routes. */
export function denyCoversEveryone(st: ParsedStatement): boolean {
  const spec = st.principal;
  if (spec === undefined) return st.notPrincipal === undefined; // identity policy: applies to its holder
  if (spec === '*') return true;
  return (spec.AWS ?? []).includes('*');
}

export function describePrincipal(st: ParsedStatement): string {
  if (st.notPrincipal) return `NotPrincipal ${JSON.stringify(st.notPrincipal)}`;
  if (st.principal === undefined) return 'the role session';
  return `Principal ${JSON.stringify(st.principal)}`;
}
