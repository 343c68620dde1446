import { createHash } from "node:crypto";
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type History, NnlabError } from "../internal.js";
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

  /** sha256 of the first i + 1 lines (with their newlines), for the checkpoints that cover them. */
  private readonly digests: string[] = [];
  private readonly hash = createHash("sha256");

  private constructor(
    private readonly path: string,
    written: number,
    special: SpecialValue[],
    lines: readonly string[] = [],
  ) {
    for (const line of lines) this.hashLine(line);
    this.fd = openSync(path, "a");
    this.written = written;
    this.special = special;
  }

  /** An empty history.jsonl at `path`. */
  static async create(path: string): Promise<HistoryLog> {
    await writeFileAtomic(path, "");
    return new HistoryLog(path, 0, []);
  }

  /**
   * Continues the history.jsonl at `path` after its first `count` lines (those a checkpoint covers):
   * the lines after them (epochs trained after the checkpoint, a last line torn by a kill) are dropped,
   * and their columns returned with the special values put back.
   */
  static async resume(path: string, count: number, special: SpecialValue[], coveredSha256?: string): Promise<{ log: HistoryLog; columns: HistoryColumns }> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && count === 0) text = "";
      else throw new NnlabError(`${path}: cannot read the run's history (${(error as Error).message})`);
    }
    // Only lines that end with a newline are whole: what follows the last one was cut by the kill.
    const lines = text.split("\n").slice(0, -1);
    if (lines.length < count) {
      throw new NnlabError(`${path}: ${lines.length} complete lines, but the checkpoint covers ${count} epochs; the history was cut or edited`);
    }
    const kept = lines.slice(0, count);
    // the checkpoint's seal covers its own file; this covers the lines it relies on (an edited loss of
    // epoch 0, 100 times its value, resumed without a word into the report's curve)
    if (coveredSha256 !== undefined && sha256(kept.map((l) => l + "\n").join("")) !== coveredSha256) {
      throw new NnlabError(`${path}: its first ${count} lines are not those the checkpoint was written after (the history was edited or damaged); train the spec again`);
    }
    const columns = parseColumns(path, kept);
    for (const [index, key, value] of special) {
      const column = columns.values[key];
      if (index < count && column) column[index] = value;
    }
    await writeFileAtomic(path, kept.length ? kept.join("\n") + "\n" : "");
    return { log: new HistoryLog(path, count, special.filter(([index]) => index < count), kept), columns };
  }

  /** Appends the epochs `history` recorded since the last call. */
  append(history: History): void {
    let text = "";
    for (let i = this.written; i < history.length; i++) {
      const row = history.row(i);
      for (const [key, value] of Object.entries(row)) if (isSpecial(value)) this.special.push([i, key, value]);
      const line = JSON.stringify(row);
      text += line + "\n";
      this.hashLine(line);
    }
    if (text) this.named(() => writeAll(this.fd, text));
    this.written = history.length;
  }

  /** sha256 of the first `count` lines as written (a checkpoint covering them keeps it). */
  coveredSha256(count: number): string {
    return count === 0 ? sha256("") : this.digests[count - 1]!;
  }

  private hashLine(line: string): void {
    this.hash.update(line + "\n");
    this.digests.push(this.hash.copy().digest("hex"));
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
  }
}

function parseColumns(path: string, lines: string[]): HistoryColumns {
  const epochs: number[] = [];
  const values: Record<string, Float64Array> = {};
  lines.forEach((line, i) => {
    let row: Record<string, number | null>;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new NnlabError(`${path}:${i + 1}: not a JSON line (${(error as Error).message})`);
    }
    if (i === 0) for (const key of Object.keys(row)) if (key !== "epoch") values[key] = new Float64Array(lines.length);
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
  });
  return { epochs, values };
}

/** Writes all of `text`: writeSync may write less than asked (a disk filling up), and the rest was dropped. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}
