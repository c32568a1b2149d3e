import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Run the CLI in-process and capture its output. */
export async function runCli(
  argv: string[],
  opts: { stdin?: string; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.stdin !== undefined
      ? {
          stdin: (async function* () {
            yield Buffer.from(opts.stdin ?? '');
          })() as unknown as NodeJS.ReadableStream,
        }
      : {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
