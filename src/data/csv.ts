import { CsvError, parse } from "csv-parse/browser/esm/sync";
import { checkOptions, NnlabError } from "../errors.js";
import { detectCsvDialect, dialectSample } from "./csv-dialect.js";
import { CSV_OPTION_KEYS, type CsvOptions, type CsvResult, CsvTableBuilder } from "./csv-table.js";

/**
 * Parses CSV text into a Dataset (browser and Node; for large files in Node use `loadCsv` from
 * "nnlab/node", which streams). Parsing is csv-parse's (RFC 4180 quoting, line numbers); checking every
 * cell is ours, with errors like "data.csv:15:3: column "x2" must be a number; received "abc"". The
 * separator and decimal mark are found from the first lines unless given (see detectCsvDialect).
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  checkOptions("parseCsv", options, CSV_OPTION_KEYS, '{ label: "species" }');
  const dialected = withDialect(options, dialectSample(text));
  const builder = new CsvTableBuilder(dialected, countLines(text));
  try {
    parse(text, csvParseOptions(dialected, builder));
  } catch (error) {
    throw csvSyntaxError(error, options.source ?? "csv");
  }
  return builder.finish();
}

/**
 * `options` with the separator and decimal mark settled: "auto" (or none) replaced by what `sample`
 * (the text's first lines) shows, and decimalComma as given or as detected.
 */
export function withDialect(options: CsvOptions, sample: string): CsvOptions & { delimiter: string; decimalComma: boolean } {
  const dialect = detectCsvDialect(sample, options.delimiter ?? "auto");
  return { ...options, delimiter: dialect.delimiter, decimalComma: options.decimalComma ?? dialect.decimalComma };
}

/**
 * csv-parse's options for feeding `builder`: each record is handed over as it is parsed, with its line,
 * and then dropped (on_record returns null), so records never pile up as arrays of strings.
 */
export function csvParseOptions(options: CsvOptions, builder: CsvTableBuilder, onRecord?: (bytes: number) => void) {
  return {
    relax_column_count: true,
    skip_empty_lines: true,
    // a UTF-8 byte order mark (spreadsheets, R's write.csv with fileEncoding "UTF-8-BOM") is not part of the
    // first cell: before a quoted header it made the quote "malformed" (unquoted, trim() hid it)
    bom: true,
    delimiter: options.delimiter === undefined || options.delimiter === "auto" ? "," : options.delimiter,
    on_record: (record: string[], info: { lines: number; bytes: number }) => {
      builder.add(record, info.lines);
      onRecord?.(info.bytes);
      return null;
    },
  };
}

/** Records the text can hold at most (header included) — exact unless it has blank or multi-line cells. */
function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lines++;
  return text.length > 0 && !text.endsWith("\n") ? lines + 1 : lines;
}

/** csv-parse's own errors (an unclosed quote, ...) with the file and line in front. */
export function csvSyntaxError(error: unknown, source: string): Error {
  const code = (error as { code?: string })?.code ?? "";
  // The streaming reader's errors come from another copy of csv-parse (another CsvError class), and
  // some codes lack the CSV_ prefix (INVALID_OPENING_QUOTE): recognise them all by name and code.
  if (error instanceof CsvError || (error as Error)?.constructor?.name === "CsvError" || /^(CSV_|INVALID_)/.test(code)) {
    const e = error as CsvError & { lines?: number };
    // one line: control characters escaped, and without csv-parse's ", value is ..." tail (kilobytes on binary input)
    const message = e.message.replace(/, value is [\s\S]*$/, "").replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
    return new NnlabError(`${source}:${e.lines ?? "?"}: malformed CSV: ${message}`);
  }
  return error as Error;
}
