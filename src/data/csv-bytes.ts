/**
 * A CSV file's bytes as nnlab reads them, in Node and in a page alike: refused when binary, else UTF-8.
 * Browser-safe. A page that let the browser decode a file (File.text()) trained UTF-16 text that
 * `nnlab train` refuses, so the page's run could not be repeated from the command line.
 */
import { NnlabError } from "../errors.js";

/** How much of a file is looked at for binary content: enough for any header and first rows. */
export const SNIFF_BYTES = 64 * 1024;

/** Refuses bytes that no text nnlab reads has: a NUL in the first SNIFF_BYTES (binary data, or UTF-16 text). */
export function refuseBinaryCsv(bytes: Uint8Array, where: string): void {
  const nul = bytes.subarray(0, SNIFF_BYTES).indexOf(0);
  if (nul < 0) return;
  let line = 1;
  for (let i = 0; i < nul; i++) if (bytes[i] === 0x0a) line++;
  throw new NnlabError(`${where}:${line}: not a CSV file: a NUL byte at byte ${nul} (binary data, or text not saved as UTF-8)`);
}

/** The text of a CSV file's bytes: refused if binary (refuseBinaryCsv), else decoded as UTF-8, a byte-order mark dropped. */
export function csvTextOfBytes(bytes: Uint8Array, where: string): string {
  refuseBinaryCsv(bytes, where);
  return new TextDecoder("utf-8").decode(bytes);
}
