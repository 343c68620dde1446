import { randomBytes } from "node:crypto";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { loadModel, saveModel } from "../io/model-file.js";
import type { Sequential } from "../model/sequential.js";
import type { DType } from "../tensor/tensor.js";

/**
 * Writes `text` to `path` atomically: to a temporary file in the same folder, then a rename, so a
 * reader (or a crash) never sees half a file.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/** Saves the model as a JSON model file, atomically. */
export async function saveModelFile(model: Sequential, path: string): Promise<void> {
  await writeFileAtomic(path, saveModel(model));
}

/** Loads a model file written by saveModelFile; errors name the file. */
export async function loadModelFile(path: string, options: { dtype?: DType } = {}): Promise<Sequential> {
  const text = await readFile(path, "utf8");
  try {
    return loadModel(text, options);
  } catch (error) {
    (error as Error).message = `${path}: ${(error as Error).message}`;
    throw error;
  }
}
