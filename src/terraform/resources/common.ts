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

/** Index of "primary" blocks (buckets, accounts) for linking satellites by name or by reference. */
export class PrimaryIndex<P> {
  private readonly byName = new Map<string, P>();
  private readonly byRef = new Map<string, { block: TfBlock; p: P }[]>();

  add(b: TfBlock, name: string | undefined, p: P): void {
    if (name) this.byName.set(name, p);
    const k = `${b.module}|${localRef(b)}`;
    const list = this.byRef.get(k) ?? [];
    list.push({ block: b, p });
    this.byRef.set(k, list);
  }

  getByName(name: string): P | undefined {
    return this.byName.get(name);
  }

  /**
   * Find the primary a satellite's link attribute points to: a literal name, or a reference
   * (Computed.refs) when the name is unknown at plan time.
   */
  find(sat: TfBlock, linkValue: unknown): P | undefined {
    if (typeof linkValue === 'string') {
      const byName = this.byName.get(linkValue);
      if (byName) return byName;
    }
    const refs = linkValue instanceof Computed ? linkValue.refs : [];
    for (const r of refs) {
      const hits = this.byRef.get(`${sat.module}|${r}`) ?? [];
      if (hits.length === 1) return hits[0]!.p;
      // count/for_each: pair instances with the same key.
      const key = /(\[[^\]]*\])$/.exec(sat.address)?.[1];
      const same = key ? hits.find((h) => h.block.address.endsWith(key)) : undefined;
      if (same) return same.p;
    }
    return undefined;
  }
}
