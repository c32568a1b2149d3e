import { severityRank } from '../../analyzer/severity.js';
import { readText } from '../../runtime/text.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, inputError, usageError } from '../../errors.js';
import type { Provider } from '../../model/index.js';
import { renderProbeJson, renderProbeMarkdown, renderProbeTable, type ProbeReport } from '../../probe/render.js';
import { overrideBase } from '../../probe/s3.js';
import { sweep } from '../../probe/sweep.js';
import { linesOf, parseTargets, type TargetLine } from '../../probe/targets.js';
import { createScheduler } from '../../scheduler/index.js';
import { globalsOf } from '../globals.js';
import { writeTextTo } from '../output.js';
import { type CliIo, type CliRuntime, setExitCode } from '../io.js';
import { collectRepeat, intFlag } from '../shared-options.js';

interface ProbeCliOptions {
  provider?: Provider;
  fromFile?: string[];
  s3Endpoint?: string;
  s3WebsiteEndpoint?: string;
  s3WebsiteHost?: string;
  gcsEndpoint?: string;
  azureBlobEndpoint?: string;
  concurrency: number;
  timeout: number;
  key?: string;
  listMaxKeys: number;
  legacyS3Names?: boolean;
}

async function readStdin(io: CliIo): Promise<string> {
  if (!io.stdin) throw usageError('"-" reads targets from stdin, but no stdin is available');
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Targets from arguments, --from-file and "-" (stdin), each with its origin for per-line errors. */
async function collectLines(args: string[], files: string[], io: CliIo): Promise<TargetLine[]> {
  const lines: TargetLine[] = [];
  let stdinRead = false;
  const fromStdin = async () => {
    if (stdinRead) return;
    stdinRead = true;
    lines.push(...linesOf(await readStdin(io), '-'));
  };
  for (const f of files) {
    if (f === '-') {
      await fromStdin();
      continue;
    }
    let text: string;
    try {
      text = await readText(resolve(io.cwd, f)); // UTF-8, or UTF-16 with a BOM (PowerShell's > and Out-File)
    } catch (err) {
      throw inputError(`cannot read target list: ${(err as Error).message}`, { file: f });
    }
    lines.push(...linesOf(text, f));
  }
  for (const a of args) {
    if (a === '-') await fromStdin();
    else lines.push({ text: a });
  }
  return lines;
}

export function registerProbe(program: Command, rt: CliRuntime): void {
  program
    .command('probe')
    .description('confirm exposure with anonymous read-only requests (S3, GCS, Azure Blob); no credentials are ever sent')
    .argument(
      '[targets...]',
      's3://BUCKET, gs://BUCKET, az://ACCOUNT/CONTAINER, provider https URLs, bare names with --provider, "-" for stdin',
    )
    .addOption(new Option('--provider <provider>', 'provider of bare names').choices(['aws', 'gcp', 'azure']))
    .option('--from-file <file>', 'read targets from FILE, one per line ("-" = stdin; repeatable)', collectRepeat)
    .option('--s3-endpoint <url>', 'path-style S3-compatible base URL (e.g. Ceph RGW http://127.0.0.1:7480)')
    .option('--s3-website-endpoint <url>', 'S3-compatible website endpoint to connect to (RGW: same host:port)')
    .option(
      '--s3-website-host <suffix>',
      'send Host "<bucket>.<suffix>:<port>" to --s3-website-endpoint (RGW: s3-website.localhost)',
    )
    .option('--gcs-endpoint <url>', 'GCS JSON API base URL (test servers)')
    .option(
      '--azure-blob-endpoint <url>',
      'account blob URL used for every az:// target (Azurite: http://127.0.0.1:PORT/devstoreaccount1)',
    )
    .option('--concurrency <n>', 'targets probed at once', intFlag('--concurrency', 1024), 16)
    .option('--timeout <ms>', 'per-request timeout in ms', intFlag('--timeout', 600_000), 5_000)
    .option('--key <key>', 'object key to read-test (default: the first listed key)')
    .option(
      '--list-max-keys <n>',
      'page size of the single listing request (sensitive-key sample)',
      intFlag('--list-max-keys', 1000),
      1,
    )
    .option('--legacy-s3-names', 'accept pre-2018 S3 bucket names with uppercase letters or "_" (probed path-style)')
    .action(async (args: string[], opts: ProbeCliOptions, cmd: Command) => {
      const g = globalsOf(cmd);
      if (g.format !== 'table' && g.format !== 'json' && g.format !== 'markdown')
        throw usageError(`probe writes table, json or markdown, not ${g.format}`);
      if (opts.s3WebsiteHost && !opts.s3WebsiteEndpoint) throw usageError('--s3-website-host needs --s3-website-endpoint');
      if (opts.s3WebsiteHost && !/^[a-z0-9.-]{1,200}$/i.test(opts.s3WebsiteHost))
        throw usageError('--s3-website-host must be a host name suffix such as s3-website.localhost');
      if (opts.key !== undefined && (opts.key.length === 0 || /[\u0000-\u001f\u007f]/.test(opts.key)))
        throw usageError('--key must be a non-empty object key without control characters');
      for (const [flag, v] of [
        ['--s3-endpoint', opts.s3Endpoint],
        ['--s3-website-endpoint', opts.s3WebsiteEndpoint],
        ['--gcs-endpoint', opts.gcsEndpoint],
        ['--azure-blob-endpoint', opts.azureBlobEndpoint],
      ] as const) {
        if (v) overrideBase(v, flag);
      }
      const lines = await collectLines(args, opts.fromFile ?? [], rt.io);
      if (lines.length === 0) throw usageError('probe needs at least one target (arguments, --from-file FILE or "-")');
      const { targets, errors } = parseTargets(lines, {
        ...(opts.provider ? { provider: opts.provider } : {}),
        ...(opts.legacyS3Names ? { legacyS3Names: true } : {}),
      });
      // Invalid targets are said once: in the report when it is printed, on stderr when it is not (--output)
      // or when nothing valid is left to probe (a usage error: no report).
      const sayErrors = () => {
        for (const e of errors)
          rt.io.stderr.write(`bucketaudit: ${e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}\n`);
      };
      if (targets.length === 0) {
        sayErrors();
        setExitCode(rt, EXIT.USAGE);
        return;
      }
      const signal = rt.io.signal ?? new AbortController().signal;
      const scheduler = createScheduler({ concurrency: opts.concurrency, requestTimeoutMs: opts.timeout, signal });
      const results = await sweep(targets, {
        scheduler,
        timeoutMs: opts.timeout,
        concurrency: opts.concurrency,
        signal,
        listMaxKeys: opts.listMaxKeys,
        ...(opts.key !== undefined ? { key: opts.key } : {}),
        ...(opts.legacyS3Names ? { legacyS3Names: true } : {}),
        ...(opts.s3Endpoint ? { s3Endpoint: opts.s3Endpoint } : {}),
        ...(opts.s3WebsiteEndpoint ? { s3WebsiteEndpoint: opts.s3WebsiteEndpoint } : {}),
        ...(opts.s3WebsiteHost ? { s3WebsiteHost: opts.s3WebsiteHost } : {}),
        ...(opts.gcsEndpoint ? { gcsEndpoint: opts.gcsEndpoint } : {}),
        ...(opts.azureBlobEndpoint ? { azureBlobEndpoint: opts.azureBlobEndpoint } : {}),
      });
      const report: ProbeReport = { schemaVersion: 1, command: 'probe', targets: results, errors };
      const text =
        g.format === 'json'
          ? renderProbeJson(report)
          : g.format === 'markdown'
            ? renderProbeMarkdown(report)
            : renderProbeTable(report);
      const threshold = g.failOn ? severityRank(g.failOn) : undefined;
      const failed =
        (threshold !== undefined && results.some((r) => r.severity && severityRank(r.severity) >= threshold)) ||
        // A target the probe could not settle is unknown exposure, as in scan.
        (g.failOnUnknown === true && results.some((r) => r.result.status === 'error'));
      setExitCode(rt, failed ? EXIT.FINDINGS : EXIT.OK);
      if (g.output) {
        await writeTextTo(rt.io.cwd, g.output, text);
        if (!g.quiet) rt.io.stderr.write(`bucketaudit: wrote ${g.format} probe report to ${g.output}\n`);
        sayErrors();
      } else rt.io.stdout.write(text);
    });
}
