import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type Scheduler, SchedulerReentryError } from '../../src/scheduler/index.js';

/** Re-assume when fewer than this many ms of validity remain (the SDK treats the same window as expired). */
export const REFRESH_WINDOW_MS = 5 * 60_000;
/** Requested session length. */
const SESSION_SECONDS = 3600;

export type AssumedCredentials = AwsCredentialIdentity & { expiration: Date };

export interface RoleSessionOptions {
  roleArn: string;
  externalId?: string;
  /** The guarded STS client of the base credentials (read-only allowlist applies). */
  sts: STSClient;
  scheduler: Scheduler;
  /** Scheduler lane, `aws:<account>:global:sts`. */
  lane: string;
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
}

/**
 * Temporary credentials of one role, assumed with an explicit STS AssumeRole through the scheduler.
 *
 * `ensureFresh()` (single-flight) assumes when never assumed or within REFRESH_WINDOW_MS of expiry; call it
 * only outside `scheduler.run` (before a target, per bucket). `provider` is what the SDK clients get: it
 * returns fresh credentials as is, else re-assumes; when the SDK asks while signing inside `scheduler.run`
 * (re-entry would deadlock) it keeps the still-valid credentials and lets the next `ensureFresh` renew them.
 */
export interface RoleSession {
  readonly roleArn: string;
  readonly provider: () => Promise<AssumedCredentials>;
  ensureFresh(): Promise<AssumedCredentials>;
  /** AssumeRole calls that succeeded. */
  readonly assumed: number;
}

/** A role session whose credentials are gone (expired and could not be renewed). */
export class RoleCredentialsExpired extends Error {
  constructor(roleArn: string) {
    super(`temporary credentials of ${roleArn} expired and could not be renewed`);
    this.name = 'RoleCredentialsExpired';
  }
}

/** STS answered 200 without Credentials (never seen from AWS; a broken test server or proxy). */
class MissingRoleCredentials extends Error {
  constructor(roleArn: string) {
    super(`AssumeRole ${roleArn} returned no credentials`);
    this.name = 'MissingRoleCredentials';
  }
}

/** 12-digit account of an IAM role ARN, if it has one. */
export function roleAccount(roleArn: string): string | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn);
  return m?.[1];
}

export function createRoleSession(o: RoleSessionOptions): RoleSession {
  const now = o.now ?? Date.now;
  let current: AssumedCredentials | undefined;
  let inflight: Promise<AssumedCredentials> | undefined;
  let assumed = 0;

  /** The credentials still good for more than the refresh window, if any. */
  const fresh = (): AssumedCredentials | undefined =>
    current && current.expiration.getTime() - now() > REFRESH_WINDOW_MS ? current : undefined;

  const assume = async (): Promise<AssumedCredentials> => {
    const out = await o.scheduler.run(
      o.lane,
      (signal) =>
        o.sts.send(
          new AssumeRoleCommand({
            RoleArn: o.roleArn,
            RoleSessionName: `bucketaudit-${now()}`,
            DurationSeconds: SESSION_SECONDS,
            ...(o.externalId ? { ExternalId: o.externalId } : {}),
          }),
          { abortSignal: signal },
        ),
      { label: 'sts:AssumeRole' },
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new MissingRoleCredentials(o.roleArn);
    const expiration = c.Expiration ?? new Date(now() + SESSION_SECONDS * 1000);
    const next: AssumedCredentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      expiration,
    };
    assumed += 1;
    if (!current || next.expiration.getTime() >= current.expiration.getTime()) current = next;
    return current;
  };

  const ensureFresh = (): Promise<AssumedCredentials> => {
    const c = fresh();
    if (c) return Promise.resolve(c);
    inflight ??= assume().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  const provider = async (): Promise<AssumedCredentials> => {
    const ok = fresh();
    if (ok) return ok;
    try {
      // Not the single-flight promise: awaiting a refresh queued behind this caller's own slot could deadlock.
      return await assume();
    } catch (err) {
      if (!(err instanceof SchedulerReentryError)) throw err;
      const c = current;
      if (c && c.expiration.getTime() > now()) return c;
      throw new RoleCredentialsExpired(o.roleArn);
    }
  };

  return {
    roleArn: o.roleArn,
    provider,
    ensureFresh,
    get assumed() {
      return assumed;
    },
  };
}
