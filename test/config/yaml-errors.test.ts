/**
 * bucketaudit.yaml that is not good YAML (or no YAML at all): a one-line error naming the file and the line, never
 * an internal error or a config that silently means "every default".
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BucketAuditError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { entry, errorOf } from './_config-errors.js';

describe('bucketaudit.yaml: YAML problems and messages', () => {
  const cases: [string, string, string, RegExp][] = [
    // was: "internal error: Unresolved alias ..." (doc.toJS() threw outside the YAML error path)
    ['alias to an anchor never set', 'version: 1\nfailOn: *level\n', 'bucketaudit.yaml:2:9', /invalid YAML: Unresolved alias/],
    // was: "please use YAML.parseAllDocuments()" (a library API, not something a user can do)
    [
      'two documents',
      'failOn: high\n---\nfailOn: low\n',
      'bucketaudit.yaml:2:1',
      /one YAML document \(remove the second "---"\)/,
    ],
    // was: accepted as a config with every default (failOn, allowlist, outputs all silently absent)
    ['empty file', '', 'bucketaudit.yaml:1', /the config file is empty/],
    ['only comments', '# failOn: high\n\n', 'bucketaudit.yaml:1', /the config file is empty/],
    // was: "allowlist.0.expires: Invalid input" on line 2 (the typo itself was never named)
    [
      'misspelled allowlist key (expire)',
      entry(['reason: public website', 'owner: web@example.com', 'expire: 2027-01-31']),
      'bucketaudit.yaml:5',
      /allowlist\.0: unknown key\(s\) "expire"/,
    ],
    // was: "expected string, got undefined"
    [
      'allowlist entry without owner',
      entry(['reason: public website', 'expires: 2027-01-31']),
      'bucketaudit.yaml:2',
      /allowlist\.0\.owner: required/,
    ],
    // was: "allowlist.0.expires: Invalid input"
    [
      'expiry written as a number',
      entry(['reason: public website', 'owner: web@example.com', 'expires: 20270131']),
      'bucketaudit.yaml:5',
      /allowlist\.0\.expires: expected a date YYYY-MM-DD/,
    ],
    [
      'account id written as a number',
      'trustZone:\n  awsAccounts:\n    - 011122223333\n',
      'bucketaudit.yaml:3',
      /trustZone\.awsAccounts\.0: expected string, got number \(quote it/,
    ],
  ];
  it.each(cases)('%s', (_n, text, where, re) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(BucketAuditError);
    const line = (e as BucketAuditError).oneLine();
    expect(line.startsWith(`${where}: `), line).toBe(true);
    expect(line).toMatch(re);
  });
});

describe('a config that is not YAML through the CLI: exit 2, file:line, no stack', () => {
  const cases: [string, string, RegExp][] = [
    ['alias', 'failOn: *x\n', /bucketaudit\.yaml:1:9: invalid YAML: Unresolved alias/],
    ['empty', '', /bucketaudit\.yaml:1: the config file is empty/],
  ];
  it.each(cases)('%s', async (_n, text, re) => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-badcfg-'));
    await writeFile(join(dir, 'bucketaudit.yaml'), text);
    const r = await runCli(['terraform', 'plan.json', '--config', 'bucketaudit.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
