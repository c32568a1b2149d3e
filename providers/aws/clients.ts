import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsScanOptions } from '../types.js';
import type { RoleSession } from './assume.js';
import { type BucketReader, sdkBucketReader } from './bucket-reader.js';
import { enforceReadOnly } from './readonly.js';
import type { Agent } from 'undici';
import { httpBucketReader, s3Agent } from './s3-http.js';

export type AwsCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** One set of credentials to scan with (a profile, an assumed role, an org member account). */
export interface AwsTarget {
  /** Human label: "default", "profile:prod", "role:arn:...", "org:123456789012". */
  label: string;
  credentials: AwsCredentials;
  /** Set for assumed roles: assume before collecting (a failure skips the target), renew between buckets. */
  session?: RoleSession;
  /** Account the target is expected to reach (org member id, role ARN account). */
  account?: string;
  /**
   * What to scan with when the role cannot be assumed: the caller's own credentials, for the organization's account
   * the caller is in (the management account usually has no org role: it is created in member accounts only).
   */
  fallback?: AwsTarget;
}

export interface ClientSettings {
  /** Region for global calls and buckets whose region is not reported. */
  region: string;
  endpoint?: string;
  /** Sockets per HTTP agent (match the scheduler's concurrency). */
  maxSockets: number;
  /**
   * Client of the per-bucket configuration reads: 'http' (default) = the lean signed undici client
   * (s3-http.ts), 'sdk' = the SDK's S3Client. Everything else always goes through the SDK.
   */
  s3Client?: 'http' | 'sdk';
}

/** The SDK clients of one target, created from options (never globals), all guarded read-only. */
export interface AwsClients {
  readonly settings: ClientSettings;
  readonly customEndpoint: boolean;
  s3(region?: string): S3Client;
  s3control(region?: string): S3ControlClient;
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly organizations: OrganizationsClient;
  /** The per-bucket configuration reads (GetBucketPolicy, GetBucketAcl, ...), see bucket-reader.ts. */
  readonly buckets: BucketReader;
  /** Close keep-alive sockets. */
  destroy(): void;
}

export function resolveRegion(opts: Pick<AwsScanOptions, 'region'>, env: Record<string, string | undefined>): string {
  return opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** An HTTP handler with keep-alive and a socket pool as wide as the scan (the SDK default caps at 50). */
function createHttpHandler(maxSockets: number): NodeHttpHandler {
  const agentOpts = { keepAlive: true, maxSockets: Math.max(1, maxSockets) };
  return new NodeHttpHandler({ httpAgent: new HttpAgent(agentOpts), httpsAgent: new HttpsAgent(agentOpts) });
}

/**
 * The connection pools of a scan, shared by its targets: an organization's accounts reach the same endpoints, and
 * a pool per account would open (on AWS: TLS-handshake) new connections for every account and leave them idle.
 */
export interface Connections {
  readonly handler: NodeHttpHandler;
  readonly agent: Agent;
  destroy(): void;
}

export function createConnections(maxSockets: number): Connections {
  const handler = createHttpHandler(maxSockets);
  const agent = s3Agent(maxSockets);
  return {
    handler,
    agent,
    destroy() {
      handler.destroy();
      void agent.destroy().catch(() => undefined);
    },
  };
}

/**
 * Build the clients of one target. SDK retries are off (maxAttempts 1): the scheduler owns retries.
 * A custom endpoint gets path-style addressing and checksums only when required (Ceph RGW, MinIO).
 * With `shared` connections the clients use (and leave open) the scan's pools; without, their own.
 */
export function createClients(credentials: AwsCredentials, settings: ClientSettings, shared?: Connections): AwsClients {
  const handler = shared?.handler ?? createHttpHandler(settings.maxSockets);
  const ep = settings.endpoint;
  const common = { credentials, maxAttempts: 1, requestHandler: handler };
  const s3s = new Map<string, S3Client>();
  const ctls = new Map<string, S3ControlClient>();
  const sts = enforceReadOnly(new STSClient({ ...common, region: settings.region, ...(ep ? { endpoint: ep } : {}) }), 'sts');
  const iam = enforceReadOnly(
    new IAMClient({ ...common, region: ep ? settings.region : 'us-east-1', ...(ep ? { endpoint: ep } : {}) }),
    'iam',
  );
  const organizations = enforceReadOnly(
    new OrganizationsClient({ ...common, region: ep ? settings.region : 'us-east-1', ...(ep ? { endpoint: ep } : {}) }),
    'organizations',
  );
  const s3 = (region = settings.region): S3Client => {
    let c = s3s.get(region);
    if (!c) {
      c = enforceReadOnly(
        new S3Client({
          ...common,
          region,
          followRegionRedirects: true,
          ...(ep
            ? {
                endpoint: ep,
                forcePathStyle: true,
                requestChecksumCalculation: 'WHEN_REQUIRED' as const,
                responseChecksumValidation: 'WHEN_REQUIRED' as const,
              }
            : {}),
        }),
        's3',
      );
      s3s.set(region, c);
    }
    return c;
  };
  const sdkReader = sdkBucketReader(s3);
  const buckets =
    settings.s3Client === 'sdk'
      ? sdkReader
      : httpBucketReader(
          {
            credentials,
            maxSockets: settings.maxSockets,
            ...(ep ? { endpoint: ep } : {}),
            ...(shared ? { agent: shared.agent } : {}),
          },
          sdkReader,
        );
  return {
    settings,
    customEndpoint: Boolean(ep),
    sts,
    iam,
    organizations,
    buckets,
    s3,
    s3control(region = settings.region) {
      let c = ctls.get(region);
      if (!c) {
        // The SDK prefixes "{AccountId}." to a custom endpoint host (Invalid URL on 127.0.0.1): pin the URL instead.
        const url = ep ? new URL(ep.endsWith('/') ? ep : `${ep}/`) : undefined;
        c = enforceReadOnly(
          new S3ControlClient({ ...common, region, ...(url ? { endpointProvider: () => ({ url }) } : {}) }),
          's3control',
        );
        ctls.set(region, c);
      }
      return c;
    },
    destroy() {
      if (!shared) handler.destroy();
      buckets.destroy();
    },
  };
}

/** Base credentials: keys in ctx.env first (the CLI's env, not only process.env), else profiles, else the default chain. */
export function baseTargets(opts: Pick<AwsScanOptions, 'profiles'>, env: Record<string, string | undefined>): AwsTarget[] {
  if (opts.profiles.length > 0) {
    return opts.profiles.map((profile) => ({ label: `profile:${profile}`, credentials: fromIni({ profile }) }));
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId && secretAccessKey) {
    return [
      {
        label: 'env',
        credentials: {
          accessKeyId,
          secretAccessKey,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        },
      },
    ];
  }
  return [{ label: 'default', credentials: fromNodeProviderChain() }];
}
