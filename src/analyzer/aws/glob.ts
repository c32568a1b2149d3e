/** IAM-style globbing: `*` matches any run of characters (incl. `/`), `?` exactly one character. */

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/** True when `text` matches `pattern` (`*`/`?` wildcards). Iterative, linear-ish, never throws. */
export function globMatch(pattern: string, text: string, caseInsensitive = false): boolean {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const t = caseInsensitive ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Sound "covers" test between two patterns: true only when every string matched by `inner` is matched by
 * `outer`. In `inner`, `*` and `?` are wildcards; `outer`'s `*` may absorb them, `outer`'s `?` may absorb
 * only one literal character or an inner `?`; a literal never absorbs a wildcard. May answer false for some
 * patterns that do cover (then a Deny is not credited: the worst case for the caller).
 */
export function globCovers(outer: string, inner: string): boolean {
  const memo = new Map<number, boolean>();
  const n = inner.length;
  const go = (i: number, j: number): boolean => {
    const key = i * (n + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === outer.length) r = j === n;
    else if (outer[i] === '*') r = go(i + 1, j) || (j < n && go(i, j + 1));
    else if (j === n) r = false;
    else if (outer[i] === '?') r = inner[j] !== '*' && go(i + 1, j + 1);
    else r = inner[j] !== '*' && inner[j] !== '?' && outer[i] === inner[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Every way `pattern` can consume the literal `prefix` completely: returns the remaining pattern suffixes
 * (a `*` that straddles the boundary is kept at the start of the suffix). Empty array = cannot match.
 */
export function globRemainders(pattern: string, prefix: string): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const k = `${i},${j}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (j === prefix.length) {
      out.add(pattern.slice(i));
      continue;
    }
    if (i >= pattern.length) continue;
    const c = pattern[i];
    if (c === '*') {
      stack.push([i + 1, j], [i, j + 1]);
    } else if (c === '?' || c === prefix[j]) {
      stack.push([i + 1, j + 1]);
    }
  }
  return [...out];
}

/** The literal characters before the first wildcard. */
export function literalPrefix(s: string): string {
  const m = /[*?]/.exec(s);
  return m ? s.slice(0, m.index) : s;
}
