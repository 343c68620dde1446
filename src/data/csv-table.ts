import { NnlabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset, Task } from "./dataset.js";

export interface CsvOptions {
  /** The label column, by header name or 0-based index; false for none (data to predict on). Default: the last column. */
  label?: string | number | false;
  /** The feature columns, by name or index. Default: every column but the label. */
  features?: Array<string | number>;
  /** Whether the first row names the columns. Default true (otherwise columns are c1, c2, ...). */
  header?: boolean;
  /** Field separator. Default ",". */
  delimiter?: string;
  /**
   * "classification" maps labels (strings or numbers) to classes; "regression" reads them as numbers.
   * Default "auto": non-numeric labels, or at most 20 distinct integers, mean classification.
   */
  task?: "auto" | "classification" | "regression";
  /** "error" (default) stops at the first bad row; "drop" skips it and counts it in the summary. */
  onInvalidRow?: "error" | "drop";
  /** Name used in messages, e.g. the file path. Default "csv". */
  source?: string;
}

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
}

const MAX_CLASSES = 1000;

/**
 * Turns parsed CSV records into a Dataset, one record at a time (so a file never has to sit in memory
 * as text). Every cell is checked; nothing is read silently wrong.
 */
export class CsvTableBuilder {
  private readonly options: CsvOptions;
  private readonly source: string;
  private columnNames: string[] | null = null;
  private featureColumns: number[] = [];
  private labelColumn = -1;
  private values = new Float64Array(1024);
  private labelsNumeric = new Float64Array(256);
  private labelKeys = new Int32Array(256);
  private readonly keyOf = new Map<string, number>();
  private allLabelsNumeric = true;
  private allLabelsInteger = true;
  private rows = 0;
  private readonly summary: CsvSummary = { rows: 0, kept: 0, dropped: 0, problems: [] };

  constructor(options: CsvOptions = {}) {
    this.options = options;
    this.source = options.source ?? "csv";
    if (options.onInvalidRow !== undefined && options.onInvalidRow !== "error" && options.onInvalidRow !== "drop") {
      throw new NnlabError(`${this.source}: onInvalidRow must be "error" or "drop"; received ${JSON.stringify(options.onInvalidRow)}`);
    }
  }

  /** Adds one record; `line` is its 1-based line in the file, for messages. */
  add(record: string[], line: number): void {
    if (!this.columnNames) {
      if (this.options.header ?? true) {
        this.setColumns(record.map((c) => c.trim()), line);
        return;
      }
      this.setColumns(record.map((_, j) => `c${j + 1}`), line);
    }
    this.summary.rows++;
    const names = this.columnNames!;
    if (record.length !== names.length) {
      this.problem({ line, message: `expected ${names.length} columns (like the header); received ${record.length}` });
      return;
    }
    const nf = this.featureColumns.length;
    this.reserve(this.rows + 1);
    const base = this.rows * nf;
    for (let k = 0; k < nf; k++) {
      const column = this.featureColumns[k]!;
      const value = parseNumber(record[column]!);
      if (typeof value === "string") {
        this.problem({ line, column: column + 1, message: `column "${names[column]}" ${value}` });
        return;
      }
      this.values[base + k] = value;
    }
    if (this.labelColumn >= 0 && !this.addLabel(record[this.labelColumn]!, line)) return;
    this.rows++;
    this.summary.kept++;
  }

  /** The dataset and what was read, dropped and why. */
  finish(): CsvResult {
    if (!this.columnNames) throw new NnlabError(`${this.source}: expected a header and at least one data row; received an empty file`);
    if (this.rows === 0) {
      throw new NnlabError(`${this.source}: expected at least one valid data row; received none (${this.summary.dropped} dropped)`);
    }
    const n = this.rows;
    const nf = this.featureColumns.length;
    const x = new Tensor(n, nf, this.values.slice(0, n * nf));
    if (this.labelColumn < 0) {
      const featureNames = this.featureColumns.map((c) => this.columnNames![c]!);
      const ids = Int32Array.from({ length: n }, (_, i) => i);
      const data: Dataset = { x, y: Tensor.zeros(n, 0, "float64"), featureNames, labelName: "", task: "regression", classes: null, ids };
      return { data, summary: this.summary };
    }
    const requested = this.options.task ?? "auto";
    const classification =
      requested === "classification" ||
      (requested === "auto" && (!this.allLabelsNumeric || (this.allLabelsInteger && this.keyOf.size <= 20)));
    let y: Tensor;
    let classes: Array<string | number> | null = null;
    let task: Task = "regression";
    if (classification) {
      if (this.keyOf.size > MAX_CLASSES) {
        throw new NnlabError(`${this.source}: a classification label must have at most ${MAX_CLASSES} classes; received more`);
      }
      const keys = [...this.keyOf.keys()];
      const order = this.allLabelsNumeric
        ? keys.map((k, i) => ({ k, i })).sort((a, b) => Number(a.k) - Number(b.k))
        : keys.map((k, i) => ({ k, i })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      const indexOfKey = new Int32Array(keys.length);
      order.forEach((entry, classIndex) => (indexOfKey[entry.i] = classIndex));
      classes = order.map((e) => (this.allLabelsNumeric ? Number(e.k) : e.k));
      y = Tensor.zeros(n, 1, "float64");
      for (let i = 0; i < n; i++) y.data[i] = indexOfKey[this.labelKeys[i]!]!;
      task = classes.length <= 2 ? "binary" : "multiclass";
    } else {
      if (!this.allLabelsNumeric) throw new NnlabError(`${this.source}: regression needs numeric labels; received text labels`);
      y = new Tensor(n, 1, this.labelsNumeric.slice(0, n));
    }
    const names = this.columnNames;
    return {
      data: {
        x,
        y,
        featureNames: this.featureColumns.map((c) => names[c]!),
        labelName: names[this.labelColumn]!,
        task,
        classes,
        ids: Int32Array.from({ length: n }, (_, i) => i),
      },
      summary: this.summary,
    };
  }

  private setColumns(names: string[], line: number): void {
    this.columnNames = names;
    const resolve = (ref: string | number, what: string): number => {
      const index = typeof ref === "number" ? ref : names.indexOf(ref);
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
    this.labelColumn = label === false ? -1 : resolve(label ?? names.length - 1, "label");
    this.featureColumns = this.options.features
      ? this.options.features.map((f) => resolve(f, "each feature"))
      : names.map((_, j) => j).filter((j) => j !== this.labelColumn);
    if (this.featureColumns.includes(this.labelColumn)) {
      throw new NnlabError(`${this.source}: the label column "${names[this.labelColumn]}" cannot also be a feature`);
    }
  }

  private addLabel(cell: string, line: number): boolean {
    const text = cell.trim();
    if (text === "") {
      this.problem({ line, column: this.labelColumn + 1, message: `label "${this.columnNames![this.labelColumn]}" is missing` });
      return false;
    }
    const numeric = parseNumber(text);
    if (typeof numeric === "string") {
      if (this.options.task === "regression") {
        this.problem({ line, column: this.labelColumn + 1, message: `label "${this.columnNames![this.labelColumn]}" ${numeric}` });
        return false;
      }
      this.allLabelsNumeric = false;
    } else {
      if (!Number.isInteger(numeric)) this.allLabelsInteger = false;
      this.labelsNumeric[this.rows] = numeric;
    }
    // Intern the label as a class key while there are few enough distinct values to be classes.
    if (this.keyOf.size <= MAX_CLASSES) {
      const key = typeof numeric === "number" ? String(numeric) : text;
      let id = this.keyOf.get(key);
      if (id === undefined) {
        id = this.keyOf.size;
        this.keyOf.set(key, id);
      }
      this.labelKeys[this.rows] = id;
    }
    return true;
  }

  private problem(problem: CsvProblem): void {
    const where = `${this.source}:${problem.line}${problem.column ? `:${problem.column}` : ""}`;
    if ((this.options.onInvalidRow ?? "error") === "error") {
      throw new NnlabError(`${where}: ${problem.message} (pass onInvalidRow: "drop" to skip such rows)`);
    }
    this.summary.dropped++;
    if (this.summary.problems.length < 20) this.summary.problems.push(problem);
  }

  private reserve(rows: number): void {
    const nf = this.featureColumns.length;
    if (rows * nf > this.values.length) this.values = grow(this.values, new Float64Array(capacity(this.values.length, rows * nf)));
    if (rows > this.labelsNumeric.length) {
      this.labelsNumeric = grow(this.labelsNumeric, new Float64Array(capacity(this.labelsNumeric.length, rows)));
      this.labelKeys = grow(this.labelKeys, new Int32Array(capacity(this.labelKeys.length, rows)));
    }
  }
}

/** Doubling keeps appends amortized O(1). */
function capacity(current: number, atLeast: number): number {
  let size = Math.max(1, current) * 2;
  while (size < atLeast) size *= 2;
  return size;
}

function grow<T extends Float64Array | Int32Array>(array: T, into: T): T {
  into.set(array);
  return into;
}

/** A finite number, or a description of what is wrong with the cell. */
function parseNumber(cell: string): number | string {
  const text = cell.trim();
  if (text === "") return "is missing a value";
  const value = Number(text);
  if (!Number.isFinite(value) || /^0[xob]/i.test(text)) return `must be a number; received ${JSON.stringify(cell)}`;
  return value;
}
