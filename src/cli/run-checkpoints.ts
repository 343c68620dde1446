import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type EarlyStopping, type ExperimentSpec, type FlowSnapshot, NnlabError, oneLine, parseSpec, type RunJournal, type Tensor, type Trainer, type TrainerSnapshot } from "../index.js";
import { type KernelPath, kernelsInUse } from "../node/native.js";
import { writeFileAtomic } from "../node/save-file.js";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint-codec.js";
import { HistoryLog, type SpecialValue } from "./history-log.js";

export const CHECKPOINT_FILE = "checkpoint.json";
export const BEST_CHECKPOINT_FILE = "checkpoint-best.json";
const HISTORY_FILE = "history.jsonl";

/** A checkpoint file: everything `nnlab train --resume` needs to go on with the same bits. */
export interface CheckpointFile {
  format: "nnlab-checkpoint";
  version: 1;
  /** "latest": where training was; "best": the end of the best epoch so far (by the run's monitor). */
  kind: "latest" | "best";
  /** The spec the run started with, and its file (absolute: a CSV source is relative to it). */
  spec: ExperimentSpec;
  specPath: string | null;
  /** sha256 of the training and dev data as the trainer saw them; a resume refuses other data. */
  data: string | null;
  /** sha256 of the test set (absent in checkpoints written before it was kept): a resume refuses another one too. */
  testData?: string | null;
  savedAt: string;
  /** The trainer's snapshot, without the history's values (history.jsonl has them); null before the first step. */
  trainer: TrainerSnapshot | null;
  /** The history values that its JSON lines write as null (NaN, infinities) or 0 (-0). */
  special: SpecialValue[];
  /** sha256 of the history.jsonl lines this checkpoint covers (absent in checkpoints written before it was kept). */
  historySha256?: string;
  /** The gradient-flow snapshots recorded so far (the report's flow then covers the whole run). */
  flow: FlowSnapshot[] | null;
  /** True when written as Ctrl-C stopped training (the run's outputs were then written from that point). */
  interrupted: boolean;
  /**
   * The kernels that computed (--kernels): float32 results differ between the paths in their last bits, so
   * a resume goes on with these (absent in checkpoints written before it was kept).
   */
  kernels?: KernelPath;
}

/** When to write the latest checkpoint: after `everyEpochs` epochs and `everyMs` of wall time, whichever is later. */
export interface CheckpointPolicy {
  /** Default 1. */
  everyEpochs?: number;
  /** Default 2000, or NNLAB_CHECKPOINT_MS from the environment (tests make it small). */
  everyMs?: number;
}

/**
 * Writing a checkpoint may take at most this share of the time between two (a bigger model or a longer
 * history stretches the interval instead of slowing training).
 */
const MAX_SHARE = 0.05;

/** sha256 of the tensors' bytes, in order. */
export function dataChecksum(tensors: ReadonlyArray<Tensor | null | undefined>): string {
  const hash = createHash("sha256");
  for (const t of tensors) {
    if (!t) {
      hash.update("-");
      continue;
    }
    hash.update(`${t.dtype}:${t.rows}x${t.cols}:`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest("hex");
}

/**
 * A run folder kept durable while it trains: spec.json and checkpoint.json from the start, history.jsonl
 * appended as each epoch ends, the latest state (checkpoint.json) and the best epoch's
 * (checkpoint-best.json) written atomically at a bounded interval and at the end. `open` picks a killed
 * run up again: the trainer restored from the latest checkpoint, history.jsonl cut back to it.
 */
export class RunCheckpoints implements RunJournal {
  /** The checkpoint this run resumes from (null for a new run, or one killed before its first step). */
  readonly resumed: CheckpointFile | null;
  /** The kernels the opened checkpoint says computed the run (null for a new run, or a checkpoint from before they were kept). */
  readonly recordedKernels: KernelPath | null;
  private readonly everyEpochs: number;
  private readonly everyMs: number;
  private data: string | null = null;
  private testData: string | null = null;
  private lastEpoch: number;
  private lastAt = Date.now();
  private lastCostMs = 0;
  private best: { epoch: number; snapshot: TrainerSnapshot; flow: FlowSnapshot[] | null } | null = null;
  private bestWritten = -1;
  private wroteTrainer = false;

  private constructor(
    readonly dir: string,
    readonly spec: ExperimentSpec,
    readonly specPath: string | null,
    private readonly history: HistoryLog,
    resumed: CheckpointFile | null,
    policy: CheckpointPolicy,
  ) {
    this.resumed = resumed?.trainer ? resumed : null;
    this.recordedKernels = resumed?.kernels === "native" || resumed?.kernels === "portable" ? resumed.kernels : null;
    this.everyEpochs = policy.everyEpochs ?? 1;
    const fromEnvironment = Number(process.env.NNLAB_CHECKPOINT_MS);
    this.everyMs = policy.everyMs ?? (process.env.NNLAB_CHECKPOINT_MS && fromEnvironment >= 0 ? fromEnvironment : 2000);
    this.lastEpoch = this.resumed?.trainer?.epoch ?? 0;
    this.wroteTrainer = this.resumed !== null;
  }

  /** A new run in `dir`: spec.json, an empty history.jsonl, and a checkpoint that says where the spec came from. */
  static async create(dir: string, spec: ExperimentSpec, specPath: string | null, policy: CheckpointPolicy = {}): Promise<RunCheckpoints> {
    await writeFileAtomic(join(dir, "spec.json"), JSON.stringify(spec, null, 2) + "\n");
    const history = await HistoryLog.create(join(dir, HISTORY_FILE));
    const run = new RunCheckpoints(dir, spec, specPath, history, null, policy);
    await run.write(CHECKPOINT_FILE, run.file("latest", null, null));
    return run;
  }

  /**
   * The latest checkpoint in `dir` and its spec, checked; nothing is changed (a resume reads it before it
   * takes the run's lock, to refuse a folder with nothing to resume without writing into it).
   */
  static async read(dir: string): Promise<{ file: CheckpointFile; spec: ExperimentSpec }> {
    const path = join(dir, CHECKPOINT_FILE);
    let file: CheckpointFile;
    try {
      file = decodeCheckpoint(await readFile(path, "utf8")) as CheckpointFile;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new NnlabError(code === "ENOENT" ? `${dir}: no ${CHECKPOINT_FILE}, so nothing to resume (not a train run; a finished one; one stopped in its first seconds, before its first checkpoint: train its spec again; or one from before nnlab kept checkpoints)` : `${path}: unreadable checkpoint (${oneLine((error as Error).message)})`);
    }
    if (file?.format !== "nnlab-checkpoint" || file.version !== 1) throw new NnlabError(`${path}: not an nnlab checkpoint of version 1`);
    return { file, spec: parseSpec(file.spec, `${path} (its spec)`) };
  }

  /**
   * The run in `dir` as its latest checkpoint left it, ready to resume. With `lock` (the run's, held by
   * this process) the temporary files a killed process left are removed first; without it they stay (they
   * may be those of a process that still writes there).
   */
  static async open(dir: string, policy: CheckpointPolicy = {}, lock?: { readonly held: boolean }): Promise<RunCheckpoints> {
    const { file, spec } = await RunCheckpoints.read(dir);
    // A kill in the middle of an atomic write leaves its temporary file (writeFileAtomic's ".<name>.<hex>.tmp"):
    // under the run's lock, every such file is a dead process's.
    if (lock?.held) for (const name of await readdir(dir)) if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(name)) await rm(join(dir, name), { force: true });
    const count = file.trainer?.history.length ?? 0;
    const { log, columns } = await HistoryLog.resume(join(dir, HISTORY_FILE), count, file.trainer ? file.special : [], file.historySha256);
    if (file.trainer) Object.assign(file.trainer.history, columns);
    return new RunCheckpoints(dir, spec, file.specPath, log, file, policy);
  }

  /** True once a checkpoint holds a trained state (a failed start may remove the folder before that). */
  get hasProgress(): boolean {
    return this.wroteTrainer;
  }

  /** Training time the resumed run had already spent (ms). */
  get resumedElapsedMs(): number {
    return this.resumed?.trainer?.elapsedMs ?? 0;
  }

  /** Binds the run to its data; a resumed run refuses data other than what it started with. */
  bindData(tensors: ReadonlyArray<Tensor | null | undefined>): void {
    const checksum = dataChecksum(tensors);
    const saved = this.resumed?.data;
    if (saved && saved !== checksum) {
      throw new NnlabError(`${this.dir}: the training or dev data differ from those the run started with (the data file changed?); resuming would not continue the same run`);
    }
    this.data = checksum;
  }

  /**
   * Binds the run to its test set as well: weights trained before a kill and test figures taken after
   * the test file changed would report a run that never happened (an audit helper).
   */
  bindTestData(tensors: ReadonlyArray<Tensor | null | undefined>): void {
    const checksum = dataChecksum(tensors);
    const saved = this.resumed?.testData;
    if (saved && saved !== checksum) {
      throw new NnlabError(`${this.dir}: the test data differ from those the run started with (the test file or the split column changed?); resuming would report another run's test figures`);
    }
    this.testData = checksum;
  }

  /**
   * Puts the trainer (and the flow recorder's snapshots) back where the latest checkpoint was; returns
   * the epoch it resumes at, or null for a run that starts afresh.
   */
  restore(trainer: Trainer, flow: FlowSnapshot[] | null): number | null {
    const saved = this.resumed;
    if (!saved?.trainer) return null;
    trainer.restore(saved.trainer);
    if (flow && saved.flow) flow.splice(0, flow.length, ...saved.flow);
    return saved.trainer.epoch;
  }

  /**
   * After an epoch ends: its line in history.jsonl and, when it is the best so far by `best`'s monitor, a
   * snapshot for checkpoint-best.json.
   */
  epochEnded(trainer: Trainer, best: EarlyStopping | null, flow: FlowSnapshot[] | null): void {
    this.history.append(trainer.history);
    const last = trainer.history.epochs.at(-1);
    if (best && last !== undefined && best.bestSoFar.epoch === last && (this.best?.epoch ?? -1) < last) {
      this.best = { epoch: last, snapshot: trainer.snapshot({ history: false }), flow: flow ? [...flow] : null };
    }
  }

  /** Whether the latest checkpoint is due (see CheckpointPolicy). */
  due(trainer: Trainer): boolean {
    return trainer.epoch - this.lastEpoch >= this.everyEpochs && Date.now() - this.lastAt >= Math.max(this.everyMs, this.lastCostMs / MAX_SHARE);
  }

  /** Writes the latest checkpoint (and the best one when a better epoch came since). */
  async save(trainer: Trainer, flow: FlowSnapshot[] | null, options: { interrupted?: boolean } = {}): Promise<void> {
    const started = Date.now();
    this.history.sync(); // the lines this checkpoint covers reach the disk before it does
    await this.write(CHECKPOINT_FILE, { ...this.file("latest", trainer.snapshot({ history: false }), flow), interrupted: options.interrupted ?? false });
    this.wroteTrainer = true;
    const best = this.best;
    if (best && best.epoch > this.bestWritten) {
      await this.write(BEST_CHECKPOINT_FILE, this.file("best", best.snapshot, best.flow));
      this.bestWritten = best.epoch;
    }
    this.lastEpoch = trainer.epoch;
    this.lastAt = Date.now();
    this.lastCostMs = this.lastAt - started;
  }

  /**
   * The run's outputs are written: closes history.jsonl and removes the checkpoints, except after Ctrl-C,
   * when they stay for `nnlab train --resume`.
   */
  async complete(options: { keep: boolean }): Promise<void> {
    this.history.close();
    if (options.keep) return;
    await rm(join(this.dir, CHECKPOINT_FILE), { force: true });
    await rm(join(this.dir, BEST_CHECKPOINT_FILE), { force: true });
  }

  /** Stops appending to history.jsonl (on an error; the checkpoints stay). */
  close(): void {
    this.history.close();
  }

  private file(kind: CheckpointFile["kind"], trainer: TrainerSnapshot | null, flow: FlowSnapshot[] | null): CheckpointFile {
    const count = trainer?.history.length ?? 0;
    return {
      format: "nnlab-checkpoint",
      version: 1,
      kind,
      spec: this.spec,
      specPath: this.specPath,
      data: this.data,
      testData: this.testData,
      savedAt: new Date().toISOString(),
      trainer,
      special: this.history.special.filter(([index]) => index < count),
      historySha256: this.history.coveredSha256(count),
      flow: flow ? [...flow] : null,
      interrupted: false,
      // the kernels computing now: a resume switches to the recorded ones before it trains
      kernels: kernelsInUse(),
    };
  }

  private write(name: string, file: CheckpointFile): Promise<void> {
    return writeFileAtomic(join(this.dir, name), encodeCheckpoint(file));
  }
}
