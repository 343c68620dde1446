import { loadModelFile, writeFileAtomic } from "../../node/save-file.js";
import { loadCsvFile } from "../../node/data-file.js";
import { CliError, type GlobalOptions, output } from "../context.js";

/** nnlab predict <model.json> <data.csv>: predictions for each row, as CSV (stdout or --out). */
export async function predictCommand(modelPath: string, csvPath: string, options: GlobalOptions & { out?: string }): Promise<number> {
  // Both loaders say what is wrong with a path in one line (missing, a folder, not a model, not a CSV).
  const model = await loadModelFile(modelPath);
  const loaded = await loadCsvFile(csvPath, { label: false, features: model.featureNames ?? undefined });
  const { x, featureNames } = loaded.data;
  if (x.cols !== model.inputSize) {
    throw new CliError(
      `${csvPath}: the model expects ${model.inputSize} features${model.featureNames ? ` (${model.featureNames.join(", ")})` : ""}; the file has ${x.cols} columns (${featureNames.join(", ")})`,
    );
  }
  const out = model.predict(x);
  const labels = model.predictLabels(x);
  const k = out.cols;
  const classNames = model.classes ?? (k === 1 ? [0, 1] : Array.from({ length: k }, (_, j) => j));
  const probabilityColumns = k === 1 ? [`p(${classNames[1]})`] : classNames.map((c) => `p(${c})`);
  const rows = Array.from({ length: x.rows }, (_, i) => [
    ...featureNames.map((_, j) => x.get(i, j)),
    labels[i]!,
    ...Array.from({ length: k }, (_, j) => out.get(i, j)),
  ]);
  const quote = (v: unknown) => (typeof v === "string" && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  const csv = [[...featureNames, "prediction", ...probabilityColumns], ...rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
  // writeFileAtomic names a folder given as --out, or a missing folder, in one line.
  if (options.out) await writeFileAtomic(options.out, csv);
  output(
    options,
    { rows: x.rows, predictions: labels, out: options.out ?? null },
    () => (options.out ? `Wrote ${x.rows} predictions to ${options.out}` : csv.trimEnd()),
  );
  return 0;
}
