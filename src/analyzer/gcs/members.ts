import type { Principal } from '../../model/index.js';
import type { TrustZone } from '../context.js';

/** Who a GCS IAM member or ACL entity is, and how public it makes a grant (G-1, G-8). */
export type MemberClass =
  | { kind: 'public'; principal: Principal; label: string }
  | { kind: 'authenticated'; principal: Principal; label: string }
  | { kind: 'shared'; principal: Principal; label: string; inTrustZone: boolean }
  | { kind: 'inert'; label: string; why: string };

export interface OwnerProject {
  /** Project id (StorageResource.account). */
  projectId: string;
  projectNumber?: string;
}

function lc(s: string): string {
  return s.toLowerCase();
}

function projectTrusted(p: string, owner: OwnerProject, trust: TrustZone): boolean {
  if (!p) return false;
  return p === owner.projectId || p === owner.projectNumber || trust.gcpProjects.includes(p);
}

function domainTrusted(d: string, trust: TrustZone): boolean {
  const dl = lc(d);
  return trust.gcpDomains.some((t) => lc(t) === dl);
}

/** Google-owned projects whose `<project>.iam.gserviceaccount.com` domain hosts service agents (besides `gcp-sa-*`). */
const AGENT_IAM_PROJECTS: ReadonlySet<string> = new Set([
  'gs-project-accounts',
  'compute-system',
  'container-engine-robot',
  'containerregistry',
  'dataflow-service-producer-prod',
  'dataproc-accounts',
  'cloudcomposer-accounts',
  'serverless-robot-prod',
  'gcf-admin-robot',
  'firebase-rules',
  'cloud-ml.google.com',
  'cloud-redis',
  'cloud-tpu',
  'genomics-api.google.com',
]);

/**
 * Whether the local part of an address in `domain` is chosen by Google (a service agent) rather than by a customer.
 * A customer's service account is `ID@PROJECT.iam.gserviceaccount.com` with an ID of its choosing
 * ([a-z]([-a-z0-9]*[a-z0-9]), 6-30 characters): `service-<number>` is such an ID, so in a customer project's domain the
 * number in the name proves nothing. Domains without `.iam.` (cloudservices, developer, cloudbuild) host no customer accounts.
 */
function serviceAgentDomain(domain: string): boolean {
  if (!domain.endsWith('.gserviceaccount.com')) return false;
  const iam = /^(.+)\.iam\.gserviceaccount\.com$/.exec(domain);
  if (!iam) return true;
  const project = iam[1] ?? '';
  return AGENT_IAM_PROJECTS.has(project) || /^gcp-sa-[a-z0-9-]+$/.test(project);
}

/** Email of a user, group or service account: trusted by its domain, or a service account of a trusted project. */
function emailTrusted(email: string, owner: OwnerProject, trust: TrustZone): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const local = email.slice(0, at);
  const domain = lc(email.slice(at + 1));
  if (domainTrusted(domain, trust)) return true;
  const sa = /^([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(domain);
  if (sa && projectTrusted(sa[1] ?? '', owner, trust)) return true;
  // App Engine default service account: PROJECT_ID@appspot.gserviceaccount.com (project ids are globally unique).
  if (domain === 'appspot.gserviceaccount.com' && projectTrusted(local, owner, trust)) return true;
  // Google-managed service agents are named after the project number, but only in Google-owned domains.
  const agent = /^(?:service-)?(\d+)(?:-compute)?$/.exec(local);
  if (agent && serviceAgentDomain(domain) && projectTrusted(agent[1] ?? '', owner, trust)) return true;
  return false;
}

/** G-1/G-8 for an IAM binding member (allUsers, user:, group:, serviceAccount:, domain:, projectViewer:, principal://...). */
export function classifyMember(member: string, owner: OwnerProject, trust: TrustZone): MemberClass {
  const m = member.trim();
  if (m === 'allUsers') return { kind: 'public', principal: { type: 'anonymous' }, label: 'allUsers' };
  if (m === 'allAuthenticatedUsers') {
    return { kind: 'authenticated', principal: { type: 'all-authenticated', detail: 'any Google account' }, label: m };
  }
  if (m.startsWith('deleted:')) return { kind: 'inert', label: m, why: 'deleted principal' };
  const colon = m.indexOf(':');
  const type = colon > 0 ? m.slice(0, colon) : '';
  const id = colon > 0 ? m.slice(colon + 1) : m;
  switch (type) {
    case 'domain':
      return { kind: 'shared', principal: { type: 'domain', id }, label: m, inTrustZone: domainTrusted(id, trust) };
    case 'projectOwner':
    case 'projectEditor':
    case 'projectViewer':
      return { kind: 'shared', principal: { type: 'account', id }, label: m, inTrustZone: projectTrusted(id, owner, trust) };
    case 'serviceAccount': {
      // GKE workload identity: PROJECT_ID.svc.id.goog[NAMESPACE/KSA], minted by clusters of that project only.
      const wi = /^([a-z][a-z0-9-]*)\.svc\.id\.goog\[[^\]]+\]$/.exec(id);
      const inTrustZone = wi ? projectTrusted(wi[1] ?? '', owner, trust) : emailTrusted(id, owner, trust);
      return { kind: 'shared', principal: { type: 'identity', id: m }, label: m, inTrustZone };
    }
    case 'user':
    case 'group':
      return { kind: 'shared', principal: { type: 'identity', id: m }, label: m, inTrustZone: emailTrusted(id, owner, trust) };
    default:
      // principal://, principalSet:// (workforce / workload identity federation) and anything unrecognised: external.
      return { kind: 'shared', principal: { type: 'identity', id: m }, label: m, inTrustZone: false };
  }
}

/** G-1/G-8 for an ACL entity (allUsers, allAuthenticatedUsers, user-EMAIL, group-EMAIL, domain-DOMAIN, project-TEAM-ID). */
export function classifyAclEntity(entity: string, owner: OwnerProject, trust: TrustZone): MemberClass {
  const e = entity.trim();
  if (e === 'allUsers') return { kind: 'public', principal: { type: 'anonymous' }, label: e };
  if (e === 'allAuthenticatedUsers') {
    return { kind: 'authenticated', principal: { type: 'all-authenticated', detail: 'any Google account' }, label: e };
  }
  const proj = /^project-(owners|editors|viewers)-(.+)$/.exec(e);
  if (proj) {
    const p = proj[2] ?? '';
    return { kind: 'shared', principal: { type: 'account', id: p }, label: e, inTrustZone: projectTrusted(p, owner, trust) };
  }
  if (e.startsWith('domain-')) {
    const d = e.slice('domain-'.length);
    return { kind: 'shared', principal: { type: 'domain', id: d }, label: e, inTrustZone: domainTrusted(d, trust) };
  }
  const ug = /^(user|group)-(.+)$/.exec(e);
  if (ug) {
    const id = ug[2] ?? '';
    return { kind: 'shared', principal: { type: 'identity', id: e }, label: e, inTrustZone: emailTrusted(id, owner, trust) };
  }
  return { kind: 'shared', principal: { type: 'identity', id: e }, label: e, inTrustZone: false };
}
