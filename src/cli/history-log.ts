import { createHash, type Hash } from "node:crypto";
import { closeSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { resolve } from "node:path";
import { type History, NnlabError } from "../index.js";
import { describeFsError } from "../node/fs-error.js";
import { sha256 } from "./checkpoint-codec.js";
import { writeFileAtomic } from "../node/save-file.js";

/** A value that a JSON line cannot carry exactly (JSON writes NaN and the infinities as null, -0 as 0). */
export type SpecialValue = [index: number, key: string, value: number];

const isSpecial = (v: number) => !Number.isFinite(v) || Object.is(v, -0);

/** The columns of the first lines of a history.jsonl. */
export interface HistoryColumns {
  epochs: number[];
  values: Record<string, Float64Array>;
}

/** How many lines apart the hashes of the lines so far are kept (see LineHashes). */
const MARK_EVERY = 4096;
/** How much of history.jsonl a resume reads at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * The sha256 of the first n lines of a history.jsonl (with their newlines), for any n up to the lines
 * written, without a digest kept per line: the running hash, and a copy of it every MARK_EVERY lines with
 * the byte offset it ends at; the digest of n lines is the copy at or below n, updated with the lines after
 * it read back from the file (fewer than MARK_EVERY). The latest count, the one a checkpoint asks for after
 * an epoch, needs no read.
 */
class LineHashes {
  private readonly hash = createHash("sha256");
  private readonly marks: Array<{ hash: Hash; bytes: number }> = [{ hash: createHash("sha256"), bytes: 0 }];
  private asked: { count: number; digest: string } | null = null;
  /** Lines hashed, and the bytes they take in the file. */
  lines = 0;
  bytes = 0;

  constructor(private readonly path: string) {}

  /** One more line (without its newline), `bytes` long in the file with its newline. */
  add(line: string, bytes: number): void {
    this.hash.update(line + "\n");
    this.lines++;
    this.bytes += bytes;
    if (this.lines % MARK_EVERY === 0) this.marks.push({ hash: this.hash.copy(), bytes: this.bytes });
  }

  digest(count: number): string {
    if (count === this.lines) return this.hash.copy().digest("hex");
    // as before, when a digest per line was kept: none for lines not written
    if (count > this.lines || count < 0) return undefined as unknown as string;
    if (this.asked?.count === count) return this.asked.digest;
    const at = Math.floor(count / MARK_EVERY);
    const mark = this.marks[at]!;
    const hash = mark.hash.copy();
    const need = count - at * MARK_EVERY;
    if (need > 0) {
      const end = this.marks[at + 1]?.bytes ?? this.bytes;
      const bytes = readRange(this.path, mark.bytes, end);
      let cut = -1;
      for (let k = 0; k < need; k++) {
        cut = bytes.indexOf(10, cut + 1);
        if (cut < 0) throw new NnlabError(`${this.path}: its lines changed under the run (fewer than were written); train the spec again`);
      }
      // whole lines: decoded as the resume decodes them, line by line (a newline never falls inside a UTF-8 character)
      hash.update(bytes.subarray(0, cut + 1).toString("utf8"));
    }
    const digest = hash.digest("hex");
    this.asked = { count, digest };
    return digest;
  }
}

/** The bytes of `path` from `start` to `end`. */
function readRange(path: string, start: number, end: number): Buffer {
  const bytes = Buffer.alloc(end - start);
  const fd = openSync(path, "r");
  try {
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    return bytes.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The HistoryLog appending to each path now (resolved), for saveRun: a history already on the disk is not written again. */
const appending = new Map<string, HistoryLog>();

/** The open HistoryLog of the history.jsonl at `path`, if this process appends to one there. */
export function appendedHistory(path: string): HistoryLog | undefined {
  return appending.get(resolve(path));
}

/**
 * A run's history.jsonl while it trains: one JSON line per epoch, appended as the epoch ends with a
 * plain write (no buffer of ours, so a killed process loses at most the line it was writing). It notes
 * the values its lines cannot carry exactly, for the checkpoint to keep.
 */
export class HistoryLog {
  /** Values the lines write as null or 0 (NaN, infinities, -0), by line. */
  readonly special: SpecialValue[];
  private fd: number;
  private written: number;
  /** The last line written (or kept on resume), to check that a History is the one written. */
  private lastLine: string | null;

  private constructor(
    private readonly path: string,
    written: number,
    special: SpecialValue[],
    private readonly hashes: LineHashes,
    lastLine: string | null,
  ) {
    this.fd = openSync(path, "a");
    this.written = written;
    this.special = special;
    this.lastLine = lastLine;
    appending.set(resolve(path), this);
  }

  /** An empty history.jsonl at `path`. */
  static async create(path: string): Promise<HistoryLog> {
    await writeFileAtomic(path, "");
    return new HistoryLog(path, 0, [], new LineHashes(path), null);
  }

  /**
   * Continues the history.jsonl at `path` after its first `count` lines (those a checkpoint covers):
   * the lines after them (epochs trained after the checkpoint, a last line torn by a kill) are dropped,
   * and their columns returned with the special values put back. The file is read as a stream (it may be
   * larger than a string can be) and cut back in place, at the byte after the last line kept.
   */
  static async resume(path: string, count: number, special: SpecialValue[], coveredSha256?: string): Promise<{ log: HistoryLog; columns: HistoryColumns }> {
    let file: FileHandle;
    try {
      file = await open(path, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && count === 0) {
        await writeFileAtomic(path, "");
        return { log: new HistoryLog(path, 0, [], new LineHashes(path), null), columns: { epochs: [], values: {} } };
      }
      throw new NnlabError(`${path}: cannot read the run's history (${(error as Error).message})`);
    }
    const hashes = new LineHashes(path);
    const columns = new ColumnsReader(path, count);
    let lastLine: string | null = null;
    let size: number;
    try {
      size = (await file.stat()).size;
      // Only lines that end with a newline are whole: what follows the last one was cut by the kill.
      // Lines past the `count` the checkpoint covers are not read at all.
      let pending: Buffer = Buffer.alloc(0);
      let position = 0;
      const chunk = Buffer.alloc(CHUNK_BYTES);
      while (hashes.lines < count) {
        const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const bytes = pending.length ? Buffer.concat([pending, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        let from = 0;
        for (let nl = bytes.indexOf(10); nl >= 0 && hashes.lines < count; nl = bytes.indexOf(10, from)) {
          const line = bytes.subarray(from, nl).toString("utf8");
          columns.add(line, hashes.lines);
          hashes.add(line, nl + 1 - from);
          lastLine = line;
          from = nl + 1;
        }
        pending = Buffer.from(bytes.subarray(from)); // a copy: `chunk` is read into again
      }
    } catch (error) {
      await file.close();
      throw new NnlabError(`${path}: cannot read the run's history (${(error as Error).message})`);
    }
    await file.close();
    if (hashes.lines < count) {
      throw new NnlabError(`${path}: ${hashes.lines} complete lines, but the checkpoint covers ${count} epochs; the history was cut or edited`);
    }
    // the checkpoint's seal covers its own file; this covers the lines it relies on (an edited loss of
    // epoch 0, 100 times its value, resumed without a word into the report's curve)
    if (coveredSha256 !== undefined && hashes.digest(count) !== coveredSha256) {
      throw new NnlabError(`${path}: its first ${count} lines are not those the checkpoint was written after (the history was edited or damaged); train the spec again`);
    }
    const result = columns.result();
    for (const [index, key, value] of special) {
      const column = result.values[key];
      if (index < count && column) column[index] = value;
    }
    if (size !== hashes.bytes) await cutBack(path, hashes.bytes);
    return { log: new HistoryLog(path, count, special.filter(([index]) => index < count), hashes, lastLine), columns: result };
  }

  /** Appends the epochs `history` recorded since the last call. */
  append(history: History): void {
    let text = "";
    const lines: string[] = [];
    for (let i = this.written; i < history.length; i++) {
      const row = history.row(i);
      for (const [key, value] of Object.entries(row)) if (isSpecial(value)) this.special.push([i, key, value]);
      const line = JSON.stringify(row);
      text += line + "\n";
      lines.push(line);
    }
    if (text) this.named(() => writeAll(this.fd, text));
    for (const line of lines) this.hashes.add(line, Buffer.byteLength(line, "utf8") + 1);
    if (lines.length) this.lastLine = lines.at(-1)!;
    this.written = history.length;
  }

  /** sha256 of the first `count` lines as written (a checkpoint covering them keeps it). */
  coveredSha256(count: number): string {
    return count === 0 ? sha256("") : this.hashes.digest(count);
  }

  /**
   * Whether the file holds `history` as saveRun would write it, so that it need not be written again:
   * this log is open, appended every epoch of it, the last line is that of its last epoch, and the file
   * is as long as what was written.
   */
  holds(history: History): boolean {
    // an empty history: saveRun writes a lone newline, where the log wrote nothing
    if (this.fd < 0 || history.length === 0 || history.length !== this.written || this.hashes.lines !== this.written) return false;
    if (JSON.stringify(history.row(history.length - 1)) !== this.lastLine) return false;
    try {
      return fstatSync(this.fd).size === this.hashes.bytes;
    } catch {
      return false;
    }
  }

  /** Flushes the lines written so far to the disk: a checkpoint that covers them must not outlive them in a power cut. */
  sync(): void {
    if (this.fd >= 0) this.named(() => fdatasyncSync(this.fd));
  }

  /**
   * A write through the file descriptor, its failure said about the file: Node's error on a descriptor
   * carries no path ("(unknown path): no space left on the device"), and the run can be resumed.
   */
  private named(write: () => void): void {
    try {
      write();
    } catch (error) {
      const reason = describeFsError(error, this.path, "cannot append to the history");
      if (!reason) throw error;
      throw Object.assign(new NnlabError(`${reason}; the run so far is kept: free the space or fix the folder, then nnlab train --resume <run>`), { code: (error as NodeJS.ErrnoException).code });
    }
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    const key = resolve(this.path);
    if (appending.get(key) === this) appending.delete(key);
  }
}

/**
 * Cuts the file at `path` back to its first `bytes` bytes, in place, and flushes it: one truncate, so a
 * kill or a power cut leaves the lines kept either with the dropped ones after them or without.
 */
async function cutBack(path: string, bytes: number): Promise<void> {
  let file: FileHandle | null = null;
  try {
    file = await open(path, "r+");
    await file.truncate(bytes);
    await file.datasync();
  } catch (error) {
    throw new NnlabError(describeFsError(error, path, "cannot cut the history back to the checkpoint") ?? `${path}: cannot cut the history back to the checkpoint (${(error as Error).message})`);
  } finally {
    await file?.close();
  }
}

/** The columns of the first `count` lines of a history.jsonl, line by line; the first bad line is said once all are read. */
class ColumnsReader {
  private readonly epochs: number[] = [];
  private readonly values: Record<string, Float64Array> = {};
  private error: NnlabError | null = null;

  constructor(
    private readonly path: string,
    private readonly count: number,
  ) {}

  add(line: string, i: number): void {
    if (this.error) return;
    try {
      this.parse(line, i);
    } catch (error) {
      if (!(error instanceof NnlabError)) throw error;
      this.error = error;
    }
  }

  result(): HistoryColumns {
    if (this.error) throw this.error;
    return { epochs: this.epochs, values: this.values };
  }

  private parse(line: string, i: number): void {
    const { path, epochs, values } = this;
    let row: Record<string, number | null>;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new NnlabError(`${path}:${i + 1}: not a JSON line (${(error as Error).message})`);
    }
    if (i === 0) for (const key of Object.keys(row)) if (key !== "epoch") values[key] = new Float64Array(this.count);
    if (typeof row.epoch !== "number") throw new NnlabError(`${path}:${i + 1}: expected an "epoch" number`);
    // one line per epoch, in order: a line deleted or written twice shifted every later epoch's values
    if (i > 0 && row.epoch !== epochs[0]! + i) {
      throw new NnlabError(`${path}:${i + 1}: expected epoch ${epochs[0]! + i} (one line per epoch, in order); received epoch ${row.epoch}: the history was cut or edited`);
    }
    epochs.push(row.epoch);
    for (const [key, column] of Object.entries(values)) {
      const v = row[key];
      column[i] = typeof v === "number" ? v : NaN; // JSON's null: put back exactly from the checkpoint's special values
    }
  }
}

/** Writes all of `text`: writeSync may write less than asked (a disk filling up), and the rest was dropped. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}
