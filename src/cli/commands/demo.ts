import type { Command } from 'commander';
import { Option } from 'commander';
import type { S3Backend } from '../../../mocks/demo/run.js';
import { EXIT } from '../../errors.js';
import { globalsOf } from '../globals.js';
import { type CliRuntime, setExitCode } from '../io.js';
import { emitReport, writeReportTo } from '../output.js';

export function registerDemo(program: Command, rt: CliRuntime): void {
  program
    .command('demo')
    .description('run the whole product against a local misconfigured estate (S3, GCS, Azure on 127.0.0.1; no cloud account)')
    .addOption(
      new Option('--s3 <backend>', 'S3 server: Ceph RGW when installed, else the built-in recorded estate')
        .choices(['auto', 'rgw', 'builtin'])
        .default('auto'),
    )
    .option('--html <file>', 'where to write the HTML report', 'bucketaudit-report.html')
    .action(async (opts: { s3: S3Backend; html: string }, cmd: Command) => {
      const g = globalsOf(cmd);
      const log = (line: string) => {
        if (!g.quiet && line) rt.io.stderr.write(`demo: ${line}\n`);
      };
      // The demo's local servers and estates only for this command.
      const { runDemo } = await import('../../../mocks/demo/run.js');
      const { report, s3Backend } = await runDemo(rt.io, { s3: opts.s3, log });
      setExitCode(rt, EXIT.OK); // the demo shows findings; its exit code says only that it ran
      await emitReport(report, g, rt.io);
      await writeReportTo(rt.io.cwd, opts.html, report, 'html');
      const providers = [...new Set(report.resources.map((r) => r.provider))].join(', ');
      log(`S3 backend: ${s3Backend === 'rgw' ? 'Ceph RGW' : 'built-in recorded estate'}; providers: ${providers}`);
      log(`wrote ${opts.html}; every local server has been stopped`);
    });
}
