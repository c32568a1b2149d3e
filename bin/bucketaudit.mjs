#!/usr/bin/env node
// Entry point: runs the TypeScript sources through tsx (no build step), then exits with the CLI's code.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that went away (`bucketaudit ... | head`) is not an error worth a stack trace. Other stdout errors (a
// full disk) are src/cli/run.ts's to report.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
// stderr only carries progress and diagnostics: when it cannot be written (2>/dev/full, a closed pipe), they are
// lost, and the run goes on to write its report and end with its own code (it crashed with a stack trace, exit 1).
process.stderr.on('error', () => undefined);
register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { runCli } = await import(pathToFileURL(join(root, 'src/cli/run.ts')).href);
process.exitCode = await runCli(process.argv.slice(2));
// Idle keep-alive sockets of SDK clients must not hold the process open; stdout is flushed by then.
setTimeout(() => process.exit(process.exitCode ?? 0), 1500).unref();
