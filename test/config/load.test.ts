import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { STARTER_CONFIG } from '../../src/config/starter.js';
import { BucketAuditError } from '../../src/errors.js';

function errorOf(text: string): BucketAuditError {
  try {
    parseConfig(text, 'bucketaudit.yaml');
  } catch (e) {
    if (e instanceof BucketAuditError) return e;
    throw e;
  }
  throw new Error('expected a config error');
}

describe('config file', () => {
  it('the starter file written by init validates', () => {
    const c = parseConfig(STARTER_CONFIG, 'starter.yaml');
    expect(c.version).toBe(1);
    expect(c.failOn).toBe('high');
    expect(c.providers.aws?.profiles).toEqual([]);
  });

  it('parses a full config with defaults filled', () => {
    const c = parseConfig(
      [
        'providers:',
        '  gcp:',
        '    projects: [p1]',
        'trustZone:',
        '  awsAccounts: ["111122223333"]',
        'allowlist:',
        '  - resource: "arn:aws:s3:::www-*"',
        '    reason: public website',
        '    owner: web@example.com',
        '    expires: 2027-01-31',
      ].join('\n'),
      'x.yaml',
    );
    expect(c.providers.gcp?.projects).toEqual(['p1']);
    expect(c.trustZone.awsOrgIds).toEqual([]);
    expect(c.allowlist[0]?.expires).toBe('2027-01-31');
  });

  const bad: [string, string, number, RegExp][] = [
    ['unknown top-level key', 'version: 1\nfailon: high\n', 2, /unknown key.*failon/],
    ['bad severity', 'version: 1\n\nfailOn: severe\n', 3, /failOn: expected one of critical/],
    [
      'allowlist entry without reason',
      'allowlist:\n  - resource: "x"\n    owner: me\n    expires: 2027-01-01\n',
      2,
      /allowlist\.0\.reason/,
    ],
    [
      'bad expiry date',
      'allowlist:\n  - resource: x\n    reason: because\n    owner: me\n    expires: tomorrow\n',
      5,
      /expires must be a date/,
    ],
    [
      'entry with neither resource nor tag',
      'allowlist:\n  - reason: because\n    owner: me\n    expires: 2027-01-01\n',
      2,
      /needs "resource" or "tag"/,
    ],
    ['wrong type', 'providers:\n  aws:\n    profiles: prod\n', 3, /profiles: expected array, got string/],
    ['YAML syntax', 'version: 1\nproviders:\n\taws: {}\n', 3, /invalid YAML: Tabs are not allowed/],
  ];
  it.each(bad)('%s -> error with line', (_n, text, line, re) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.oneLine()).toMatch(re);
    expect(e.oneLine()).toMatch(new RegExp(`^bucketaudit\\.yaml:${line}`));
  });
});
