import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { escapeMd, mdCode } from '../../src/report/_text.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { sampleReport } from './_report.js';

const decodeInline = (t: string) =>
  t.replace(/\\([!-/:-@[-`{-~])|&(lt|gt|amp|quot);/g, (_, esc: string | undefined, ent: string | undefined) =>
    esc !== undefined ? esc : ({ lt: '<', gt: '>', amp: '&', quot: '"' } as Record<string, string>)[ent!]!,
  );

/**
 * The inline code of a markdown line as GitHub displays it, in either form. A `<code>` element: its text after
 * backslash escapes of ASCII punctuation and entities are decoded. A code span (CommonMark 6.1): a run of N backticks
 * opens, the next run of exactly N closes, one space is stripped from each end when both have one, and backslashes
 * and entities stay literal. In a GFM table cell `\|` is unescaped first, in both forms.
 */
function codeSpans(line: string, inTable = false): string[] {
  const out: string[] = [];
  const src = inTable ? line.replace(/\\\|/g, '\u0000') : line;
  const unpipe = (t: string) => t.replace(/\u0000/g, '|');
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('<code>', i)) {
      const end = src.indexOf('</code>', i);
      out.push(unpipe(decodeInline(src.slice(i + 6, end))));
      i = end + 7;
    } else if (src[i] === '\\') i += 2;
    else if (src[i] === '`') {
      let n = 0;
      while (src[i + n] === '`') n++;
      const open = i + n;
      let j = open;
      let close = -1;
      while (j < src.length && close < 0) {
        if (src[j] !== '`') j++;
        else {
          let m = 0;
          while (src[j + m] === '`') m++;
          if (m === n) close = j;
          else j += m;
        }
      }
      if (close < 0) {
        i = open;
        continue;
      }
      let t = src.slice(open, close);
      if (t.length > 2 && t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') t = t.slice(1, -1);
      out.push(unpipe(t));
      i = close + n;
    } else i++;
  }
  return out;
}

const VALUES = [
  ['underscores (GCS bucket, Terraform address)', 'aws_s3_bucket.my_logs'],
  ['brackets (JSON path)', 'policy.Statement[0].Principal'],
  ['asterisks and hash', 'acl.Grants[*]#1'],
  ['a backtick', 'evil`name'],
  ['leading and trailing backticks', '`x`'],
  ['a run of backticks', 'a```b'],
  ['a pipe', 'module.x["a|b"]'],
  ['HTML', '<img src=x onerror=alert(1)>'],
  ['an entity', '&lt;b&gt;'],
  ['a policy variable', `\${aws:username}/$HOME`],
  ['tildes', '~~x~~'],
  ['a backslash', 'C:\\tf\\main.tf'],
] as const;

function withValue(v: string): AuditReport {
  const r = sampleReport();
  const tf = r.resources.find((x) => x.address === 'aws_s3_bucket.logs')!;
  tf.address = v;
  tf.source = { ...tf.source, file: v };
  tf.reasons = [{ summary: 'why', kind: 'acl-grant', path: v }];
  for (const f of r.findings) if (f.resourceId === tf.id) f.evidence = [{ kind: 'acl-grant', summary: 's', path: v }];
  tf.id = v;
  for (const f of r.findings) if (f.resourceId === 'aws_s3_bucket.logs') f.resourceId = v;
  r.errors = [{ stage: 'collect', code: v, message: 'm' }];
  return r;
}

describe('markdown: code spans show the value verbatim', () => {
  for (const [what, v] of VALUES) {
    it(`${what}: ${v}`, () => {
      const md = renderMarkdown(withValue(v));
      const lines = md.split('\n');
      const row = lines.find((l) => l.startsWith('| 🔴 critical'))!;
      expect(row, md).toBeDefined();
      expect(codeSpans(row, true)).toEqual([v]);
      expect(row.split(/(?<!\\)\|/).length).toBe(8);
      const resource = lines.find((l) => l.startsWith('Resource: ') && codeSpans(l).includes(v))!;
      expect(codeSpans(resource)).toEqual([v, `${v}:12`]);
      expect(lines.filter((l) => l.startsWith('- why') && codeSpans(l).includes(v))).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('  - acl-grant') && codeSpans(l).includes(v)).length).toBeGreaterThan(0);
      expect(lines.filter((l) => l.startsWith('- collect') && codeSpans(l).includes(v))).toHaveLength(1);
    });
    it(`plain text (the Why cell) shows ${what} verbatim: ${v}`, () => {
      const r = sampleReport();
      r.resources.find((x) => x.address === 'aws_s3_bucket.logs')!.reasons = [{ summary: v, kind: 'acl-grant' }];
      const row = renderMarkdown(r)
        .split('\n')
        .find((l) => l.startsWith('| 🔴 critical'))!;
      const cells = row.replace(/\\\|/g, '\u0000').split('|');
      expect(cells).toHaveLength(8);
      expect(decodeInline(cells[5]!.replace(/\u0000/g, '|').trim())).toBe(v);
      expect(cells[5]).not.toMatch(/[<>]/);
    });
  }

  it('mdCode: no raw markup, newlines folded, empty stays empty', () => {
    expect(mdCode('a_b')).toBe('<code>a\\_b</code>');
    expect(mdCode('<x>&')).toBe('<code>&lt;x&gt;&amp;</code>');
    expect(mdCode('a\n\nb')).toBe('<code>a b</code>');
    expect(mdCode('')).toBe('');
    // GitHub renders ~~x~~ as strikethrough and $x$ as math: policy text like ${aws:username} must stay text
    expect(escapeMd('~~x~~ $x$')).toBe('\\~\\~x\\~\\~ \\$x\\$');
  });
});
