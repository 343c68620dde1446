import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { csvSyntaxError } from "../data/csv.js";
import { type CsvOptions, type CsvResult, CsvTableBuilder } from "../data/csv-table.js";

/**
 * Streams a CSV file into a Dataset: the text is never held whole in memory, so a million rows load in
 * the space of their numbers. Messages name the file, line and column of a bad cell.
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvResult> {
  const builder = new CsvTableBuilder({ source: path, ...options });
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, delimiter: options.delimiter ?? "," });
  const input = createReadStream(path);
  input.on("error", (error) => parser.destroy(error)); // pipe() does not forward a missing file
  input.pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      builder.add(record, info.lines);
    }
  } catch (error) {
    input.destroy();
    parser.destroy();
    throw csvSyntaxError(error, options.source ?? path);
  }
  return builder.finish();
}
