import { parse } from "csv-parse/browser/esm/sync";

export interface Delimiter {
  char: string;
  /** "comma", "semicolon", "tab", as a message says it. */
  name: string;
}

const CANDIDATES: readonly Delimiter[] = [
  { char: ",", name: "comma" },
  { char: ";", name: "semicolon" },
  { char: "\t", name: "tab" },
];

/** How often `char` separates fields in `line` (outside quotes). */
function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/**
 * The field separator of a CSV, read from its first lines: a spreadsheet set to a language that writes
 * decimal commas saves semicolon-separated "CSV", and tab-separated files are common too. A candidate
 * that splits each of the first five lines into the same number (> 0) of fields wins (the most fields
 * first); failing that, the one most frequent in the header; comma when none appears.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 5);
  if (lines.length === 0) return CANDIDATES[0]!;
  const counts = CANDIDATES.map((d) => lines.map((l) => countOutsideQuotes(l, d.char)));
  let best = -1;
  counts.forEach((perLine, i) => {
    const steady = perLine[0]! > 0 && perLine.every((c) => c === perLine[0]);
    if (steady && (best < 0 || perLine[0]! > counts[best]![0]!)) best = i;
  });
  if (best >= 0) return CANDIDATES[best]!;
  let most = 0;
  counts.forEach((perLine, i) => {
    if (perLine[0]! > counts[most]![0]!) most = i;
  });
  return CANDIDATES[most]!;
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The records of `text`, separated by `delimiter`, written comma-separated: what the library's CSV reader
 * (comma-separated, as `nnlab train` reads files) then reads cell for cell as the file has them. Line
 * for line too (blank lines stay blank, quoted line breaks stay inside their cells), so that the reader's
 * messages name the file's own lines. Throws csv-parse's error on malformed text.
 */
export function asCommaSeparated(text: string, delimiter: string): string {
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  return records.map((record) => record.map(field).join(",")).join("\n") + "\n";
}
