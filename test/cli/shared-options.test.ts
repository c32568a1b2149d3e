import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzerContextFor } from '../../src/cli/shared-options.js';
import { parseConfig } from '../../src/config/load.js';
import type { AuditReport } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';

const REQUESTER_PAYS_TF = `
resource "google_storage_bucket" "rp" {
  name                        = "acme-requester-pays"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"
  requester_pays              = true
}

resource "google_storage_bucket_iam_member" "all" {
  bucket = google_storage_bucket.rp.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
`;

describe('options shared by scan and terraform (trust zone, config analysis settings)', () => {
  it('analyzerContextFor: each trust list from its flags when given, else from the config; analysis settings from the config', () => {
    const config = parseConfig(
      [
        'version: 1',
        'trustZone:',
        '  awsAccounts: ["111122223333"]',
        '  awsOrgIds: ["o-abc1234567"]',
        '  gcpDomains: ["example.com"]',
        '  gcpProjects: ["acme-prod"]',
        'analysis:',
        '  azureNonWebAccounts: ["acmedata"]',
        '  gcsRequesterPays: public',
      ].join('\n'),
      'bucketaudit.yaml',
    );
    const c = analyzerContextFor({ trustAccount: ['444455556666'], trustProject: [] }, config);
    expect(c.trust).toEqual({
      awsAccounts: ['444455556666'], // the flag wins
      awsOrgIds: ['o-abc1234567'],
      gcpDomains: ['example.com'],
      gcpProjects: ['acme-prod'], // an empty flag list falls back to the config
    });
    expect(c.azureNonWebAccounts).toEqual(['acmedata']);
    expect(c.gcsRequesterPays).toBe('public');
    expect(analyzerContextFor({ trustProject: ['p1'] }, undefined).trust.gcpProjects).toEqual(['p1']);
  });

  it('terraform reads the config analysis settings as scan does (gcsRequesterPays: public changes the verdict)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-shared-options-'));
    await writeFile(join(dir, 'main.tf'), REQUESTER_PAYS_TF);
    await writeFile(join(dir, 'bucketaudit.yaml'), 'version: 1\nanalysis:\n  gcsRequesterPays: public\n');
    const verdict = async (extra: string[]) => {
      const r = await runCli(['terraform', 'main.tf', '--format', 'json', ...extra], { cwd: dir });
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      return (JSON.parse(r.stdout) as AuditReport).resources.find((x) => x.name === 'acme-requester-pays')?.verdict;
    };
    expect(await verdict([])).toBe('PUBLIC_AUTHENTICATED');
    expect(await verdict(['--config', 'bucketaudit.yaml'])).toBe('PUBLIC');
  });

  it('scan and terraform both take --trust-project', async () => {
    for (const cmd of ['scan', 'terraform']) {
      const r = await runCli([cmd, '--help']);
      expect(r.stdout, cmd).toMatch(/--trust-project <id>/);
      expect(r.stdout, cmd).toMatch(/--trust-account <id>/);
      expect(r.stdout, cmd).toMatch(/--notify-webhook <url>/);
    }
  });
});
