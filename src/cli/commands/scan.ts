import type { Command } from 'commander';
import { Option } from 'commander';
import type { CollectContext, CollectResult } from '../../../providers/types.js';
import { audit } from '../../audit.js';
import { BucketAuditError, usageError } from '../../errors.js';
import type { BucketAuditConfig } from '../../config/schema.js';
import type { Provider, ReportError, StorageResource } from '../../model/index.js';
import { probeAssessments } from '../../probe/enrich.js';
import { compact } from '../../runtime/compact.js';
import { scaleFromProgress } from '../../runtime/heap.js';
import { createScheduler } from '../../scheduler/index.js';
import { createProgress, scanStats } from '../progress.js';
import { globalsOf, httpUrl } from '../globals.js';
import type { CliRuntime } from '../io.js';
import {
  addTrustOptions,
  addWorkflowOptions,
  analyzerContextFor,
  collectRepeat,
  flagOrConfig,
  intFlag,
  type TrustCliOptions,
} from '../shared-options.js';
import { prepareWorkflow, publishReport, type WorkflowFlags } from '../workflow.js';

export interface ScanCliOptions extends WorkflowFlags, TrustCliOptions {
  provider: Provider[];
  awsProfile?: string[];
  awsRegion?: string;
  awsRoleArn?: string[];
  awsExternalId?: string;
  awsOrgRole?: string;
  awsEndpoint?: string;
  objectAclSample?: number;
  gcpProject?: string[];
  gcsEndpoint?: string;
  gcpApiEndpoint?: string;
  azureSubscription?: string[];
  azureArmEndpoint?: string;
  azureBlobEndpoint?: string;
  s3Endpoint?: string;
  s3WebsiteEndpoint?: string;
  s3WebsiteHost?: string;
  probe?: boolean;
  probeWrite?: boolean;
  concurrency: number;
  maxRps?: number;
  timeout: number;
  workers?: number;
  awsS3Client?: 'http' | 'sdk';
}

export function registerScan(program: Command, rt: CliRuntime): void {
  const scan = program
    .command('scan')
    .description('audit live cloud storage through the official SDKs (read-only)')
    .addOption(
      new Option('-p, --provider <provider>', 'provider to scan (repeatable)')
        .choices(['aws', 'gcp', 'azure'])
        .argParser(collectRepeat as never),
    )
    .option('--aws-profile <name>', 'AWS named profile (repeatable; default: SDK credential chain)', collectRepeat)
    .option('--aws-region <region>', 'AWS region for global calls (default from the environment, else us-east-1)')
    .option('--aws-role-arn <arn>', 'assume this role first (repeatable)', collectRepeat)
    .option('--aws-external-id <id>', 'external id for --aws-role-arn')
    .option('--aws-org-role <name>', "assume role NAME in every account of the caller's organization")
    .option(
      '--aws-endpoint <url>',
      'S3-compatible endpoint (Ceph RGW, MinIO...), path-style addressing',
      httpUrl('--aws-endpoint'),
    )
    .option(
      '--object-acl-sample <n>',
      'sample up to N object ACLs per bucket where ACLs are enabled',
      intFlag('--object-acl-sample'),
    )
    .option('--gcp-project <id>', 'GCP project (repeatable; default: every visible project)', collectRepeat)
    .option('--gcs-endpoint <url>', 'GCS JSON API base URL (test servers)', httpUrl('--gcs-endpoint'))
    .option(
      '--gcp-api-endpoint <url>',
      'Resource Manager / Org Policy / IAM base URL (test servers)',
      httpUrl('--gcp-api-endpoint'),
    )
    .option('--azure-subscription <id>', 'Azure subscription (repeatable; default: all visible)', collectRepeat)
    .option('--azure-arm-endpoint <url>', 'Azure Resource Manager base URL (test servers)', httpUrl('--azure-arm-endpoint'))
    .option(
      '--azure-blob-endpoint <url>',
      'blob service URL (Azurite: http://127.0.0.1:PORT/devstoreaccount1)',
      httpUrl('--azure-blob-endpoint'),
    )
    .option('--s3-endpoint <url>', 'path-style S3 base URL for probes (default: --aws-endpoint)', httpUrl('--s3-endpoint'))
    .option(
      '--s3-website-endpoint <url>',
      'website endpoint base for probes on S3-compatible services',
      httpUrl('--s3-website-endpoint'),
    )
    .option('--s3-website-host <suffix>', 'website Host suffix for probes: Host <bucket>.<suffix> (RGW: s3-website.localhost)')
    .option('--probe', 'confirm exposure with anonymous read-only requests')
    .option('--probe-write', 'opt-in: create-only write test of an empty object, deleted right after')
    .option(
      '--concurrency <n>',
      'network calls in flight',
      // Each AWS worker thread ran its share as that many loops: --concurrency 1000000000 exhausted memory.
      intFlag('--concurrency', 1024, 'as probe; at 20 ms a call that is over 50,000 requests a second'),
      32,
    )
    .option('--max-rps <n>', 'cap on requests per second per provider', intFlag('--max-rps'))
    .option('--timeout <ms>', 'per-request timeout in ms', intFlag('--timeout', 600_000, '10 minutes; as probe'), 15_000)
    .option(
      '--workers <n>',
      'AWS: worker threads for per-bucket collection, sharing --concurrency (default: 2 for 1,001-49,999 buckets, else 1)',
      // The AWS adapter starts at most 16 threads; a larger value was cut to 16 without a word.
      intFlag('--workers', 16, 'worker threads the AWS adapter starts'),
    )
    .addOption(
      new Option('--aws-s3-client <client>', 'AWS: client of the per-bucket configuration reads (sdk: the AWS SDK, slower)')
        .choices(['http', 'sdk'])
        .default('http'),
    );
  addTrustOptions(scan);
  addWorkflowOptions(scan, 'bucketaudit.yaml: providers, trust zone, allowlist, outputs (flags win)');
  scan.action(async (cliOpts: ScanCliOptions, cmd: Command) => {
    const g0 = globalsOf(cmd);
    const wf = await prepareWorkflow(cliOpts, rt.io, new Date());
    const opts = mergeConfig(cliOpts, wf.config, cmd.getOptionValueSource('concurrency') === 'cli');
    const g = wf.globals(g0);
    const providers = opts.provider?.length ? [...new Set(opts.provider)] : [];
    if (providers.length === 0) throw usageError('scan needs at least one --provider (aws, gcp, azure) or providers in --config');
    if (opts.probeWrite && !opts.probe) throw usageError('--probe-write needs --probe');
    const signal = rt.io.signal ?? new AbortController().signal;
    const scheduler = createScheduler({
      concurrency: opts.concurrency,
      requestTimeoutMs: opts.timeout,
      signal,
      ...compact({ maxRps: opts.maxRps }),
    });
    const callStats = scanStats(() => scheduler.stats());
    const progress = createProgress({ stream: rt.io.stderr, quiet: Boolean(g.quiet), stats: callStats.stats });
    const analyzer = analyzerContextFor(opts, wf.config);
    // The heap grows as V8 likes until the providers' listings add up to a large scan (src/runtime/heap.ts).
    rt.io.heap?.relax();
    const scale = rt.io.heap ? scaleFromProgress(rt.io.heap) : undefined;
    const ctx: CollectContext = {
      scheduler,
      concurrency: opts.concurrency,
      signal,
      env: rt.io.env,
      analyzer,
      onProgress: (e) => {
        progress.onProgress(e);
        scale?.(e);
      },
      onWorkerStats: callStats.onWorkerStats,
      onNotice: progress.notice,
    };
    // Each provider's adapter (and its SDKs) is loaded only when that provider is scanned.
    const runs: Promise<CollectResult>[] = providers.map(async (p) => {
      switch (p) {
        case 'aws': {
          const { collectAws } = await import('../../../providers/aws/index.js');
          return collectAws(
            {
              profiles: opts.awsProfile ?? [],
              roleArns: opts.awsRoleArn ?? [],
              requestTimeoutMs: opts.timeout,
              ...compact({
                region: opts.awsRegion,
                externalId: opts.awsExternalId,
                orgRole: opts.awsOrgRole,
                endpoint: opts.awsEndpoint,
                objectAclSample: opts.objectAclSample,
                workers: opts.workers,
                s3Client: opts.awsS3Client,
                maxRps: opts.maxRps,
              }),
            },
            ctx,
          );
        }
        case 'gcp': {
          const { collectGcp } = await import('../../../providers/gcp/index.js');
          return collectGcp(
            { projects: opts.gcpProject ?? [], ...compact({ endpoint: opts.gcsEndpoint, apiEndpoint: opts.gcpApiEndpoint }) },
            ctx,
          );
        }
        case 'azure': {
          const { collectAzure } = await import('../../../providers/azure/index.js');
          return collectAzure(
            {
              subscriptions: opts.azureSubscription ?? [],
              ...compact({ armEndpoint: opts.azureArmEndpoint, blobEndpoint: opts.azureBlobEndpoint }),
            },
            ctx,
          );
        }
        default:
          throw usageError(`unknown provider ${String(p)}`);
      }
    });
    const settled = await Promise.allSettled(runs);
    // Bad input found by a collector (an endpoint it cannot use safely) is the user's to fix: exit 2, no report.
    for (const s of settled) {
      if (s.status === 'rejected' && s.reason instanceof BucketAuditError && s.reason.code === 'USAGE') throw s.reason;
    }
    const resources: StorageResource[] = [];
    const errors: ReportError[] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        for (const r of s.value.resources) resources.push(r); // no spread: 100k+ arguments overflow the stack
        errors.push(...s.value.errors);
        s.value.resources = []; // `resources` is the only holder left: audit() consumes it
      } else {
        errors.push({
          stage: 'collect',
          provider: providers[i],
          message: s.reason instanceof Error ? s.reason.message : String(s.reason),
        });
      }
    });
    const s3Endpoint = opts.s3Endpoint ?? opts.awsEndpoint;
    // One clean-up client set for the whole scan (enrich runs once per chunk of resources).
    const deleteObject = opts.probe && opts.probeWrite ? await probeCleanup(opts, rt.io.env) : undefined;
    const { report } = await audit({
      command: 'scan',
      resources,
      errors,
      ctx: analyzer,
      postProcess: wf.postProcess,
      finalize: wf.finalize,
      keepAssessments: false,
      keepPassed: wf.keepPassed(g),
      consumeInput: true,
      ...(opts.probe
        ? {
            enrich: async (a) =>
              wf.enrich(
                await probeAssessments(a, {
                  scheduler,
                  concurrency: opts.concurrency,
                  write: Boolean(opts.probeWrite),
                  timeoutMs: opts.timeout,
                  signal,
                  onProgress: progress.onProgress,
                  ...(deleteObject ? { deleteObject } : {}),
                  ...compact({
                    s3Endpoint,
                    s3WebsiteEndpoint: opts.s3WebsiteEndpoint,
                    s3WebsiteHost: opts.s3WebsiteHost,
                    gcsEndpoint: opts.gcsEndpoint,
                    azureBlobEndpoint: opts.azureBlobEndpoint,
                  }),
                }),
              ),
          }
        : { enrich: async (a) => wf.enrich(a) }),
    });
    progress.stop();
    await publishReport(rt, wf, report, g);
  });
}

/** Config values fill what the flags left unset (flags win); `concurrencyFlag`: --concurrency was given (default 32). */
export function mergeConfig(
  o: ScanCliOptions,
  c: BucketAuditConfig | undefined,
  concurrencyFlag = o.concurrency !== 32,
): ScanCliOptions {
  if (!c) return o;
  const p = c.providers;
  const fromConfig = (Object.keys(p) as Provider[]).filter((k) => p[k] !== undefined);
  const merged: ScanCliOptions = { ...o, provider: o.provider?.length ? o.provider : fromConfig };
  const set = <K extends keyof ScanCliOptions>(k: K, v: ScanCliOptions[K] | undefined) => {
    if (merged[k] === undefined && v !== undefined) merged[k] = v;
  };
  merged.awsProfile = flagOrConfig(o.awsProfile, p.aws?.profiles);
  merged.awsRoleArn = flagOrConfig(o.awsRoleArn, p.aws?.roleArns);
  merged.gcpProject = flagOrConfig(o.gcpProject, p.gcp?.projects);
  merged.azureSubscription = flagOrConfig(o.azureSubscription, p.azure?.subscriptions);
  set('awsRegion', p.aws?.region);
  set('awsExternalId', p.aws?.externalId);
  set('awsOrgRole', p.aws?.orgRole);
  set('awsEndpoint', p.aws?.endpoint);
  set('gcsEndpoint', p.gcp?.endpoint);
  set('azureArmEndpoint', p.azure?.armEndpoint);
  set('azureBlobEndpoint', p.azure?.blobEndpoint);
  if (!o.probe && c.probe) merged.probe = true;
  if (c.concurrency && !concurrencyFlag) merged.concurrency = c.concurrency;
  return merged;
}

/** --probe-write cleanup: delete the probe's own object with the scan's credentials (per provider). */
async function probeCleanup(
  opts: ScanCliOptions,
  env: Record<string, string | undefined>,
): Promise<(resource: StorageResource, key: string) => Promise<void>> {
  const [{ awsProbeCleanup }, { gcpProbeCleanup }] = await Promise.all([
    import('../../../providers/aws/probe-cleanup.js'),
    import('../../../providers/gcp/probe-cleanup.js'),
  ]);
  const aws = awsProbeCleanup(
    {
      profiles: opts.awsProfile ?? [],
      roleArns: [],
      // The write probe went to --s3-endpoint when given: clean up on the same service.
      ...compact({ endpoint: opts.s3Endpoint ?? opts.awsEndpoint, region: opts.awsRegion }),
    },
    env,
  );
  const gcp = gcpProbeCleanup({ projects: [], ...compact({ endpoint: opts.gcsEndpoint }) }, env);
  return (resource, key) =>
    resource.provider === 'aws'
      ? aws(resource, key)
      : resource.provider === 'gcp'
        ? gcp(resource, key)
        : Promise.reject(new Error('no write probe for this provider'));
}
