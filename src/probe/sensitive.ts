/**
 * Classify object keys whose NAMES look sensitive. Pure; works on names only (the probe never reads contents).
 */
export type SensitiveKind =
  | 'private-key'
  | 'credentials'
  | 'env-file'
  | 'terraform-state'
  | 'database-dump'
  | 'source-archive'
  | 'backup'
  | 'package';

const COMPRESSED = String.raw`(?:\.(?:gz|bz2|xz|zst|zip|7z))?`;

const RULES: { kind: SensitiveKind; re: RegExp }[] = [
  {
    kind: 'private-key',
    re: /(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:\.bak)?|[^/]*\.(?:pem|key|p12|pfx|ppk|jks|keystore|asc|gpg)|[^/]*private[-_]?key[^/]*)$/i,
  },
  {
    kind: 'credentials',
    re: /(?:^|\/)(?:\.aws\/credentials|credentials(?:\.(?:json|csv|txt|ya?ml|xml))?|[^/]*service[-_]?account[^/]*\.json|secrets?(?:\.[a-z]+)?|[^/]*passw(?:or)?ds?[^/]*|\.htpasswd|\.netrc|\.npmrc|\.pypirc|\.pgpass|\.git-credentials|\.dockercfg|\.docker\/config\.json|kubeconfig|[^/]*\.kubeconfig|wp-config\.php|[^/]*accesskeys?[^/]*\.csv)$/i,
  },
  { kind: 'env-file', re: /(?:^|\/)\.env(?:\.[^/]+)?$/i },
  { kind: 'terraform-state', re: /(?:^|\/)[^/]*\.tfstate(?:\.backup)?$|(?:^|\/)terraform\.tfvars(?:\.json)?$/i },
  {
    kind: 'database-dump',
    re: new RegExp(
      String.raw`(?:^|/)[^/]*(?:\.(?:sql|dump|sqlite3?|db|mdb|accdb|bson|rdb|dmp)|\.(?:pg|my)dump)${COMPRESSED}$|(?:^|/)[^/]*(?:pg_dump|mysqldump|dbdump|db[-_]dump)[^/]*$`,
      'i',
    ),
  },
  {
    kind: 'source-archive',
    re: /(?:^|\/)(?:[^/]*(?:src|source|sources|repo|code|git|project|website|www|app)[^/]*\.(?:zip|tar|tar\.gz|tgz|tar\.bz2|tar\.xz|7z|rar)|\.git\/(?:config|HEAD|index))$/i,
  },
  {
    kind: 'backup',
    re: /(?:^|\/)(?:[^/]*\.(?:bak|backup|bkp|old|orig|sav)|[^/]*backup[^/]*\.(?:zip|tar|tar\.gz|tgz|7z|rar|gz))$/i,
  },
  { kind: 'package', re: /(?:^|\/)[^/]*\.(?:jar|war|ear|whl|egg|deb|rpm|apk|ipa|nupkg|gem|msi|dmg|aab)$/i },
];

/** The kind of sensitive material a key name suggests, or undefined. */
export function classifyKey(key: string): SensitiveKind | undefined {
  for (const r of RULES) if (r.re.test(key)) return r.kind;
  return undefined;
}

/** Sensitive keys of one listing page, at most `limit`, formatted "kind: key". */
export function sensitiveKeys(keys: readonly string[], limit = 20): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const kind = classifyKey(k);
    if (kind) out.push(`${kind}: ${k}`);
    if (out.length >= limit) break;
  }
  return out;
}
