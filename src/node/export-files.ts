import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { NnlabError } from "../errors.js";
import { toOnnx, type ToOnnxOptions } from "../export/onnx.js";
import { toTfjs, type ToTfjsOptions } from "../export/tfjs.js";
import type { Sequential } from "../model/sequential.js";
import { describeFsError } from "./fs-error.js";
import { fileHead, writeFileAtomic } from "./save-file.js";

export type ExportFormat = "onnx" | "tfjs";

/** What an export wrote: the files, and their total size in bytes. */
export interface ExportedFiles {
  format: ExportFormat;
  files: string[];
  bytes: number;
}

/**
 * Writes the model as one ONNX file at `path` (atomically). A file there that is not an ONNX model (an
 * earlier export, fine to replace) is refused: --out at another run's model.json or at the training CSV
 * replaced it, exit 0 (an export audit), where the TensorFlow.js export refused the same.
 */
export async function saveOnnxFile(model: Sequential, path: string, options: ToOnnxOptions = {}): Promise<ExportedFiles> {
  const head = await fileHead(path, 1);
  // an ONNX ModelProto begins with its field 1, ir_version, a varint: the tag byte 0x08
  if (head && head.length > 0 && head[0] !== 0x08) {
    throw new NnlabError(`${path}: expected a new file, or an earlier ONNX export to replace; received a file that is not one (another run's model? the data?): give --out another name`);
  }
  const bytes = toOnnx(model, options);
  await writeFileAtomic(path, bytes, { exampleName: "model.onnx" });
  return { format: "onnx", files: [path], bytes: bytes.length };
}

/**
 * Writes the model as a TensorFlow.js layers model into the folder `folder` (made if missing, in a folder
 * that exists, as an ONNX file's folder must): model.json and weights.bin, each atomically, the weights
 * first so that a model.json never names weights that are not there yet. Files of those names that are
 * not an earlier TensorFlow.js export are refused: --out at another run's folder replaced its trained
 * model.json, exit 0.
 */
export async function saveTfjsFiles(model: Sequential, folder: string, options: ToTfjsOptions = {}): Promise<ExportedFiles> {
  const { modelJson, weights } = toTfjs(model, options);
  try {
    await mkdir(folder);
  } catch (error) {
    if (!((error as NodeJS.ErrnoException).code === "EEXIST" && (await isFolder(folder)))) throw await folderError(error, folder);
  }
  const weightsFile = join(folder, modelJson.weightsManifest[0]!.paths[0]!);
  const jsonFile = join(folder, "model.json");
  // both names must be free for files before either is written: a folder named model.json failed the second
  // write and left the new weights.bin beside whatever model.json named before
  for (const file of [weightsFile, jsonFile]) {
    if (await isFolder(file)) {
      throw new NnlabError(`${file}: expected to write the TensorFlow.js model's file there; received a folder of that name (give --out another folder)`);
    }
  }
  const earlier = await readFile(jsonFile, "utf8").then((text) => text, () => null);
  const anotherExport = earlier !== null && isLayersModel(earlier);
  for (const file of [jsonFile, weightsFile]) {
    if (!anotherExport && (await stat(file).then((s) => s.isFile(), () => false))) {
      throw new NnlabError(`${file}: expected a folder without a model.json and weights.bin, or an earlier TensorFlow.js export to replace; received a file that is not one (another run's model?): give --out another folder`);
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

const isFolder = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);

/** Why the export's folder could not be made, in one line. */
async function folderError(error: unknown, folder: string): Promise<NnlabError> {
  const code = (error as NodeJS.ErrnoException).code;
  // (made recursively, a typo in a parent folder made a tree of folders without a word)
  if (code === "ENOENT") return new NnlabError(`${folder}: cannot make the folder: the folder ${dirname(folder)} does not exist (ENOENT); create it first`);
  const isFile = await stat(folder).then((s) => !s.isDirectory(), () => false);
  if (code === "EEXIST" || code === "ENOTDIR" || isFile) {
    return new NnlabError(`${folder}: expected a folder for the TensorFlow.js model (model.json and weights.bin); ${isFile ? "it is a file" : "a part of that path is a file"}`);
  }
  return new NnlabError(describeFsError(error, folder, "cannot make the folder") ?? `${folder}: cannot make the folder (${(error as Error).message})`);
}

/** Whether `text` is a TensorFlow.js layers model's model.json (an earlier export, fine to replace). */
function isLayersModel(text: string): boolean {
  try {
    const json = JSON.parse(text) as { format?: unknown; modelTopology?: unknown };
    return json.format === "layers-model" && typeof json.modelTopology === "object";
  } catch {
    return false;
  }
}
