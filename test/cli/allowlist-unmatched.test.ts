/**
 * An allowlist entry whose pattern matches no resource (a typo: "ba-publc-acl") suppressed nothing and said
 * nothing. Now it is named on stderr after the run; a matching entry is not.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const plan = join(process.cwd(), 'mocks/terraform/s3-public-acl/plan.json');
const config = (selector: string) =>
  [
    'allowlist:',
    `  - ${selector}`,
    '    reason: public website',
    '    owner: web@example.com',
    '    expires: 2099-01-31',
    '',
  ].join('\n');

describe('allowlist entries that match nothing', () => {
  const cases: [string, string, boolean][] = [
    ['misspelled resource pattern', 'resource: "ba-publc-acl"', true],
    ['tag no resource carries', 'tag: "intended-public=yes"', true],
    ['pattern that matches the bucket', 'resource: "ba-public-*"', false],
  ];
  it.each(cases)('%s', async (_n, selector, warned) => {
    const dir = await mkdtemp(join(tmpdir(), 'ba-allow-'));
    await writeFile(join(dir, 'bucketaudit.yaml'), config(selector));
    const r = await runCli(['-q', 'terraform', plan, '--config', 'bucketaudit.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const line =
      /bucketaudit: bucketaudit\.yaml: allowlist entry (resource|tag) "[^"]+" \(owner web@example\.com\) matched no resource/;
    if (warned) expect(r.stderr).toMatch(line);
    else expect(r.stderr).not.toMatch(/matched no resource/);
  });
});
