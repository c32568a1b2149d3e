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
 * Make an untrusted string safe to print on a terminal: C0 controls (ESC starts ANSI/OSC sequences), DEL, C1 controls
 * (0x9B is a one-byte CSI) and bidirectional overrides/isolates (which reorder what is shown) become a visible
 * `\xNN` / `\uNNNN` escape, so a server error message or a Terraform name can neither recolour, retitle, hyperlink
 * nor clear the user's terminal. Tab, newline and CR are left for the caller's layout (truncate folds them).
 */
export function termSafe(s: unknown): string {
  return String(s ?? '').replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
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

/** Truncate to `width` characters with an ellipsis. */
export function truncate(s: string, width: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (width <= 1) return one.slice(0, Math.max(0, width));
  return one.length <= width ? one : `${one.slice(0, width - 1)}…`;
}

export function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}
