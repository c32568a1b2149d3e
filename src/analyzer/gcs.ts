import type {
  AccessGrant,
  Capability,
  CapabilityGrant,
  Evidence,
  GcsAclEntry,
  GcsFacts,
  GuardrailState,
  StorageResource,
} from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import { fromTerraform, type ProviderEvaluation, unknownInput } from './evaluation.js';
import { readCondition } from './gcs/conditions.js';
import { type MemberClass, type OwnerProject, classifyAclEntity, classifyMember } from './gcs/members.js';
import { resolveRole } from './gcs/roles.js';

export { readCondition } from './gcs/conditions.js';
export { classifyAclEntity, classifyMember } from './gcs/members.js';
export { GCS_PREDEFINED_ROLES, permissionCapability, resolveRole } from './gcs/roles.js';

/** G-4: bucket ACL roles [GCS-BUCKETACL]. READER = get bucket (no acl) + list objects. */
const BUCKET_ACL_CAPS: Record<string, Capability[]> = {
  READER: ['LIST', 'META'],
  WRITER: ['LIST', 'WRITE', 'META'],
  OWNER: ['LIST', 'WRITE', 'READ_ACP', 'ADMIN', 'META'],
};

/** G-4: object / default object ACL roles. READER = data + metadata; OWNER adds ACL control. */
const OBJECT_ACL_CAPS: Record<string, Capability[]> = {
  READER: ['READ'],
  WRITER: ['READ'],
  OWNER: ['READ', 'READ_ACP', 'ADMIN'],
};

interface PapState {
  effective: boolean;
  guardrail: GuardrailState;
}

/** G-6/G-7: effective PAP = bucket enforced OR (inherited/unspecified AND org constraint). Unreadable => assume not enforced. */
function papState(f: GcsFacts, ev: ProviderEvaluation): PapState {
  const b = f.publicAccessPrevention;
  const o = f.orgPublicAccessPrevention;
  const ev1 = (summary: string): Evidence => ({
    kind: 'guardrail',
    path: 'iamConfiguration.publicAccessPrevention',
    summary,
    rules: ['G-6', 'G-7'],
  });
  const guard = (status: GuardrailState['status'], detail: string): GuardrailState => ({
    name: 'gcs-pap',
    status,
    detail,
    evidence: ev1(detail),
  });
  if (b.known && b.value === 'enforced')
    return { effective: true, guardrail: guard('on', 'public access prevention enforced on the bucket') };
  if (o.known && o.value) {
    return {
      effective: true,
      guardrail: guard(
        'on',
        'org policy constraints/storage.publicAccessPrevention enforces public access prevention (inherited)',
      ),
    };
  }
  if (!b.known) {
    ev.unknownInputs.push(
      unknownInput('publicAccessPrevention', b, false, 'assumed not enforced: public grants stay public (G-7)'),
    );
    return {
      effective: false,
      guardrail: guard('unknown', 'bucket public access prevention could not be read; assumed not enforced'),
    };
  }
  const legacy = b.value === 'unspecified' ? ' (legacy "unspecified" = inherited)' : '';
  if (!o.known) {
    ev.unknownInputs.push(
      unknownInput('orgPublicAccessPrevention', o, false, 'assumed not enforced: public grants stay public (G-7)'),
    );
    return {
      effective: false,
      guardrail: guard('unknown', `bucket PAP inherited${legacy}; org policy could not be read, assumed not enforced`),
    };
  }
  return { effective: false, guardrail: guard('off', `bucket PAP inherited${legacy} and the org constraint is not enforced`) };
}

function capList(caps: readonly Capability[]): string {
  return caps.length > 0 ? caps.join('+') : 'no storage capability';
}

interface GrantSpec {
  member: MemberClass;
  caps: Capability[];
  scope: string;
  via: AccessGrant['via'];
  kind: Evidence['kind'];
  path: string;
  summary: string;
  rules: string[];
  conditional?: boolean;
  capabilitiesUnknown?: boolean;
  /** The grant can never apply (expired condition, deleted principal, no capability). */
  inert?: string;
}

/** Turn one (member, capabilities) pair into an AccessGrant applying G-1, G-6, G-8, G-9. */
function buildGrant(spec: GrantSpec, pap: PapState, requesterPays: boolean, ctx: AnalyzerContext): AccessGrant | undefined {
  const m = spec.member;
  const rules = [...spec.rules];
  let summary = spec.summary;
  if (m.kind === 'inert') {
    return {
      principal: { type: 'identity', id: m.label },
      capabilities: spec.caps.map((c) => ({ capability: c, scope: spec.scope })),
      via: spec.via,
      exposure: 'PRIVATE',
      evidence: { kind: spec.kind, path: spec.path, summary: `${summary} (inert: ${m.why})`, rules },
    };
  }
  const capabilities: CapabilityGrant[] = spec.caps.map((c) => ({ capability: c, scope: spec.scope }));
  let exposure: AccessGrant['exposure'];
  let neutralizedBy: string[] | undefined;
  if (m.kind === 'public' || m.kind === 'authenticated') {
    rules.unshift('G-1');
    exposure = m.kind === 'public' ? 'PUBLIC' : 'PUBLIC_AUTHENTICATED';
    if (m.kind === 'public' && requesterPays) {
      rules.push('G-9');
      if ((ctx.gcsRequesterPays ?? 'authenticated') === 'authenticated') {
        exposure = 'PUBLIC_AUTHENTICATED';
        summary +=
          '; requester pays: anonymous requests fail without a billing project, any Google account that bills its own project can use it (G-9, inferred; literal reading: PUBLIC)';
      } else {
        summary += '; requester pays: kept PUBLIC (literal reading; the G-9 inferred reading is PUBLIC_AUTHENTICATED)';
      }
    }
    if (pap.effective) {
      rules.push('G-6');
      neutralizedBy = ['gcs-pap'];
      summary += '; neutralised by public access prevention (G-6/G-7)';
    }
  } else {
    rules.unshift('G-8');
    exposure = 'SHARED';
    if (m.inTrustZone) summary += ' (inside the trust zone)';
  }
  if (spec.inert) {
    exposure = 'PRIVATE';
    neutralizedBy = undefined;
    summary += ` (inert: ${spec.inert})`;
  }
  return {
    principal: m.principal,
    capabilities,
    via: spec.via,
    exposure,
    ...(spec.conditional ? { conditional: true } : {}),
    ...(neutralizedBy ? { neutralizedBy } : {}),
    ...(spec.capabilitiesUnknown ? { capabilitiesUnknown: true } : {}),
    ...(m.kind === 'shared' && m.inTrustZone ? { inTrustZone: true } : {}),
    evidence: { kind: spec.kind, path: spec.path, summary, rules: [...new Set(rules)] },
  };
}

function aclGrants(
  entries: readonly GcsAclEntry[],
  table: Record<string, Capability[]>,
  pathOf: (i: number) => string,
  describe: (e: GcsAclEntry, caps: Capability[]) => string,
  scope: string,
  via: AccessGrant['via'],
  kind: Evidence['kind'],
  owner: OwnerProject,
  ctx: AnalyzerContext,
): GrantSpec[] {
  return entries.map((e, i) => {
    const caps = table[e.role] ?? [];
    return {
      member: classifyAclEntity(e.entity, owner, ctx.trust),
      caps,
      scope,
      via,
      kind,
      path: pathOf(i),
      summary: describe(e, caps),
      rules: ['G-4'],
      ...(caps.length === 0 ? { inert: `unknown ACL role ${e.role}` } : {}),
    };
  });
}

/** GCS rules G-1..G-11 over one bucket's facts. Pure; unknown inputs become UnknownInput values (G-11). */
export function evaluateGcs(resource: StorageResource, facts: GcsFacts, ctx: AnalyzerContext): ProviderEvaluation {
  const ev: ProviderEvaluation = { grants: [], guardrails: [], unknownInputs: [], context: [] };
  const owner: OwnerProject = {
    projectId: resource.account,
    ...(facts.projectNumber ? { projectNumber: facts.projectNumber } : {}),
  };
  const bucket = resource.name;
  const pap = papState(facts, ev);

  // G-9 requester pays (unknown => assume off: the more exposed reading).
  let requesterPays = false;
  if (facts.requesterPays.known) {
    requesterPays = facts.requesterPays.value;
    if (requesterPays) {
      ev.context.push({
        kind: 'input',
        path: 'billing.requesterPays',
        summary:
          'requester pays is on: anonymous reads fail (400 "Bucket is a requester pays bucket but no user project provided."); ' +
          `allUsers grants read as ${(ctx.gcsRequesterPays ?? 'authenticated') === 'authenticated' ? 'PUBLIC_AUTHENTICATED (G-9, inferred)' : 'PUBLIC (literal reading)'}`,
        rules: ['G-9'],
      });
    }
  } else {
    ev.unknownInputs.push(unknownInput('requesterPays', facts.requesterPays, false, 'assumed off (G-9)'));
  }

  const specs: GrantSpec[] = [];

  // G-1..G-3 IAM bindings.
  if (!facts.iamBindings.known) {
    ev.unknownInputs.push(unknownInput('iamBindings', facts.iamBindings, true));
  } else {
    facts.iamBindings.value.forEach((b, bi) => {
      const role = resolveRole(b.role, facts.customRoles);
      if (!role.resolved && role.unknown) {
        ev.unknownInputs.push(
          unknownInput(`customRoles[${b.role}]`, role.unknown, false, 'capabilities unknown, scored HIGH (G-2)'),
        );
      }
      const caps = role.resolved ? role.capabilities : [];
      let scope = 'bucket';
      let conditional = false;
      let inert: string | undefined;
      let condNote = '';
      const rules = ['G-2'];
      if (b.condition) {
        conditional = true;
        rules.push('G-3');
        const c = readCondition(b.condition.expression, bucket, ctx.now);
        if (c.kind === 'inert') inert = c.why;
        else if (c.kind === 'credited') {
          if (c.prefix !== undefined) scope = `prefix:${c.prefix}`;
          condNote = ` under condition${c.prefix !== undefined ? ` (prefix ${c.prefix})` : ''}${c.notes.length ? ` [${c.notes.join('; ')}]` : ''}`;
        } else condNote = ` under condition (${c.why}; kept as unconditional, >= HIGH)`;
      }
      b.members.forEach((member, mi) => {
        const capText = role.resolved ? capList(caps) : 'unknown capabilities';
        specs.push({
          member: classifyMember(member, owner, ctx.trust),
          caps,
          scope,
          via: 'iam-binding',
          kind: 'iam-binding',
          path: `iam.bindings[${bi}].members[${mi}]`,
          summary: `binding ${b.role} grants ${member} ${capText}${scope !== 'bucket' ? ` at ${scope}` : ''}${condNote}${role.resolved ? '' : ` (${role.why})`}`,
          rules,
          ...(conditional ? { conditional } : {}),
          ...(!role.resolved ? { capabilitiesUnknown: true } : {}),
          ...(inert ? { inert } : role.resolved && caps.length === 0 ? { inert: 'role grants no storage capability' } : {}),
        });
      });
    });
  }

  // G-4 / G-5 ACLs.
  const ubla = facts.uniformBucketLevelAccess;
  const ublaGuard: GuardrailState = ubla.known
    ? {
        name: 'gcs-ubla',
        status: ubla.value ? 'on' : 'off',
        detail: ubla.value
          ? 'uniform bucket-level access enabled: ACLs are ignored'
          : 'uniform bucket-level access disabled: ACLs grant access',
        evidence: {
          kind: 'guardrail',
          path: 'iamConfiguration.uniformBucketLevelAccess.enabled',
          summary: `uniformBucketLevelAccess.enabled = ${ubla.value}`,
          rules: ['G-5', 'S-9a'],
        },
      }
    : {
        name: 'gcs-ubla',
        status: 'unknown',
        detail: 'uniform bucket-level access could not be read; ACLs evaluated as effective',
      };
  if (!ubla.known)
    ev.unknownInputs.push(unknownInput('uniformBucketLevelAccess', ubla, false, 'ACLs evaluated as effective (G-5)'));

  if (ubla.known && ubla.value) {
    const stale =
      (facts.acl.known && facts.acl.value.length > 0) ||
      (facts.defaultObjectAcl.known && facts.defaultObjectAcl.value.length > 0);
    if (stale) {
      ev.context.push({
        kind: 'input',
        path: 'acl',
        summary: 'ACL entries present but ignored: uniform bucket-level access is on',
        rules: ['G-5'],
      });
    }
  } else {
    if (!facts.acl.known) ev.unknownInputs.push(unknownInput('acl', facts.acl, true));
    else {
      specs.push(
        ...aclGrants(
          facts.acl.value,
          BUCKET_ACL_CAPS,
          (i) => `acl[${i}]`,
          (e, c) => `bucket ACL ${e.role} grants ${e.entity} ${capList(c)}`,
          'bucket',
          'acl',
          'acl-grant',
          owner,
          ctx,
        ),
      );
    }
    if (!facts.defaultObjectAcl.known) ev.unknownInputs.push(unknownInput('defaultObjectAcl', facts.defaultObjectAcl, true));
    else {
      specs.push(
        ...aclGrants(
          facts.defaultObjectAcl.value,
          OBJECT_ACL_CAPS,
          (i) => `defaultObjectAcl[${i}]`,
          (e, c) => `default object ACL ${e.role} grants ${e.entity} ${capList(c)} on new objects`,
          'new-objects',
          'default-object-acl',
          'default-object-acl',
          owner,
          ctx,
        ),
      );
    }
    const sample = facts.objectAcls;
    // Live, a sample (optional); from Terraform, declared objects whose ACL decides (this branch: ACLs are effective).
    const declared = fromTerraform(resource);
    if (sample && !sample.known)
      ev.unknownInputs.push(
        unknownInput(
          'objectAcls',
          sample,
          declared,
          declared ? 'object ACL known only after apply' : 'object ACL sample (optional)',
        ),
      );
    if (sample?.known) {
      sample.value.forEach((o, oi) => {
        specs.push(
          ...aclGrants(
            o.acl,
            OBJECT_ACL_CAPS,
            (i) => `objectAcls[${oi}].acl[${i}]`,
            (e, c) => `object ACL on ${o.name}: ${e.role} grants ${e.entity} ${capList(c)}`,
            `object:${o.name}`,
            'object-acl',
            'acl-grant',
            owner,
            ctx,
          ),
        );
      });
    }
  }

  for (const s of specs) {
    const g = buildGrant(s, pap, requesterPays, ctx);
    if (g) ev.grants.push(g);
  }

  // G-10 website: context only.
  if (!facts.website.known) ev.unknownInputs.push(unknownInput('website', facts.website, false, 'context only (G-10)'));
  else if (facts.website.value) {
    const w = facts.website.value;
    ev.context.push({
      kind: 'website',
      path: 'website',
      summary: `website configured (mainPageSuffix=${w.mainPageSuffix ?? '-'}, notFoundPage=${w.notFoundPage ?? '-'}); context only`,
      rules: ['G-10'],
    });
  }

  ev.guardrails.push(ublaGuard, pap.guardrail);
  return ev;
}
