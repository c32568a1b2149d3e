import { resolve } from 'node:path';
import type { Command } from 'commander';
import { severityRank } from '../../analyzer/severity.js';
import { diffReports, readReport } from '../../baseline/index.js';
import { EXIT, usageError } from '../../errors.js';
import { globalsOf } from '../globals.js';
import { type CliRuntime, setExitCode } from '../io.js';
import { writeTextTo } from '../output.js';

export function registerDiff(program: Command, rt: CliRuntime): void {
  program
    .command('diff')
    .description('show what changed between two JSON reports (new and resolved findings, verdict changes)')
    .argument('<old>', 'previous JSON report')
    .argument('<new>', 'current JSON report')
    .action(async (oldFile: string, newFile: string, _o: unknown, cmd: Command) => {
      const g = globalsOf(cmd);
      // Was: any other --format printed the text diff, and --output was ignored (the diff went to stdout).
      if (g.format !== 'table' && g.format !== 'json') throw usageError(`diff writes table or json, not ${g.format}`);
      const [a, b] = await Promise.all([readReport(resolve(rt.io.cwd, oldFile)), readReport(resolve(rt.io.cwd, newFile))]);
      const d = diffReports(a, b);
      const failOn = g.failOn;
      setExitCode(
        rt,
        failOn && d.newFindings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? EXIT.FINDINGS : EXIT.OK,
      );
      let text: string;
      if (g.format === 'json') {
        text = `${JSON.stringify({ schemaVersion: 1, command: 'diff', ...d }, null, 2)}\n`;
      } else {
        const out: string[] = [
          `${d.newFindings.length} new, ${d.resolved.length} resolved, ${d.verdictChanges.length} verdict change(s)`,
        ];
        for (const f of d.newFindings) out.push(`+ ${f.severity.padEnd(8)} ${f.checkId} ${f.resourceId}: ${f.message}`);
        for (const f of d.resolved) out.push(`- ${f.severity.padEnd(8)} ${f.checkId} ${f.resourceId}: ${f.message}`);
        for (const v of d.verdictChanges) out.push(`~ ${v.name}: ${v.from} -> ${v.to}`);
        text = `${out.join('\n')}\n`;
      }
      if (g.output) {
        await writeTextTo(rt.io.cwd, g.output, text);
        if (!g.quiet) rt.io.stderr.write(`bucketaudit: wrote ${g.format} diff to ${g.output}\n`);
      } else rt.io.stdout.write(text);
    });
}
