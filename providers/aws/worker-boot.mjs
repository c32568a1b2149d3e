// Worker-thread bootstrap: worker threads do not inherit the parent's tsx hooks (Node 20), and `execArgv:
// ['--import', 'tsx']` does not apply them to the worker's entry either. Register tsx here (resolved from
// this file, so the cwd does not matter), then load the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
