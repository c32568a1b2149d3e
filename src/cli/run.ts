import { tuneHeap } from '../runtime/heap.js';
import { processIo } from './io.js';
import { main } from './main.js';

/** The only place that touches process signals; returns the exit code for bin/bucketaudit.mjs. */
export async function runCli(argv: string[]): Promise<number> {
  tuneHeap();
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
    return await main(argv, processIo(ac.signal));
  } finally {
    process.off('SIGINT', onSigint);
  }
}
