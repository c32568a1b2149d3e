import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, renderChecksDoc } from '../../src/checks/index.js';

describe('docs/checks.md', () => {
  it('is up to date with the check metadata (run `npm run docs:checks`)', () => {
    expect(readFileSync(resolve('docs/checks.md'), 'utf8')).toBe(renderChecksDoc(CHECKS));
  });
  it('lists every check with its own section', () => {
    const doc = renderChecksDoc(CHECKS);
    for (const c of CHECKS) {
      expect(doc).toContain(`### ${c.id}\n`);
      expect(doc).toContain(c.title);
    }
  });
});
