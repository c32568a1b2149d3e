import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { sampleReport } from './_report.js';

/** Names a Terraform file can give a bucket (bucket = "..." accepts any string). */
const NAMES = [
  ['blank line', 'logs\n\nprod'],
  ['CRLF blank line and a link', 'x\r\n\r\n[click](javascript:alert(1))'],
  ['blank line then a heading', 'a\n\n# owned'],
  ['tab and spaces', 'a\t  b'],
] as const;

describe('markdown: raw HTML lines stay one line', () => {
  for (const [what, name] of NAMES) {
    it(what, () => {
      const report = sampleReport();
      report.resources.find((r) => r.address === 'aws_s3_bucket.logs')!.name = name;
      const lines = renderMarkdown(report).split(/\r?\n/);
      const summaries = lines.filter((l) => l.includes('<summary>') || l.includes('</summary>'));
      expect(summaries.length).toBe(lines.filter((l) => l === '<details>').length);
      for (const l of summaries) expect(l).toMatch(/^<summary>.*<\/summary>$/);
      // <details> and <summary> form one HTML block: the line after the summary is the blank that ends it
      lines.forEach((l, i) => {
        if (l === '<details>') {
          expect(lines[i + 1]).toMatch(/^<summary>/);
          expect(lines[i + 2]).toBe('');
        }
      });
      expect(lines.some((l) => /^\[click\]|^# owned/.test(l))).toBe(false);
    });
  }
});
