import { awsPartition } from '../../src/endpoints/aws.js';
import { type Account, ListAccountsCommand } from '@aws-sdk/client-organizations';
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
 * from every base, then NAME in every ACTIVE account Organizations ListAccounts returns (first base).
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
  if (opts.orgRole && bases[0]) {
    const accounts = await listOrgAccounts(clientsOf(bases[0]), ctx, errors);
    const partition = awsPartition(settings.region);
    for (const id of accounts)
      targets.push(roleTarget(bases[0], `arn:${partition}:iam::${id}:role/${opts.orgRole}`, `org:${id}`));
  }
  return { targets, errors, destroy };
}

/** ACTIVE member accounts (State, else the older Status); every page of ListAccounts. */
async function listOrgAccounts(clients: AwsClients, ctx: CollectContext, errors: ReportError[]): Promise<string[]> {
  const ids: string[] = [];
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
      if (a.Id && isActive(a) && !ids.includes(a.Id)) ids.push(a.Id);
    }
    const next = o.value.NextToken;
    if (!next || next === token) break;
    token = next;
  }
  return ids;
}

function isActive(a: Account): boolean {
  const state: string | undefined = a.State ?? a.Status;
  return state === undefined || state === 'ACTIVE';
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
 * assumed is ONE error entry naming the account; the caller skips the target and goes on with the others.
 */
export async function startTarget(target: AwsTarget): Promise<ReportError | undefined> {
  if (!target.session) return undefined;
  try {
    await target.session.ensureFresh();
    return undefined;
  } catch (err) {
    const { code, status } = errorCode(err);
    const where = target.account ? `account ${target.account}` : target.label;
    return {
      stage: 'collect',
      provider: 'aws',
      operation: 'AssumeRole',
      code,
      message: `cannot assume ${target.session.roleArn} (${where}): ${code}${status ? ` (${status})` : ''}; its buckets are not scanned`,
    };
  }
}
