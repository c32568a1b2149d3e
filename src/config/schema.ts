import { z } from 'zod';
import { REGISTRY } from '../checks/catalog.js';

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const stringList = z.array(z.string().min(1)).default([]);

/** A real calendar day: 2027-02-30 is not one (Date.parse would roll it over to March 2). */
export function isCalendarDate(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
}

/**
 * An http(s) service URL without user:password (it would travel in reports and error messages); `credentials`
 * allows user:password@ (a webhook may carry it).
 */
export function httpUrlProblem(v: string, opts: { credentials?: boolean } = {}): string | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return 'expected an http(s) URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `expected an http(s) URL, got ${u.protocol}`;
  if (!opts.credentials && (u.username || u.password))
    return 'must not carry credentials (user:password@); use the provider credential chain';
  return undefined;
}
const httpUrlString = (opts: { credentials?: boolean } = {}) =>
  z.string().superRefine((v, ctx) => {
    const p = httpUrlProblem(v, opts);
    if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: p });
  });
const endpoint = httpUrlString();

/** A check id or an old alias, read as the current id (findings carry current ids; an alias would match nothing). */
const checkId = z.string().transform((v, ctx) => {
  const c = REGISTRY.resolve(v);
  if (!c) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown check id "${v}" (see docs/checks.md)` });
  return c?.id ?? v;
});

/** AWS account id: 12 digits; organization id: o- and 10 to 32 lowercase letters or digits. */
export const AWS_ACCOUNT_RE = /^\d{12}$/;
export const AWS_ORG_RE = /^o-[a-z0-9]{10,32}$/;

/** An intended-public allowlist entry: matches by resource pattern and/or tag; reason, owner and expiry are mandatory. */
export const allowlistEntrySchema = z
  .object({
    /** Glob on the resource id or name (e.g. "arn:aws:s3:::public-site-*", "gs://datasets-*", "www"). */
    resource: z.string().min(1).optional(),
    /** "key=value" tag match (e.g. "exposure-auditor:intended-public=true"). */
    tag: z
      .string()
      .regex(/^[^=]+=.*$/, 'tag must be "key=value"')
      .optional(),
    /** Limit to these check ids (default: all exposure checks). */
    checks: z.array(checkId).min(1, 'checks lists at least one check id (leave it out for all checks)').optional(),
    reason: z.string().min(3, 'reason is required'),
    owner: z.string().min(1, 'owner is required'),
    /** ISO date (YYYY-MM-DD); after it the entry stops suppressing and is reported. */
    expires: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .refine(isCalendarDate, 'expires must be a date YYYY-MM-DD'),
  })
  .strict()
  .refine((e) => e.resource !== undefined || e.tag !== undefined, { message: 'an allowlist entry needs "resource" or "tag"' });

export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    providers: z
      .object({
        aws: z
          .object({
            profiles: stringList,
            region: z.string().optional(),
            roleArns: stringList,
            externalId: z.string().optional(),
            orgRole: z.string().optional(),
            endpoint: endpoint.optional(),
          })
          .strict()
          .optional(),
        gcp: z.object({ projects: stringList, endpoint: endpoint.optional() }).strict().optional(),
        azure: z
          .object({
            subscriptions: stringList,
            armEndpoint: endpoint.optional(),
            blobEndpoint: endpoint.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    trustZone: z
      .object({
        awsAccounts: z.array(z.string().regex(AWS_ACCOUNT_RE, 'an AWS account id is 12 digits, e.g. "111122223333"')).default([]),
        awsOrgIds: z.array(z.string().regex(AWS_ORG_RE, 'an AWS organization id looks like "o-a1b2c3d4e5"')).default([]),
        gcpDomains: stringList,
        gcpProjects: stringList,
      })
      .strict()
      .default({}),
    allowlist: z.array(allowlistEntrySchema).default([]),
    /** Analyzer settings for readings the rules leave to the operator. */
    analysis: z
      .object({
        /** Azure storage accounts that must not serve a static website: a $web exposure then scores like any public read (S-12). */
        azureNonWebAccounts: stringList,
        /** G-9: how an allUsers grant on a Requester Pays bucket reads ('authenticated' default, or the literal 'public'). */
        gcsRequesterPays: z.enum(['authenticated', 'public']).default('authenticated'),
      })
      .strict()
      .default({}),
    failOn: severity.optional(),
    probe: z.boolean().optional(),
    concurrency: z.number().int().positive().max(1024).optional(),
    outputs: z
      .array(
        z.object({ format: z.enum(['table', 'json', 'sarif', 'markdown', 'html', 'junit']), path: z.string().min(1) }).strict(),
      )
      .default([]),
    notify: z
      .object({
        webhook: httpUrlString({ credentials: true }),
      })
      .strict()
      .optional(),
  })
  .strict();

export type BucketAuditConfig = z.infer<typeof configSchema>;
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;
