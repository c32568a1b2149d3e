/**
 * Error mapping shared by the GCP and Azure adapters: an SDK / REST error becomes an explicit unknown
 * (never a default), and a collect-stage ReportError names what could not be read.
 */
import type { Provider, ReportError, UnknownReason, UnknownValue } from '../src/model/index.js';
import { statusOf } from '../src/scheduler/index.js';

/**
 * Error -> unknown. The scheduler's reason (after retries: throttled / timeout / aborted / error) wins;
 * else 401/403 (or `denied`, for providers that name denial by code) => access-denied, 429 => throttled, else error.
 */
export function unknownFromError(
  err: unknown,
  operation: string,
  code: string | undefined,
  schedulerReason?: UnknownReason,
  denied = false,
): UnknownValue {
  const status = statusOf(err);
  const message = (err as { message?: unknown } | null | undefined)?.message;
  const reason: UnknownReason =
    schedulerReason ?? (denied || status === 401 || status === 403 ? 'access-denied' : status === 429 ? 'throttled' : 'error');
  const msg = message ? ` - ${String(message).split('\n')[0]}` : '';
  return {
    known: false,
    reason,
    operation,
    ...(code ? { code } : {}),
    detail: `${operation}: ${code ?? 'error'}${status ? ` (${status})` : ''}${msg}`,
  };
}

/** A collect-stage error entry from an unknown (its code and detail). */
export function collectError(
  provider: Provider,
  u: UnknownValue,
  operation: string,
  extra: Partial<ReportError> = {},
): ReportError {
  return {
    stage: 'collect',
    provider,
    operation,
    ...(u.code ? { code: u.code } : {}),
    message: u.detail ?? operation,
    ...extra,
  };
}
