import { Command, CommanderError } from 'commander';
import { BucketAuditError, EXIT } from '../errors.js';
import { VERSION } from '../version.js';
import { registerDemo } from './commands/demo.js';
import { registerDiff } from './commands/diff.js';
import { registerInit } from './commands/init.js';
import { registerProbe } from './commands/probe.js';
import { registerScan } from './commands/scan.js';
import { registerTerraform } from './commands/terraform.js';
import { addGlobalOptions } from './globals.js';
import type { CliIo, CliRuntime } from './io.js';

const EXAMPLES = `
Examples:
  $ bucketaudit demo                                     the whole product on a local estate (no cloud account)
  $ bucketaudit terraform mocks/terraform               audit bundled Terraform examples (no cloud account)
  $ bucketaudit terraform plan.json --format sarif -o bucketaudit.sarif --fail-on high
  $ bucketaudit scan --provider aws --aws-profile prod --probe
  $ bucketaudit scan --provider aws --aws-endpoint http://127.0.0.1:7480 --format json
  $ bucketaudit scan --provider gcp --gcp-project my-project --provider azure
  $ bucketaudit probe s3://some-bucket gs://other-bucket az://account/container
  $ bucketaudit probe --provider aws --from-file buckets.txt --concurrency 64

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.`;

export function buildProgram(rt: CliRuntime): Command {
  const program = new Command('bucketaudit')
    .description(
      'Find cloud object storage exposed to the internet (AWS S3, Google Cloud Storage, Azure Blob), explain why, and prove it with an anonymous request.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.io.stdout.write(s),
      writeErr: (s) => rt.io.stderr.write(s),
    });
  addGlobalOptions(program);
  registerScan(program, rt);
  registerProbe(program, rt);
  registerTerraform(program, rt);
  registerDiff(program, rt);
  registerDemo(program, rt);
  registerInit(program, rt);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Run the CLI; returns the exit code. Never calls process.exit (bin/bucketaudit.mjs does). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const rt: CliRuntime = { io, exitCode: EXIT.OK };
  const program = buildProgram(rt);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return rt.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version exit 0; everything else commander reports is a usage error (message already printed).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return EXIT.OK;
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (err instanceof BucketAuditError) {
      io.stderr.write(`bucketaudit: ${err.oneLine()}\n`);
      if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
      return EXIT.USAGE;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr.write(`bucketaudit: internal error: ${msg}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT.USAGE;
  }
}
