import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { NnlabError } from "../errors.js";
import { toOnnx, type ToOnnxOptions } from "../export/onnx.js";
import { toTfjs, type ToTfjsOptions } from "../export/tfjs.js";
import type { Sequential } from "../model/sequential.js";
import { describeFsError } from "./fs-error.js";
import { writeFileAtomic } from "./save-file.js";

export type ExportFormat = "onnx" | "tfjs";

/** What an export wrote: the files, and their total size in bytes. */
export interface ExportedFiles {
  format: ExportFormat;
  files: string[];
  bytes: number;
}

/** Writes the model as one ONNX file at `path` (atomically). */
export async function saveOnnxFile(model: Sequential, path: string, options: ToOnnxOptions = {}): Promise<ExportedFiles> {
  const bytes = toOnnx(model, options);
  await writeFileAtomic(path, bytes, { exampleName: "model.onnx" });
  return { format: "onnx", files: [path], bytes: bytes.length };
}

/**
 * Writes the model as a TensorFlow.js layers model into the folder `folder` (made if missing):
 * model.json and weights.bin, each atomically, the weights first so that a model.json never names
 * weights that are not there yet.
 */
export async function saveTfjsFiles(model: Sequential, folder: string, options: ToTfjsOptions = {}): Promise<ExportedFiles> {
  const { modelJson, weights } = toTfjs(model, options);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const isFile = await stat(folder).then((s) => !s.isDirectory(), () => false);
    if (code === "EEXIST" || code === "ENOTDIR" || isFile) {
      throw new NnlabError(`${folder}: expected a folder for the TensorFlow.js model (model.json and weights.bin); ${isFile ? "it is a file" : "a part of that path is a file"}`);
    }
    throw new NnlabError(describeFsError(error, folder, "cannot make the folder") ?? `${folder}: cannot make the folder (${(error as Error).message})`);
  }
  const weightsFile = join(folder, modelJson.weightsManifest[0]!.paths[0]!);
  const jsonFile = join(folder, "model.json");
  // both names must be free for files before either is written: a folder named model.json failed the second
  // write and left the new weights.bin beside whatever model.json named before
  for (const file of [weightsFile, jsonFile]) {
    if (await stat(file).then((s) => s.isDirectory(), () => false)) {
      throw new NnlabError(`${file}: expected to write the TensorFlow.js model's file there; received a folder of that name (give --out another folder)`);
    }
  }
  await writeFileAtomic(weightsFile, weights);
  const text = JSON.stringify(modelJson);
  await writeFileAtomic(jsonFile, text);
  return { format: "tfjs", files: [jsonFile, weightsFile], bytes: weights.length + Buffer.byteLength(text) };
}

/** saveOnnxFile or saveTfjsFiles by format name. */
export function exportModelFiles(model: Sequential, format: ExportFormat, out: string): Promise<ExportedFiles> {
  if (format === "onnx") return saveOnnxFile(model, out);
  if (format === "tfjs") return saveTfjsFiles(model, out);
  throw new NnlabError(`exportModelFiles: format must be "onnx" or "tfjs"; received ${JSON.stringify(format)}`);
}
