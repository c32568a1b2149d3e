import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { MARKDOWN_LIMITS, renderMarkdown } from '../../src/report/markdown.js';
import { sampleReport } from './_report.js';

/** GitHub refuses a $GITHUB_STEP_SUMMARY above 1024 KiB. */
const GITHUB_STEP_SUMMARY_MAX = 1024 * 1024;

/** Resources whose policies have many statements: each reason is a line of the details. */
function withReasons(count: number, length: number): AuditReport {
  const report = sampleReport();
  for (const r of report.resources)
    r.reasons = Array.from({ length: count }, (_, i) => ({
      summary: `Statement[${i}] allows s3:GetObject to Principal "*" on ${'x'.repeat(length)}`,
      kind: 'policy',
    }));
  return report;
}

const CASES = [
  ['a few large policies', 1_500, 200],
  ['one policy larger than the limit on its own', 12_000, 100],
  ['small policies (nothing to cut)', 3, 20],
] as const;

describe('markdown job summary stays under GitHub’s 1 MiB limit', () => {
  it('the byte cap is below the limit', () => {
    expect(MARKDOWN_LIMITS.bytes).toBeLessThanOrEqual(GITHUB_STEP_SUMMARY_MAX);
  });

  for (const [what, count, length] of CASES) {
    it(what, () => {
      const md = renderMarkdown(withReasons(count, length));
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(GITHUB_STEP_SUMMARY_MAX);
      expect(md).toMatch(/^## bucketaudit: ❌ \d+ failing checks on 5 resources/);
      expect(md).toContain('### Failing resources');
      expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
      const full = renderMarkdown(withReasons(count, length), { tableRows: 200, details: 50 });
      if (Buffer.byteLength(full) > GITHUB_STEP_SUMMARY_MAX) expect(md).toMatch(/… details of \d+ more resources omitted/);
      else expect(md).toBe(full);
    });
  }
});
