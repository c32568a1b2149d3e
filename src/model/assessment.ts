import type { UnknownReason } from './known.js';
import type { StorageResource } from './resource.js';
import type { SourceRef } from './source.js';

export type Verdict = 'PUBLIC' | 'PUBLIC_AUTHENTICATED' | 'RESTRICTED' | 'SHARED' | 'LATENT' | 'PRIVATE' | 'UNKNOWN';
export type Capability = 'LIST' | 'READ' | 'WRITE' | 'READ_ACP' | 'ADMIN' | 'META';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** scope: 'bucket' | 'prefix:<p>' | 'object:<k>' | 'new-objects' */
export interface CapabilityGrant {
  capability: Capability;
  scope: string;
}

export type Principal =
  | { type: 'anonymous' }
  | { type: 'all-authenticated'; detail?: string }
  | { type: 'account'; id: string }
  | { type: 'org'; id: string }
  | { type: 'domain'; id: string }
  | { type: 'identity'; id: string }
  | { type: 'service'; id: string };

export type GrantVia =
  | 'policy'
  | 'acl'
  | 'object-acl'
  | 'iam-binding'
  | 'default-object-acl'
  | 'container-level'
  | 'access-point'
  | 'website'
  | 'assumable-role'
  | 'static-website';

/** The statement, ACL grant, binding or setting that decides something, and where to find it. */
export interface Evidence {
  kind:
    | 'policy-statement'
    | 'acl-grant'
    | 'iam-binding'
    | 'default-object-acl'
    | 'container-level'
    | 'access-point'
    | 'website'
    | 'guardrail'
    | 'network'
    | 'provider-opinion'
    | 'probe'
    | 'input'
    | 'default';
  /** JSON path into the source document, e.g. "policy.Statement[2]", "acl.Grants[1]", "iam.bindings[0]". */
  path?: string;
  sid?: string;
  /** One line saying what was seen, e.g. "Statement[2] (Sid PublicRead) allows s3:GetObject to Principal \"*\"". */
  summary: string;
  /** The rule ids applied, e.g. ["A-1","A-8"]. */
  rules?: string[];
  source?: SourceRef;
}

/** How a network pin restricts an otherwise public grant (RESTRICTED). */
export type NetworkPin = 'public-cidr' | 'private-cidr' | 'vpc' | 'vpce' | 'ip-rules' | 'vnet' | 'perimeter';

export interface AccessGrant {
  principal: Principal;
  capabilities: CapabilityGrant[];
  via: GrantVia;
  /** Exposure class of this one grant before aggregation. */
  exposure: Exclude<Verdict, 'UNKNOWN' | 'PRIVATE'> | 'PRIVATE';
  /** Set when the grant only applies from a pinned network origin. */
  pin?: NetworkPin;
  /** GCS conditional binding / AWS conditions that were credited. */
  conditional?: boolean;
  /** Guardrails that neutralise this grant (=> LATENT), e.g. ["s3-bpa:RestrictPublicBuckets(account)"]. */
  neutralizedBy?: string[];
  /** Capabilities cannot be resolved (e.g. unknown custom role). */
  capabilitiesUnknown?: boolean;
  /** True when the grant lies inside the configured trust zone (S-7b). */
  inTrustZone?: boolean;
  evidence: Evidence;
}

export interface UnknownInput {
  /** Input name, e.g. "bucketPolicy", "accountBpa", "iamBindings". */
  input: string;
  reason: UnknownReason;
  detail?: string;
  operation?: string;
  code?: string;
  /** Does the verdict depend on it? (false for context-only inputs such as website). */
  decisive: boolean;
}

export type GuardrailStatus = 'on' | 'off' | 'unknown' | 'not-applicable';

/** State of a deny-all default (BPA, PAP, UBLA, allowBlobPublicAccess, network default deny, ...). */
export interface GuardrailState {
  /** Stable name, e.g. "s3-account-bpa", "s3-bucket-bpa", "s3-acls-disabled", "gcs-ubla", "gcs-pap", "azure-allow-blob-public-access", "azure-network-default-deny", "azure-shared-key-disabled". */
  name: string;
  status: GuardrailStatus;
  detail: string;
  evidence?: Evidence;
  /** S-9a (medium) / S-9b (low) when off, info otherwise; filled by the analyzer's aggregate(). */
  severity?: Severity;
}

export interface ProviderOpinion {
  source: 'GetBucketPolicyStatus' | 'GetAccessPointPolicyStatus' | 'testIamPermissions';
  isPublic?: boolean;
  /** true when the opinion comes from a non-AWS S3-compatible service: informational only. */
  informational?: boolean;
}

export type ProbeStatus = 'confirmed' | 'not-confirmed' | 'skipped' | 'error';

export interface ProbeObservation {
  /** What was asked, e.g. "list", "read", "acl", "policy", "website", "testIamPermissions", "write". */
  check: string;
  method: string;
  url: string;
  status?: number;
  code?: string;
  requestId?: string;
  /** What the observation means. */
  outcome: 'allowed' | 'denied' | 'not-found' | 'inconclusive' | 'error';
  detail?: string;
}

export interface ProbeResult {
  status: ProbeStatus;
  exists?: boolean;
  listable?: boolean;
  readable?: boolean;
  writable?: boolean;
  /** Capabilities an anonymous request demonstrated. */
  capabilities: Capability[];
  observations: ProbeObservation[];
  objectCount?: number;
  sampleKeys?: string[];
  sensitiveKeys?: string[];
  /** Write probe leftovers that could not be deleted. */
  leftovers?: string[];
  error?: string;
  /** Region learned from the provider (S3 x-amz-bucket-region). */
  region?: string;
  /** A static website endpoint served content anonymously. */
  website?: boolean;
  /** The listing page was truncated (more objects exist than objectCount). */
  truncated?: boolean;
}

/** The analyzer's answer for one resource. */
export interface Assessment {
  resource: StorageResource;
  verdict: Verdict;
  capabilities: CapabilityGrant[];
  severity: Severity;
  /** Why: the evidence that decides the verdict (first = most decisive). */
  reasons: Evidence[];
  grants: AccessGrant[];
  /** Guardrails that neutralise exposure (LATENT). */
  neutralizedBy: string[];
  guardrails: GuardrailState[];
  unknownInputs: UnknownInput[];
  /** Extra context (website endpoint, requester pays, ...). */
  context: Evidence[];
  providerOpinion?: ProviderOpinion;
  /** Local evaluator and provider (or probe) disagree. */
  disagreement?: { with: 'provider' | 'probe'; detail: string };
  /** Intended-public allowlist hit. */
  acknowledged?: { reason: string; owner?: string; expires?: string };
  probe?: ProbeResult;
}
