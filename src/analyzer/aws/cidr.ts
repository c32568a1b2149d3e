/** Small CIDR parser for aws:SourceIp: IPv4 + IPv6, bare addresses = /32 or /128. */

export interface Cidr {
  version: 4 | 6;
  /** Network address as a bigint (host bits cleared). */
  base: bigint;
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (s.length === 0 || s.length > 45) return undefined;
  let text = s;
  // embedded IPv4 tail (::ffff:1.2.3.4) => two hex groups
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(`0x${g}`));
    }
    return out;
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !rest) return undefined;
  const groupsKnown = head.length + rest.length;
  let groups: bigint[];
  if (halves.length === 2) {
    if (groupsKnown > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - groupsKnown).fill(0n), ...rest];
  } else {
    groups = head;
    if (groups.length !== 8) return undefined;
  }
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parse "a.b.c.d[/n]" or "v6[/n]"; undefined when not a valid address/prefix. */
export function parseCidr(input: string): Cidr | undefined {
  const s = input.trim();
  const slash = s.indexOf('/');
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  const prefixText = slash >= 0 ? s.slice(slash + 1) : undefined;
  const version: 4 | 6 = addr.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  const value = version === 4 ? parseV4(addr) : parseV6(addr);
  if (value === undefined) return undefined;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > bits) return undefined;
  }
  const hostBits = BigInt(bits - prefix);
  const base = (value >> hostBits) << hostBits;
  return { version, base, prefix };
}

/** `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false;
  const bits = outer.version === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return inner.base >> shift === outer.base >> shift;
}

/**
 * IPv4 prefix < 8 or IPv6 prefix < 32 is "broad" (public for BPA). Ranges inside the non-routable set
 * are excluded from the breadth test ("RFC1918 excluded"); for IPv6 this also exempts fc00::/7 and fe80::/10
 * (documented reading of open point 3: a pin to private space never admits internet callers).
 */
export function isBroad(c: Cidr): boolean {
  if (isNonRoutable(c)) return false;
  return c.version === 4 ? c.prefix < 8 : c.prefix < 32;
}

/** The non-routable set of A-6 (NOT a generic isPrivate: documentation ranges count as public). */
export const NON_ROUTABLE: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
].map((s) => parseCidr(s)!);

export function isNonRoutable(c: Cidr): boolean {
  return NON_ROUTABLE.some((n) => cidrContains(n, c));
}

/** Covers the whole address space of its family (0.0.0.0/0, ::/0). */
export function isWholeSpace(c: Cidr): boolean {
  return c.prefix === 0;
}
