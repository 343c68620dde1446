import { open } from "node:fs/promises";
import { classificationMetrics, detectCsvDialect, type InputFeature, inputFeatures, type Metrics, oneLine, regressionMetrics, type Sequential } from "../../index.js";
import { loadModelFile, writeFileAtomic } from "../../node/save-file.js";
import { loadCsvFile } from "../../node/data-file.js";
import { CliError, type GlobalOptions, output } from "../context.js";
import { metricsLines } from "../metrics-text.js";
import { refuseOverwritingInputs } from "../output-path.js";

/**
 * nnlab predict <model.json> <data.csv> [--label COLUMN | --no-label]: predictions for each row, as CSV
 * (stdout or --out). When the file has a label column (named by --label, or the column the model was
 * trained to predict),
 * the predictions are scored against it: per-class metrics and the confusion matrix for a classifier,
 * MSE, MAE and R^2 for regression. They go to stderr when the CSV goes to stdout, so stdout stays a CSV.
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
    ...(labelName !== null ? { task: classifier ? ("classification" as const) : ("regression" as const) } : {}),
  });
  const { featureNames } = loaded.data;
  const x = from ? inputFeatures(loaded.data.x, model.featureNames as InputFeature[]) : loaded.data.x;
  if (x.cols !== model.inputSize) {
    throw new CliError(
      `${csvPath}: the model expects ${model.inputSize} features${model.featureNames ? ` (${model.featureNames.join(", ")})` : ""}; the file has ${x.cols} columns (${featureNames.join(", ")})`,
    );
  }
  const out = model.predict(x);
  const k = out.cols;
  const outputs = (i: number) => Array.from({ length: k }, (_, j) => out.get(i, j));
  let header: string[];
  let predictions: Array<string | number | number[]>;
  let rows: Array<Array<string | number>>;
  if (classifier) {
    // the class, then each class's probability
    const labels = model.predictLabels(x);
    const classNames = model.classes ?? (k === 1 ? [0, 1] : Array.from({ length: k }, (_, j) => j));
    header = [...featureNames, "prediction", ...(k === 1 ? [`p(${classNames[1]})`] : classNames.map((c) => `p(${c})`))];
    predictions = labels;
    rows = Array.from({ length: x.rows }, (_, i) => [...featureNames.map((_, j) => loaded.data.x.get(i, j)), labels[i]!, ...outputs(i)]);
  } else {
    // the predicted value of each output (a regression has no classes to name, nor probabilities)
    header = [...featureNames, ...(k === 1 ? ["prediction"] : Array.from({ length: k }, (_, j) => `prediction ${j + 1}`))];
    predictions = Array.from({ length: x.rows }, (_, i) => (k === 1 ? out.get(i, 0) : outputs(i)));
    rows = Array.from({ length: x.rows }, (_, i) => [...featureNames.map((_, j) => loaded.data.x.get(i, j)), ...outputs(i)]);
  }
  const quote = (v: unknown) => (typeof v === "string" && /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  const csv = [header, ...rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
  const metrics = labelName !== null ? scoreAgainstLabels(model, classifier, loaded.data, out, csvPath, labelName) : null;
  // writeFileAtomic names a folder given as --out, or a missing folder, in one line.
  if (options.out) await writeFileAtomic(options.out, csv);
  const scored = metrics ? metricsLines(metrics, `against column "${oneLine(String(labelName))}" of ${oneLine(csvPath)}`).join("\n") : "";
  if (metrics && !options.out && !options.json) process.stderr.write(scored + "\n");
  output(
    options,
    { rows: x.rows, predictions, out: options.out ?? null, label: labelName, metrics },
    () => (options.out ? `Wrote ${x.rows} predictions to ${options.out}${scored ? `\n\n${scored}` : ""}` : csv.trimEnd()),
  );
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
  out: { data: ArrayLike<number>; cols: number },
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
      throw new CliError(`${csvPath}: label ${JSON.stringify(c)} in column "${labelName}" is not one of the model's classes (${known.join(", ")})`);
    }
    return index;
  });
  const actual = Array.from({ length: data.y.rows }, (_, i) => toModel[data.y.data[i]!]!);
  // Sequential.classify's rule on the outputs already computed: one output above 0.5, else the argmax
  const predicted = Array.from({ length: data.y.rows }, (_, r) => {
    if (out.cols === 1) return out.data[r]! > 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < out.cols; j++) if (out.data[r * out.cols + j]! > out.data[r * out.cols + best]!) best = j;
    return best;
  });
  return classificationMetrics(actual, predicted, k, known);
}
