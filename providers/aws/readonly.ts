import { BucketAuditError } from '../../src/errors.js';
import type { AwsService } from './errors.js';

/**
 * Every SDK command the adapter may send, per service, with the IAM action it needs (null = none).
 * docs/permissions.md carries the matching minimal policy; test/providers/aws/permissions.test.ts
 * keeps the two in step. Nothing here writes: the scan is read-only by construction.
 */
export const READ_ONLY_COMMANDS: Record<AwsService, Record<string, string | null>> = {
  s3: {
    ListBucketsCommand: 's3:ListAllMyBuckets',
    HeadBucketCommand: 's3:ListBucket',
    GetBucketLocationCommand: 's3:GetBucketLocation',
    GetBucketPolicyCommand: 's3:GetBucketPolicy',
    GetBucketPolicyStatusCommand: 's3:GetBucketPolicyStatus',
    GetBucketAclCommand: 's3:GetBucketAcl',
    GetPublicAccessBlockCommand: 's3:GetBucketPublicAccessBlock',
    GetBucketOwnershipControlsCommand: 's3:GetBucketOwnershipControls',
    GetBucketWebsiteCommand: 's3:GetBucketWebsite',
    GetBucketRequestPaymentCommand: 's3:GetBucketRequestPayment',
    ListObjectsV2Command: 's3:ListBucket',
    GetObjectAclCommand: 's3:GetObjectAcl',
  },
  s3control: {
    GetPublicAccessBlockCommand: 's3:GetAccountPublicAccessBlock',
    ListAccessPointsCommand: 's3:ListAccessPoints',
    GetAccessPointCommand: 's3:GetAccessPoint',
    GetAccessPointPolicyCommand: 's3:GetAccessPointPolicy',
    GetAccessPointPolicyStatusCommand: 's3:GetAccessPointPolicyStatus',
  },
  sts: {
    GetCallerIdentityCommand: null, // needs no grant
    AssumeRoleCommand: 'sts:AssumeRole',
  },
  iam: {
    ListAccountAliasesCommand: 'iam:ListAccountAliases',
    ListRolesCommand: 'iam:ListRoles',
    GetRoleCommand: 'iam:GetRole',
    ListRolePoliciesCommand: 'iam:ListRolePolicies',
    GetRolePolicyCommand: 'iam:GetRolePolicy',
    ListAttachedRolePoliciesCommand: 'iam:ListAttachedRolePolicies',
    GetPolicyCommand: 'iam:GetPolicy',
    GetPolicyVersionCommand: 'iam:GetPolicyVersion',
  },
  organizations: {
    ListAccountsCommand: 'organizations:ListAccounts',
  },
};

/** Thrown before any network I/O when code tries to send a command outside the read-only allowlist. */
export class ReadOnlyViolationError extends BucketAuditError {
  readonly service: AwsService;
  readonly command: string;
  constructor(service: AwsService, command: string) {
    super('INTERNAL', `refused to send ${service} ${command}: bucketaudit is read-only`);
    this.name = 'ReadOnlyViolationError';
    this.service = service;
    this.command = command;
  }
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      mw: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      opts: { step: 'initialize'; name: string; priority: 'high' },
    ): void;
  };
}

/** Install the guard on a client: the first middleware of every command, it throws for non-allowlisted commands. */
export function enforceReadOnly<C>(client: C, service: AwsService): C {
  const allowed = READ_ONLY_COMMANDS[service];
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (!Object.hasOwn(allowed, name)) throw new ReadOnlyViolationError(service, name || '(unnamed command)');
      return next(args);
    },
    { step: 'initialize', name: 'bucketauditReadOnly', priority: 'high' },
  );
  return client;
}
