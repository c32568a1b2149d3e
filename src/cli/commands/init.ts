import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { STARTER_CONFIG } from '../../config/starter.js';
import { usageError } from '../../errors.js';
import { globalsOf } from '../globals.js';
import type { CliRuntime } from '../io.js';

export function registerInit(program: Command, rt: CliRuntime): void {
  program
    .command('init')
    .description('write a commented starter bucketaudit.yaml')
    .argument('[file]', 'where to write it (or -o FILE; default: bucketaudit.yaml)')
    .option('--force', 'overwrite an existing file')
    .action(async (given: string | undefined, opts: { force?: boolean }, cmd: Command) => {
      // The global -o/--output names where a command writes its output: for init, the file (it was ignored).
      const output = globalsOf(cmd).output;
      if (given !== undefined && output !== undefined && resolve(rt.io.cwd, given) !== resolve(rt.io.cwd, output))
        throw usageError(`init: two places to write to (${given} and --output ${output}); give one`);
      const file = given ?? output ?? 'bucketaudit.yaml';
      const path = resolve(rt.io.cwd, file);
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists && !opts.force) throw usageError(`${file} already exists (use --force to overwrite)`);
      await writeFile(path, STARTER_CONFIG);
      rt.io.stderr.write(`bucketaudit: wrote ${file}; edit it, then run: bucketaudit scan --config ${file}\n`);
    });
}
