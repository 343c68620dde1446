/**
 * How a CSV file is written: its field separator and its decimal mark. A spreadsheet set to a language
 * that writes decimal commas (German, French, ...) saves semicolon-separated "CSV" with numbers like
 * "1,5"; tab-separated files are common too. One detection for every reader: parseCsv, the streaming
 * loadCsv of "nnlab/node" (so `nnlab train`), and the playground page.
 */

export type CsvDelimiter = "," | ";" | "\t";

/** The values of CsvOptions.delimiter and of a spec's `data.delimiter`. */
export const CSV_DELIMITERS = [",", ";", "\t", "auto"] as const;

export interface CsvDialect {
  /** ",", ";", "\t", or the one asked for. */
  delimiter: string;
  /** "comma", "semicolon", "tab", as a message says it. */
  name: string;
  /**
   * Whether numbers are written with a decimal comma ("1,5"): only ever in a file not separated by
   * commas, and only when the sampled rows show one. Such a file's cells with a decimal point are then
   * refused, not guessed at ("1.234" is 1234 in those languages).
   */
  decimalComma: boolean;
}

const CANDIDATES: ReadonlyArray<{ delimiter: CsvDelimiter; name: string }> = [
  { delimiter: ",", name: "comma" },
  { delimiter: ";", name: "semicolon" },
  { delimiter: "\t", name: "tab" },
];

/** Lines looked at for the separator, and for a decimal comma. */
const DELIMITER_LINES = 5;
export const DECIMAL_SAMPLE_ROWS = 200;

/** A number written with a decimal point: "1.5", "-0.25", ".5", "1.5e-3". */
const DECIMAL_POINT_NUMBER = /^\s*[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A number written with a decimal comma: "1,5", "-0,25", ",5", "1,5e-3" (never "1,234,5"). */
export const DECIMAL_COMMA_NUMBER = /^\s*[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?\s*$/;

/** The fields of `line` split at `char` outside double quotes (quotes left in; enough to sniff). */
function splitOutsideQuotes(line: string, char: string): string[] {
  const fields: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) {
      fields.push(line.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}

/**
 * The dialect of a CSV, read from `sample`: its text, or only its first whole lines (a few kilobytes
 * are enough). `delimiter` "auto" (the default) finds the separator: a candidate (comma, semicolon,
 * tab) that splits each of the first five lines into the same number (> 1)
 * of fields wins, the most fields first, a semicolon or tab before a comma on a tie (lines with as many
 * commas as semicolons are decimal commas); failing that, the one most frequent in the first line; comma
 * when none appears. Any other value is taken as the separator. A file not separated by commas has
 * decimal commas when a cell of its first 200 rows (after the header) is a number written with one and
 * none is written with a decimal point.
 */
export function detectCsvDialect(sample: string, delimiter: string = "auto"): CsvDialect {
  // \r alone ends a line too (old Mac spreadsheets), as the CSV parser reads it
  const filled = sample.split(/\r\n|\r|\n/, DECIMAL_SAMPLE_ROWS + 1).filter((l) => l.trim() !== "");
  const chosen =
    delimiter === "auto"
      ? findDelimiter(filled.slice(0, DELIMITER_LINES))
      : (CANDIDATES.find((c) => c.delimiter === delimiter) ?? { delimiter, name: JSON.stringify(delimiter) });
  let commas = false;
  let points = false;
  if (chosen.delimiter !== ",") {
    for (const line of filled.slice(1, DECIMAL_SAMPLE_ROWS + 1)) {
      for (const cell of splitOutsideQuotes(line, chosen.delimiter)) {
        commas ||= DECIMAL_COMMA_NUMBER.test(cell);
        points ||= DECIMAL_POINT_NUMBER.test(cell);
      }
    }
  }
  // a file that shows both ("1,2" in a text column beside 0.5) keeps decimal points: one odd cell must not
  // turn every number's meaning around
  return { ...chosen, decimalComma: commas && !points };
}

function findDelimiter(lines: string[]): { delimiter: string; name: string } {
  if (lines.length === 0) return CANDIDATES[0]!;
  const counts = CANDIDATES.map((d) => lines.map((l) => splitOutsideQuotes(l, d.delimiter).length - 1));
  let best = -1;
  counts.forEach((perLine, i) => {
    const steady = perLine[0]! > 0 && perLine.every((c) => c === perLine[0]);
    const more = best >= 0 && perLine[0]! > counts[best]![0]!;
    const tieAgainstComma = best >= 0 && perLine[0] === counts[best]![0] && CANDIDATES[best]!.delimiter === ",";
    if (steady && (best < 0 || more || tieAgainstComma)) best = i;
  });
  if (best >= 0) return CANDIDATES[best]!;
  let most = 0;
  counts.forEach((perLine, i) => {
    if (perLine[0]! > counts[most]![0]!) most = i;
  });
  return CANDIDATES[most]!;
}

/** How much of a text or file detectCsvDialect is shown: its first 64 KiB, cut at a line's end. */
export const DIALECT_SAMPLE_CHARS = 64 * 1024;

/** The first whole lines of `text`, up to DIALECT_SAMPLE_CHARS (the text itself when it is shorter). */
export function dialectSample(text: string): string {
  if (text.length <= DIALECT_SAMPLE_CHARS) return text;
  const end = Math.max(text.lastIndexOf("\n", DIALECT_SAMPLE_CHARS), text.lastIndexOf("\r", DIALECT_SAMPLE_CHARS));
  return end < 0 ? text.slice(0, DIALECT_SAMPLE_CHARS) : text.slice(0, end);
}
