/** Typed errors with codes. Thrown inside; turned into exit codes only by the CLI edge. */
export type ErrorCode =
  | 'USAGE' // bad flags or arguments
  | 'INPUT' // bad input file (JSON, HCL, YAML, target list)
  | 'CONFIG' // invalid configuration
  | 'NOT_AVAILABLE' // feature not built yet
  | 'INTERNAL';

export class BucketAuditError extends Error {
  readonly code: ErrorCode;
  /** File and 1-based line/column of bad input, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: ErrorCode, message: string, opts: { file?: string; line?: number; column?: number; cause?: unknown } = {}) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'BucketAuditError';
    this.code = code;
    if (opts.file !== undefined) this.file = opts.file;
    if (opts.line !== undefined) this.line = opts.line;
    if (opts.column !== undefined) this.column = opts.column;
  }

  /** One line: "file:line:col: message". */
  oneLine(): string {
    const loc = this.file ? `${this.file}${this.line ? `:${this.line}${this.column ? `:${this.column}` : ''}` : ''}: ` : '';
    return `${loc}${this.message}`;
  }
}

export function usageError(message: string): BucketAuditError {
  return new BucketAuditError('USAGE', message);
}

export function inputError(
  message: string,
  loc: { file?: string; line?: number; column?: number; cause?: unknown } = {},
): BucketAuditError {
  return new BucketAuditError('INPUT', message, loc);
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/input error. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;
