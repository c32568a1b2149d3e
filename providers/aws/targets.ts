import { awsPartition } from '../../src/endpoints/aws.js';
import { type Account, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ReportError } from '../../src/model/index.js';
import type { AwsScanOptions, CollectContext } from '../types.js';
import { createRoleSession, roleAccount } from './assume.js';
import { call } from './calls.js';
import { type AwsClients, type AwsTarget, baseTargets, type ClientSettings, createClients } from './clients.js';
import { errorCode } from './errors.js';

const MAX_PAGES = 10_000;

/** The targets of a scan, the errors met while finding them, and the base clients to close afterwards. */
export interface TargetPlan {
  targets: AwsTarget[];
  errors: ReportError[];
  destroy(): void;
}

/**
 * Base credentials; with --aws-role-arn / --aws-org-role, roles assumed from them instead: each role ARN
 * from every base, then NAME in every account Organizations ListAccounts returns (first base) that is not closed
 * or still being created (those are named in `errors`).
 * Nothing is assumed here: `startTarget` does it right before the target is collected.
 */
export async function resolveTargets(opts: AwsScanOptions, ctx: CollectContext, settings: ClientSettings): Promise<TargetPlan> {
  const bases = baseTargets(opts, ctx.env);
  const errors: ReportError[] = [];
  const pool = new Map<AwsTarget, AwsClients>();
  const clientsOf = (base: AwsTarget): AwsClients => {
    let c = pool.get(base);
    if (!c) {
      c = createClients(base.credentials, settings);
      pool.set(base, c);
    }
    return c;
  };
  const destroy = () => {
    for (const c of pool.values()) c.destroy();
  };
  if (opts.roleArns.length === 0 && !opts.orgRole) return { targets: bases, errors, destroy };

  const roleTarget = (base: AwsTarget, roleArn: string, label: string): AwsTarget => {
    const account = roleAccount(roleArn);
    const session = createRoleSession({
      roleArn,
      sts: clientsOf(base).sts,
      scheduler: ctx.scheduler,
      lane: `aws:${account ?? label}:global:sts`,
      ...(opts.externalId ? { externalId: opts.externalId } : {}),
    });
    return { label, credentials: session.provider, session, ...(account ? { account } : {}) };
  };

  const targets: AwsTarget[] = [];
  for (const base of bases) {
    for (const arn of opts.roleArns) targets.push(roleTarget(base, arn, `role:${arn}`));
  }
  const base = bases[0];
  if (opts.orgRole && base) {
    const accounts = await listOrgAccounts(clientsOf(base), ctx, errors);
    const partition = awsPartition(settings.region);
    // The caller's own account (the management account, or a delegated administrator's) is in the list too; the org
    // role is usually not there, so without a fallback its buckets were never scanned.
    const own = accounts.length > 0 ? await callerAccount(clientsOf(base), ctx) : undefined;
    for (const id of accounts) {
      const t = roleTarget(base, `arn:${partition}:iam::${id}:role/${opts.orgRole}`, `org:${id}`);
      targets.push(id === own ? { ...t, fallback: { ...base, label: `org:${id} (own credentials)`, account: id } } : t);
    }
  }
  return { targets, errors, destroy };
}

/** The account of the base credentials (undefined when STS does not answer: no fallback then). */
async function callerAccount(clients: AwsClients, ctx: CollectContext): Promise<string | undefined> {
  const o = await call(ctx, 'aws:org:global:sts', 'sts', 'GetCallerIdentity', (s) =>
    clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: s }),
  );
  return o.ok ? o.value.Account : undefined;
}

/** Member accounts to scan (every state but closed or not yet created, each of those an entry); every page of ListAccounts. */
async function listOrgAccounts(clients: AwsClients, ctx: CollectContext, errors: ReportError[]): Promise<string[]> {
  const ids: string[] = [];
  const skipped = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    if (ctx.signal.aborted) break;
    const o = await call(ctx, 'aws:org:global:organizations', 'organizations', 'ListAccounts', (s) =>
      clients.organizations.send(new ListAccountsCommand(token ? { NextToken: token } : {}), { abortSignal: s }),
    );
    if (!o.ok) {
      errors.push(listAccountsError(o.err, ids.length));
      break;
    }
    for (const a of o.value.Accounts ?? []) {
      if (!a.Id || ids.includes(a.Id) || skipped.has(a.Id)) continue;
      const state = notScanned(a);
      if (state === undefined) ids.push(a.Id);
      else {
        skipped.add(a.Id);
        errors.push(skippedAccount(a.Id, a.Name, state));
      }
    }
    const next = o.value.NextToken;
    if (!next || next === token) break;
    token = next;
  }
  return ids;
}

/**
 * States whose account has nothing to scan: a closed account (SUSPENDED, then CLOSED) keeps its resources for
 * the post-closure period but they are not available; an account still being created has none. Any other state
 * (ACTIVE, PENDING_CLOSURE: the closure is in progress and the buckets still serve, a state added later) is
 * scanned: a role that cannot be assumed there is a named error entry, never a silent gap.
 */
const NOT_SCANNED = new Set(['SUSPENDED', 'CLOSED', 'PENDING_ACTIVATION']);

/** The state that keeps an account out of the scan (State, else the older Status), if any. */
function notScanned(a: Account): string | undefined {
  const state: string | undefined = a.State ?? a.Status;
  return state !== undefined && NOT_SCANNED.has(state) ? state : undefined;
}

/** One entry per member account left out, naming it and its state: the report says which accounts it does not cover. */
function skippedAccount(id: string, name: string | undefined, state: string): ReportError {
  return {
    stage: 'collect',
    provider: 'aws',
    operation: 'ListAccounts',
    resourceId: id,
    code: state,
    message: `account ${id}${name ? ` (${name})` : ''} is ${state} in the organization: not scanned`,
  };
}

function listAccountsError(err: unknown, listed: number): ReportError {
  const { code, status } = errorCode(err);
  const tail = listed > 0 ? `; the ${listed} account(s) listed before the failure are scanned` : '';
  let message: string;
  if (code === 'AWSOrganizationsNotInUseException') {
    message = `--aws-org-role: the caller's account is not a member of an AWS Organization (${code}); no member accounts to scan`;
  } else if (code === 'AccessDeniedException' || code === 'AccessDenied' || status === 403) {
    message = `--aws-org-role: cannot list the organization's accounts (${code}); ListAccounts works only from the management account or a delegated administrator${tail}`;
  } else {
    message = `--aws-org-role: cannot list the organization's accounts: ${code}${status ? ` (${status})` : ''}${tail}`;
  }
  return { stage: 'collect', provider: 'aws', operation: 'ListAccounts', code, message };
}

/**
 * Assume the target's role (when it has one) before anything else is sent with it. A role that cannot be
 * assumed is ONE error entry naming the account; the caller skips the target and goes on with the others, or
 * collects its fallback (the caller's own account, with the caller's credentials) and keeps the entry as a note.
 */
export async function startTarget(target: AwsTarget): Promise<{ target?: AwsTarget; error?: ReportError }> {
  if (!target.session) return { target };
  try {
    await target.session.ensureFresh();
    return { target };
  } catch (err) {
    const { code, status } = errorCode(err);
    const where = target.account ? `account ${target.account}` : target.label;
    const { fallback } = target;
    const then = fallback
      ? "it is the account of the caller's own credentials, scanned with them instead"
      : 'its buckets are not scanned';
    const error: ReportError = {
      stage: 'collect',
      provider: 'aws',
      operation: 'AssumeRole',
      code,
      message: `cannot assume ${target.session.roleArn} (${where}): ${code}${status ? ` (${status})` : ''}; ${then}`,
    };
    return fallback ? { target: fallback, error } : { error };
  }
}
