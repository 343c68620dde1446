import { NnlabError } from "../errors.js";
import { checkDType, type DType, Tensor } from "../tensor/tensor.js";
import { type Dataset, MAX_CLASSES, type Task } from "./dataset.js";
import { DECIMAL_COMMA_NUMBER } from "./csv-dialect.js";
import { partOfWord } from "./fixed-parts.js";
import { RowStore } from "./row-store.js";
import { TextCells } from "./text-cells.js";

export interface CsvOptions {
  /** The label column, by header name or 0-based index; false for none (data to predict on). Default: the last column. */
  label?: string | number | false;
  /** The feature columns, by name or index. Default: every column but the label. */
  features?: Array<string | number>;
  /** Whether the first row names the columns. Default true (otherwise columns are c1, c2, ...). */
  header?: boolean;
  /**
   * Field separator: ",", ";", "\t" (or another character), or "auto" (the default): found from the
   * first lines (see detectCsvDialect), so that a semicolon- or tab-separated file reads as it is.
   */
  delimiter?: string;
  /**
   * Whether numbers are written with a decimal comma ("1,5"); cells with a decimal point are then
   * refused. Default: detected with the delimiter (only a file not separated by commas can have them).
   */
  decimalComma?: boolean;
  /**
   * "classification" maps labels (strings or numbers) to classes; "regression" reads them as numbers.
   * Default "auto": non-numeric labels, or at most 20 distinct integers, mean classification.
   */
  task?: "auto" | "classification" | "regression";
  /** "error" (default) stops at the first bad row; "drop" skips it and counts it in the summary. */
  onInvalidRow?: "error" | "drop";
  /**
   * What an "error" says to do about a bad row. Default: pass onInvalidRow "drop" (the spec's option);
   * a reader that has no such option (nnlab predict) says its own.
   */
  invalidRowHint?: string;
  /**
   * What a column of words in a feature's place is told to do. Default: leave it out of data.features or
   * encode it (a spec's choice); a reader whose columns the model fixes (nnlab predict) says its own.
   */
  textColumnHint?: string;
  /** Name used in messages, e.g. the file path. Default "csv". */
  source?: string;
  /**
   * Element type of x and y. Default "float64". "float32" halves the memory and is what a float32 model
   * computes in anyway (it would otherwise convert a float64 copy); class indices stay exact.
   */
  dtype?: DType;
  /**
   * A column (name or index) whose cells, train, dev (or validation) or test, fix each row's part of the
   * split (the dataset's `part`). Not a feature.
   */
  splitColumn?: string | number;
  /**
   * Keep every column that is not a feature (an id, the label, a note) as written, in CsvResult.carried:
   * output that goes back to its rows (nnlab predict's CSV) keeps the columns that name them. Default false.
   */
  carryColumns?: boolean;
}

/**
 * CsvOptions' fields, for refusing a misspelt one ({ labelColumn: "species" } read the last column as the
 * label, without a word). A Record, so that a new field must be listed here.
 */
const CSV_OPTION_FIELDS: Record<keyof CsvOptions, true> = {
  label: true,
  features: true,
  header: true,
  delimiter: true,
  decimalComma: true,
  task: true,
  onInvalidRow: true,
  invalidRowHint: true,
  textColumnHint: true,
  source: true,
  dtype: true,
  splitColumn: true,
  carryColumns: true,
};
export const CSV_OPTION_KEYS: readonly string[] = Object.keys(CSV_OPTION_FIELDS);

export interface CsvProblem {
  line: number;
  /** 1-based column of the bad cell, when one cell is at fault. */
  column?: number;
  message: string;
}

export interface CsvSummary {
  /** Data rows read (not counting the header or empty lines). */
  rows: number;
  kept: number;
  dropped: number;
  /** The first problems met (at most 20), with line and column. */
  problems: CsvProblem[];
}

export interface CsvResult {
  data: Dataset;
  summary: CsvSummary;
  /** With carryColumns: the header in the file's order, and each non-feature column's cells of the kept rows, as written. */
  carried?: { header: string[]; columns: Map<string, TextCells> };
}

/**
 * Turns parsed CSV records into a Dataset, one record at a time (so a file never has to sit in memory
 * as text): each kept row goes straight into typed arrays (RowStore), never into arrays of JS numbers.
 * Every cell is checked; nothing is read silently wrong.
 */
export class CsvTableBuilder {
  private readonly options: CsvOptions;
  private readonly source: string;
  private readonly dtype: DType;
  private readonly expectedRecords: number;
  private columnNames: string[] | null = null;
  /** The header ended with a delimiter: rows may too (their empty last cell is dropped). */
  private trailingDelimiter = false;
  private featureColumns: number[] = [];
  private labelColumn = -1;
  private splitColumn = -1;
  /** carryColumns: the columns that are not features, and their kept rows' cells. */
  private carriedColumns: number[] = [];
  private carriedCells: TextCells[] = [];
  private parts!: RowStore;
  /** One row's features, parsed before the row is known to be good. */
  private row = new Float64Array(0);
  private values!: RowStore;
  private labelsNumeric!: RowStore;
  /** Each row's class key: as a number (numeric labels: "7" and "7.0" one class), and as its text. */
  private labelKeys!: RowStore;
  private labelTextKeys!: RowStore;
  private readonly keyOf = new Map<string, number>();
  /** Text labels' classes are their cells' text ("007" and "7" two classes, "1.50" shown as written). */
  private readonly textKeyOf = new Map<string, number>();
  /** Labels that are numbers and that are text: a numeric target with an "NA" is no set of classes. */
  private numericLabelCells = 0;
  private textLabelCells: Array<{ line: number; text: string }> = [];
  private textLabelCount = 0;
  private allLabelsNumeric = true;
  private allLabelsInteger = true;
  private readonly summary: CsvSummary = { rows: 0, kept: 0, dropped: 0, problems: [] };
  /** A cell's number: parseNumber, or parseDecimalComma for a file written with decimal commas. */
  private readonly number: (cell: string) => number | string;

  /**
   * `expectedRecords`: how many records the text probably holds, header included (its line count); the
   * arrays are sized to it up front, so that when it is right the data is never copied.
   */
  constructor(options: CsvOptions = {}, expectedRecords = 0) {
    this.options = options;
    this.source = options.source ?? "csv";
    this.dtype = checkDType(this.source, options.dtype ?? "float64");
    this.expectedRecords = expectedRecords;
    const separatedByCommas = options.delimiter === undefined || options.delimiter === "," || options.delimiter === "auto";
    this.number = options.decimalComma ? parseDecimalComma : separatedByCommas ? parseNumber : parseNumberNamingDecimalComma;
    if (options.onInvalidRow !== undefined && options.onInvalidRow !== "error" && options.onInvalidRow !== "drop") {
      throw new NnlabError(`${this.source}: onInvalidRow must be "error" or "drop"; received ${JSON.stringify(options.onInvalidRow)}`);
    }
  }

  /** Data rows read so far (kept or not), for progress reports. */
  get rowsRead(): number {
    return this.summary.rows;
  }

  /** Columns of the header (0 before it is read). */
  get columns(): number {
    return this.columnNames?.length ?? 0;
  }

  /** Adds one record; `line` is its 1-based line in the file, for messages. */
  add(record: string[], line: number): void {
    if (!this.columnNames) {
      if (this.options.header ?? true) {
        const names = record.map((c) => c.trim());
        // a delimiter at the end of every line (some exporters write one) is not an unnamed last column,
        // which became the default label: "label "" is missing"
        this.trailingDelimiter = names.length > 1 && names.at(-1) === "";
        this.setColumns(this.trailingDelimiter ? names.slice(0, -1) : names, line);
        return;
      }
      this.setColumns(record.map((_, j) => `c${j + 1}`), line);
    }
    this.summary.rows++;
    const names = this.columnNames!;
    if (this.trailingDelimiter && record.length === names.length + 1 && record.at(-1)!.trim() === "") record = record.slice(0, -1);
    if (record.length !== names.length) {
      this.problem({ line, message: `expected ${names.length} columns (like the header); received ${record.length}` });
      return;
    }
    const features = this.featureColumns;
    const row = this.row;
    for (let k = 0; k < features.length; k++) {
      const column = features[k]!;
      const value = this.number(record[column]!);
      if (typeof value === "string") {
        // Words in the first row: likely a column of text (a category), which skipping rows would empty
        // ("received none (50 dropped)" for a colour column); say what would help with it.
        // (NaN and Infinity are words too, but no category: the number's own problem says what is wrong)
        const cell = record[column]!;
        const text = this.summary.rows === 1 && value.startsWith("must be a number; received") && /[a-z]{2}/i.test(cell) && !/^\s*[+-]?(nan|inf|infinity)\s*$/i.test(cell);
        const hint = text ? `; ${this.options.textColumnHint ?? "a column of text, such as a category, is not a feature as it is: name the numeric columns in data.features, or encode it as numbers"}` : "";
        this.problem({ line, column: column + 1, message: `column ${JSON.stringify(names[column])} ${value}${hint}` });
        return;
      }
      row[k] = value;
    }
    let part = -1;
    if (this.splitColumn >= 0) {
      const cell = record[this.splitColumn]!;
      part = partOfWord(cell) ?? -1;
      if (part < 0) {
        this.problem({ line, column: this.splitColumn + 1, message: `split column ${JSON.stringify(names[this.splitColumn])} must be train, dev or test (or training, val, valid, validation); received ${JSON.stringify(cell)}` });
        return;
      }
    }
    if (this.labelColumn >= 0 && !this.addLabel(record[this.labelColumn]!, line)) return;
    if (part >= 0) this.parts.pushValue(part);
    for (let c = 0; c < this.carriedColumns.length; c++) this.carriedCells[c]!.push(record[this.carriedColumns[c]!]!);
    this.values.push(row);
    this.summary.kept++;
  }

  /** The dataset and what was read, dropped and why. */
  finish(): CsvResult {
    if (!this.columnNames) throw new NnlabError(`${this.source}: expected a header and at least one data row; received an empty file`);
    const n = this.values.rows;
    if (n === 0) {
      // (the dropped count only where rows were dropped: a header-only file read "received none (0 dropped)")
      throw new NnlabError(`${this.source}: expected at least one valid data row; received none${this.summary.dropped ? ` (${this.summary.dropped} dropped)` : ""}`);
    }
    const nf = this.featureColumns.length;
    const x = new Tensor(n, nf, this.values.finish() as Float64Array | Float32Array);
    const part = this.splitColumn >= 0 ? Uint8Array.from(this.parts.finish()) : undefined;
    const carried = this.options.carryColumns
      ? { carried: { header: [...this.columnNames], columns: new Map(this.carriedColumns.map((c, k) => [this.columnNames![c]!, this.carriedCells[k]!])) } }
      : {};
    if (this.labelColumn < 0) {
      const featureNames = this.featureColumns.map((c) => this.columnNames![c]!);
      const ids = rowIds(n);
      const data: Dataset = { x, y: Tensor.zeros(n, 0, this.dtype), featureNames, labelName: "", task: "regression", classes: null, ids };
      if (part) data.part = part;
      return { data, summary: this.summary, ...carried };
    }
    const labelsNumeric = this.labelsNumeric.finish();
    const labelKeys = this.allLabelsNumeric ? this.labelKeys.finish() : this.labelTextKeys.finish();
    const keyOf = this.allLabelsNumeric ? this.keyOf : this.textKeyOf;
    const requested = this.options.task ?? "auto";
    this.refuseNumbersWithText(requested);
    const classification =
      requested === "classification" ||
      (requested === "auto" && (!this.allLabelsNumeric || (this.allLabelsInteger && this.keyOf.size <= 20)));
    let y: Tensor;
    let classes: Array<string | number> | null = null;
    let task: Task = "regression";
    if (classification) {
      if (keyOf.size > MAX_CLASSES) {
        throw new NnlabError(`${this.source}: a classification label must have at most ${MAX_CLASSES} classes; received more`);
      }
      const keys = [...keyOf.keys()];
      const order = this.allLabelsNumeric
        ? keys.map((k, i) => ({ k, i })).sort((a, b) => Number(a.k) - Number(b.k))
        : keys.map((k, i) => ({ k, i })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      const indexOfKey = new Int32Array(keys.length);
      order.forEach((entry, classIndex) => (indexOfKey[entry.i] = classIndex));
      classes = order.map((e) => (this.allLabelsNumeric ? Number(e.k) : e.k));
      y = Tensor.zeros(n, 1, this.dtype);
      for (let i = 0; i < n; i++) y.data[i] = indexOfKey[labelKeys[i]!]!;
      task = classes.length <= 2 ? "binary" : "multiclass";
    } else {
      if (!this.allLabelsNumeric) throw new NnlabError(`${this.source}: regression needs numeric labels; received text labels`);
      y = new Tensor(n, 1, this.dtype === "float64" ? (labelsNumeric as Float64Array) : Float32Array.from(labelsNumeric));
    }
    const names = this.columnNames;
    // numbers written two ways, one with a leading zero, read as one class (see paddedLabels)
    const merged = classification && this.allLabelsNumeric && this.textKeyOf.size > keyOf.size ? this.paddedLabels(labelKeys, this.labelTextKeys.finish()) : [];
    return {
      data: {
        x,
        y,
        featureNames: this.featureColumns.map((c) => names[c]!),
        labelName: names[this.labelColumn]!,
        task,
        classes,
        ids: rowIds(n),
        ...(part ? { part } : {}),
        ...(merged.length ? { mergedLabels: merged } : {}),
      },
      summary: this.summary,
      ...carried,
    };
  }

  private setColumns(names: string[], line: number): void {
    checkUniqueNames(names, `${this.source}:${line}`);
    this.columnNames = names;
    const resolve = (ref: string | number, what: string): number => {
      // digits that name no column are an index, as offered below (the CLI's --label 3 arrives as text, and
      // "or give its index 0..3; received \"3\"" refused the index it offered)
      const index = typeof ref === "number" ? ref : names.includes(ref) || !/^\d+$/.test(ref) ? names.indexOf(ref) : Number(ref);
      if (!Number.isInteger(index) || index < 0 || index >= names.length) {
        throw new NnlabError(
          `${this.source}:${line}: ${what} must name a column (${names.map((n) => JSON.stringify(n)).join(", ")}) or give its index 0..${names.length - 1}; received ${JSON.stringify(ref)}`,
        );
      }
      return index;
    };
    if (names.length < (this.options.label === false ? 1 : 2)) {
      throw new NnlabError(`${this.source}:${line}: expected at least 2 columns (features and a label); received ${names.length}`);
    }
    const label = this.options.label;
    this.splitColumn = this.options.splitColumn === undefined ? -1 : resolve(this.options.splitColumn, "the split column");
    const lastOther = names.length - 1 === this.splitColumn ? names.length - 2 : names.length - 1;
    this.labelColumn = label === false ? -1 : resolve(label ?? lastOther, "label");
    if (this.splitColumn >= 0 && this.splitColumn === this.labelColumn) {
      throw new NnlabError(`${this.source}: the split column ${JSON.stringify(names[this.splitColumn])} cannot also be the label`);
    }
    this.featureColumns = this.options.features
      ? this.options.features.map((f) => resolve(f, "each feature"))
      : names.map((_, j) => j).filter((j) => j !== this.labelColumn && j !== this.splitColumn);
    const twice = this.featureColumns.find((c, k) => this.featureColumns.indexOf(c) !== k);
    if (twice !== undefined) {
      throw new NnlabError(`${this.source}: expected each feature column once; received ${JSON.stringify(names[twice])} more than once in data.features`);
    }
    if (this.options.header ?? true) {
      // pandas writes its index under an empty name: read as a feature, the row number would be an input
      const unnamed = this.featureColumns.find((c) => names[c]!.trim() === "");
      if (unnamed !== undefined) {
        throw new NnlabError(
          `${this.source}:${line}: expected a name for every feature column in the header; received none for column ${unnamed + 1} (an index written by pandas?): name it, or leave it out by naming the features in data.features`,
        );
      }
    }
    if (this.splitColumn >= 0 && this.featureColumns.includes(this.splitColumn)) {
      throw new NnlabError(`${this.source}: the split column ${JSON.stringify(names[this.splitColumn])} cannot also be a feature`);
    }
    if (this.featureColumns.includes(this.labelColumn)) {
      throw new NnlabError(`${this.source}: the label column ${JSON.stringify(names[this.labelColumn])} cannot also be a feature`);
    }
    if (this.options.carryColumns) {
      this.carriedColumns = names.map((_, j) => j).filter((j) => !this.featureColumns.includes(j));
      this.carriedCells = this.carriedColumns.map(() => new TextCells());
    }
    const expectedRows = Math.max(0, this.expectedRecords - ((this.options.header ?? true) ? 1 : 0));
    const features = this.featureColumns.length;
    this.row = new Float64Array(features);
    this.values = new RowStore(features, this.dtype === "float64" ? Float64Array : Float32Array, expectedRows);
    const labelRows = this.labelColumn >= 0 ? expectedRows : 0;
    // Labels stay float64 until finish (a regression target is converted once; 16 bytes a row).
    this.labelsNumeric = new RowStore(1, Float64Array, labelRows);
    this.labelKeys = new RowStore(1, Int32Array, labelRows);
    this.labelTextKeys = new RowStore(1, Int32Array, labelRows);
    this.parts = new RowStore(1, Int32Array, this.splitColumn >= 0 ? expectedRows : 0);
  }

  private addLabel(cell: string, line: number): boolean {
    const text = cell.trim();
    if (text === "") {
      this.problem({ line, column: this.labelColumn + 1, message: `label ${JSON.stringify(this.columnNames![this.labelColumn])} is missing` });
      return false;
    }
    const parsed = this.number(text);
    // A whole number beyond 2^53 has no exact double: 12345678901234567 read as ...568, and two such ids
    // could be one class. As a class label it is kept as written (a regression target stays a number).
    const inexact = typeof parsed === "number" && Number.isInteger(parsed) && !Number.isSafeInteger(parsed) && this.options.task !== "regression";
    const numeric = inexact ? "a whole number beyond 2^53" : parsed;
    if (typeof numeric === "string") {
      if (this.options.task === "regression") {
        this.problem({ line, column: this.labelColumn + 1, message: `label ${JSON.stringify(this.columnNames![this.labelColumn])} ${numeric}` });
        return false;
      }
      this.allLabelsNumeric = false;
      if (this.textLabelCells.length < 3) this.textLabelCells.push({ line, text });
      this.textLabelCount++;
    } else {
      this.numericLabelCells++;
      if (!Number.isInteger(numeric)) this.allLabelsInteger = false;
    }
    // Intern the label as a class key while there are few enough distinct values to be classes.
    this.labelsNumeric.pushValue(typeof numeric === "number" ? numeric : Number.NaN);
    this.labelKeys.pushValue(typeof numeric === "number" ? intern(this.keyOf, String(numeric)) : -1);
    this.labelTextKeys.pushValue(intern(this.textKeyOf, text));
    return true;
  }

  /**
   * The spellings of each class read from label cells written differently, where one of them has a leading
   * zero: "01" and "1" are one number and so one class, though as codes (a region, a product line) they may
   * name different things. "2" and "2.0" are one class by design, and not listed. Each entry a class's
   * number and its spellings as written, in the order met.
   */
  private paddedLabels(numericKeys: ArrayLike<number>, textKeys: ArrayLike<number>): Array<{ value: number; spellings: string[] }> {
    // (an id is its key's place in the map: intern)
    const texts = [...this.textKeyOf.keys()];
    const values = [...this.keyOf.keys()].map(Number);
    const spellings = new Map<number, string[]>();
    const seen = new Set<number>();
    for (let i = 0; i < numericKeys.length; i++) {
      const t = textKeys[i]!;
      if (t < 0 || seen.has(t)) continue;
      seen.add(t);
      const group = spellings.get(numericKeys[i]!) ?? [];
      group.push(texts[t]!);
      spellings.set(numericKeys[i]!, group);
    }
    return [...spellings]
      .filter(([, g]) => g.length > 1 && g.some((text) => LEADING_ZERO.test(text.trim())))
      .map(([id, g]) => ({ value: values[id]!, spellings: g }));
  }

  /**
   * Under task "auto", a label column of numbers with a few text cells ("NA", "?", "n/a") would be read as
   * classes, one per number: 80 prices and one "NA" trained an 81-class softmax. Refused, naming the cells,
   * where the numbers alone would be a regression target (not a few whole numbers, which are classes).
   */
  private refuseNumbersWithText(requested: string): void {
    if (requested !== "auto" || this.textLabelCount === 0 || this.numericLabelCells === 0) return;
    const numbersAreClasses = this.allLabelsInteger && this.keyOf.size <= 20;
    if (numbersAreClasses || this.textLabelCount > 0.05 * (this.numericLabelCells + this.textLabelCount)) return;
    const name = JSON.stringify(this.columnNames![this.labelColumn]);
    const cells = this.textLabelCells.map((c) => `${JSON.stringify(c.text)} on line ${c.line}`).join(", ");
    throw new NnlabError(
      `${this.source}: expected label ${name} to be numbers (a regression target) or classes; received numbers in ${this.numericLabelCells} rows and text in ${this.textLabelCount} (${cells}${this.textLabelCount > this.textLabelCells.length ? ", ..." : ""}), ` +
        `which would make each number a class of its own: missing values? Set data.task to "regression" (such rows are then refused, or dropped with onInvalidRow "drop"), or to "classification" to keep every value as a class`,
    );
  }

  private problem(problem: CsvProblem): void {
    const where = `${this.source}:${problem.line}${problem.column ? `:${problem.column}` : ""}`;
    if ((this.options.onInvalidRow ?? "error") === "error") {
      throw new NnlabError(`${where}: ${problem.message} (${this.options.invalidRowHint ?? 'pass onInvalidRow: "drop" to skip such rows'})`);
    }
    this.summary.dropped++;
    if (this.summary.problems.length < 20) this.summary.problems.push(problem);
  }
}

/**
 * A finite number, or a description of what is wrong with the cell. Number() alone would take "" and
 * "  " for 0 and "0x1F" for 31; those are refused. The fast path (a cell that starts with a digit, a
 * sign or a point) gives the same answers as the checks below without trimming or a regular expression,
 * which matters at twenty million cells.
 */
export function parseNumber(cell: string): number | string {
  const value = Number(cell);
  const first = cell.charCodeAt(0);
  if (Number.isFinite(value)) {
    // "1".."9", "-", "+", "." cannot start a blank cell or a 0x/0o/0b literal.
    if ((first >= 0x31 && first <= 0x39) || first === 0x2d || first === 0x2b || first === 0x2e) return value;
    if (first === 0x30 && (cell.length === 1 || !"xXoObB".includes(cell[1]!))) return value;
  }
  const text = cell.trim();
  if (text === "") return "is missing a value";
  if (!Number.isFinite(value) || /^0[xob]/i.test(text)) return `must be a number; received ${JSON.stringify(cell)}`;
  return value;
}

/**
 * parseNumber for a file whose numbers have decimal commas: "1,5" is 1.5; a decimal point is refused,
 * since in such a file "1.234" may well mean 1234.
 */
export function parseDecimalComma(cell: string): number | string {
  if (cell.includes(".")) return `must be a number written with a decimal comma, as in the file's first rows; received ${JSON.stringify(cell)}`;
  const value = parseNumber(cell.replace(",", "."));
  return typeof value === "string" ? parseNumber(cell) : value;
}

/** parseNumber for a semicolon- or tab-separated file whose first rows were read as writing decimal points. */
function parseNumberNamingDecimalComma(cell: string): number | string {
  const value = parseNumber(cell);
  if (typeof value === "string" && DECIMAL_COMMA_NUMBER.test(cell)) {
    return `${value} (a decimal comma, where the file's first rows were read as writing decimal points: they decide the decimal mark)`;
  }
  return value;
}

/** 0, 1, ..., n - 1: each row's position in the file's kept rows. */
function rowIds(n: number): Int32Array {
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}

/** Refuses a header that names a column twice: selecting it by name would silently read the first. */
function checkUniqueNames(names: string[], where: string): void {
  const positions = new Map<string, number[]>();
  names.forEach((name, j) => {
    const at = positions.get(name);
    if (at) at.push(j + 1);
    else positions.set(name, [j + 1]);
  });
  const repeated = [...positions].filter(([, at]) => at.length > 1);
  if (repeated.length === 0) return;
  const times = (n: number) => (n === 2 ? "twice" : `${n} times`);
  const list = (at: number[]) => `${at.slice(0, -1).join(", ")} and ${at[at.length - 1]}`;
  const what = repeated.map(([name, at]) => `column ${JSON.stringify(name)} appears ${times(at.length)} (columns ${list(at)})`).join("; ");
  throw new NnlabError(`${where}: ${what}; each column must have its own name`);
}

/** A number written with a zero before its first digit: "01", "-007", "00.5" (not "0", "0.5" or "-0"). */
const LEADING_ZERO = /^[+-]?0\d/;

/** The id of `key` in `keys`, added if new, while there are few enough to be classes; -1 past that. */
function intern(keys: Map<string, number>, key: string): number {
  if (keys.size > MAX_CLASSES) return -1; // past it the column is no set of classes: no lookup per row
  const id = keys.get(key);
  if (id !== undefined) return id;
  keys.set(key, keys.size);
  return keys.size - 1;
}
