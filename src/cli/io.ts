import type { HeapPolicy } from '../runtime/heap.js';

/** The CLI's window on the world, passed in so tests can run the CLI in-process. */
export interface CliIo {
  /** `once('drain')`: a real stream that answered write() with false (a full pipe); test writers have none. */
  stdout: { write(s: string): unknown; isTTY?: boolean; once?(event: 'drain', listener: () => void): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C: long work stops and writes a partial report. */
  signal?: AbortSignal;
  /**
   * The exit code as soon as it is known, before a long report is streamed: a reader that goes away mid-stream
   * (`scan ... | head`) ends the process at once (bin/bucketaudit.mjs), and it must end with this code, not 0.
   */
  setExitCode?(code: number): void;
  /** The process's heap policy (runCli: src/runtime/heap.ts), told by `scan` how large the scan is. */
  heap?: Pick<HeapPolicy, 'relax' | 'expect'>;
}

/** Holds the exit code a command decided; commands set it (setExitCode) instead of calling process.exit. */
export interface CliRuntime {
  io: CliIo;
  exitCode: number;
}

/**
 * The command's exit code, decided before its output is written: a reader that leaves mid-stream
 * (`bucketaudit ... | head`) ends the process at once with the code handed over (CliIo.setExitCode), not 0.
 */
export function setExitCode(rt: CliRuntime, code: number): void {
  rt.exitCode = code;
  rt.io.setExitCode?.(code);
}

export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
