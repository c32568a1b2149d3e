import { inputError } from '../errors.js';
import { termSafe } from '../runtime/text.js';

/**
 * Name validation (exposure-semantics.md section 5, N-1..N-5). Pure: every function returns the reason a name
 * is rejected, or undefined when it is acceptable. Names are validated BEFORE any URL is built and are never
 * escaped-and-continued.
 */

/** N-5: characters that must never reach a hostname or a path segment of a bucket/container name. */
const N5_FORBIDDEN = /[/?#%@:\\\s\u0000-\u001f\u007f]/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function n5(name: string): string | undefined {
  if (N5_FORBIDDEN.test(name))
    return 'contains a character that is not allowed in a storage name (/ ? # % @ : \\ whitespace or control)';
  return undefined;
}

export interface S3NameOptions {
  /** Accept pre-2018 us-east-1 names with uppercase letters and underscores (probed path-style only). */
  legacy?: boolean;
}

/** N-1 AWS S3 bucket (also accepts access point aliases ending in -s3alias, which are valid probe targets). */
export function s3BucketNameError(name: string, opts: S3NameOptions = {}): string | undefined {
  const bad = n5(name);
  if (bad) return bad;
  if (IPV4.test(name)) return 'an S3 bucket name cannot be an IPv4 address (N-1)';
  if (name.length < 3 || name.length > (opts.legacy ? 255 : 63))
    return `an S3 bucket name has 3-${opts.legacy ? 255 : 63} characters, got ${name.length} (N-1)`;
  if (opts.legacy) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'a legacy S3 bucket name uses only letters, digits, ".", "_" and "-" (N-1)';
    return undefined;
  }
  if (name.includes('..')) return 'an S3 bucket name cannot contain ".." (N-1)';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
    if (/[A-Z_]/.test(name) && /^[A-Za-z0-9._-]+$/.test(name))
      return 'uppercase letters and "_" are only valid in legacy us-east-1 bucket names: pass --legacy-s3-names (N-1)';
    return 'an S3 bucket name uses only lowercase letters, digits, "." and "-" and starts and ends with a letter or digit (N-1)';
  }
  return undefined;
}

const GCS_COMPONENT = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

/** N-2 Google Cloud Storage bucket. */
export function gcsBucketNameError(name: string): string | undefined {
  const bad = n5(name);
  if (bad) return bad;
  if (IPV4.test(name)) return 'a GCS bucket name cannot be an IPv4 address (N-2)';
  if (name.includes('..')) return 'a GCS bucket name cannot contain ".." (N-2)';
  const dotted = name.includes('.');
  if (name.length < 3 || name.length > (dotted ? 222 : 63))
    return `a GCS bucket name has 3-63 characters (222 when dotted), got ${name.length} (N-2)`;
  for (const c of name.split('.')) {
    if (!GCS_COMPONENT.test(c))
      return 'a GCS bucket name uses lowercase letters, digits, "-", "_" and ".", each dot-separated part 1-63 characters starting and ending with a letter or digit (N-2)';
  }
  if (name.startsWith('goog')) return 'a GCS bucket name cannot start with "goog" (N-2)';
  if (name.includes('google')) return 'a GCS bucket name cannot contain "google" (N-2)';
  return undefined;
}

/** N-3 Azure storage account. */
export function azureAccountNameError(name: string): string | undefined {
  const bad = n5(name);
  if (bad) return bad;
  if (!/^[a-z0-9]{3,24}$/.test(name)) return 'an Azure storage account name has 3-24 lowercase letters or digits (N-3)';
  return undefined;
}

/** N-3 Azure container ($root, $web, $logs allowed). */
export function azureContainerNameError(name: string): string | undefined {
  if (name === '$root' || name === '$web' || name === '$logs') return undefined;
  const bad = n5(name);
  if (bad) return bad;
  if (!/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name))
    return 'an Azure container name has 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (N-3)';
  return undefined;
}

/** N-4 object key / blob name: opaque UTF-8, bounded length, no control characters. */
export function objectKeyError(key: string): string | undefined {
  if (key.length === 0) return 'an object key cannot be empty (N-4)';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'an object key cannot contain control characters (N-4)';
  if (Buffer.byteLength(key, 'utf8') > 1024) return 'an object key has at most 1024 bytes (N-4)';
  return undefined;
}

/** N-4: percent-encode each "/"-separated segment (S3, Azure, GCS XML paths); "." and ".." segments stay literal keys. */
export function encodeKeyPath(key: string): string {
  return key
    .split('/')
    .map((s) => (s === '.' ? '%2E' : s === '..' ? '%2E%2E' : encodeURIComponent(s)))
    .join('/');
}

/** base (ending in "/") + encoded key, asserted to stay under base. */
export function keyUrl(base: URL, key: string): URL {
  const path = encodeKeyPath(key);
  const u = new URL(base.href + path);
  // The URL parser resolves "." / ".." segments (even as %2E): such keys cannot be addressed faithfully.
  if (u.origin !== base.origin || u.pathname !== base.pathname + path)
    throw inputError(`object key "${printable(key)}" cannot be addressed safely in a URL (dot segments)`);
  return u;
}

/** N-4: GCS JSON API object name: the whole name encoded, "/" as %2F. */
export function encodeGcsObjectName(key: string): string {
  return encodeURIComponent(key);
}

/** Throwing form for callers that build URLs: a bad name is a typed INPUT error. */
export function assertName(what: string, name: string, reason: string | undefined): void {
  // A rejected name may hold a pasted credential (a SAS query after "?", a password before "@"): not repeated.
  const shown = name.replace(/[?#][\s\S]*$/, (m) => `${m[0]}<redacted>`).replace(/^[^@]*@/, '<redacted>@');
  if (reason) throw inputError(`invalid ${what} "${printable(shown)}": ${reason}`);
}

/**
 * A name made safe to print in one line: what termSafe escapes (C0 and C1 controls, bidi overrides: the one-byte CSI
 * 0x9B and U+202E passed through before), and tab, newline and CR too.
 */
export function printable(s: string): string {
  const clipped = s.length > 120 ? `${s.slice(0, 117)}...` : s;
  return termSafe(clipped).replace(/[\t\n\r]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
