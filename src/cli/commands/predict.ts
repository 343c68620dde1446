import { open } from "node:fs/promises";
import { classificationMetrics, detectCsvDialect, type InputFeature, inputFeatures, type Metrics, oneLine, regressionMetrics, type Sequential, type Tensor, type TextCells } from "../../index.js";
import { loadModelFile, writeFileAtomicChunks } from "../../node/save-file.js";
import { describeFsError } from "../../node/fs-error.js";
import { loadCsvFile } from "../../node/data-file.js";
import { CliError, type GlobalOptions } from "../context.js";
import { metricsLines } from "../metrics-text.js";
import { refuseOverwritingInputs, refuseReplacingOtherThanPredictions } from "../output-path.js";

/**
 * nnlab predict <model.json> <data.csv> [--label COLUMN | --no-label]: predictions for each row, as CSV
 * (stdout or --out): the file's columns in its order (the features as read, any other column, an id or the
 * label, as written), then the predicted class and each class's probability, or each output's value. When
 * the file has a label column (named by --label, or the column the model was trained to predict),
 * the predictions are scored against it: per-class metrics and the confusion matrix for a classifier,
 * MSE, MAE and R^2 for regression. They go to stderr when the CSV goes to stdout, so stdout stays a CSV.
 * The CSV (and --json's rows) are written a block of rows at a time: memory is about the loaded data's
 * (every row as an array, then the whole text as one string, took 2.5 times it, and failed at 3 million
 * rows: "Invalid string length"). --json without --out makes no CSV.
 */
export async function predictCommand(modelPath: string, csvPath: string, options: GlobalOptions & { out?: string; label?: string | false }): Promise<number> {
  // Both loaders say what is wrong with a path in one line (missing, a folder, not a model, not a CSV).
  const model = await loadModelFile(modelPath);
  // checked before any work: the predictions must not take the model's or the data's place
  if (options.out) {
    await refuseOverwritingInputs("--out", options.out, [options.out], [
      { path: modelPath, what: "the model" },
      { path: csvPath, what: "the CSV being predicted" },
    ]);
    await refuseReplacingOtherThanPredictions("--out", options.out);
  }
  await checkFeatureColumns(model, csvPath);
  const labelName = await labelColumn(model, csvPath, options.label);
  const classifier = model.predictsClasses();
  // inputs computed by data.inputFeatures (x1^2, sin x1, ...) start again from the two columns they came from
  const from = model.inputFeaturesFrom;
  const loaded = await loadCsvFile(csvPath, {
    label: labelName ?? false,
    features: from ?? model.featureNames ?? undefined,
    invalidRowHint:
      labelName === null
        ? "every row needs a number in each of the model's feature columns: fix or remove such rows"
        : `every row needs a number in each of the model's feature columns, and a label in ${JSON.stringify(labelName)} to score against (--no-label scores nothing): fix or remove such rows`,
    // the model fixes its columns: "name the numeric columns in data.features" is a spec's choice
    textColumnHint: "the model was trained on numbers in this column",
    ...(labelName !== null ? { task: classifier ? ("classification" as const) : ("regression" as const) } : {}),
    // an id, the label, any other column: written back beside the predictions, so that each row keeps what names it
    carryColumns: true,
  });
  const { featureNames } = loaded.data;
  const x = from ? inputFeatures(loaded.data.x, model.featureNames as InputFeature[]) : loaded.data.x;
  if (x.cols !== model.inputSize) {
    throw new CliError(
      `${csvPath}: the model expects ${model.inputSize} features${model.featureNames ? ` (${model.featureNames.join(", ")})` : ""}; the file has ${x.cols} columns (${featureNames.join(", ")})`,
    );
  }
  // Sequential.predict evaluates a large file a block of rows at a time; its outputs (rows x classes) are
  // small beside the data, and are all the labels, probabilities and metrics below are read from.
  const out = model.predict(x);
  const k = out.cols;
  const rows = x.rows;
  const values = out.data;
  refuseNonFiniteOutputs(values, k, x, from ? (model.featureNames ?? []) : featureNames, csvPath, model.dtype);
  // a classifier's class names, in the order of its outputs (of p(class 1) for one sigmoid output)
  const classNames = classifier ? (model.classes ?? (k === 1 ? [0, 1] : Array.from({ length: k }, (_, j) => j))) : null;
  const predicted = classNames ? model.classesOf(out) : null;
  const label = (i: number) => classNames![predicted![i]!]!;
  const outputs = (i: number) => Array.from(values.subarray(i * k, (i + 1) * k));
  // the class, then each class's probability; a regression: the predicted value of each output
  const added = classNames
    ? ["prediction", ...(k === 1 ? [`p(${classNames[1]})`] : classNames.map((c) => `p(${c})`))]
    : k === 1
      ? ["prediction"]
      : Array.from({ length: k }, (_, j) => `prediction ${j + 1}`);
  // the file's columns in its order, each feature's as read (its number) and any other as written
  const { header, columns: carriedCells } = loaded.carried!;
  const fileColumns = header.map((name) => (featureNames.includes(name) ? featureNames.indexOf(name) : carriedCells.get(name)!));
  const columns = uniqueColumnNames(added, header);
  const metrics = labelName !== null ? scoreAgainstLabels(model, classifier, loaded.data, out, csvPath, labelName) : null;
  const csv = () => csvChunks([...header, ...columns], fileColumns, loaded.data.x, values, k, classNames ? label : null);
  // writeFileAtomicChunks names a folder given as --out, or a missing folder, in one line.
  if (options.out) await writeFileAtomicChunks(options.out, csv());
  const clashes = added.filter((name, j) => name !== columns[j]);
  if (clashes.length && (options.out || !options.json)) {
    const names = (list: readonly string[]) => list.map((name) => JSON.stringify(oneLine(name))).join(", ");
    const renamed = columns.filter((name, j) => name !== added[j]);
    process.stderr.write(
      `predict: ${oneLine(csvPath)} has ${clashes.length > 1 ? "columns" : "a column"} named ${names(clashes)}: the predictions' ${clashes.length > 1 ? "columns are" : "column is"} ${names(renamed)}\n`,
    );
  }
  const scored = metrics ? metricsLines(metrics, `against column "${oneLine(String(labelName))}" of ${oneLine(csvPath)}`).join("\n") : "";
  if (metrics && !options.out && !options.json) process.stderr.write(scored + "\n");
  if (options.json) {
    // written a block of rows at a time, as the CSV: the same text as JSON.stringify(..., null, 2), which
    // for millions of rows would be longer than a string can be
    await writeStdout(
      prettyJsonChunks({
        rows,
        predictions: new RowArray(rows, classNames ? label : k === 1 ? (i) => values[i]! : outputs),
        // each row's probability of each class, in the order of `classes` (1 - p and p for one sigmoid output)
        classes: classNames,
        probabilities: classNames ? new RowArray(rows, k === 1 ? (i) => [1 - values[i]!, values[i]!] : outputs) : null,
        out: options.out ?? null,
        label: labelName,
        metrics,
      }),
    );
  } else if (options.out) {
    await writeStdout([`Wrote ${rows} predictions to ${options.out}${scored ? `\n\n${scored}` : ""}\n`]);
  } else {
    await writeStdout(csv());
  }
  return 0;
}

/**
 * The label column: --label when given (it must be in the header; --no-label: none), else the column the
 * model was trained to predict where the CSV has it (none where it has not: an "id" column beside the
 * features is not a label). A model saved before it kept its label's name: the one header column that is
 * not among its features, as before (null when there is none, or more than one).
 */
async function labelColumn(model: Sequential, csvPath: string, requested: string | false | undefined): Promise<string | null> {
  if (requested === false) return null;
  const header = await readHeader(csvPath);
  if (model.labelName !== null && requested === undefined) return header?.includes(model.labelName) ? model.labelName : null;
  if (requested !== undefined) {
    if (header && !header.includes(requested)) throw new CliError(`${csvPath}: --label ${requested}: no such column (columns: ${header.join(", ")})`);
    if (model.featureNames?.includes(requested)) throw new CliError(`${csvPath}: --label ${requested}: that column is one of the model's features`);
    return requested;
  }
  if (!header || !model.featureNames) return null;
  const extra = header.filter((name) => !model.featureNames!.includes(name));
  return extra.length === 1 ? extra[0]! : null;
}

/**
 * The model's feature columns (or the columns its computed inputs come from) that the file's header lacks,
 * said as predict's own problem: the loader's "each feature must name a column ... or give its index" is
 * the spec's wording, and predict has no indexes to give.
 */
async function checkFeatureColumns(model: Sequential, csvPath: string): Promise<void> {
  const wanted = model.inputFeaturesFrom ?? model.featureNames;
  const header = wanted ? await readHeader(csvPath) : null;
  if (!wanted || !header) return;
  const missing = wanted.filter((name) => !header.includes(name));
  // an empty file has no header to list ("its columns: " named nothing)
  if (missing.length && header.every((name) => name.trim() === "")) throw new CliError(`${csvPath}: expected a CSV with a header line naming the model's feature columns; received an empty file`);
  if (missing.length) {
    const list = (names: readonly string[]) => (names.length > 12 ? `${names.slice(0, 12).join(", ")}, ... (${names.length} in all)` : names.join(", "));
    throw new CliError(`${csvPath}: expected the model's feature column${missing.length > 1 ? "s" : ""} ${list(missing)}; received a file without ${missing.length > 1 ? "them" : "it"} (its columns: ${list(header)})`);
  }
}

/**
 * The first line's column names (split at the separator the loader finds, double quotes as CSV has
 * them); null when unreadable (the loader then says why).
 */
async function readHeader(path: string): Promise<string[] | null> {
  let text: string;
  try {
    const file = await open(path, "r");
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
      text = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
    } finally {
      await file.close();
    }
  } catch {
    return null;
  }
  // not text: the loader says so (refuseBinaryCsv), rather than a header of garbage
  if (text.includes("\u0000")) return null;
  const separator = detectCsvDialect(text).delimiter;
  const names: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) names.push(field.trim()), (field = "");
    else if (c === "\n" || c === "\r") break;
    else field += c;
  }
  names.push(field.trim());
  return names;
}

/** The predictions scored against the file's labels, in the model's class indices. */
function scoreAgainstLabels(
  model: Sequential,
  classifier: boolean,
  data: { y: { data: ArrayLike<number>; rows: number }; classes: Array<string | number> | null },
  out: Tensor,
  csvPath: string,
  labelName: string,
): Metrics {
  if (!classifier) return regressionMetrics(data.y.data, out.data, out.cols);
  const k = model.outputSize === 1 ? 2 : model.outputSize;
  const known = model.classes ?? Array.from({ length: k }, (_, j) => j);
  // the file's own class order (sorted) -> the model's class index, matched by the label's text
  const fileClasses = data.classes ?? [];
  const toModel = fileClasses.map((c) => {
    const index = known.findIndex((m) => String(m) === String(c));
    if (index < 0) {
      throw new CliError(`${csvPath}: label ${JSON.stringify(c)} in column "${labelName}" is not one of the model's classes (${known.join(", ")}): fix the label, or score nothing with --no-label`);
    }
    return index;
  });
  const actual = Array.from({ length: data.y.rows }, (_, i) => toModel[data.y.data[i]!]!);
  const predicted = model.classesOf(out);
  return classificationMetrics(actual, predicted, k, known);
}

/**
 * The added columns' names (prediction, p(class), ...), none the same as one of the file's columns (all
 * are written back): a clash gets ".1" (".2", ... where that is taken too). Not refused: the features are
 * matched by name, so a model with a feature called "prediction" could then never predict without being
 * trained again on a renamed column, and a file of earlier predictions has one; and not the file's column
 * renamed, as a script reads the inputs by the names it gave them. ".1" is what pandas
 * calls the second of two columns of one name, so a pandas user reads the same frame as before, where other
 * readers (csv.DictReader, a spreadsheet's lookup) silently took one column for the other.
 */
function uniqueColumnNames(added: readonly string[], taken: readonly string[]): string[] {
  const used = new Set(taken);
  return added.map((name) => {
    let unique = name;
    for (let n = 1; used.has(unique); n++) unique = `${name}.${n}`;
    used.add(unique);
    return unique;
  });
}

/** Rows per chunk written: a few MB of text for 20 columns, a small fraction of the data's own memory. */
const CHUNK_ROWS = 10_000;

/** A CSV field: text quoted where it holds a quote, separator or line break (or starts or ends with a space); a number as String gives it. */
const quote = (v: string | number) => (typeof v === "string" && /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));

/**
 * The predictions CSV, CHUNK_ROWS rows a chunk: the file's columns in its order (`fileColumns`: a feature's
 * index, whose number as read is written, or the cells of a column that is not a feature, as written),
 * then the class and each class's probability (`label` given), or each output's value. Only one chunk is
 * held at a time: the whole text of a 3-million-row file was longer than a string may be.
 */
function* csvChunks(
  header: readonly string[],
  fileColumns: ReadonlyArray<number | TextCells>,
  features: Tensor,
  out: ArrayLike<number>,
  k: number,
  label: ((i: number) => string | number) | null,
): Generator<string> {
  yield header.map(quote).join(",") + "\n";
  const { rows, cols, data } = features;
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const end = Math.min(rows, start + CHUNK_ROWS);
    const lines: string[] = [];
    for (let i = start; i < end; i++) {
      const cells: Array<string | number> = [];
      for (const column of fileColumns) cells.push(typeof column === "number" ? data[i * cols + column]! : quote(column.get(i)));
      if (label) cells.push(quote(label(i)));
      for (let j = 0; j < k; j++) cells.push(out[i * k + j]!);
      lines.push(cells.join(","));
    }
    yield lines.join("\n") + "\n";
  }
}

/** An array of one item per row, made as it is written (prettyJsonChunks). */
class RowArray {
  constructor(
    readonly length: number,
    readonly item: (i: number) => unknown,
  ) {}
}

/**
 * JSON.stringify(object, null, 2) + "\n", the text exactly, in chunks: a RowArray value is written CHUNK_ROWS
 * items at a time, never held whole as text (or, made row by row, as values).
 */
function* prettyJsonChunks(object: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return yield "{}\n";
  yield "{\n";
  for (const [n, [key, value]] of entries.entries()) {
    const end = n === entries.length - 1 ? "\n" : ",\n";
    const name = `  ${JSON.stringify(key)}: `;
    if (!(value instanceof RowArray)) {
      yield name + JSON.stringify(value, null, 2).replace(/\n/g, "\n  ") + end;
    } else if (value.length === 0) {
      yield `${name}[]${end}`;
    } else {
      yield `${name}[\n`;
      for (let start = 0; start < value.length; start += CHUNK_ROWS) {
        const stop = Math.min(value.length, start + CHUNK_ROWS);
        const lines: string[] = [];
        for (let i = start; i < stop; i++) lines.push("    " + (JSON.stringify(value.item(i), null, 2) ?? "null").replace(/\n/g, "\n    "));
        yield lines.join(",\n") + (stop < value.length ? ",\n" : "\n");
      }
      yield `  ]${end}`;
    }
  }
  yield "}\n";
}

/**
 * Writes the chunks to stdout one at a time, each handed on to the system before the next is made (a
 * pipe's reader sets the pace; nothing piles up in memory), and all of it before the command returns: the
 * CSV as one write into a pipe (`| cat`, `| python ...`) was cut at the pipe's 64 KiB, the rest still
 * queued when bin.ts's process.exit came. A reader that closes the pipe early (`| head`) ends the output
 * quietly with the command's exit code, as before; any other failure (a full disk behind `> file`) is an
 * error, where the one write had lost it and exited 0.
 */
async function writeStdout(chunks: Iterable<string>): Promise<void> {
  const stdout = process.stdout;
  let failure: unknown = null;
  const onError = (error: unknown) => void (failure ??= error);
  stdout.on("error", onError);
  try {
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => stdout.write(chunk, (error) => resolve(void (error && (failure ??= error)))));
      if (failure) break;
    }
  } finally {
    // once a write failed the stream is destroyed, and its "error" event may follow the write's callback:
    // the listener stays for it (an "error" no one listens to would end the process with a stack trace)
    if (!failure) stdout.off("error", onError);
  }
  if (failure && (failure as NodeJS.ErrnoException).code !== "EPIPE") {
    throw new CliError(describeFsError(failure, "stdout", "cannot write the predictions") ?? `stdout: cannot write the predictions: ${(failure as Error).message}`);
  }
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A row whose outputs are not numbers: a finite but huge feature value (1e39 in a float32 model) overflows
 * inside the network, and its probabilities came out NaN beside a class label, exit 0 (an export audit),
 * where a NaN cell itself is refused. Said in one line with the row's largest value.
 */
function refuseNonFiniteOutputs(values: ArrayLike<number>, k: number, x: Tensor, names: readonly string[], csvPath: string, dtype: string): void {
  // a float32 network reads a value beyond float32's range as infinite: said as the value it is
  if (dtype === "float32") {
    for (let i = 0; i < x.data.length; i++) {
      if (Math.abs(x.data[i]!) > FLOAT32_MAX) {
        const [row, col] = [Math.floor(i / x.cols), i % x.cols];
        throw new CliError(`${csvPath}: expected feature values within a float32 model's range (±3.4e38); received ${x.data[i]} in ${JSON.stringify(names[col] ?? `column ${col + 1}`)} of data row ${row + 1}`);
      }
    }
  }
  let bad = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      bad = Math.floor(i / k);
      break;
    }
  }
  if (bad < 0) return;
  let largest = 0;
  for (let j = 1; j < x.cols; j++) if (Math.abs(x.data[bad * x.cols + j]!) > Math.abs(x.data[bad * x.cols + largest]!)) largest = j;
  const name = names[largest] ?? `column ${largest + 1}`;
  throw new CliError(
    `${csvPath}: expected feature values the model can compute with; received data row ${bad + 1}, whose prediction is not a number (its largest value: ${JSON.stringify(name)} = ${x.data[bad * x.cols + largest]}, which overflows a ${dtype} network)`,
  );
}
