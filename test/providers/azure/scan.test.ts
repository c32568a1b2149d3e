import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArmServer, startArmServer } from '../../../mocks/azure/arm-server.js';
import { type ArmEstate, DEMO_SUBSCRIPTION, demoArmEstate } from '../../../mocks/azure/estate.js';
import { demoGcsEstate } from '../../../mocks/gcs/estate.js';
import { type GcsServer, startGcsServer } from '../../../mocks/gcs/server.js';
import { collectAzure } from '../../../providers/azure/index.js';
import { defaultContext } from '../../../src/analyzer/context.js';
import { main } from '../../../src/cli/main.js';
import { createScheduler } from '../../../src/scheduler/index.js';
import { type AzuriteServer, startAzurite } from '../../helpers/azurite.js';

const ENV = { BUCKETAUDIT_AZURE_TEST_TOKEN: 'arm-test-token' };

function estate(): ArmEstate {
  const e = demoArmEstate();
  e.pageSize = 2; // nextLink paging for accounts and containers
  const sub = e.subscriptions[0]!;
  sub.accounts.push(
    {
      // the Azurite account: its blob/web endpoints are redirected to Azurite by --azure-blob-endpoint
      name: 'devstoreaccount1',
      resourceGroup: 'rg-dev',
      allowBlobPublicAccess: true,
      staticWebsite: { enabled: true, indexDocument: 'index.html' },
      containers: [{ name: 'pub', publicAccess: 'Container' }, { name: 'priv' }, { name: '$web' }],
    },
    {
      name: 'acmedenied',
      resourceGroup: 'rg-x',
      allowBlobPublicAccess: true,
      containers: [{ name: 'c1', publicAccess: 'Blob' }],
    },
  );
  e.faults = {
    deny: [{ operation: 'blobServices.get', account: 'acmedenied' }],
    throttle: [{ operation: 'containers.list', account: 'acmelocked', times: 1 }],
  };
  return e;
}

async function runCli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: ENV,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

interface Res {
  id: string;
  kind: string;
  verdict: string;
  unknownInputs: { input: string; reason: string; operation?: string; code?: string }[];
}

describe('Azure adapter against the ARM test server + Azurite', () => {
  let arm: ArmServer;
  let az: AzuriteServer;
  beforeAll(async () => {
    [arm, az] = await Promise.all([startArmServer(estate()), startAzurite()]);
    const pub = az.client().getContainerClient('pub');
    await pub.create({ access: 'container' });
    await pub.getBlockBlobClient('a.txt').upload('hello', 5);
    await az.client().getContainerClient('priv').create();
  });
  afterAll(async () => {
    await Promise.all([arm?.close(), az?.stop()]);
  });

  it('ARM test server: shapes, paging, auth and error bodies', async () => {
    const h = { Authorization: 'Bearer x' };
    const base = `${arm.url}/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Storage/storageAccounts?api-version=2025-08-01`;
    const p1 = (await (await fetch(base, { headers: h })).json()) as {
      value: { properties: Record<string, unknown> }[];
      nextLink: string;
    };
    expect(p1.value).toHaveLength(2);
    expect(new URL(p1.nextLink).searchParams.get('$skipToken')).toBe('2');
    expect(p1.value[0]!.properties).toMatchObject({ allowBlobPublicAccess: true, networkAcls: { defaultAction: 'Allow' } });
    const all = [...p1.value];
    let next: string | undefined = p1.nextLink;
    while (next) {
      const p = (await (await fetch(next, { headers: h })).json()) as typeof p1;
      all.push(...p.value);
      next = p.nextLink;
    }
    const legacy = all.find((a) => (a as unknown as { name: string }).name === 'acmelegacy')!;
    expect('allowBlobPublicAccess' in legacy.properties).toBe(false); // unset => omitted
    const unauth = await fetch(base);
    expect(unauth.status).toBe(401);
    expect(((await unauth.json()) as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
    const denied = await fetch(
      `${arm.url}/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/acmedenied/blobServices/default?api-version=2025-08-01`,
      { headers: h },
    );
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'AuthorizationFailed',
    });
  });

  it('CLI scan: one account resource per account, one container resource per container, verdicts per the rules', async () => {
    const { code, stdout, stderr } = await runCli([
      'scan',
      '--provider',
      'azure',
      '--azure-arm-endpoint',
      arm.url,
      '--azure-blob-endpoint',
      az.blobEndpoint,
      '--format',
      'json',
    ]);
    expect(stderr).not.toContain('internal error');
    expect([0, 1]).toContain(code);
    const report = JSON.parse(stdout) as { resources: Res[]; errors: unknown[] };
    const v = Object.fromEntries(report.resources.map((r) => [r.id, r]));
    const acct = (n: string, rg: string) =>
      `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${n}`;
    const c = (a: string, n: string) => `https://${a}.blob.core.windows.net/${n}`;
    // every account and container present
    expect(report.resources.filter((r) => r.kind === 'account')).toHaveLength(6);
    expect(report.resources.filter((r) => r.kind === 'container')).toHaveLength(10);
    expect(report.errors).toEqual([]);
    expect(v[c('acmepublicweb', 'downloads')]!.verdict).toBe('PUBLIC');
    expect(v[c('acmelocked', 'exports')]!.verdict).toBe('LATENT'); // allowBlobPublicAccess=false (containers.list throttled once)
    expect(v[c('acmefirewalled', 'partner-feed')]!.verdict).toBe('RESTRICTED'); // default Deny + IP rules
    expect(v[c('acmelegacy', 'archive')]!.verdict).toBe('PUBLIC'); // unset flag counts as permitting (Z-1)
    expect(v[c('devstoreaccount1', 'pub')]!.verdict).toBe('PUBLIC');
    expect(v[c('devstoreaccount1', 'priv')]!.verdict).toBe('PRIVATE');
    expect(v[acct('acmepublicweb', 'rg-web')]!.verdict).toBe('PUBLIC'); // $web static website (Z-4)
    expect(v[acct('acmedenied', 'rg-x')]!.verdict).toBe('UNKNOWN');
    expect(v[acct('acmedenied', 'rg-x')]!.unknownInputs).toContainEqual(
      expect.objectContaining({
        reason: 'access-denied',
        code: 'AuthorizationFailed',
        operation: 'blobServices.getServiceProperties',
      }),
    );
    // read-only ARM traffic, never listKeys
    expect(arm.requests.every((r) => r.method === 'GET' && !/listKeys/i.test(r.path))).toBe(true);
  });

  it('--probe confirms the Azurite container anonymously through the redirected blob endpoint', async () => {
    const { stdout } = await runCli([
      'scan',
      '--provider',
      'azure',
      '--azure-arm-endpoint',
      arm.url,
      '--azure-blob-endpoint',
      az.blobEndpoint,
      '--azure-subscription',
      DEMO_SUBSCRIPTION,
      '--probe',
      '--format',
      'json',
    ]);
    const report = JSON.parse(stdout) as { resources: (Res & { probe?: { listable?: boolean; capabilities: string[] } })[] };
    const pub = report.resources.find((r) => r.id === 'https://devstoreaccount1.blob.core.windows.net/pub')!;
    expect(pub.probe?.listable).toBe(true);
    expect(pub.probe?.capabilities).toContain('LIST');
  });

  it('one scan covering gcp and azure', async () => {
    const gcs: GcsServer = await startGcsServer(demoGcsEstate());
    try {
      const { stdout } = await runCli([
        'scan',
        '--provider',
        'gcp',
        '--provider',
        'azure',
        '--gcs-endpoint',
        gcs.url,
        '--azure-arm-endpoint',
        arm.url,
        '--azure-blob-endpoint',
        az.blobEndpoint,
        '--format',
        'json',
      ]);
      const report = JSON.parse(stdout) as { resources: { provider: string }[]; errors: unknown[] };
      expect(report.resources.filter((r) => r.provider === 'gcp')).toHaveLength(6);
      expect(report.resources.filter((r) => r.provider === 'azure')).toHaveLength(16);
    } finally {
      await gcs.close();
    }
  });
});

describe('Azure lists page by page', () => {
  it('a throttled second page is retried alone (one scheduler call per page), and every account is kept', async () => {
    const e = demoArmEstate();
    e.pageSize = 1;
    const accounts = e.subscriptions[0]!.accounts.length;
    expect(accounts).toBeGreaterThan(2);
    e.faults = { throttle: [{ operation: 'storageAccounts.list', times: 1, skip: 1, retryAfterSeconds: 0 }] };
    const srv = await startArmServer(e);
    try {
      const scheduler = createScheduler({ concurrency: 4, baseDelayMs: 1, throttleBaseDelayMs: 1 });
      const r = await collectAzure(
        { subscriptions: [DEMO_SUBSCRIPTION], armEndpoint: srv.url },
        { scheduler, concurrency: 4, signal: new AbortController().signal, env: ENV, analyzer: defaultContext() },
      );
      expect(r.errors).toEqual([]);
      expect(r.resources.filter((x) => x.kind === 'account')).toHaveLength(accounts);
      const listCalls = srv.requests.filter((q) => /\/storageAccounts(\?|$)/.test(q.path));
      // pages 1..N once each, plus the one retried page (the whole list again would be N more)
      expect(listCalls).toHaveLength(accounts + 1);
      expect(scheduler.stats().retries).toBe(1);
    } finally {
      await srv.close();
    }
  });
});
