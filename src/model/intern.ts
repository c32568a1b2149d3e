/**
 * Shared, frozen copies of the small values that repeat across thousands of resources (Block Public Access
 * flag sets, the owner-only ACL, "not configured" answers). A 100k-bucket scan keeps every resource until
 * the report is written, and most buckets carry the same few values: sharing them (instead of one object
 * graph per bucket) is what keeps the scan's memory proportional to what differs between buckets.
 *
 * Shared values are deep-frozen: code that tried to edit a shared fact in place would throw (ESM is strict
 * mode) instead of silently changing every bucket that shares it. Once the table is full, new values are
 * returned as they are.
 */

/**
 * Caps on the table: distinct values and the characters of their keys. Values that never repeat (a reason naming
 * its bucket) can only fill it up to here; beyond it, new values are returned as they are (neither copied, shared
 * nor frozen), and values already shared stay so. The table lives as long as the process: a library caller running
 * many large audits in one process shares less once it is full.
 */
const MAX_ENTRIES = 20_000;
const MAX_KEY_CHARS = 4_000_000;
let keyChars = 0;
const table = new Map<string, unknown>();
/** Set when the table first refuses a value: from then on only lookups (values are returned as they are). */
let closed = false;

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * The shared instance equal (as JSON) to `v`. JSON.parse makes the copy, so strings in it are flat (they no
 * longer pin the response text they were cut from).
 */
export function intern<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  const key = JSON.stringify(v);
  const hit = table.get(key);
  if (hit !== undefined) return hit as T;
  // A full table shares nothing new: skip the copy (hot path: every kept finding of a 100k run).
  if (closed) return v;
  const copy = deepFreeze(JSON.parse(key) as T);
  if (table.size < MAX_ENTRIES && keyChars + key.length <= MAX_KEY_CHARS) {
    table.set(key, copy);
    keyChars += key.length;
  } else closed = true;
  return copy;
}

const strings = new Map<string, string>();
let stringChars = 0;

/** One copy of a short string that repeats across resources (region, account id). */
export function internString(s: string): string {
  const hit = strings.get(s);
  if (hit !== undefined) return hit;
  if (strings.size < MAX_ENTRIES && stringChars + s.length <= MAX_KEY_CHARS) {
    strings.set(s, s);
    stringChars += s.length;
  }
  return s;
}
