import type { Command } from 'commander';
import { Option } from 'commander';
import { SEVERITIES } from '../analyzer/severity.js';
import { httpUrlProblem } from '../config/schema.js';
import { usageError } from '../errors.js';
import type { Severity } from '../model/index.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown', 'html', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface GlobalOptions {
  format: Format;
  output?: string;
  failOn?: Severity;
  /** Also exit 1 when a finding could not be evaluated (unknown). */
  failOnUnknown?: boolean;
  debug?: boolean;
  quiet?: boolean;
  /** Keep passing findings in the report (always kept for junit). */
  includePassed?: boolean;
  color?: boolean;
}

export function addGlobalOptions(program: Command): void {
  program
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failing finding at or above SEVERITY exists').choices([...SEVERITIES]),
    )
    .option('--fail-on-unknown', 'also exit 1 when an input could not be read (UNKNOWN)')
    .option('-q, --quiet', 'no progress output on stderr')
    .option('--include-passed', 'list passing checks as findings too (JSON/HTML; always on for junit)')
    .option('--no-color', 'never use colors')
    .option('--debug', 'print stack traces for errors');
}

export function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as GlobalOptions & { failOn?: string };
  if (o.failOn && !SEVERITIES.includes(o.failOn as Severity))
    throw usageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  return o;
}

/**
 * Option parser for URL flags: an http(s) URL, else a usage error naming the flag (exit 2, one line). Service
 * endpoints also refuse user:password@ (it would travel in reports and error messages); a webhook may carry it.
 */
export const httpUrl =
  (flag: string, opts: { credentials?: boolean } = {}) =>
  (v: string) => {
    const problem = httpUrlProblem(v, opts);
    if (problem?.startsWith('expected')) throw usageError(`${flag} must be an http(s) URL, got "${redact(v)}"`);
    if (problem) throw usageError(`${flag} ${problem}, got "${redact(v)}"`);
    return v;
  };

/** The URL with its password hidden, for messages. */
function redact(v: string): string {
  return v.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}
