import { open, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { severityRank } from '../analyzer/severity.js';
import { EXIT, inputError } from '../errors.js';
import type { AuditReport } from '../model/index.js';
import type { Format } from './globals.js';
import { renderReportChunks } from '../report/index.js';
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

const BATCH = 1 << 20;

/** Join small pieces into ~1 MB writes. */
function* batches(chunks: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (const c of chunks) {
    buf.push(c);
    size += c.length;
    if (size >= BATCH) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length > 0) yield buf.join('');
}

/** Write a report to a file piece by piece (a 100k-bucket JSON report never exists as one string). Throws fs errors. */
export async function writeReportFile(path: string, report: AuditReport, format: Format): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for (const b of batches(renderReportChunks(report, format, { color: false }))) await fh.write(b);
  } finally {
    await fh.close();
  }
}

/** A file the user named (--output, --html) that cannot be written is bad input: one line, exit 2. */
async function writingTo(file: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    throw inputError(`cannot write report: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
}

/** writeReportFile to a user-named path (relative to cwd), with writingTo's error. */
export function writeReportTo(cwd: string, file: string, report: AuditReport, format: Format): Promise<void> {
  return writingTo(file, () => writeReportFile(resolve(cwd, file), report, format));
}

/** Text to a user-named path (relative to cwd), with writingTo's error. */
export function writeTextTo(cwd: string, file: string, text: string): Promise<void> {
  return writingTo(file, () => writeFile(resolve(cwd, file), text));
}

/** Render the report in the chosen format to --output or stdout (the caller has set the exit code first). */
export async function emitReport(report: AuditReport, g: GlobalOptions, io: CliIo): Promise<void> {
  const toFile = Boolean(g.output);
  const color = g.color !== false && !toFile && Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  if (g.output) {
    await writeReportTo(io.cwd, g.output, report, g.format);
    if (!g.quiet) io.stderr.write(`bucketaudit: wrote ${g.format} report to ${g.output}\n`);
  } else {
    let last = '';
    const stdout = io.stdout;
    for (const b of batches(renderReportChunks(report, g.format, { color }))) {
      last = b;
      // Respect a full pipe (a real stream answers false and emits 'drain').
      if (stdout.write(b) === false && stdout.once) await new Promise<void>((r) => stdout.once?.('drain', r));
    }
    if (!last.endsWith('\n')) io.stdout.write('\n');
  }
}
