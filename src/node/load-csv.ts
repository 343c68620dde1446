import { createReadStream, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { csvParseOptions, csvSyntaxError, withDialect } from "../data/csv.js";
import { refuseBinaryCsv } from "../data/csv-bytes.js";
import { DIALECT_SAMPLE_CHARS } from "../data/csv-dialect.js";
import { CSV_OPTION_KEYS, type CsvOptions, type CsvResult, CsvTableBuilder } from "../data/csv-table.js";
import { checkOptions, fail, NnlabError } from "../errors.js";
import { countLines } from "./count-lines.js";
import { describeFsError } from "./fs-error.js";

/** How far loading has got. */
export interface LoadProgress {
  /** Data rows read so far, kept or dropped. */
  rows: number;
  /** Bytes of the file parsed so far. */
  bytes: number;
  /** The file's size in bytes (0 when it is not a regular file, e.g. a pipe). */
  totalBytes: number;
  /** Milliseconds since loading began. */
  elapsedMs: number;
}

export interface LoadCsvOptions extends CsvOptions {
  /**
   * Called about every 250 ms while the file loads (never more often), and once more at the end with
   * every row and byte counted; a slow call slows loading. Throwing from it stops the load.
   */
  onProgress?: (progress: LoadProgress) => void;
}

const PROGRESS_MS = 250;
/** The clock is read once per this many cells, not per row: cheap, and still often for wide rows. */
const CELLS_PER_CLOCK_READ = 1 << 15;

/**
 * Streams a CSV file into a Dataset: the text is never held whole in memory and each row goes straight
 * into typed arrays sized from the file's line count, so a million rows load in about the space of
 * their numbers (`dtype: "float32"` halves that). Messages name the file, line and column of a bad cell.
 * The separator and decimal mark are found from the file's first 64 KiB unless given (a pipe, which
 * cannot be read twice, is comma-separated unless `delimiter` says otherwise).
 */
export async function loadCsv(path: string, options: LoadCsvOptions = {}): Promise<CsvResult> {
  const started = performance.now();
  checkOptions("loadCsv", options, [...CSV_OPTION_KEYS, "onProgress"], '{ label: "species" }');
  const { onProgress, ...given } = options;
  const file = await statCsvFile(path);
  const csvOptions = withDialect(given, file.isFile() ? await firstLines(path).catch((error) => failOpening(error, path)) : "");
  // Counting lines reads a pipe's data away, so only a regular file gets a size hint.
  const expectedRecords = file.isFile() ? await countLines(path) : 0;
  const totalBytes = file.isFile() ? file.size : 0;
  const builder = new CsvTableBuilder({ source: path, ...csvOptions }, expectedRecords);
  // the time the throttle read, so that reports are at least PROGRESS_MS apart in what they say too (a
  // second clock read could fall after a pause, and the next report's before one: 247 ms apart was seen)
  const report = (bytes: number, now = performance.now()) => onProgress?.({ rows: builder.rowsRead, bytes, totalBytes, elapsedMs: now - started });
  let cells = 0;
  let lastReport = started;
  const onRecord = onProgress
    ? (bytes: number) => {
        cells += builder.columns;
        if (cells < CELLS_PER_CLOCK_READ) return;
        cells = 0;
        const now = performance.now();
        if (now - lastReport < PROGRESS_MS) return;
        lastReport = now;
        report(bytes, now);
      }
    : undefined;
  const parser = parse(csvParseOptions(csvOptions, builder, onRecord));
  parser.resume(); // records are consumed in on_record; nothing is pushed downstream
  try {
    await pipeline(createReadStream(path), parser);
  } catch (error) {
    throw csvSyntaxError(error, options.source ?? path);
  }
  const result = builder.finish();
  report(totalBytes || parser.info.bytes);
  return result;
}

/**
 * The data file's Stats, with an NnlabError naming the path where it cannot be read as a CSV file: missing,
 * a folder, or another file-system error (loadCsvFile says the same before it sniffs the bytes).
 */
export async function statCsvFile(path: string): Promise<Stats> {
  if (typeof path !== "string" || path === "") fail("loadCsv", "path must be a CSV file's path", path);
  let file: Stats;
  try {
    file = await stat(path);
  } catch (error) {
    return failOpening(error, path);
  }
  if (file.isDirectory()) throw new NnlabError(`${path}: expected a CSV file; received a folder`);
  return file;
}

/** A file-system error on the data file ("<path>: no such data file"), as loadCsv and loadCsvFile word it; others as they are. */
export function failOpening(error: unknown, path: string): never {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") throw new NnlabError(`${path}: no such data file`);
  if (code === "EISDIR") throw new NnlabError(`${path}: expected a CSV file; received a folder`);
  const reason = describeFsError(error, path, "cannot read the data file");
  throw reason ? new NnlabError(reason) : error;
}

/** The file's first whole lines, up to DIALECT_SAMPLE_CHARS bytes (for detectCsvDialect). */
async function firstLines(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(DIALECT_SAMPLE_CHARS);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    // binary data or UTF-16 text, said as loadCsvFile says it (loadCsv read a binary file's NULs as text:
    // "expected at least 2 columns")
    refuseBinaryCsv(bytes, path);
    // a whole file as it is; a longer one cut after its last whole line (never inside a UTF-8 character)
    const end = bytesRead < buffer.length ? bytesRead : bytes.lastIndexOf(0x0a) + 1;
    return bytes.subarray(0, end > 0 ? end : bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}
