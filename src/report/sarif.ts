import { posix } from 'node:path';
import { CHECKS } from '../checks/index.js';
import type { Check } from '../checks/index.js';
import { severityRank } from '../analyzer/severity.js';
import type { AuditReport, Finding, ReportResource, Severity } from '../model/index.js';

/** CVSS-like numbers GitHub code scanning reads from rule properties["security-severity"]. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** Prefix of the stable pseudo-path that locates live (non-file) resources; see docs/report-format.md. */
export const LIVE_PSEUDO_ROOT = '.bucketaudit/live';
/** Pseudo-path root for Terraform resources whose file is not relative to the scanned root. */
export const TERRAFORM_PSEUDO_ROOT = '.bucketaudit/terraform';

type Level = 'error' | 'warning' | 'note';

function levelOf(f: Finding): Level {
  if (f.status === 'unknown') return 'note';
  if (f.severity === 'critical' || f.severity === 'high') return 'error';
  if (f.severity === 'medium') return 'warning';
  return 'note';
}

function ruleName(slug: string): string {
  return slug
    .split('-')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p))
    .join('');
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function helpMarkdown(c: Check): string {
  const parts = [`**${c.title}**`, '', c.description, '', `**Remediation:** ${c.remediation.summary}`];
  if (c.remediation.cli) parts.push('', '```sh', c.remediation.cli, '```');
  if (c.remediation.terraform) parts.push('', '```hcl', c.remediation.terraform, '```');
  if (c.remediation.console) parts.push('', `Console: ${c.remediation.console}`);
  const comp = Object.entries(c.compliance);
  if (comp.length > 0) parts.push('', `Compliance: ${comp.map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ')}`);
  return parts.join('\n');
}

function ruleOf(c: Check) {
  const tags = ['security', 'cloud-storage', c.provider, ...Object.keys(c.compliance).map((k) => `compliance/${k}`)];
  return {
    id: c.id,
    name: ruleName(c.slug),
    shortDescription: { text: sentence(c.title) },
    fullDescription: { text: sentence(c.description) },
    help: { text: sentence(c.remediation.summary), markdown: helpMarkdown(c) },
    defaultConfiguration: {
      level: (c.severity === 'critical' || c.severity === 'high'
        ? 'error'
        : c.severity === 'medium'
          ? 'warning'
          : 'note') as Level,
    },
    properties: {
      'security-severity': SECURITY_SEVERITY[c.severity],
      tags,
      precision: c.id === 'BA-GEN-001' ? 'medium' : 'high',
      problem: { severity: c.severity },
    },
  };
}

/** The path with '/' separators and its '.' / '..' segments resolved (POSIX rules; it may then start with '..'). */
function normalizedPath(p: string): string {
  return posix.normalize(p.replace(/\\/g, '/'));
}

/** Encode each path segment; keep '/' separators. */
function encodePath(p: string): string {
  return normalizedPath(p)
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * Not under the root the results are relative to: POSIX absolute, Windows drive (C:\x, C:x), UNC (\\server\share,
 * //server), or a relative path that climbs out of it (../infra/main.tf: a location outside the repository, which
 * code scanning cannot show).
 */
function isAbsolute(p: string): boolean {
  if (/^[\\/]/.test(p) || /^[A-Za-z]:/.test(p)) return true;
  const n = normalizedPath(p);
  return n === '..' || n.startsWith('../');
}

/** Physical location: Terraform file:line (relative to %SRCROOT%) or a stable pseudo-path for live resources. */
export function sarifLocation(r: ReportResource | undefined, resourceId: string) {
  const logical = {
    name: r?.name ?? resourceId,
    fullyQualifiedName: r?.source.address ?? resourceId,
    kind: 'resource',
  };
  const src = r?.source;
  if (src?.file && !isAbsolute(src.file)) {
    return {
      physicalLocation: {
        artifactLocation: { uri: encodePath(src.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: src.line && src.line > 0 ? src.line : 1 },
      },
      logicalLocations: [
        logical,
        ...(src.address && src.address !== resourceId ? [{ fullyQualifiedName: resourceId, kind: 'resource' }] : []),
      ],
    };
  }
  if (src && src.origin !== 'live' && src.origin !== 'mock') {
    // Terraform resource without a relative file (absolute path, or plan JSON without lines): the address as pseudo-path.
    const key = src.address ?? r?.name ?? resourceId;
    return {
      physicalLocation: {
        artifactLocation: { uri: `${TERRAFORM_PSEUDO_ROOT}/${encodeURIComponent(key)}`, uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 },
      },
      logicalLocations: [logical],
    };
  }
  const provider = r?.provider ?? 'unknown';
  const kind = r?.kind ?? 'resource';
  const name = r?.name ?? resourceId;
  return {
    physicalLocation: {
      artifactLocation: { uri: `${LIVE_PSEUDO_ROOT}/${provider}/${kind}/${encodeURIComponent(name)}`, uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    },
    logicalLocations: [logical],
  };
}

/**
 * GitHub code scanning rejects a whole SARIF upload whose run has more than 25,000 results ("Analysis SARIF file
 * rejected due to result limits"); see docs.github.com, SARIF support for code scanning.
 */
export const SARIF_LIMITS = { results: 25_000 };

/** Which results to keep when over the limit: unsuppressed before suppressed, fail before unknown, most severe first. */
function keepOrder(a: Finding, b: Finding): number {
  return (
    Number(Boolean(a.suppressed)) - Number(Boolean(b.suppressed)) ||
    Number(a.status !== 'fail') - Number(b.status !== 'fail') ||
    severityRank(b.severity) - severityRank(a.severity)
  );
}

/**
 * SARIF 3.35.2: `inSource` for a suppression written in the analysed file (a Terraform comment, by: 'inline'),
 * `external` for one kept elsewhere (the allowlist in the config file).
 */
function suppressionOf(s: NonNullable<Finding['suppressed']>) {
  return { kind: s.by === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: s.reason };
}

/** SARIF 2.1.0: one rule per check id; results for fail/unknown findings only (suppressed ones carry `suppressions`). */
export function renderSarif(report: AuditReport, limits = SARIF_LIMITS): string {
  const rules = CHECKS.map(ruleOf);
  const index = new Map(CHECKS.map((c, i) => [c.id, i]));
  const resources = new Map(report.resources.map((r) => [r.id, r]));
  let reported = report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
  const omitted = Math.max(0, reported.length - limits.results);
  if (omitted > 0) {
    // Keep the most important results, in report order (Array.prototype.sort is stable).
    const keep = new Set(
      reported
        .map((f, i) => ({ f, i }))
        .sort((x, y) => keepOrder(x.f, y.f) || x.i - y.i)
        .slice(0, limits.results)
        .map((x) => x.f),
    );
    reported = reported.filter((f) => keep.has(f));
  }
  const results = reported.map((f) => {
    const r = resources.get(f.resourceId);
    const ruleIndex = index.get(f.checkId);
    return {
      ruleId: f.checkId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: levelOf(f),
      message: {
        text: sentence(`${f.status === 'unknown' ? 'Could not evaluate: ' : ''}${r ? `${r.name}: ` : ''}${f.message}`),
      },
      locations: [sarifLocation(r, f.resourceId)],
      partialFingerprints: { 'bucketaudit/v1': f.fingerprint },
      ...(f.suppressed ? { suppressions: [suppressionOf(f.suppressed)] } : {}),
      properties: {
        status: f.status,
        severity: f.severity,
        'security-severity': SECURITY_SEVERITY[f.severity],
        resourceId: f.resourceId,
        provider: f.provider,
        ...(r ? { verdict: r.verdict, origin: r.source.origin } : {}),
        evidence: f.evidence.map((e) => e.summary),
        ...(f.baseline ? { baseline: f.baseline } : {}),
      },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bucketaudit',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/bucketaudit/bucketaudit',
            rules,
          },
        },
        ...(omitted > 0
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      message: {
                        text: `${omitted} of ${omitted + limits.results} results left out: GitHub code scanning rejects a run with more than ${limits.results} results. Kept unsuppressed before suppressed, fail before unknown, most severe first; the JSON report has them all.`,
                      },
                    },
                  ],
                },
              ],
            }
          : {}),
        automationDetails: { id: `bucketaudit/${report.command}/` },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned repository root.' } } },
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          summary: report.summary,
          generatedAt: report.generatedAt,
          ...(omitted > 0 ? { omittedResults: omitted } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
