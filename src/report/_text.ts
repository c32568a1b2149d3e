/** Escaping helpers shared by the writers. */

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escape for HTML text and double/single-quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => HTML_ESC[c] ?? c);
}

/** Escape for XML 1.0 text/attributes; drops characters XML 1.0 cannot carry. */
export function escapeXml(s: unknown): string {
  return String(s ?? '')
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Inline markdown table cell / text: neutralise pipes, HTML, entities, backticks and newlines. */
export function escapeMd(s: unknown): string {
  return String(s ?? '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]|<>#!&~$]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/**
 * Inline code holding `s`, displayed verbatim. Not a markdown code span: backslash escapes and entities are not
 * decoded inside one (CommonMark 6.1), so escapeMd() there showed my\_bucket and Statement\[0\], and an escaped
 * backtick closed the span. An HTML <code> element's content is ordinary markdown, where escapeMd's escapes decode,
 * and no raw `<` reaches the output.
 */
export function mdCode(s: unknown): string {
  const t = escapeMd(s);
  return t === '' ? '' : `<code>${t}</code>`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** East Asian Wide/Fullwidth blocks and emoji-presentation pictographs: two terminal columns. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x231a && cp <= 0x231b) ||
    (cp >= 0x2329 && cp <= 0x232a) ||
    (cp >= 0x23e9 && cp <= 0x23ec) ||
    (cp >= 0x25fd && cp <= 0x25fe) ||
    (cp >= 0x2614 && cp <= 0x2615) ||
    (cp >= 0x2648 && cp <= 0x2653) ||
    (cp >= 0x26aa && cp <= 0x26ab) ||
    (cp >= 0x2705 && cp <= 0x2705) ||
    (cp >= 0x274c && cp <= 0x274c) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f004 && cp <= 0x1f004) ||
    (cp >= 0x1f0cf && cp <= 0x1f0cf) ||
    (cp >= 0x1f18e && cp <= 0x1f18e) ||
    (cp >= 0x1f191 && cp <= 0x1f19a) ||
    (cp >= 0x1f200 && cp <= 0x1f251) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f680 && cp <= 0x1f6ff) ||
    (cp >= 0x1f7e0 && cp <= 0x1f7eb) ||
    (cp >= 0x1f90c && cp <= 0x1f9ff) ||
    (cp >= 0x1fa70 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Terminal columns of one grapheme cluster: 0 for a lone combining/format mark, 2 for wide ones, else 1. */
function graphemeWidth(g: string): number {
  const cp = g.codePointAt(0) ?? 0;
  if (/^[\p{Mn}\p{Me}\p{Cf}]+$/u.test(g)) return 0;
  if (isWide(cp) || g.includes('\uFE0F')) return 2;
  return 1;
}

/** Terminal columns `s` takes (grapheme clusters; CJK and emoji are two columns, combining marks none). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const { segment } of graphemes.segment(s)) w += graphemeWidth(segment);
  return w;
}

/**
 * Truncate to `width` terminal columns with an ellipsis, whitespace folded. Cuts between grapheme clusters, so a
 * surrogate pair, an emoji sequence or a letter with its accent is never split.
 */
export function truncate(s: string, width: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(one) <= Math.max(0, width)) return one;
  const room = width <= 1 ? Math.max(0, width) : width - 1;
  let out = '';
  let w = 0;
  for (const { segment } of graphemes.segment(one)) {
    const gw = graphemeWidth(segment);
    if (w + gw > room) break;
    out += segment;
    w += gw;
  }
  return width <= 1 ? out : `${out}…`;
}

/** Pad with spaces to `width` terminal columns. */
export function pad(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}
