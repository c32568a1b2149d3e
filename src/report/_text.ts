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

/** Inline markdown table cell / text: neutralise pipes, HTML, backticks and newlines. */
export function escapeMd(s: unknown): string {
  return String(s ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|<>#!]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
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
