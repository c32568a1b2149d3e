import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = resolve('node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

/** The offline SARIF Multitool binary; a fresh `npm ci` may leave it without the execute bit. */
export function multitoolPath(): string {
  try {
    accessSync(BIN, constants.X_OK);
  } catch {
    chmodSync(BIN, statSync(BIN).mode | 0o100);
  }
  return BIN;
}

export interface ValidationResult {
  level: string;
  ruleId: string;
  text: string;
}

/** Validate `sarif` with GitHub + SARIF rule kinds; returns every validation result (errors, warnings, notes). */
export async function validateSarif(sarif: string, name: string): Promise<ValidationResult[]> {
  const dir = resolve('test-output');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `${name}.sarif`);
  const output = join(dir, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  await run(
    multitoolPath(),
    [
      'validate',
      '--rule-kind',
      'Gh;Sarif',
      input,
      '--output',
      output,
      '--sarif-output-version',
      'Current',
      '--log',
      'ForceOverwrite',
    ],
    { timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
  );
  const log = JSON.parse(readFileSync(output, 'utf8'));
  const run0 = log.runs?.[0];
  const notes = run0?.invocations?.[0]?.toolExecutionNotifications ?? [];
  if (notes.some((n: { level?: string }) => n.level === 'error')) throw new Error(`multitool failed: ${JSON.stringify(notes)}`);
  return (run0?.results ?? []).map((r: { level?: string; ruleId: string; message: { text?: string; arguments?: string[] } }) => ({
    level: r.level ?? 'warning',
    ruleId: r.ruleId,
    text: r.message.text ?? (r.message.arguments ?? []).join(' | '),
  }));
}
