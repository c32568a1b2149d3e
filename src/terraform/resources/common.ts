import type { Known, StorageResource, ValueOrigin } from '../../model/index.js';
import { Computed, localRef, sourceNote, type TfBlock } from '../block.js';

/** What a provider mapper returns: resources plus which blocks fed which resource (for suppressions). */
export interface MapResult {
  resources: StorageResource[];
  /** block base address -> resource ids it contributed to. */
  links: Map<string, string[]>;
}

export function addLink(links: Map<string, string[]>, b: TfBlock, resourceId: string): void {
  const list = links.get(b.baseAddress) ?? [];
  if (!list.includes(resourceId)) list.push(resourceId);
  links.set(b.baseAddress, list);
}

export function known<T>(value: T, origin: ValueOrigin, note?: string): Known<T> {
  return { known: true, value, origin, ...(note ? { note } : {}) };
}

/** A configured value; `attrName` adds how a plan's known-after-apply value was resolved, when it was. */
export function configured<T>(value: T, b: TfBlock, attrName?: string): Known<T> {
  const how = attrName ? b.resolved?.[attrName] : undefined;
  return known(value, 'configured', how ? `${sourceNote(b)}; ${how}` : sourceNote(b));
}

export function computedOf(b: TfBlock, attrName: string, c?: Computed): Known<never> {
  return {
    known: false,
    reason: 'computed',
    operation: `${b.address}.${attrName}`,
    detail: c?.detail ?? `${b.address}.${attrName} is known only after apply`,
  };
}

/**
 * The objectAcls fact of a bucket from its object resources. An object ACL known only after apply is the (decisive)
 * unknown, unless a known one already grants public access (a public object is PUBLIC whatever the other turns out
 * to be): known ACLs that are not public say nothing about it (a log-delivery grant beside an unknown ACL is not
 * "private"). Neither known nor unknown: no fact.
 */
export function objectAclsFact<T>(
  acls: T[],
  unknown: Known<never> | undefined,
  note: string,
  isPublic: (acl: T) => boolean,
): { objectAcls?: Known<T[]> } {
  if (unknown && !acls.some(isPublic)) return { objectAcls: unknown };
  return acls.length > 0 ? { objectAcls: known(acls, 'configured', note) } : {};
}

export function notCollected(operation: string, detail: string): Known<never> {
  return { known: false, reason: 'not-collected', operation, detail };
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

export function strList(v: unknown): string[] | Computed {
  if (v instanceof Computed) return v;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return typeof v === 'string' ? [v] : [];
  const c = v.find((x) => x instanceof Computed);
  if (c) return c as Computed;
  return v.filter((x): x is string => typeof x === 'string');
}

export function tagsOf(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Computed) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Trailing instance key of an address: aws_s3_bucket.b["x"] -> ["x"], aws_s3_bucket.b[0] -> [0]. */
const instanceKey = (address: string): string => /(\[[^\]]*\])$/.exec(address)?.[1] ?? '';

/**
 * Primary blocks (buckets, accounts) of one unit, in output order, indexed for their satellites to find
 * by name or by reference. Stubs stand for primaries a satellite names but the configuration does not declare.
 */
export class PrimaryIndex<P extends { name?: string }> {
  /** Every primary, declared or stub, in the order added. */
  readonly all: P[] = [];
  private readonly byName = new Map<string, P>();
  private readonly byRef = new Map<string, P[]>();
  /** "<module>|<ref><instance key>" -> primary: pairs count/for_each instances without a scan per satellite. */
  private readonly byRefKey = new Map<string, P>();

  private register(b: TfBlock, p: P): void {
    if (p.name) this.byName.set(p.name, p);
    const k = `${b.module}|${localRef(b)}`;
    const list = this.byRef.get(k) ?? [];
    list.push(p);
    this.byRef.set(k, list);
    const key = instanceKey(b.address);
    if (key && !this.byRefKey.has(k + key)) this.byRefKey.set(k + key, p);
  }

  /** The managed blocks of `blocks` (what the mappers read), with every block of `type` added as a primary. */
  static of<P extends { name?: string }>(
    blocks: readonly TfBlock[],
    type: string,
    make: (b: TfBlock) => P,
  ): { managed: TfBlock[]; index: PrimaryIndex<P> } {
    const managed = blocks.filter((b) => b.mode === 'managed');
    const index = new PrimaryIndex<P>();
    for (const b of managed) {
      if (b.type !== type) continue;
      const p = make(b);
      index.all.push(p);
      index.register(b, p);
    }
    return { managed, index };
  }

  /**
   * The primary a satellite points to: through one of its link attributes (a literal name, or the
   * references of a name unknown at plan time), else by `name`, else a new stub from `stub`.
   */
  target(sat: TfBlock, links: readonly unknown[], name: string | undefined, stub: () => P): P {
    for (const v of links) {
      const hit = this.find(sat, v);
      if (hit) return hit;
    }
    const byName = name ? this.byName.get(name) : undefined;
    if (byName) return byName;
    const p = stub();
    this.all.push(p);
    if (p.name) this.register(sat, p);
    return p;
  }

  private find(sat: TfBlock, linkValue: unknown): P | undefined {
    if (typeof linkValue === 'string') {
      const byName = this.byName.get(linkValue);
      if (byName) return byName;
    }
    const refs = linkValue instanceof Computed ? linkValue.refs : [];
    const key = instanceKey(sat.address);
    for (const r of refs) {
      const hits = this.byRef.get(`${sat.module}|${r}`) ?? [];
      if (hits.length === 1) return hits[0];
      // count/for_each: pair instances with the same key.
      const same = key ? this.byRefKey.get(`${sat.module}|${r}${key}`) : undefined;
      if (same) return same;
    }
    return undefined;
  }
}
