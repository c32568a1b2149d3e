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
