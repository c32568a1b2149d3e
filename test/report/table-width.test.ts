import { describe, expect, it } from 'vitest';
import { displayWidth, pad, truncate } from '../../src/report/_text.js';
import { renderTable } from '../../src/report/table.js';
import { sampleReport } from './_report.js';

/** Independent column count for the scripts used below: CJK, Hangul and the emoji here are 2, combining marks 0. */
function columns(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (/\p{Mn}/u.test(ch)) continue;
    w += (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3) || cp >= 0x1f300 ? 2 : 1;
  }
  return w;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const NAMES = [
  ['ASCII', 'a'.repeat(150)],
  ['CJK (two columns each)', '日志存储桶'.repeat(20)],
  ['Hangul', '버킷'.repeat(50)],
  ['emoji (surrogate pairs)', '🪣'.repeat(80)],
  ['odd-aligned emoji', `x${'🪣'.repeat(80)}`],
  ['combining accents', 'e\u0301'.repeat(120)],
  ['mixed', `bucket-桶-🪣-e\u0301-`.repeat(12)],
] as const;

describe('terminal table: wide and composed characters', () => {
  for (const [what, name] of NAMES) {
    it(`${what}: lines fit 100 columns and no character is split`, () => {
      const report = sampleReport();
      report.resources[0]!.name = name;
      report.resources[0]!.reasons = [{ summary: name, kind: 'policy' }];
      report.resources[0]!.capabilities = [{ capability: 'READ', scope: `prefix:${name}` }];
      const out = renderTable(report, { color: false });
      expect(out).not.toMatch(LONE_SURROGATE);
      for (const line of out.split('\n').slice(1)) expect(columns(line), line).toBeLessThanOrEqual(100);
      // a name is shown, cut or not, as a prefix of itself
      const shown = out.split('\n').find((l) => l.includes(name.slice(0, 4)))!;
      expect(shown).toBeDefined();
    });
  }

  it('verdict and provider columns line up whatever the names are', () => {
    const report = sampleReport();
    report.resources.forEach((r, i) => {
      r.name = NAMES[i % NAMES.length]![1].slice(0, 20);
    });
    const heads = renderTable(report, { color: false })
      .split('\n')
      .filter((l) => /^ {2}[A-Z_]+ +(aws|gcp|azure) /.test(l));
    expect(heads.length).toBe(report.resources.length);
    const cols = new Set(heads.map((l) => columns(l.slice(0, l.search(/(aws|gcp|azure) /) + 7))));
    expect([...cols]).toEqual([30]);
  });

  it('truncate, pad and displayWidth count columns and cut between graphemes', () => {
    const cases: [string, number, string][] = [
      ['abcdef', 4, 'abc…'],
      ['桶桶桶桶', 5, '桶桶…'],
      ['🪣🪣🪣', 4, '🪣…'],
      ['e\u0301e\u0301e\u0301', 2, 'e\u0301…'],
      ['short', 10, 'short'],
    ];
    for (const [s, w, want] of cases) {
      expect(truncate(s, w)).toBe(want);
      expect(displayWidth(truncate(s, w))).toBeLessThanOrEqual(w);
    }
    expect(displayWidth('👩‍👩‍👧')).toBe(2);
    expect(pad('桶', 4)).toBe('桶  ');
  });
});
