import { readFile } from 'node:fs/promises';

/**
 * A text file's contents as a string, whatever Unicode encoding a byte order mark says it is in: UTF-8 with or without
 * a BOM, UTF-16 LE or BE with one. Windows PowerShell 5.1 writes `terraform show -json plan > plan.json` as UTF-16 LE
 * with a BOM, and its Out-File / editors add a UTF-8 BOM; read as UTF-8, such a file is "not JSON" at line 1.
 */
export function decodeText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) {
    const be = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1))); // a copy, whole code units only
    return be.swap16().toString('utf16le');
  }
  return b.toString('utf8');
}

/** `readFile(path)` decoded by `decodeText`. */
export async function readText(path: string): Promise<string> {
  return decodeText(await readFile(path));
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
