/**
 * Options that several commands share, declared once: the trust zone (scan, terraform) and the workflow
 * options (config, baseline, webhook). A live scan and a Terraform audit of the same estate then read the same
 * flags and the same config keys, so they analyse with the same context.
 */
import type { Command } from 'commander';
import { type AnalyzerContext, defaultContext } from '../analyzer/context.js';
import type { BucketAuditConfig } from '../config/schema.js';
import { httpUrl } from './globals.js';

/** Commander collector of a repeatable option. */
export const collectRepeat = (v: string, prev: string[] = []): string[] => [...prev, v];

export interface TrustCliOptions {
  trustAccount?: string[];
  trustOrg?: string[];
  trustDomain?: string[];
  trustProject?: string[];
}

/** --trust-account, --trust-org, --trust-domain, --trust-project (all repeatable). */
export function addTrustOptions(cmd: Command): Command {
  return cmd
    .option('--trust-account <id>', 'AWS account inside the trust zone, e.g. the owner account (repeatable)', collectRepeat)
    .option('--trust-org <id>', 'AWS organization id inside the trust zone (repeatable)', collectRepeat)
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
      httpUrl('--notify-webhook'),
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
