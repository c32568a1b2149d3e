/** Everything the pure analyzer needs besides the resource: passed in, never read from globals. */
export interface TrustZone {
  /** AWS account ids whose access is not "sharing" (the owner account is always trusted). */
  awsAccounts: string[];
  /** AWS Organizations ids (o-xxxx) inside the trust zone. */
  awsOrgIds: string[];
  /** GCP domains (example.com) whose members are inside the trust zone. */
  gcpDomains: string[];
  /** GCP project ids/numbers inside the trust zone (the bucket's own project is always trusted). */
  gcpProjects: string[];
}

/**
 * G-9 (inferred): how an `allUsers` grant on a Requester Pays bucket is read.
 * 'authenticated' (default): anonymous reads fail without a billing project, so the grant is PUBLIC_AUTHENTICATED.
 * 'public': the literal reading, the grant stays PUBLIC.
 */
export type GcsRequesterPaysReading = 'authenticated' | 'public';

export interface AnalyzerContext {
  /** Audit time (aws:CurrentTime, GCS request.time conditions, allowlist expiry). */
  now: Date;
  trust: TrustZone;
  /** Azure storage accounts the operator marked as non-web: a $web exposure scores as S-1..S-3 (S-12). */
  azureNonWebAccounts?: string[];
  /** G-9 reading, default 'authenticated'. */
  gcsRequesterPays?: GcsRequesterPaysReading;
}

export function defaultContext(overrides: Partial<AnalyzerContext> = {}): AnalyzerContext {
  return {
    now: overrides.now ?? new Date(),
    trust: overrides.trust ?? { awsAccounts: [], awsOrgIds: [], gcpDomains: [], gcpProjects: [] },
    ...(overrides.azureNonWebAccounts ? { azureNonWebAccounts: overrides.azureNonWebAccounts } : {}),
    ...(overrides.gcsRequesterPays ? { gcsRequesterPays: overrides.gcsRequesterPays } : {}),
  };
}
