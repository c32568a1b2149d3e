import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { severityRank } from '../analyzer/severity.js';
import { EXIT, inputError } from '../errors.js';
import type { AuditReport } from '../model/index.js';
import { renderReport } from '../report/index.js';
import type { GlobalOptions } from './globals.js';
import type { CliIo } from './io.js';

/** Exit code by findings: 1 when a failing, unsuppressed (and, with a baseline, new) finding is at or above the threshold. */
export function exitCodeFor(report: AuditReport, g: Pick<GlobalOptions, 'failOn' | 'failOnUnknown'>): number {
  if (g.failOn) {
    const threshold = severityRank(g.failOn);
    const gate = report.findings.some(
      (f) => f.status === 'fail' && !f.suppressed && f.baseline !== 'unchanged' && severityRank(f.severity) >= threshold,
    );
    if (gate) return EXIT.FINDINGS;
  }
  if (
    g.failOnUnknown &&
    (report.findings.some((f) => f.status === 'unknown' && !f.suppressed) ||
      report.resources.some((r) => r.verdict === 'UNKNOWN'))
  ) {
    return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

/** Render the report in the chosen format to --output or stdout and return the exit code. */
export async function emitReport(report: AuditReport, g: GlobalOptions, io: CliIo): Promise<number> {
  const toFile = Boolean(g.output);
  const color = g.color !== false && !toFile && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  const text = renderReport(report, g.format, { color });
  if (g.output) {
    try {
      await writeFile(resolve(io.cwd, g.output), text);
    } catch (err) {
      throw inputError(`cannot write report: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: g.output });
    }
    if (!g.quiet) io.stderr.write(`bucketaudit: wrote ${g.format} report to ${g.output}\n`);
  } else {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return exitCodeFor(report, g);
}
