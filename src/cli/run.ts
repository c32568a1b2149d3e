import { tuneHeap } from '../runtime/heap.js';
import { processIo } from './io.js';
import { main } from './main.js';

let stdoutGuarded = false;

/**
 * A report that cannot be written to stdout (a full disk: ENOSPC, EIO) is one line on stderr and exit 2, as when
 * --output cannot be written; it was an uncaught stream error with a stack trace, exit 1. Runs before
 * bin/bucketaudit.mjs's own listener (which ends the process on EPIPE, a reader that left, with the code so far)
 * and stays for the life of the process: the last write can fail after the command has returned.
 */
function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.prependListener('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    try {
      process.stderr.write(`bucketaudit: cannot write the report to stdout: ${err.code ?? err.message}\n`);
    } finally {
      process.exit(2);
    }
  });
}

/** The only place that touches process signals; returns the exit code for bin/bucketaudit.mjs. */
export async function runCli(argv: string[]): Promise<number> {
  const heap = tuneHeap();
  guardStdout();
  const ac = new AbortController();
  let interrupted = 0;
  const onSigint = () => {
    interrupted += 1;
    if (interrupted > 1) process.exit(130);
    process.stderr.write('\nbucketaudit: interrupted, writing partial report (Ctrl-C again to quit now)\n');
    ac.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await main(argv, { ...processIo(ac.signal), heap });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
