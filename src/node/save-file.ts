import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import type { Stats } from "node:fs";
import { access, type FileHandle, lstat, open, readFile, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { NnlabError } from "../errors.js";
import { loadModel, saveModel } from "../io/model-file.js";
import { describeFsError } from "./fs-error.js";
import { trackTempFile } from "./temp-files.js";
import type { Sequential } from "../model/sequential.js";
import type { DType } from "../tensor/tensor.js";

/**
 * Writes `text` (or bytes) to `path` atomically: to a temporary file in the same folder, flushed to the
 * disk, then a rename, itself flushed with the folder: a reader, a killed process or a power cut finds the
 * old file or the new one, never half a file (without the flushes a power cut could leave the renamed file
 * empty: the rename can reach the disk before the data).
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array, options: { exampleName?: string } = {}): Promise<void> {
  await writeAtomically(path, (file) => file.writeFile(text), options);
}

/**
 * writeFileAtomic for an output too large to hold as one string (a predictions CSV of millions of rows
 * passed V8's longest string, "RangeError: Invalid string length"): the chunks are written one after the
 * other to the temporary file, which then takes the place of `path` as writeFileAtomic's does, with the same
 * guarantees and errors. An error thrown by the chunks themselves (the caller's, not the file system's)
 * leaves `path` as it was, the temporary file removed, and reaches the caller as it was thrown.
 */
export async function writeFileAtomicChunks(
  path: string,
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: { exampleName?: string } = {},
): Promise<void> {
  let fromChunks: { error: unknown } | null = null;
  try {
    await writeAtomically(
      path,
      async (file) => {
        const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
        for (;;) {
          let next: IteratorResult<string | Uint8Array>;
          try {
            next = await iterator.next();
          } catch (error) {
            fromChunks = { error };
            throw error;
          }
          if (next.done) break;
          // writeFile on an open handle writes all of the chunk at the handle's position: one after the other
          await file.writeFile(next.value).catch(async (error: unknown) => {
            // the chunks' own clean-up (a generator's finally); the write's error is the one to report
            await Promise.resolve(iterator.return?.()).catch(() => {});
            throw error;
          });
        }
      },
      options,
    );
  } catch (error) {
    // not said about `path` as a failure to write it: a CliError of the caller stays its own
    throw fromChunks ? (fromChunks as { error: unknown }).error : error;
  }
}

/** The temporary file, its permissions, flush and rename of writeFileAtomic; `write` fills the temporary file. */
async function writeAtomically(path: string, write: (file: FileHandle) => Promise<void>, options: { exampleName?: string }): Promise<void> {
  path = await writeTarget(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  // (a signal that ends the process while the temporary file exists removes it: temp-files.ts)
  let untrack = () => {};
  try {
    // A file replaced keeps its permissions, and one the user may not write stays as it is: the rename
    // needs only the folder's, so a chmod 444 file was replaced, and a chmod 600 one came back world-readable.
    const replaced = await stat(path).catch(() => null);
    if (replaced?.isFile()) await access(path, constants.W_OK);
    const file = await open(temp, "wx");
    untrack = trackTempFile(temp);
    try {
      if (replaced?.isFile()) await file.chmod(replaced.mode & 0o7777);
      await write(file);
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    untrack();
    await syncFolder(dirname(path));
  } catch (error) {
    await unlink(temp).catch(() => {});
    untrack();
    throw await writeError(error, path, options.exampleName ?? "out.csv");
  }
}

/**
 * The first `bytes` bytes of the regular file at `path` (links followed), or null where there is none: what
 * a writer reads to tell an earlier output of its own, fine to replace, from a file it must not replace.
 */
export async function fileHead(path: string, bytes: number): Promise<Buffer | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const file = await open(path, "r").catch(() => null);
  if (!file) return null;
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Flushes a folder's entries (a rename in it) to the disk; where a system cannot (Windows), the rename stands as it is. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r").catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => {});
  await handle.close();
}

/**
 * Where a write to `path` goes: the file a symbolic link points to (the rename would have replaced the link
 * with a file, and left its target as it was); a device, pipe or socket is refused (as root, --out
 * /dev/full was replaced by a file, "Wrote ...", exit 0).
 */
async function writeTarget(path: string): Promise<string> {
  const info = await lstat(path).catch(() => null);
  if (!info) return path;
  if (info.isSymbolicLink()) {
    const target = await realpath(path).catch(() => null);
    if (target) return writeTarget(target);
    // A link realpath cannot name may still lead somewhere: /dev/stdout into a pipe ("pipe:[N]"), which, taken
    // for a dangling link, was renamed over (as root: /dev/stdout became a file for every later process).
    // Followed, it is refused as the pipe or device it is; only a link to nothing is written over, as a
    // new file would be.
    const reached = await stat(path).catch(() => null);
    if (reached && !reached.isFile() && !reached.isDirectory()) throw notAFile(path, reached);
    return path;
  }
  if (!info.isFile() && !info.isDirectory()) throw notAFile(path, info);
  return path;
}

/** A write refused: `path` is (or leads to) a pipe, socket or device, which a rename would replace with a file. */
function notAFile(path: string, info: Stats): NnlabError {
  const kind = info.isFIFO() ? "a named pipe" : info.isSocket() ? "a socket" : "a device";
  return clearError(`${path}: expected a file to write; received ${kind} (writing through a temporary file would replace it)`, undefined);
}

/** An NnlabError that keeps Node's code (ENOENT, ...) for callers that test it. */
function clearError(message: string, code: string | undefined): NnlabError & { code?: string } {
  return Object.assign(new NnlabError(message), { code });
}

/**
 * The failure of a write, said about the path the caller gave: Node names the temporary file, and
 * "ENOTDIR, rename" does not tell a person that their --out is a folder.
 */
async function writeError(error: unknown, path: string, exampleName: string): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = dirname(path);
  const isFolder = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);
  const clear = (message: string) => clearError(message, code);
  // (a rename over "." or ".." fails with EBUSY: "the file is busy" was said of a folder)
  if (/[\\/]$/.test(path) || ((code === "EISDIR" || code === "ENOTDIR" || code === "EBUSY") && (await isFolder(path)))) {
    return clear(`${path}: expected a file to write; received a folder (give a file name, e.g. ${join(path, exampleName)})`);
  }
  if (code === "ENOENT") {
    // the folder missing, or a file removed as it was written (the temporary file, by another process)
    if (!(await stat(folder).then(() => true, () => false))) return clear(`${path}: cannot write: the folder ${folder} does not exist (ENOENT); create it first`);
    const { path: gone, syscall } = error as NodeJS.ErrnoException;
    // the temporary file could not be made in a folder that is there (/proc, say): nothing vanished
    if (syscall === "open" && gone !== undefined && dirname(gone) === folder && basename(gone).startsWith(`.${basename(path)}.`)) {
      return clear(`${path}: cannot write: the folder ${folder} takes no new files (ENOENT from open)`);
    }
    return clear(`${path}: cannot write: ${gone ?? path} vanished while it was being written (ENOENT from ${syscall ?? "the file system"}: did another process remove it?)`);
  }
  if (code === "ENOTDIR") return clear(`${path}: cannot write: ${folder} is not a folder (ENOTDIR)`);
  const reason = describeFsError(error, path, "cannot write");
  return reason ? clear(reason) : error;
}

/** Saves the model as a JSON model file, atomically. */
export async function saveModelFile(model: Sequential, path: string): Promise<void> {
  await writeFileAtomic(path, saveModel(model));
}

/** Loads a model file written by saveModelFile; errors name the file (NnlabError, with the fs code if any). */
export async function loadModelFile(path: string, options: { dtype?: DType } = {}): Promise<Sequential> {
  if (path === "") throw new NnlabError("expected a model file's path (such as runs/<id>/model.json); received an empty one");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const clear = (message: string) => clearError(message, code);
    if (code === "ENOENT") throw clear(`${path}: no such model file`);
    if (code === "EISDIR") throw clear(`${path}: expected a model file (such as runs/<id>/model.json); received a folder`);
    const reason = describeFsError(error, path, "cannot read the model file");
    throw reason ? clear(reason) : error;
  }
  // a model.onnx or weights.bin given for model.json: said as such, not as JSON whose error quotes raw bytes
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 4096))) {
    throw new NnlabError(`${path}: expected an nnlab model file (JSON text, such as runs/<id>/model.json); received a binary file (an ONNX or TensorFlow.js export is written for other tools, not read back)`);
  }
  try {
    return loadModel(text, options);
  } catch (error) {
    (error as Error).message = `${path}: ${(error as Error).message}`;
    throw error;
  }
}
