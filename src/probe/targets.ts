import { BucketAuditError, inputError } from '../errors.js';
import type { Provider } from '../model/index.js';
import {
  assertName,
  azureAccountNameError,
  azureContainerNameError,
  gcsBucketNameError,
  objectKeyError,
  printable,
  s3BucketNameError,
} from './names.js';

/** One thing to probe, validated (N-1..N-5) at parse time. */
export type ProbeTarget =
  | { provider: 'aws'; bucket: string; key?: string; legacy?: boolean; input: string }
  | { provider: 'gcp'; bucket: string; key?: string; input: string }
  | {
      provider: 'azure';
      account: string;
      container: string;
      key?: string;
      /** Blob host suffix (blob.core.windows.net or a sovereign cloud). */
      blobSuffix: string;
      /** Static website origin when the target was given as a web endpoint URL. */
      webUrl?: string;
      input: string;
    };

/** A target that could not be used, reported per line. */
export interface TargetError {
  input: string;
  /** File name ('-' for stdin) and 1-based line, when the target came from a list. */
  file?: string;
  line?: number;
  message: string;
}

export interface TargetParseOptions {
  /** Provider for bare names. */
  provider?: Provider;
  /** Accept legacy uppercase/underscore S3 names. */
  legacyS3Names?: boolean;
}

export const AZURE_BLOB_SUFFIXES = ['blob.core.windows.net', 'blob.core.usgovcloudapi.net', 'blob.core.chinacloudapi.cn'];
export const AZURE_WEB_SUFFIXES = ['web.core.windows.net', 'web.core.usgovcloudapi.net', 'web.core.chinacloudapi.cn'];

/**
 * A target as it may be echoed (errors, reports, logs): a rejected target can carry a credential (a SAS token or
 * a presigned URL's X-Amz-Signature in the query, a password in the userinfo), which must never be repeated.
 */
export function redactTarget(s: string): string {
  return s.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1<redacted>@').replace(/[?#][\s\S]*$/, (m) => `${m[0]}<redacted>`);
}

function shown(s: string): string {
  return printable(redactTarget(s));
}

/** Canonical short form: s3://b, gs://b, az://account/container. */
export function targetId(t: ProbeTarget): string {
  switch (t.provider) {
    case 'aws':
      return `s3://${t.bucket}`;
    case 'gcp':
      return `gs://${t.bucket}`;
    case 'azure':
      return `az://${t.account}/${t.container}`;
  }
}

function decodeKey(raw: string): string | undefined {
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw inputError(`malformed percent-encoding in object key "${printable(raw)}"`);
  }
}

function aws(bucket: string, key: string | undefined, input: string, opts: TargetParseOptions): ProbeTarget {
  assertName('S3 bucket name', bucket, s3BucketNameError(bucket, { legacy: Boolean(opts.legacyS3Names) }));
  if (key !== undefined) assertName('object key', key, objectKeyError(key));
  return {
    provider: 'aws',
    bucket,
    ...(key !== undefined ? { key } : {}),
    ...(opts.legacyS3Names && /[A-Z_]/.test(bucket) ? { legacy: true } : {}),
    input,
  };
}

function gcp(bucket: string, key: string | undefined, input: string): ProbeTarget {
  assertName('GCS bucket name', bucket, gcsBucketNameError(bucket));
  if (key !== undefined) assertName('object key', key, objectKeyError(key));
  return { provider: 'gcp', bucket, ...(key !== undefined ? { key } : {}), input };
}

function azure(
  account: string,
  container: string | undefined,
  key: string | undefined,
  input: string,
  extra: { blobSuffix?: string; webUrl?: string } = {},
): ProbeTarget {
  assertName('Azure storage account name', account, azureAccountNameError(account));
  if (!container) throw inputError(`Azure target "${shown(input)}" needs a container: az://ACCOUNT/CONTAINER`);
  assertName('Azure container name', container, azureContainerNameError(container));
  if (key !== undefined) assertName('blob name', key, objectKeyError(key));
  return {
    provider: 'azure',
    account,
    container,
    ...(key !== undefined ? { key } : {}),
    blobSuffix: extra.blobSuffix ?? AZURE_BLOB_SUFFIXES[0]!,
    ...(extra.webUrl ? { webUrl: extra.webUrl } : {}),
    input,
  };
}

/** "bucket/some/key" -> ["bucket", "some/key"]. */
function splitFirst(rest: string): [string, string | undefined] {
  const i = rest.indexOf('/');
  if (i < 0) return [rest, undefined];
  const key = rest.slice(i + 1);
  return [rest.slice(0, i), key === '' ? undefined : key];
}

/** Endpoint labels of S3 fronts that are not buckets (their first label is an access point name or alias). */
const S3_FRONTS: Record<string, string> = {
  's3-accesspoint': 'access point',
  's3-object-lambda': 'Object Lambda access point',
  's3-outposts': 'on Outposts access point',
};

function parseHttps(input: string, url: URL, opts: TargetParseOptions): ProbeTarget {
  if (url.username || url.password) throw inputError(`target URL "${shown(input)}" must not carry credentials`);
  if (url.search || url.hash) throw inputError(`target URL "${shown(input)}" must not carry a query or fragment`);
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/^\//, '');
  // ---- AWS S3: virtual-host, path-style, dualstack, website endpoints.
  const awsSuffix = ['.amazonaws.com', '.amazonaws.com.cn'].find((s) => host.endsWith(s));
  if (awsSuffix) {
    const labels = host.slice(0, -awsSuffix.length).split('.');
    let i = -1;
    for (let j = labels.length - 1; j >= 0; j--) {
      if (/^s3($|-)/.test(labels[j]!)) {
        i = j;
        break;
      }
    }
    if (i < 0) throw inputError(`"${shown(input)}" is not an S3 endpoint URL`);
    // Access points, Object Lambda, Outposts and Multi-Region Access Points are not buckets: their first label is an
    // alias or an access point name, which was probed as if it were a bucket of that name.
    const front =
      S3_FRONTS[labels[i]!] ??
      (labels[i - 1] === 'accesspoint' && labels[i] === 's3-global' ? 'Multi-Region Access Point' : undefined);
    if (front)
      throw inputError(
        `"${shown(input)}" is an S3 ${front} URL, not a bucket: probe the bucket behind it (s3://BUCKET; scan reads access point policies)`,
      );
    if (i === 0) {
      const [bucket, key] = splitFirst(path);
      if (!bucket) throw inputError(`path-style S3 URL "${shown(input)}" names no bucket`);
      return aws(bucket, decodeKey(key ?? ''), input, opts);
    }
    return aws(labels.slice(0, i).join('.'), decodeKey(path), input, opts);
  }
  // ---- Google Cloud Storage.
  if (host === 'storage.googleapis.com' || host === 'storage.cloud.google.com') {
    const json = /^(?:download\/)?storage\/v1\/b\/([^/]+)(?:\/o\/(.+))?$/.exec(path);
    if (json) return gcp(json[1]!, decodeKey(json[2] ?? ''), input);
    const [bucket, key] = splitFirst(path);
    if (!bucket) throw inputError(`GCS URL "${shown(input)}" names no bucket`);
    return gcp(bucket, decodeKey(key ?? ''), input);
  }
  if (host.endsWith('.storage.googleapis.com')) {
    return gcp(host.slice(0, -'.storage.googleapis.com'.length), decodeKey(path), input);
  }
  // ---- Azure blob and static website endpoints.
  const blobSuffix = AZURE_BLOB_SUFFIXES.find((s) => host.endsWith(`.${s}`));
  if (blobSuffix) {
    const account = host.slice(0, -(blobSuffix.length + 1));
    const [container, key] = splitFirst(path);
    return azure(account, container || undefined, decodeKey(key ?? ''), input, { blobSuffix });
  }
  const webSuffix = AZURE_WEB_SUFFIXES.find((s) => host.endsWith(`.${s}`));
  if (webSuffix) {
    const labels = host.slice(0, -(webSuffix.length + 1)).split('.');
    const account = labels[0] ?? '';
    if (labels.length > 2 || (labels.length === 2 && !/^z\d{1,3}$/.test(labels[1]!)))
      throw inputError(`"${shown(input)}" is not an Azure static website endpoint`);
    const blob = AZURE_BLOB_SUFFIXES[AZURE_WEB_SUFFIXES.indexOf(webSuffix)]!;
    return azure(account, '$web', decodeKey(path), input, { blobSuffix: blob, webUrl: `https://${host}/` });
  }
  throw inputError(
    `"${shown(input)}" is not an AWS S3, Google Cloud Storage or Azure Blob URL (custom endpoints: use s3://, gs:// or az:// with --s3-endpoint, --gcs-endpoint or --azure-blob-endpoint)`,
  );
}

/** Parse one target. Throws BucketAuditError (INPUT) with a one-line reason. */
export function parseTarget(raw: string, opts: TargetParseOptions = {}): ProbeTarget {
  const input = raw.trim();
  if (!input) throw inputError('empty target');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (scheme === 's3' || scheme === 'gs' || scheme === 'az') {
    const rest = input.slice(scheme.length + 3);
    if (/[?#]/.test(rest)) throw inputError(`target "${shown(input)}" must not carry a query or fragment`);
    if (scheme === 'az') {
      const [account, after] = splitFirst(rest);
      const [container, key] = after ? splitFirst(after) : [undefined, undefined];
      return azure(account, container, key, input);
    }
    const [bucket, key] = splitFirst(rest);
    return scheme === 's3' ? aws(bucket, key, input, opts) : gcp(bucket, key, input);
  }
  if (scheme === 'https' || scheme === 'http') {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw inputError(`"${shown(input)}" is not a valid URL`);
    }
    if (scheme === 'http' && !AZURE_WEB_SUFFIXES.some((s) => url.hostname.endsWith(`.${s}`)) && !/s3-website/.test(url.hostname))
      throw inputError(`"${shown(input)}": provider endpoints are probed over https only`);
    return parseHttps(input, url, opts);
  }
  if (scheme)
    throw inputError(`unsupported target scheme "${scheme}://" in "${shown(input)}" (use s3://, gs://, az:// or https://)`);
  switch (opts.provider) {
    case 'aws':
      return aws(input, undefined, input, opts);
    case 'gcp':
      return gcp(input, undefined, input);
    case 'azure': {
      const [account, container] = splitFirst(input);
      return azure(account, container, undefined, input);
    }
    default:
      throw inputError(`bare name "${shown(input)}" needs --provider aws|gcp|azure (or use s3://, gs://, az://)`);
  }
}

export interface TargetLine {
  text: string;
  file?: string;
  line?: number;
}

/** Split a target list file: one target per line, blank lines and "#" comments ignored. */
export function linesOf(text: string, file: string): TargetLine[] {
  const out: TargetLine[] = [];
  text.split(/\r?\n/).forEach((t, i) => {
    const s = t.trim();
    if (s && !s.startsWith('#')) out.push({ text: s, file, line: i + 1 });
  });
  return out;
}

/** Parse many targets; bad ones become per-line errors, never abort the rest. Duplicates are dropped. */
export function parseTargets(
  lines: readonly TargetLine[],
  opts: TargetParseOptions = {},
): { targets: ProbeTarget[]; errors: TargetError[] } {
  const targets: ProbeTarget[] = [];
  const errors: TargetError[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    try {
      const t = parseTarget(l.text, opts);
      const id = `${targetId(t)}|${t.key ?? ''}|${t.provider === 'azure' ? (t.webUrl ?? t.blobSuffix) : ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      targets.push(t);
    } catch (err) {
      const message = err instanceof BucketAuditError ? err.message : err instanceof Error ? err.message : String(err);
      errors.push({
        input: shown(l.text),
        ...(l.file !== undefined ? { file: l.file } : {}),
        ...(l.line !== undefined ? { line: l.line } : {}),
        message,
      });
    }
  }
  return { targets, errors };
}
