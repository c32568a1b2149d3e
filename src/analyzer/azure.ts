import type {
  AccessGrant,
  AzureAccountFacts,
  AzureAccountSettings,
  AzureContainerFacts,
  CapabilityGrant,
  Evidence,
  GuardrailState,
  NetworkPin,
  StorageResource,
} from '../model/index.js';
import type { AnalyzerContext } from './context.js';
import { type ProviderEvaluation, unknownInput } from './evaluation.js';

/** Z-3: what the account's network configuration does to an anonymous internet request. */
export type NetworkGate =
  | { kind: 'open'; detail: string }
  | {
      kind: 'closed';
      guardrail: 'azure-public-network-disabled' | 'azure-network-default-deny';
      detail: string;
      /** What the network rules would do if public network access were enabled again. */
      underlying?: NetworkGate;
    }
  | { kind: 'restricted'; pin: Extract<NetworkPin, 'ip-rules' | 'vnet' | 'perimeter'>; detail: string };

/**
 * Z-3 network gate. publicNetworkAccess Disabled => closed; SecuredByPerimeter => RESTRICTED 'perimeter' (not evaluated);
 * Enabled/unset => networkRules: none/Allow => open; Deny with IP rules => RESTRICTED 'ip-rules'; Deny with only VNet rules /
 * private endpoints / resource-instance rules => RESTRICTED 'vnet'; Deny with nothing => closed.
 * Unreadable inputs are recorded (not decisive) and the gate is assumed open (the more exposed reading).
 */
export function networkGate(a: AzureAccountSettings, ev?: ProviderEvaluation): NetworkGate {
  const pna = a.publicNetworkAccess;
  if (pna.known && pna.value === 'Disabled') {
    return {
      kind: 'closed',
      guardrail: 'azure-public-network-disabled',
      detail: 'publicNetworkAccess = Disabled: no internet access',
      underlying: networkGate({ ...a, publicNetworkAccess: { known: true, value: 'Enabled' } }),
    };
  }
  if (pna.known && pna.value === 'SecuredByPerimeter') {
    ev?.context.push({
      kind: 'network',
      path: 'publicNetworkAccess',
      summary:
        'publicNetworkAccess = SecuredByPerimeter: the network security perimeter is not evaluated (flagged; confirm with a probe)',
      rules: ['Z-3'],
    });
    return {
      kind: 'restricted',
      pin: 'perimeter',
      detail: 'publicNetworkAccess = SecuredByPerimeter: a network security perimeter decides (not evaluated; flagged)',
    };
  }
  if (!pna.known) ev?.unknownInputs.push(unknownInput('account.publicNetworkAccess', pna, false, 'assumed Enabled (Z-3)'));
  const nr = a.networkRules;
  if (!nr.known) {
    ev?.unknownInputs.push(unknownInput('account.networkRules', nr, false, 'assumed defaultAction Allow (Z-3)'));
    return { kind: 'open', detail: 'network rules could not be read; assumed open' };
  }
  const pnaText = pna.known ? `publicNetworkAccess = ${pna.value ?? 'unset (Enabled)'}` : 'publicNetworkAccess unknown';
  if (nr.value === null || nr.value.defaultAction === 'Allow') {
    return { kind: 'open', detail: `${pnaText}, network default action ${nr.value ? 'Allow' : 'unset (Allow)'}` };
  }
  const r = nr.value;
  if (r.ipRules.length > 0) {
    return { kind: 'restricted', pin: 'ip-rules', detail: `${pnaText}, defaultAction Deny, IP rules ${r.ipRules.join(', ')}` };
  }
  const pe = a.privateEndpointConnections ?? 0;
  if (r.virtualNetworkRules.length > 0 || pe > 0 || (r.resourceAccessRules ?? 0) > 0) {
    return {
      kind: 'restricted',
      pin: 'vnet',
      detail: `${pnaText}, defaultAction Deny, only VNet rules (${r.virtualNetworkRules.length}) / private endpoints (${pe}) / resource-instance rules (${r.resourceAccessRules ?? 0})`,
    };
  }
  return {
    kind: 'closed',
    guardrail: 'azure-network-default-deny',
    detail: `${pnaText}, defaultAction Deny with no IP, VNet or private-endpoint access: effectively closed`,
  };
}

/** Apply the Z-3 gate to an anonymous grant. */
function gateGrant(g: AccessGrant, gate: NetworkGate): AccessGrant {
  const rules = [...(g.evidence.rules ?? []), 'Z-3'];
  if (gate.kind === 'open') return g;
  if (gate.kind === 'closed') {
    // Keep what removing the guardrail would re-expose (e.g. RESTRICTED to a VNet), then neutralise it.
    const under = gate.underlying ? gateGrant(g, gate.underlying) : g;
    return {
      ...under,
      neutralizedBy: [...new Set([...(under.neutralizedBy ?? []), gate.guardrail])],
      evidence: {
        ...under.evidence,
        summary: `${under.evidence.summary}; closed by network: ${gate.detail}`,
        rules: [...new Set([...(under.evidence.rules ?? []), 'Z-3'])],
      },
    };
  }
  return {
    ...g,
    exposure: 'RESTRICTED',
    pin: gate.pin,
    evidence: { ...g.evidence, summary: `${g.evidence.summary}; restricted by network: ${gate.detail}`, rules },
  };
}

function webEndpoint(resource: StorageResource, a: AzureAccountSettings): string {
  return a.webEndpoint ?? resource.endpoints?.website ?? `https://${a.accountName}.<zone>.web.core.windows.net/`;
}

/* ------------------------------------------------------------------ container (Z-1, Z-2, Z-3, Z-6) ------------------------------------------------------------------ */

function evaluateContainer(resource: StorageResource, facts: AzureContainerFacts, ev: ProviderEvaluation): void {
  const a = facts.account;
  const level = facts.publicAccess;
  if (!level.known) {
    ev.unknownInputs.push(unknownInput('publicAccess', level, true));
    return;
  }
  if (resource.name === '$web' && a.staticWebsite.known && a.staticWebsite.value?.enabled) {
    ev.context.push({
      kind: 'website',
      path: 'staticWebsite',
      summary: `$web is served anonymously at ${webEndpoint(resource, a)}; reported on the account resource (Z-4)`,
      rules: ['Z-4'],
    });
  }
  if (level.value === 'None') {
    ev.context.push({
      kind: 'container-level',
      path: 'publicAccess',
      summary: 'container publicAccess = None (private)',
      rules: ['Z-2'],
    });
    return;
  }
  const capabilities: CapabilityGrant[] =
    level.value === 'Blob'
      ? [{ capability: 'READ', scope: 'bucket' }]
      : [
          { capability: 'LIST', scope: 'bucket' },
          { capability: 'READ', scope: 'bucket' },
          { capability: 'META', scope: 'bucket' },
        ];
  let summary =
    level.value === 'Blob'
      ? `container ${resource.name} publicAccess = Blob: anonymous READ of blobs by exact name (no LIST)`
      : `container ${resource.name} publicAccess = Container: anonymous LIST+READ+META`;
  const rules = ['Z-2', 'Z-6'];
  const neutralizedBy: string[] = [];
  const abpa = a.allowBlobPublicAccess;
  if (!abpa.known) {
    ev.unknownInputs.push(unknownInput('account.allowBlobPublicAccess', abpa, false, 'assumed permitting (Z-1)'));
    summary += '; allowBlobPublicAccess unknown (assumed permitting)';
  } else if (abpa.value === false) {
    rules.push('Z-1');
    neutralizedBy.push('azure-allow-blob-public-access');
    summary += '; neutralised: account allowBlobPublicAccess = false (Z-1)';
  } else if (abpa.value === null) {
    rules.push('Z-1');
    summary += '; account allowBlobPublicAccess unset: counts as permitting (Z-1; confirm with a probe)';
  }
  const grant: AccessGrant = {
    principal: { type: 'anonymous' },
    capabilities,
    via: 'container-level',
    exposure: 'PUBLIC',
    ...(neutralizedBy.length > 0 ? { neutralizedBy } : {}),
    evidence: { kind: 'container-level', path: 'publicAccess', summary, rules },
  };
  ev.grants.push(gateGrant(grant, networkGate(a, ev)));
}

/* ------------------------------------------------------------------ account (Z-4, Z-5, guardrails) ------------------------------------------------------------------ */

function accountGuardrails(a: AzureAccountSettings): GuardrailState[] {
  const out: GuardrailState[] = [];
  const abpa = a.allowBlobPublicAccess;
  out.push(
    abpa.known
      ? {
          name: 'azure-allow-blob-public-access',
          status: abpa.value === false ? 'on' : 'off',
          detail:
            abpa.value === false
              ? 'allowBlobPublicAccess = false: anonymous container access disabled'
              : abpa.value === null
                ? 'allowBlobPublicAccess unset: counts as permitting anonymous access (Z-1)'
                : 'allowBlobPublicAccess = true: container levels govern anonymous access',
          evidence: {
            kind: 'guardrail',
            path: 'allowBlobPublicAccess',
            summary: `allowBlobPublicAccess = ${abpa.value}`,
            rules: ['Z-1', 'S-9a'],
          },
        }
      : { name: 'azure-allow-blob-public-access', status: 'unknown', detail: 'allowBlobPublicAccess could not be read' },
  );

  const pna = a.publicNetworkAccess;
  const nr = a.networkRules;
  let net: GuardrailState;
  if (pna.known && pna.value === 'Disabled') {
    net = { name: 'azure-network-default-deny', status: 'on', detail: 'publicNetworkAccess = Disabled' };
  } else if (pna.known && pna.value === 'SecuredByPerimeter') {
    net = {
      name: 'azure-network-default-deny',
      status: 'on',
      detail: 'publicNetworkAccess = SecuredByPerimeter (perimeter not evaluated)',
    };
  } else if (nr.known && nr.value?.defaultAction === 'Deny') {
    net = { name: 'azure-network-default-deny', status: 'on', detail: 'network rule set defaultAction = Deny' };
  } else if (!pna.known || !nr.known) {
    net = {
      name: 'azure-network-default-deny',
      status: 'unknown',
      detail: 'publicNetworkAccess or network rules could not be read',
    };
  } else {
    net = {
      name: 'azure-network-default-deny',
      status: 'off',
      detail: `publicNetworkAccess ${pna.value ?? 'unset (Enabled)'} with default action ${nr.value ? 'Allow' : 'unset (Allow)'}`,
    };
  }
  net.evidence = { kind: 'network', path: 'networkRuleSet.defaultAction', summary: net.detail, rules: ['Z-3', 'S-9a'] };
  out.push(net);

  const sk = a.allowSharedKeyAccess;
  out.push(
    sk.known
      ? {
          name: 'azure-shared-key-disabled',
          status: sk.value === false ? 'on' : 'off',
          detail:
            sk.value === false
              ? 'allowSharedKeyAccess = false: every request (incl. SAS) needs Entra authorisation'
              : `allowSharedKeyAccess = ${sk.value === null ? 'unset (true)' : 'true'}: account keys and SAS tokens work (Z-5)`,
          evidence: {
            kind: 'guardrail',
            path: 'allowSharedKeyAccess',
            summary: `allowSharedKeyAccess = ${sk.value}`,
            rules: ['Z-5', 'S-9b'],
          },
        }
      : { name: 'azure-shared-key-disabled', status: 'unknown', detail: 'allowSharedKeyAccess could not be read' },
  );
  return out;
}

function evaluateAccount(resource: StorageResource, facts: AzureAccountFacts, ev: ProviderEvaluation): void {
  const a = facts.account;
  ev.guardrails.push(...accountGuardrails(a));
  if (!a.allowBlobPublicAccess.known)
    ev.unknownInputs.push(unknownInput('account.allowBlobPublicAccess', a.allowBlobPublicAccess, false));
  if (!a.allowSharedKeyAccess.known)
    ev.unknownInputs.push(unknownInput('account.allowSharedKeyAccess', a.allowSharedKeyAccess, false));

  const sw = a.staticWebsite;
  if (!sw.known) {
    ev.unknownInputs.push(unknownInput('account.staticWebsite', sw, true, 'the $web endpoint may be public (Z-4)'));
    // Still record network unknowns for coverage.
    networkGate(a, ev);
    return;
  }
  if (!sw.value?.enabled) {
    ev.context.push({ kind: 'website', path: 'staticWebsite', summary: 'static website disabled', rules: ['Z-4'] });
    networkGate(a, ev);
    return;
  }
  const endpoint = webEndpoint(resource, a);
  const evidence: Evidence = {
    kind: 'website',
    path: 'staticWebsite',
    summary: `static website enabled (index ${sw.value.indexDocument ?? '-'}): $web readable anonymously at ${endpoint}; allowBlobPublicAccess does not apply`,
    rules: ['Z-4', 'S-12'],
  };
  const grant: AccessGrant = {
    principal: { type: 'anonymous' },
    capabilities: [{ capability: 'READ', scope: 'bucket' }],
    via: 'static-website',
    exposure: 'PUBLIC',
    evidence,
  };
  ev.grants.push(gateGrant(grant, networkGate(a, ev)));
}

/** Azure rules Z-1..Z-7 for a container resource or a storage-account resource. Pure; unknowns become UnknownInput (Z-7). */
export function evaluateAzure(
  resource: StorageResource,
  facts: AzureContainerFacts | AzureAccountFacts,
  _ctx: AnalyzerContext,
): ProviderEvaluation {
  const ev: ProviderEvaluation = { grants: [], guardrails: [], unknownInputs: [], context: [] };
  if (facts.scope === 'container') evaluateContainer(resource, facts, ev);
  else evaluateAccount(resource, facts, ev);
  return ev;
}
