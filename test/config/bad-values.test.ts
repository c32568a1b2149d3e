/**
 * bucketaudit.yaml values that were accepted and then silently meant something else (an entry that can never
 * match, a trust zone id that can never match, an endpoint the flag would refuse): now a one-line error with the
 * file and the line.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { BucketAuditError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { entry, errorOf } from './_config-errors.js';

const valid = ['reason: public website', 'owner: web@example.com', 'expires: 2027-01-31'];

describe('bucketaudit.yaml: values that were accepted and silently meant something else', () => {
  const cases: [string, string, string, RegExp][] = [
    // Date.parse('2027-02-30') is March 2: the entry was accepted with a day that does not exist
    [
      'expiry on a day that does not exist',
      entry(['reason: public website', 'owner: web@example.com', 'expires: 2027-02-30']),
      'bucketaudit.yaml:5',
      /allowlist\.0\.expires: expires must be a date YYYY-MM-DD/,
    ],
    // a check id that does not exist never matches a finding: the entry suppressed nothing, without a word
    [
      'allowlist checks with an unknown check id',
      entry(['checks: [BA-AWS-999]', ...valid]),
      'bucketaudit.yaml:3',
      /allowlist\.0\.checks\.0: unknown check id "BA-AWS-999"/,
    ],
    [
      'allowlist checks empty',
      entry(['checks: []', ...valid]),
      'bucketaudit.yaml:3',
      /allowlist\.0\.checks: checks lists at least one check id/,
    ],
    // the analyzer compares ids as strings: a malformed one never matches, trusted sharing reads as exposure
    [
      'AWS account id with 11 digits',
      'trustZone:\n  awsAccounts: ["11112222333"]\n',
      'bucketaudit.yaml:2',
      /trustZone\.awsAccounts\.0: an AWS account id is 12 digits/,
    ],
    [
      'AWS account given as an ARN',
      'trustZone:\n  awsAccounts:\n    - "arn:aws:iam::111122223333:root"\n',
      'bucketaudit.yaml:3',
      /an AWS account id is 12 digits/,
    ],
    [
      'AWS organization id without o-',
      'trustZone:\n  awsOrgIds: ["abc1234567"]\n',
      'bucketaudit.yaml:2',
      /trustZone\.awsOrgIds\.0: an AWS organization id looks like "o-/,
    ],
    // the flag refuses these; the config took them and failed (or sent the password) at run time
    [
      'endpoint that is not http(s)',
      'providers:\n  aws:\n    endpoint: ftp://127.0.0.1:7480\n',
      'bucketaudit.yaml:3',
      /providers\.aws\.endpoint: expected an http\(s\) URL/,
    ],
    [
      'endpoint with user:password',
      'providers:\n  gcp:\n    endpoint: http://me:secret@127.0.0.1:4443\n',
      'bucketaudit.yaml:3',
      /providers\.gcp\.endpoint: must not carry credentials/,
    ],
    [
      'Azure blob endpoint without a scheme',
      'providers:\n  azure:\n    blobEndpoint: devstoreaccount1.blob.local\n',
      'bucketaudit.yaml:3',
      /providers\.azure\.blobEndpoint: expected an http\(s\) URL/,
    ],
    [
      'webhook that is not http(s)',
      'notify:\n  webhook: ftp://hooks.example.com/x\n',
      'bucketaudit.yaml:2',
      /notify\.webhook: expected an http\(s\) URL/,
    ],
  ];
  it.each(cases)('%s', (_n, text, where, re) => {
    const e = errorOf(text);
    expect(e).toBeInstanceOf(BucketAuditError);
    const line = (e as BucketAuditError).oneLine();
    expect(line.startsWith(`${where}: `), line).toBe(true);
    expect(line).toMatch(re);
  });

  it('valid values still parse (12-digit account, o- org, http endpoint, real date, known check)', () => {
    const c = parseConfig(
      [
        'trustZone:',
        '  awsAccounts: ["011122223333"]',
        '  awsOrgIds: ["o-a1b2c3d4e5"]',
        'providers:',
        '  aws:',
        '    endpoint: http://127.0.0.1:7480',
        'notify:',
        '  webhook: https://hooks.slack.com/services/X/Y/Z',
        entry(['checks: [BA-AWS-001]', 'reason: public website', 'owner: web@example.com', 'expires: 2028-02-29']),
      ].join('\n'),
      'bucketaudit.yaml',
    );
    expect(c.trustZone.awsAccounts).toEqual(['011122223333']);
    expect(c.allowlist[0]?.expires).toBe('2028-02-29');
  });
});

describe('the same values as flags: exit 2, one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['--trust-account not 12 digits', ['--trust-account', '1234'], /--trust-account must be 12 digits.*got "1234"/],
    ['--trust-org without o-', ['--trust-org', 'abc1234567'], /--trust-org must be o- and 10 to 32/],
  ];
  it.each(cases)('terraform %s', async (_n, flags, re) => {
    const r = await runCli(['terraform', 'mocks/terraform/good', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stdout).toBe('');
  });

  it('scan --aws-endpoint with user:password is refused, the password not echoed', async () => {
    const r = await runCli(['scan', '-p', 'aws', '--aws-endpoint', 'http://me:s3cret@127.0.0.1:7480']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--aws-endpoint must not carry credentials/);
    expect(r.stderr).not.toContain('s3cret');
  });
});

describe('a bad config value through the CLI: exit 2, file:line, no stack', () => {
  it('bad date', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-badcfg-'));
    await writeFile(join(dir, 'bucketaudit.yaml'), entry(['reason: public website', 'owner: me', 'expires: 2027-02-30']));
    const r = await runCli(['terraform', 'plan.json', '--config', 'bucketaudit.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bucketaudit\.yaml:5: allowlist\.0\.expires/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('bucketaudit.yaml: concurrency', () => {
  it('over 1024 is refused with its line, as --concurrency is (each AWS worker thread ran its share as that many loops)', () => {
    const e = errorOf('version: 1\nconcurrency: 1000000000\n');
    expect(e).toBeInstanceOf(BucketAuditError);
    expect((e as BucketAuditError).oneLine()).toMatch(/bucketaudit\.yaml:2.*concurrency/);
    expect(errorOf('version: 1\nconcurrency: 1024\n')).toBeUndefined();
  });
});
