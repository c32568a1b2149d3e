/** `T` with every key optional and never undefined (what `compact` returns). */
export type Compact<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * `o` without the keys whose value is undefined or an empty string: optional settings forwarded under
 * exactOptionalPropertyTypes without one `...(x ? { k: x } : {})` per key. 0 and false are values and are kept.
 */
export function compact<T extends object>(o: T): Compact<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== '') out[k] = v;
  return out as Compact<T>;
}
