import { z } from 'zod';

/** Zod schema of the JSON report, schemaVersion 1 (docs/report-format.md). Extra fields are allowed (additive changes). */
const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
const verdict = z.enum(['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED', 'LATENT', 'PRIVATE', 'UNKNOWN']);
const capability = z.enum(['LIST', 'READ', 'WRITE', 'READ_ACP', 'ADMIN', 'META']);
const provider = z.enum(['aws', 'gcp', 'azure']);
const compliance = z.record(z.string(), z.array(z.string()));

export const sourceRefSchema = z
  .object({
    origin: z.enum(['live', 'terraform-plan', 'terraform-hcl', 'mock']),
    uri: z.string(),
    file: z.string().optional(),
    line: z.number().int().positive().optional(),
    address: z.string().optional(),
  })
  .passthrough();

export const evidenceSchema = z
  .object({
    kind: z.string(),
    summary: z.string(),
    path: z.string().optional(),
    sid: z.string().optional(),
    rules: z.array(z.string()).optional(),
    source: sourceRefSchema.optional(),
  })
  .passthrough();

export const probeSchema = z
  .object({
    status: z.enum(['confirmed', 'not-confirmed', 'skipped', 'error']),
    capabilities: z.array(capability),
    observations: z.array(
      z
        .object({
          check: z.string(),
          method: z.string(),
          url: z.string(),
          status: z.number().optional(),
          code: z.string().optional(),
          outcome: z.enum(['allowed', 'denied', 'not-found', 'inconclusive', 'error']),
          detail: z.string().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export const reportResourceSchema = z
  .object({
    id: z.string().min(1),
    provider,
    kind: z.enum(['bucket', 'container', 'account', 'access-point']),
    name: z.string(),
    account: z.string(),
    region: z.string().optional(),
    address: z.string().optional(),
    source: sourceRefSchema,
    verdict,
    severity,
    capabilities: z.array(z.object({ capability, scope: z.string() }).strict()),
    reasons: z.array(
      z
        .object({ summary: z.string(), kind: z.string(), path: z.string().optional(), rules: z.array(z.string()).optional() })
        .strict(),
    ),
    neutralizedBy: z.array(z.string()),
    unknownInputs: z.array(
      z
        .object({
          input: z.string(),
          reason: z.string(),
          detail: z.string().optional(),
          operation: z.string().optional(),
          code: z.string().optional(),
        })
        .strict(),
    ),
    providerOpinion: z
      .object({ source: z.string(), isPublic: z.boolean().optional(), informational: z.boolean().optional() })
      .optional(),
    disagreement: z.object({ with: z.string(), detail: z.string() }).optional(),
    acknowledged: z.object({ reason: z.string(), owner: z.string().optional(), expires: z.string().optional() }).optional(),
    probe: probeSchema.optional(),
    compliance: compliance.optional(),
  })
  .passthrough();

export const findingSchema = z
  .object({
    checkId: z.string().regex(/^BA-(AWS|GCP|AZ|GEN)-\d{3}$/),
    resourceId: z.string().min(1),
    provider,
    severity,
    status: z.enum(['fail', 'pass', 'unknown']),
    message: z.string().min(1),
    evidence: z.array(evidenceSchema),
    remediation: z
      .object({
        summary: z.string(),
        cli: z.string().optional(),
        terraform: z.string().optional(),
        console: z.string().optional(),
      })
      .strict(),
    compliance,
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    baseline: z.enum(['new', 'unchanged']).optional(),
    suppressed: z
      .object({ reason: z.string(), by: z.string(), owner: z.string().optional(), expires: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const reportErrorSchema = z
  .object({
    stage: z.string(),
    provider: provider.optional(),
    resourceId: z.string().optional(),
    operation: z.string().optional(),
    code: z.string().optional(),
    message: z.string(),
  })
  .passthrough();

export const reportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('bucketaudit'), version: z.string() }),
    generatedAt: z.string().datetime(),
    command: z.string(),
    summary: z
      .object({
        resources: z.number().int().nonnegative(),
        byVerdict: z.record(verdict, z.number().int().nonnegative()),
        bySeverity: z.record(severity, z.number().int().nonnegative()),
        findings: z.object({
          fail: z.number().int().nonnegative(),
          unknown: z.number().int().nonnegative(),
          pass: z.number().int().nonnegative(),
          suppressed: z.number().int().nonnegative(),
        }),
        partial: z.boolean(),
      })
      .strict(),
    resources: z.array(reportResourceSchema),
    findings: z.array(findingSchema),
    errors: z.array(reportErrorSchema),
  })
  .passthrough();

