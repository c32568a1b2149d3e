import { z } from 'zod';

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const stringList = z.array(z.string().min(1)).default([]);

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
    checks: z.array(z.string().min(1)).optional(),
    reason: z.string().min(3, 'reason is required'),
    owner: z.string().min(1, 'owner is required'),
    /** ISO date (YYYY-MM-DD); after it the entry stops suppressing and is reported. */
    expires: z
      .union([z.string(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
      .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'expires must be a date YYYY-MM-DD'),
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
            endpoint: z.string().url().optional(),
          })
          .strict()
          .optional(),
        gcp: z.object({ projects: stringList, endpoint: z.string().url().optional() }).strict().optional(),
        azure: z
          .object({
            subscriptions: stringList,
            armEndpoint: z.string().url().optional(),
            blobEndpoint: z.string().url().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    trustZone: z
      .object({ awsAccounts: stringList, awsOrgIds: stringList, gcpDomains: stringList, gcpProjects: stringList })
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
    concurrency: z.number().int().positive().optional(),
    outputs: z
      .array(
        z.object({ format: z.enum(['table', 'json', 'sarif', 'markdown', 'html', 'junit']), path: z.string().min(1) }).strict(),
      )
      .default([]),
    notify: z.object({ webhook: z.string().url() }).strict().optional(),
  })
  .strict();

export type BucketAuditConfig = z.infer<typeof configSchema>;
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;
