import { awsPartitionOfRegionName } from '../endpoints/aws.js';
import type { SourceRef } from '../model/index.js';
import { Computed } from './expr.js';

/**
 * One resource (or data source) instance as both readers see it: the plan/state JSON reader and the
 * .tf reader fill this shape, and the per-provider mappers turn blocks into StorageResources.
 * Values that are unknown at plan time (or not statically resolvable from .tf) are `Computed`.
 */
export interface TfBlock {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Full address, e.g. module.web.aws_s3_bucket.site["a"]. */
  address: string;
  /** Address without the instance key, e.g. module.web.aws_s3_bucket.site. */
  baseAddress: string;
  /** Module path prefix ("" for the root module, else "module.a.module.b"). */
  module: string;
  values: Record<string, unknown>;
  /**
   * Will Terraform create this resource (so creation-time provider defaults apply)? .tf input: true
   * (the configuration describes what will exist) unless an `import` block adopts it; plan: actions include
   * "create"; state: false.
   */
  isNew: boolean;
  source: SourceRef;
  /** Region of the (default) provider configuration, when literal. */
  region?: string;
  /**
   * Plan input: the arguments the configuration sets (keys of the plan's configuration expressions); any other
   * value in the plan is the provider's (read from the cloud, or its default). Undefined when every value is
   * configuration (.tf) or when it cannot be told (state, a plan without its configuration).
   */
  configured?: ReadonlySet<string>;
  /**
   * Plan input: attributes Terraform marked known-after-apply that were resolved from the configuration
   * expression (attribute -> "resolved from configuration: aws_s3_bucket.b.arn = arn:aws:s3:::x ...").
   */
  resolved?: Record<string, string>;
}

/** A parsed inline suppression comment `# bucketaudit:ignore ID[,ID] reason: text` above a block. */
export interface InlineSuppression {
  checkIds: string[];
  reason: string;
  file: string;
  line: number;
  /** Base address of the resource block it annotates (module prefix included). */
  baseAddress: string;
}

/** Where `resource "TYPE" "NAME"` blocks start in .tf files: "module.x.TYPE.NAME" -> file:line. */
export type BlockLocations = Map<string, { file: string; line: number }>;

/* ----------------------------------------------------------------- value helpers ----------------------------------------------------------------- */

export { Computed };

/** First element of a nested block list (HCL blocks and plan JSON blocks are lists of objects). */
export function nested(v: unknown): Record<string, unknown> | undefined | Computed {
  if (v instanceof Computed) return v;
  if (Array.isArray(v)) {
    const first = v[0];
    if (first instanceof Computed) return first;
    return first && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
  }
  if (v && typeof v === 'object') return v as Record<string, unknown>;
  return undefined;
}

export function nestedAll(v: unknown): Record<string, unknown>[] | Computed {
  if (v instanceof Computed) return v;
  if (Array.isArray(v)) {
    const c = v.find((x) => x instanceof Computed);
    if (c) return c as Computed;
    return v.filter((x): x is Record<string, unknown> => Boolean(x) && typeof x === 'object');
  }
  if (v && typeof v === 'object') return [v as Record<string, unknown>];
  return [];
}

/** Module-relative reference of a block: "aws_s3_bucket.b" (no module prefix, no index). */
export function localRef(b: TfBlock): string {
  return `${b.mode === 'data' ? 'data.' : ''}${b.type}.${b.name}`;
}

/**
 * Does the configuration set argument `k` of `b`? Always for .tf input (and when a plan cannot tell); in a plan,
 * only the arguments of its configuration expressions (any other value is the provider's).
 */
export const setsArg = (b: TfBlock, k: string): boolean => !b.configured || b.configured.has(k);

export function sourceNote(b: TfBlock): string {
  const loc = b.source.file ? ` (${b.source.file}${b.source.line ? `:${b.source.line}` : ''})` : '';
  return `${b.address}${loc}`;
}

/** Address without any instance keys: module.a["x"].aws_s3_bucket.b[0] -> module.a.aws_s3_bucket.b. */
export function stripIndexes(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]/g, '');
}

/** AWS partition of a region name; undefined when the name is not a known region shape. */
export const partitionOfRegion = awsPartitionOfRegionName;
