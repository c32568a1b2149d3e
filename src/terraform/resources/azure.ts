import type { AzureAccountSettings, AzureNetworkRules, Known, StorageResource } from '../../model/index.js';
import { nested, sourceNote, type TfBlock } from '../block.js';
import { Computed, hasComputed } from '../expr.js';
import {
  addLink,
  bool,
  computedOf,
  configured,
  known,
  type MapResult,
  notCollected,
  PrimaryIndex,
  str,
  strList,
  tagsOf,
} from './common.js';

/** Assumed provider: azurerm v3.x / v4.x (both default these arguments the same way). */
const AZURE_DEFAULTS = {
  allowNested: 'azurerm v3/v4 default: allow_nested_items_to_be_public = true (allowBlobPublicAccess true)',
  publicNetwork: 'azurerm v3/v4 default: public_network_access_enabled = true',
  network: 'no network_rules declared: default action Allow',
  sharedKey: 'azurerm v3/v4 default: shared_access_key_enabled = true',
  staticWebsite: 'no static_website declared',
  container: 'azurerm_storage_container default: container_access_type = "private"',
};

interface Account {
  block?: TfBlock;
  name?: string;
  /** The first container declared in it (the source of an account known only through its containers). */
  firstContainer?: TfBlock;
  network?: Known<AzureNetworkRules | null>;
  staticWebsite?: AzureAccountSettings['staticWebsite'];
  contributors: TfBlock[];
}

function networkRulesOf(b: TfBlock, v: Record<string, unknown>): Known<AzureNetworkRules | null> {
  if (hasComputed([v.default_action, v.ip_rules, v.virtual_network_subnet_ids, v.bypass])) return computedOf(b, 'network_rules');
  // No part is Computed past the guard above, so strList gives plain lists.
  const list = (x: unknown) => strList(x) as string[];
  return configured(
    {
      defaultAction: v.default_action === 'Deny' ? 'Deny' : 'Allow',
      ipRules: list(v.ip_rules),
      virtualNetworkRules: list(v.virtual_network_subnet_ids),
      bypass: list(v.bypass),
      ...(Array.isArray(v.private_link_access) ? { resourceAccessRules: v.private_link_access.length } : {}),
    },
    b,
  );
}

function staticWebsiteOf(b: TfBlock, w: Record<string, unknown>): AzureAccountSettings['staticWebsite'] {
  if (hasComputed([w.index_document, w.error_404_document])) return computedOf(b, 'static_website');
  return configured(
    {
      enabled: true,
      ...(typeof w.index_document === 'string' ? { indexDocument: w.index_document } : {}),
      ...(typeof w.error_404_document === 'string' ? { errorDocument404Path: w.error_404_document } : {}),
    },
    b,
  );
}

export function mapAzure(blocks: readonly TfBlock[]): MapResult {
  const { managed, index } = PrimaryIndex.of(blocks, 'azurerm_storage_account', (b): Account => {
    const name = str(b.values.name);
    const acct: Account = { block: b, contributors: [b] };
    if (name) acct.name = name;
    const nr = nested(b.values.network_rules);
    if (nr instanceof Computed) acct.network = computedOf(b, 'network_rules', nr);
    else if (nr) acct.network = networkRulesOf(b, nr);
    const sw = nested(b.values.static_website);
    if (sw instanceof Computed) acct.staticWebsite = computedOf(b, 'static_website', sw);
    else if (sw) acct.staticWebsite = staticWebsiteOf(b, sw);
    return acct;
  });
  const target = (sat: TfBlock): Account => {
    const byId = sat.values.storage_account_id;
    const byName = sat.values.storage_account_name;
    const name = str(byName) ?? (typeof byId === 'string' ? /storageAccounts\/([^/]+)/.exec(byId)?.[1] : undefined);
    return index.target(sat, [byId, byName], name, () => ({ ...(name ? { name } : {}), contributors: [] }));
  };

  const containers: { block: TfBlock; account: Account }[] = [];
  for (const sat of managed) {
    switch (sat.type) {
      case 'azurerm_storage_account_network_rules': {
        const a = target(sat);
        a.contributors.push(sat);
        a.network = networkRulesOf(sat, sat.values);
        break;
      }
      case 'azurerm_storage_account_static_website': {
        const a = target(sat);
        a.contributors.push(sat);
        a.staticWebsite = staticWebsiteOf(sat, sat.values);
        break;
      }
      case 'azurerm_storage_container': {
        const a = target(sat);
        a.firstContainer ??= sat;
        containers.push({ block: sat, account: a });
        break;
      }
    }
  }

  const settingsOf = (a: Account): AzureAccountSettings => {
    const b = a.block;
    const v = b?.values ?? {};
    const where = b ? sourceNote(b) : 'storage account not declared in this configuration';
    const absent = (what: string) =>
      notCollected(
        what,
        `storage account ${a.name ?? '(unknown)'} is not declared in this configuration; ${what} is not visible to Terraform`,
      );
    const boolAttr = (keys: string[], dflt: boolean, note: string, what: string): Known<boolean> => {
      if (!b) return absent(what);
      for (const k of keys) {
        const x = v[k];
        if (x instanceof Computed) return computedOf(b, k, x);
        const bv = bool(x);
        if (bv !== undefined) return configured(bv, b);
      }
      return known(dflt, 'default', `${note} — ${where}`);
    };
    const pna = boolAttr(['public_network_access_enabled'], true, AZURE_DEFAULTS.publicNetwork, 'publicNetworkAccess');
    const name = a.name ?? '';
    return {
      accountName: name,
      ...(b && typeof v.resource_group_name === 'string' ? { resourceGroup: v.resource_group_name } : {}),
      allowBlobPublicAccess: boolAttr(
        ['allow_nested_items_to_be_public', 'allow_blob_public_access'],
        true,
        AZURE_DEFAULTS.allowNested,
        'allowBlobPublicAccess',
      ),
      publicNetworkAccess: pna.known ? { ...pna, value: pna.value ? 'Enabled' : 'Disabled' } : pna,
      networkRules:
        a.network ??
        (b?.isNew
          ? known(null, 'default', `${AZURE_DEFAULTS.network} — ${where}`)
          : b
            ? notCollected('networkRules', `${where}: existing account, network rules are not declared`)
            : absent('networkRules')),
      allowSharedKeyAccess: boolAttr(['shared_access_key_enabled'], true, AZURE_DEFAULTS.sharedKey, 'allowSharedKeyAccess'),
      staticWebsite:
        a.staticWebsite ?? (b ? known(null, 'default', `${AZURE_DEFAULTS.staticWebsite} — ${where}`) : absent('staticWebsite')),
      ...(name ? { blobEndpoint: `https://${name}.blob.core.windows.net/` } : {}),
    };
  };

  const links = new Map<string, string[]>();
  const resources: StorageResource[] = [];
  const settingsByAccount = new Map<Account, AzureAccountSettings>();
  for (const a of index.all) {
    const settings = settingsOf(a);
    settingsByAccount.set(a, settings);
    const src = a.block ?? a.contributors[0] ?? a.firstContainer;
    const id = a.name ? `https://${a.name}.blob.core.windows.net` : (src?.address ?? 'azurerm_storage_account');
    const tags = a.block ? tagsOf(a.block.values.tags) : undefined;
    const r: StorageResource = {
      id,
      provider: 'azure',
      kind: 'account',
      name: a.name ?? id,
      account: '',
      ...(a.block && typeof a.block.values.location === 'string' ? { region: a.block.values.location } : {}),
      source: src ? { ...src.source } : { origin: 'terraform-hcl', uri: '' },
      ...(tags ? { tags } : {}),
      ...(a.name ? { endpoints: { api: `https://${a.name}.blob.core.windows.net/` } } : {}),
      facts: { provider: 'azure', scope: 'account', account: settings },
    };
    resources.push(r);
    for (const c of a.contributors) addLink(links, c, r.id);
  }
  for (const { block: c, account: a } of containers) {
    const cname = str(c.values.name);
    const id = cname && a.name ? `https://${a.name}.blob.core.windows.net/${cname}` : c.address;
    const t = c.values.container_access_type;
    const publicAccess: Known<'None' | 'Blob' | 'Container'> =
      t instanceof Computed
        ? computedOf(c, 'container_access_type', t)
        : t === undefined || t === null
          ? known('None', 'default', `${AZURE_DEFAULTS.container} — ${sourceNote(c)}`)
          : t === 'blob'
            ? configured('Blob', c)
            : t === 'container'
              ? configured('Container', c)
              : t === 'private'
                ? configured('None', c)
                : {
                    known: false,
                    reason: 'malformed',
                    operation: `${c.address}.container_access_type`,
                    detail: `unknown value ${String(t)}`,
                  };
    const r: StorageResource = {
      id,
      provider: 'azure',
      kind: 'container',
      name: cname ?? c.address,
      account: '',
      source: { ...c.source },
      ...(cname && a.name ? { endpoints: { api: id } } : {}),
      facts: { provider: 'azure', scope: 'container', account: settingsByAccount.get(a)!, publicAccess },
    };
    resources.push(r);
    addLink(links, c, r.id);
  }
  return { resources, links };
}
