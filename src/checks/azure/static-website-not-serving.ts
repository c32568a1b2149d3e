import { azureAccountName, isActiveGrant, joinSeen, na, PUBLIC_VERDICTS } from '../_helpers.js';
import type { Check } from '../types.js';

const WEBSITE_VIA = new Set(['static-website', 'website']);

export const staticWebsiteNotServing: Check = {
  id: 'BA-AZ-007',
  slug: 'azure-static-website-not-serving',
  title: 'Azure storage account does not serve $web anonymously as a static website',
  description:
    'Fails when the static website is enabled and reachable: $web content is anonymously readable at the web endpoint whatever allowBlobPublicAccess says (Z-4). MEDIUM by default (S-12), the assessment severity when the account is marked non-web. Unknown when the static website setting could not be read.',
  severity: 'medium',
  provider: 'azure',
  compliance: {},
  rules: ['Z-4', 'S-12'],
  remediation: {
    summary: 'Disable the static website if the account is not meant to host one, or move the site to a dedicated account.',
    cli: 'az storage blob service-properties update --account-name ACCOUNT --static-website false --auth-mode login',
    terraform: '# remove the static_website block (or azurerm_storage_account_static_website resource) from the account',
    console: 'Storage account > Data management > Static website > Disabled.',
  },
  evaluate: (a, ctx) => {
    if (a.resource.kind === 'container') {
      if (a.resource.name !== '$web') return [na('applies to storage accounts')];
      const account = azureAccountName(a);
      if (account !== undefined && ctx.azureAccountsInRun.has(account)) return [na('reported on the storage account resource')];
    } else if (a.resource.kind !== 'account') {
      return [na('applies to storage accounts')];
    }
    return evaluateWeb();

    function evaluateWeb() {
      const web = a.grants.filter((g) => WEBSITE_VIA.has(g.via));
      const active = web.filter((g) => isActiveGrant(g) && PUBLIC_VERDICTS.has(g.exposure));
      if (active.length > 0) {
        const fromVerdict = PUBLIC_VERDICTS.has(a.verdict);
        return [
          {
            status: 'fail' as const,
            severity: fromVerdict ? a.severity : ('medium' as const),
            message: joinSeen(
              `static website serves $web anonymously${a.resource.endpoints?.website ? ` at ${a.resource.endpoints.website}` : ''}`,
              active[0]?.evidence.summary,
            ),
            evidence: active.map((g) => g.evidence),
          },
        ];
      }
      const unread = a.unknownInputs.filter((u) => /static.?website/i.test(u.input));
      if (unread.length > 0) {
        return [
          {
            status: 'unknown' as const,
            message: `static website setting could not be read (${unread.map((u) => u.code ?? u.reason).join(', ')})`,
            evidence: unread.map((u) => ({
              kind: 'input' as const,
              path: u.input,
              summary: u.detail ?? `${u.input}: ${u.reason}`,
            })),
          },
        ];
      }
      if (web.length > 0) {
        return [
          {
            status: 'pass' as const,
            message: joinSeen('static website is enabled but not reachable', web[0]?.neutralizedBy?.join(', ')),
            evidence: web.map((g) => g.evidence),
          },
        ];
      }
      return [{ status: 'pass' as const, message: 'no static website grant', evidence: [] }];
    }
  },
};
