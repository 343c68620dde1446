import { basename, dirname, extname, join } from "node:path";
import { exportModelFiles, type ExportFormat } from "../../node/export-files.js";
import { loadModelFile } from "../../node/save-file.js";
import { CliError, type GlobalOptions, output } from "../context.js";
import { refuseOverwritingInputs } from "../output-path.js";

const FORMATS: ExportFormat[] = ["onnx", "tfjs"];

/** Where an export goes by default: beside the model file, model.onnx or the folder model-tfjs/. */
export function defaultExportPath(modelPath: string, format: ExportFormat): string {
  const stem = basename(modelPath, extname(modelPath));
  return join(dirname(modelPath), format === "onnx" ? `${stem}.onnx` : `${stem}-tfjs`);
}

/** nnlab export <model.json> --format onnx|tfjs [--out PATH]: the model for ONNX Runtime or TensorFlow.js. */
export async function exportCommand(modelPath: string, options: GlobalOptions & { format: string; out?: string }): Promise<number> {
  const format = options.format as ExportFormat;
  if (!FORMATS.includes(format)) {
    throw new CliError(`--format must be ${FORMATS.join(" or ")}; received ${JSON.stringify(options.format)}`);
  }
  if (options.out === "") throw new CliError(`--out: expected a ${format === "onnx" ? "file" : "folder"} path; received an empty one`);
  const model = await loadModelFile(modelPath);
  const out = options.out ?? defaultExportPath(modelPath, format);
  // the export's files must not take the model's place: the trained model would be lost (exit 0, "Wrote ...")
  const written = format === "onnx" ? [out] : [join(out, "model.json"), join(out, "weights.bin")];
  await refuseOverwritingInputs("--out", out, written, [{ path: modelPath, what: "the model being exported" }]);
  const { files, bytes } = await exportModelFiles(model, format, out);
  const what = format === "onnx" ? `ONNX (opset 13, ${model.dtype})` : `TensorFlow.js layers model (float32 weights${model.normalization ? ", normalization folded into the first Dense layer" : ""}${model.targetNormalization ? ", the target's standardization into the last" : ""})`;
  output(options, { format, dtype: model.dtype, files, bytes }, () => `Wrote ${what}: ${files.join(", ")} (${bytes} bytes${files.length > 1 ? " in all" : ""})`);
  return 0;
}

