import {
  GetPolicyCommand,
  type IAMClient,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import type { AwsAssumableRoleGrant, Known, UnknownValue } from '../../src/model/index.js';
import type { CollectContext } from '../types.js';
import { call, type Outcome, unknownOf } from './calls.js';
import { known } from './normalize.js';
import type { AwsClients } from './clients.js';
import { openTrustEvidence, type PolicyStatement, parsePolicyDocument, reachesBucket, s3Statements } from './roles.js';

/** A role any AWS principal can assume, with the S3 statements of its permission policies. */
export interface OpenRole {
  roleArn: string;
  trustEvidence: string;
  statements: PolicyStatement[];
}

const MAX_PAGES = 1000;

class Stop extends Error {
  constructor(readonly unknown: UnknownValue) {
    super(unknown.detail ?? 'iam');
  }
}

function must<T>(o: Outcome<T>, operation: string): T {
  if (o.ok) return o.value;
  throw new Stop(unknownOf(o, operation));
}

/**
 * IAM: every role whose trust policy is open to any AWS principal, and what it grants on S3 (facts only).
 * On a custom (S3-compatible) endpoint IAM is not AWS IAM: any failure reads as 'unsupported'.
 */
export async function collectOpenRoles(clients: AwsClients, ctx: CollectContext, lane: string): Promise<Known<OpenRole[]>> {
  const iam = clients.iam;
  const run = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => call(ctx, lane, 'iam', op, fn);
  try {
    const open: OpenRole[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = must(
        await run('ListRoles', (s) =>
          iam.send(new ListRolesCommand({ ...(marker ? { Marker: marker } : {}) }), { abortSignal: s }),
        ),
        'ListRoles',
      );
      for (const role of res.Roles ?? []) {
        const evidence = openTrustEvidence(parsePolicyDocument(role.AssumeRolePolicyDocument));
        if (!evidence || !role.Arn || !role.RoleName) continue;
        open.push({ roleArn: role.Arn, trustEvidence: evidence, statements: await roleStatements(iam, role.RoleName, run) });
      }
      if (!res.IsTruncated || !res.Marker) break;
      marker = res.Marker;
    }
    return { known: true, value: open };
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    if (clients.customEndpoint && err.unknown.reason !== 'aborted') {
      return {
        ...err.unknown,
        reason: 'unsupported',
        detail: `${err.unknown.detail ?? 'IAM'}: IAM is not available as AWS IAM on this S3-compatible endpoint`,
      };
    }
    return err.unknown;
  }
}

type Runner = <T>(op: string, fn: (s: AbortSignal) => Promise<T>) => Promise<Outcome<T>>;

async function roleStatements(iam: IAMClient, roleName: string, run: Runner): Promise<PolicyStatement[]> {
  const out: PolicyStatement[] = [];
  // Inline policies.
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const names = must(
      await run('ListRolePolicies', (s) =>
        iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }), { abortSignal: s }),
      ),
      'ListRolePolicies',
    );
    for (const policyName of names.PolicyNames ?? []) {
      const doc = must(
        await run('GetRolePolicy', (s) =>
          iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }), { abortSignal: s }),
        ),
        'GetRolePolicy',
      );
      out.push(...s3Statements(parsePolicyDocument(doc.PolicyDocument)));
    }
    if (!names.IsTruncated || !names.Marker) break;
    marker = names.Marker;
  }
  // Attached managed policies (default version).
  marker = undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const attached = must(
      await run('ListAttachedRolePolicies', (s) =>
        iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }), {
          abortSignal: s,
        }),
      ),
      'ListAttachedRolePolicies',
    );
    for (const p of attached.AttachedPolicies ?? []) {
      if (!p.PolicyArn) continue;
      const arn = p.PolicyArn;
      const pol = must(
        await run('GetPolicy', (s) => iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: s })),
        'GetPolicy',
      );
      const versionId = pol.Policy?.DefaultVersionId;
      if (!versionId) continue;
      const ver = must(
        await run('GetPolicyVersion', (s) =>
          iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), { abortSignal: s }),
        ),
        'GetPolicyVersion',
      );
      out.push(...s3Statements(parsePolicyDocument(ver.PolicyVersion?.Document)));
    }
    if (!attached.IsTruncated || !attached.Marker) break;
    marker = attached.Marker;
  }
  return out;
}

/** Per bucket: the open roles whose S3 statements reach it, as model facts. */
export function assumableRolesFor(roles: Known<OpenRole[]>, bucket: string): Known<AwsAssumableRoleGrant[]> {
  if (!roles.known) return roles;
  const grants: AwsAssumableRoleGrant[] = [];
  for (const r of roles.value) {
    const stmts = r.statements.filter((s) => reachesBucket(s, bucket));
    if (!stmts.some((s) => s.Effect === 'Allow')) continue;
    grants.push({
      roleArn: r.roleArn,
      permissionPolicy: JSON.stringify({ Version: '2012-10-17', Statement: stmts }),
      trustEvidence: r.trustEvidence,
    });
  }
  return known(grants);
}
