import type { AnalyzerContext } from '../src/analyzer/context.js';
import type { Provider, ReportError, StorageResource } from '../src/model/index.js';
import type { Scheduler, SchedulerStats } from '../src/scheduler/index.js';

export interface AwsScanOptions {
  /** Named profiles (repeatable); empty = the SDK default credential chain. */
  profiles: string[];
  region?: string;
  /** Roles to assume (repeatable). */
  roleArns: string[];
  externalId?: string;
  /** Assume this role name in every account of the organization. */
  orgRole?: string;
  /** S3-compatible endpoint (path-style); S3 Control / IAM / STS may be absent there. */
  endpoint?: string;
  /** Sample up to N object ACLs per bucket where ACLs are enabled; 0 = off. */
  objectAclSample?: number;
  /**
   * Worker threads for per-bucket collection (each with its own SDK clients and scheduler; the concurrency
   * and --max-rps are split between them). 1 = this thread. Default: min(2, os.availableParallelism()) for
   * 1,001 to 49,999 buckets in a target (a listing of more than one page), else 1 (memory above: see pool.ts).
   */
  workers?: number;
  /**
   * Client of the per-bucket configuration reads: 'http' (default), a lean signed undici client, or 'sdk',
   * the SDK's S3Client (slower: about 1 ms of CPU per call against 0.2 ms). Other calls always use the SDK.
   */
  s3Client?: 'http' | 'sdk';
  /** Per-request timeout and --max-rps of the scan, for the workers' own schedulers. */
  requestTimeoutMs?: number;
  maxRps?: number;
}

export interface GcpScanOptions {
  /** Projects (repeatable); empty = every project the credentials can list. */
  projects: string[];
  /** JSON API base URL for a test server (no credentials are sent there). */
  endpoint?: string;
  /** Cloud Resource Manager / Org Policy / IAM base URL override for test servers. */
  apiEndpoint?: string;
}

export interface AzureScanOptions {
  /** Subscriptions (repeatable); empty = all visible. */
  subscriptions: string[];
  /** ARM base URL for a test server. */
  armEndpoint?: string;
  /** Blob service URL for a test server (Azurite: http://127.0.0.1:PORT/devstoreaccount1). */
  blobEndpoint?: string;
}

export interface ProgressEvent {
  phase: 'collect' | 'probe' | 'analyze';
  provider?: Provider;
  /** Items finished / total known so far. */
  done: number;
  total: number;
  label?: string;
}

/** Context handed to every collector: clients are created from these options, never from globals. */
export interface CollectContext {
  scheduler: Scheduler;
  /** Fan-out width for per-resource work (separate from the scheduler's call limiter). */
  concurrency: number;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
  analyzer: AnalyzerContext;
  onProgress?: (e: ProgressEvent) => void;
  /** Stats of the schedulers of worker threads (their calls do not show in `scheduler.stats()`). */
  onWorkerStats?: (stats: SchedulerStats[]) => void;
  /** A note for the user about how the scan runs (not about the estate: those are errors or findings). */
  onNotice?: (message: string) => void;
}

export interface CollectResult {
  resources: StorageResource[];
  /** Errors that prevented enumeration (resources that failed partially carry Known<> unknowns instead). */
  errors: ReportError[];
}
