import { open } from "node:fs/promises";
import type { CsvResult } from "../data/csv-table.js";
import { refuseBinaryCsv, SNIFF_BYTES } from "../data/csv-bytes.js";
import { NnlabError } from "../errors.js";
import { failOpening, loadCsv, type LoadCsvOptions } from "./load-csv.js";


/**
 * Loads a CSV file for a command, with every way it can fail said in one line that names the file:
 * missing, a folder, binary (an executable, a zip, UTF-16 text), or rejected by csv-parse.
 */
export async function loadCsvFile(path: string, options: LoadCsvOptions = {}): Promise<CsvResult> {
  await checkTextFile(path);
  try {
    return await loadCsv(path, options);
  } catch (error) {
    throw csvParseError(error, options.source ?? path) ?? error;
  }
}

/** Throws a clear NnlabError when `path` cannot be read as text: missing, a folder, or binary. */
async function checkTextFile(path: string): Promise<void> {
  let bytes: Buffer;
  try {
    const file = await open(path, "r");
    try {
      // a pipe (<(cat data.csv), /dev/stdin from a pipe) can be read once, from its start: its first bytes
      // are read here and again by the loader, which found it empty or failed with "ESPIPE: invalid seek"
      const info = await file.stat();
      if (info.isFIFO() || info.isSocket() || info.isCharacterDevice()) {
        throw new NnlabError(`${path}: expected a file to read (it is read more than once); received ${info.isFIFO() ? "a pipe" : info.isSocket() ? "a socket" : "a device"}: save it to a file first`);
      }
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof NnlabError) throw error;
    failOpening(error, path);
  }
  // No text encoding nnlab reads has NUL bytes; binary files and UTF-16 text do.
  refuseBinaryCsv(bytes, path);
}

/**
 * csv-parse's own errors that reach us unwrapped (the stream parser's class is not the one
 * src/data/csv.ts checks, and codes like INVALID_OPENING_QUOTE lack the "CSV_" prefix) as one line:
 * "<file>:<line>: malformed CSV (csv-parse: Invalid Opening Quote: ...)". The field's value, which can
 * be kilobytes of binary, is left out. Returns null for any other error.
 */
export function csvParseError(error: unknown, source: string): NnlabError | null {
  if (!(error instanceof Error) || error instanceof NnlabError || error.constructor.name !== "CsvError") return null;
  const e = error as Error & { lines?: number; code?: string };
  const binary = /[\u0000-\u0008\u000e-\u001f]|\\u00[01]/.test(e.message);
  let message = e.message.replace(/, value is [\s\S]*$/, "");
  if (message.length > 160) message = `${message.slice(0, 157)}...`;
  return new NnlabError(`${source}:${e.lines ?? "?"}: ${binary ? "not a CSV file" : "malformed CSV"} (csv-parse ${e.code ?? "error"}: ${message})`);
}
