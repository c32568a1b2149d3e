/**
 * Options that several commands share, declared once: the trust zone (scan, terraform) and the workflow
 * options (config, baseline, webhook). A live scan and a Terraform audit of the same estate then read the same
 * flags and the same config keys, so they analyse with the same context.
 */
import type { Command } from 'commander';
import { type AnalyzerContext, defaultContext } from '../analyzer/context.js';
import { AWS_ACCOUNT_RE, AWS_ORG_RE, type BucketAuditConfig } from '../config/schema.js';
import { usageError } from '../errors.js';
import { httpUrl } from './globals.js';

/** Commander collector of a repeatable option. */
export const collectRepeat = (v: string, prev: string[] = []): string[] => [...prev, v];

/**
 * Option parser for integer flags: a positive integer, at most `max` when given (past it the value would be ignored
 * or misread, not honoured; `why` says so), else a usage error naming the flag.
 */
export const intFlag =
  (name: string, max?: number, why?: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw usageError(`${name} must be a positive integer, got "${v}"`);
    if (max !== undefined && n > max) throw usageError(`${name} must be at most ${max}${why ? ` (${why})` : ''}, got "${v}"`);
    return n;
  };

/** collectRepeat for ids of a known shape: anything else is a usage error (an id that matches nothing is silent). */
const collectMatching =
  (flag: string, re: RegExp, shape: string) =>
  (v: string, prev: string[] = []): string[] => {
    if (!re.test(v)) throw usageError(`${flag} must be ${shape}, got "${v}"`);
    return [...prev, v];
  };

export interface TrustCliOptions {
  trustAccount?: string[];
  trustOrg?: string[];
  trustDomain?: string[];
  trustProject?: string[];
}

/** --trust-account, --trust-org, --trust-domain, --trust-project (all repeatable). */
export function addTrustOptions(cmd: Command): Command {
  return cmd
    .option(
      '--trust-account <id>',
      'AWS account inside the trust zone, e.g. the owner account (repeatable)',
      collectMatching('--trust-account', AWS_ACCOUNT_RE, '12 digits, e.g. 111122223333'),
    )
    .option(
      '--trust-org <id>',
      'AWS organization id inside the trust zone (repeatable)',
      collectMatching('--trust-org', AWS_ORG_RE, 'o- and 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5'),
    )
    .option('--trust-domain <domain>', 'GCP domain inside the trust zone (repeatable)', collectRepeat)
    .option('--trust-project <id>', 'GCP project inside the trust zone (repeatable)', collectRepeat);
}

/** -c/--config, --baseline, --notify-webhook (see workflow.ts). */
export function addWorkflowOptions(cmd: Command, configHelp: string): Command {
  return cmd
    .option('-c, --config <file>', configHelp)
    .option('--baseline <report.json>', 'previous JSON report: mark findings new/unchanged; --fail-on gates on new ones only')
    .option(
      '--notify-webhook <url>',
      'POST a Slack-compatible summary of new exposures after the run',
      httpUrl('--notify-webhook', { credentials: true }),
    );
}

/** A repeatable flag's values when given, else the config's list (undefined when neither says anything). */
export function flagOrConfig<T>(flag: T[] | undefined, conf: T[] | undefined): T[] | undefined {
  return flag?.length ? flag : conf?.length ? conf : undefined;
}

/**
 * The analyzer context of a run: each trust list from its flags when given, else from the config; the
 * config's analysis settings (Azure non-web accounts, GCS requester pays) either way.
 */
export function analyzerContextFor(flags: TrustCliOptions, config: BucketAuditConfig | undefined): AnalyzerContext {
  const pick = (flag: string[] | undefined, conf: string[] | undefined) => flagOrConfig(flag, conf) ?? [];
  const tz = config?.trustZone;
  return defaultContext({
    trust: {
      awsAccounts: pick(flags.trustAccount, tz?.awsAccounts),
      awsOrgIds: pick(flags.trustOrg, tz?.awsOrgIds),
      gcpDomains: pick(flags.trustDomain, tz?.gcpDomains),
      gcpProjects: pick(flags.trustProject, tz?.gcpProjects),
    },
    ...(config?.analysis.azureNonWebAccounts.length ? { azureNonWebAccounts: config.analysis.azureNonWebAccounts } : {}),
    ...(config ? { gcsRequesterPays: config.analysis.gcsRequesterPays } : {}),
  });
}
