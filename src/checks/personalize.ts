import type { Remediation, StorageResource } from '../model/index.js';

/** Values for the placeholders the remediation commands use, where the resource knows them. */
function placeholders(r: StorageResource): Record<string, string> {
  const out: Record<string, string> = {};
  const f = r.facts;
  if (f.provider === 'aws' || f.provider === 'gcp') out.BUCKET = r.name;
  if (f.provider === 'aws' && /^\d{12}$/.test(f.ownerAccountId ?? r.account)) out.ACCOUNT_ID = f.ownerAccountId ?? r.account;
  if (f.provider === 'azure') {
    out.ACCOUNT = f.account.accountName;
    if (f.account.resourceGroup) out.RG = f.account.resourceGroup;
    if (f.scope === 'container') out.CONTAINER = r.name;
  }
  return out;
}

/** One compiled pattern per placeholder set (a handful of sets; this runs for every failing finding). */
const PATTERNS = new Map<string, RegExp>();
function placeholderPattern(keys: readonly string[]): RegExp {
  const alt = keys.join('|');
  let re = PATTERNS.get(alt);
  if (!re) {
    re = new RegExp(`\\b(${alt})\\b`, 'g');
    PATTERNS.set(alt, re);
  }
  return re;
}

/** The check's remediation with BUCKET / ACCOUNT_ID / ACCOUNT / CONTAINER / RG filled in for this resource (CLI only). */
export function personalize(rem: Remediation, r: StorageResource): Remediation {
  if (!rem.cli) return rem;
  const values = placeholders(r);
  const keys = Object.keys(values);
  if (keys.length === 0) return rem;
  const cli = rem.cli.replace(placeholderPattern(keys), (k) => {
    const v = values[k];
    // Only plain cloud-name characters go into a command people paste; anything else keeps the placeholder.
    return v !== undefined ? (shellWord(v) ?? k) : k;
  });
  return { ...rem, cli };
}

/** Needs no quoting in any POSIX shell (nor zsh/PowerShell): letters, digits, . _ - not leading with '-'. */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * Cloud names that are safe once single-quoted: Azure system containers ($web, $root, $logs) and resource groups with
 * parentheses. Unquoted, the shell would expand "$web" to an empty word.
 */
const QUOTABLE = /^[A-Za-z0-9$][A-Za-z0-9._$()-]*$/;

/** The value as one literal shell word, or undefined when it cannot be pasted safely. */
function shellWord(v: string): string | undefined {
  if (PLAIN.test(v)) return v;
  if (QUOTABLE.test(v)) return `'${v}'`;
  return undefined;
}
