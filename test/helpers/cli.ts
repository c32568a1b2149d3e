import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /**
   * The exit code handed to the process (CliIo.setExitCode) before the first write to stdout: what a reader that
   * leaves mid-stream (`bucketaudit ... | head`) ends the process with. Undefined when nothing was handed over
   * by then (the process would end 0) or nothing was written.
   */
  codeAtFirstWrite: number | undefined;
}

/** Run the real CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; signal?: AbortSignal } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let handed: number | undefined;
  let codeAtFirstWrite: number | undefined;
  let written = false;
  const code = await main(argv, {
    stdout: {
      write: (s: string) => {
        if (!written) codeAtFirstWrite = handed;
        written = true;
        stdout += s;
        return true;
      },
      isTTY: false,
    },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.signal ? { signal: opts.signal } : {}),
    setExitCode: (c) => {
      handed = c;
    },
  });
  return { code, stdout, stderr, codeAtFirstWrite };
}
