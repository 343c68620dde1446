import { CsvError, parse } from "csv-parse/browser/esm/sync";
import { NnlabError } from "../errors.js";
import { type CsvOptions, type CsvResult, CsvTableBuilder } from "./csv-table.js";

/**
 * Parses CSV text into a Dataset (browser and Node; for large files in Node use `loadCsv` from
 * "nnlab/node", which streams). Parsing is csv-parse's (RFC 4180 quoting, line numbers); checking every
 * cell is ours, with errors like "data.csv:15:3: column "x2" must be a number; received "abc"".
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const builder = new CsvTableBuilder(options);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      delimiter: options.delimiter ?? ",",
    }) as never;
  } catch (error) {
    throw csvSyntaxError(error, options.source ?? "csv");
  }
  for (const { record, info } of records) builder.add(record, info.lines);
  return builder.finish();
}

/** csv-parse's own errors (an unclosed quote, ...) with the file and line in front. */
export function csvSyntaxError(error: unknown, source: string): Error {
  if (error instanceof CsvError || (error as { code?: string })?.code?.startsWith("CSV_")) {
    const e = error as CsvError & { lines?: number };
    return new NnlabError(`${source}:${e.lines ?? "?"}: malformed CSV: ${e.message}`);
  }
  return error as Error;
}
