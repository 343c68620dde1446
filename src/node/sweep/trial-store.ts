/**
 * A sweep's folder: runs/sweep-<name>-<hash>/ with trial-<index>.json for every finished trial and
 * results.json for the ranked whole; a cross-validated trial whose folds ran as tasks of their own also
 * keeps trial-<index>-fold-<fold>.json for each fold, and its trial-<index>.json once all its folds are in. The hash is of the base spec, the grid and the folds, so the same
 * sweep command finds its folder again and runs only the trials still missing (resume), and a changed
 * sweep gets a folder of its own.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { combineFolds, type GridAxis, storedTrialResult, type SweepResults, type TrialResult, type TrialTask, trialKey } from "../../sweep/index.js";
import { NnlabError } from "../../errors.js";
import type { KernelPath } from "../native.js";
import { createFileExclusive } from "../run-lock.js";
import { writeFileAtomic } from "../save-file.js";

/**
 * The sweep's folder name: sweep-<spec name>-<first 8 hex digits of sha256({ raw, axes, folds, ...how })>,
 * where `how` says how the points were chosen and run beyond a grid (a random search's draw, halving);
 * a grid sweep's name does not change with it.
 */
export function sweepFolderName(name: string, raw: unknown, axes: readonly GridAxis[], folds?: number, how?: Record<string, unknown>): string {
  const hash = createHash("sha256").update(JSON.stringify({ raw, axes, folds, ...how })).digest("hex").slice(0, 8);
  return `sweep-${name}-${hash}`;
}

export interface SweepStore {
  readonly dir: string;
  /** Every finished trial by index: those found on opening, then those saved (a cross-validated one once all its folds are). */
  readonly finished: ReadonlyMap<number, TrialResult>;
  /** Every finished fold of a trial whose folds ran as tasks, by trialKey ("3/fold-1"). */
  readonly finishedFolds: ReadonlyMap<string, TrialResult>;
  /** How many trials an earlier run had finished when the store was opened. */
  readonly resumed: number;
  /** Trial files found damaged on opening (cut short, or not a trial's result): their trials run again. */
  readonly unreadable: readonly string[];
  /** The tasks without a finished trial (a fold task: without its fold or its whole trial finished), in order. */
  missing(tasks: readonly TrialTask[]): TrialTask[];
  /**
   * Keeps a finished trial (trial-<index>.json, written atomically), or one fold of it (a result with
   * `fold`: trial-<index>-fold-<fold>.json; with the last of its folds, the trial combined from them is kept
   * too). The first result of a trial or fold wins: a second one (a task that ran twice) is not written, and
   * false is returned.
   */
  save(result: TrialResult): Promise<boolean>;
  /** Writes results.json. */
  writeResults(results: SweepResults): Promise<void>;
  /** The kernels this run computes its trials on, when the sweep said (openSweepStore's `kernels`). */
  readonly kernels: KernelPath | null;
}

/** The trials and folds an earlier run of the same sweep finished (none when its folder does not exist yet). */
async function finishedTrials(dir: string): Promise<{ trials: Map<number, TrialResult>; folds: Map<string, TrialResult>; unreadable: string[] }> {
  const trials = new Map<number, TrialResult>();
  const folds = new Map<string, TrialResult>();
  const unreadable: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { trials, folds, unreadable };
    throw error;
  }
  for (const name of names) {
    const m = /^trial-(\d+)(-fold-(\d+))?\.json$/.exec(name);
    if (!m) continue;
    // a damaged file (cut short, or another shape) is not a finished trial: it runs again and is rewritten
    let result: TrialResult | null = null;
    try {
      result = storedTrialResult(JSON.parse(await readFile(join(dir, name), "utf8")));
    } catch {
      result = null;
    }
    if (!result || result.index !== Number(m[1]) || (m[2] !== undefined && result.fold?.index !== Number(m[3]))) {
      unreadable.push(name);
      continue;
    }
    if (m[2]) folds.set(trialKey(result), result);
    else trials.set(Number(m[1]), result);
  }
  return { trials, folds, unreadable };
}

/** The file in a sweep folder that names the data its trials were trained on. */
const DATA_HASH_FILE = "data.sha256";
/** The file in a sweep (or improve) folder that names the kernels its trials were computed on: {"kernels": "portable"}. */
export const KERNELS_FILE = "kernels.json";

/**
 * The kernels the finished trials in `dir` were computed on (KERNELS_FILE), or null: no such file (a new
 * folder, or one from before nnlab kept it) or one that cannot be read.
 */
export async function readKernelsRecord(dir: string): Promise<KernelPath | null> {
  try {
    const { kernels } = JSON.parse(await readFile(join(dir, KERNELS_FILE), "utf8")) as { kernels?: unknown };
    return kernels === "native" || kernels === "portable" ? kernels : null;
  } catch {
    return null;
  }
}

/** Writes KERNELS_FILE into `dir` (which must exist). */
export async function writeKernelsRecord(dir: string, kernels: KernelPath): Promise<void> {
  await writeFileAtomic(join(dir, KERNELS_FILE), JSON.stringify({ kernels }) + "\n");
}

/**
 * Records `kernels` in `dir`'s KERNELS_FILE with the first saved trial, created only where none is: another
 * sweep of the same folder started at the same time may have recorded its own since this one opened (it
 * read none then), and an `exact` sweep (float32) on other kernels is refused before its trial is written,
 * as a rerun on other kernels is on opening (both would be ranked together).
 */
async function claimKernelsRecord(dir: string, kernels: KernelPath, exact: boolean): Promise<void> {
  if (await createFileExclusive(join(dir, KERNELS_FILE), JSON.stringify({ kernels }) + "\n")) return;
  const recorded = await readKernelsRecord(dir);
  // one that cannot be read is rewritten, as before (no trial of this folder was recorded with it)
  if (recorded === null) return writeKernelsRecord(dir, kernels);
  if (exact && recorded !== kernels) {
    throw new NnlabError(
      `${dir}: another sweep of it, started at the same time, computes its trials on the ${recorded} kernels (its kernels.json); this one on the ${kernels} kernels would put float32 figures that round differently in the same folder (a hybrid of two runs): let that sweep finish, then run this one again leaving --kernels out, or giving --kernels ${recorded}`,
    );
  }
}

/**
 * Opens the sweep folder `dir` (which need not exist: it is made with the first saved trial). With
 * `dataHash` (the sweep's data files' hash), a folder whose trials were trained on other data is refused:
 * a CSV edited between a kill and a rerun gave a table ranking old trials against new ones. With `kernels`
 * (the path its trials compute on, which the caller chose from readKernelsRecord: see kernelsToContinue),
 * kernels.json records it with the first saved trial, and results.json says it; a folder recorded with
 * other kernels is refused (float32 trials of both would be ranked together), on opening or, where another
 * sweep recorded its kernels since, at the first saved trial (claimKernelsRecord).
 */
export async function openSweepStore(dir: string, options: { dataHash?: string | null; kernels?: KernelPath; exactKernels?: boolean } = {}): Promise<SweepStore> {
  const dataHash = options.dataHash ?? null;
  const kernels = options.kernels ?? null;
  const recordedKernels = kernels ? await readKernelsRecord(dir) : null;
  if (kernels && options.exactKernels !== false && recordedKernels && recordedKernels !== kernels) {
    throw new NnlabError(`${dir}: its finished trials were computed on the ${recordedKernels} kernels; expected the same kernels for the rest (float32 results differ between them in the last bits), received ${kernels}`);
  }
  if (dataHash) {
    const saved = await readFile(join(dir, DATA_HASH_FILE), "utf8").then((t) => t.trim(), () => null);
    if (saved && saved !== dataHash) {
      throw new NnlabError(
        `${dir}: its finished trials were trained on other data (the data files changed since: sha256 ${saved.slice(0, 12)}..., now ${dataHash.slice(0, 12)}...); move the folder away to sweep the new data, or put the old data back to finish the sweep`,
      );
    }
  }
  const { trials: finished, folds, unreadable } = await finishedTrials(dir);
  let marked = false;
  // a folder whose trials were computed before nnlab kept the kernels is not said to have these
  let kernelsMarked = recordedKernels !== null || finished.size > 0 || folds.size > 0;
  // results.json names the kernels only where the folder's trials are known to be on them: recorded, or
  // claimed here (a folder of trials from before nnlab kept the kernels said "native" of portable trials)
  let kernelsKnown = recordedKernels !== null;
  const write = async (name: string, result: TrialResult) => {
    // The folder is made with the first finished trial: a sweep whose trials all fail leaves none behind.
    await mkdir(dir, { recursive: true });
    if (dataHash && !marked) {
      await writeFileAtomic(join(dir, DATA_HASH_FILE), `${dataHash}\n`);
      marked = true;
    }
    if (kernels && !kernelsMarked) {
      await claimKernelsRecord(dir, kernels, options.exactKernels !== false);
      kernelsMarked = true;
      kernelsKnown = true;
    }
    await writeFileAtomic(join(dir, name), JSON.stringify(result));
  };
  /** Keeps the trial `index` combined from its folds once all of them are in. */
  const combineIfComplete = async (index: number, k: number) => {
    const mine = Array.from({ length: k }, (_, fold) => folds.get(trialKey({ index, fold })));
    if (finished.has(index) || mine.some((r) => !r)) return;
    const result = combineFolds(mine as TrialResult[]);
    finished.set(index, result);
    await write(`trial-${index}.json`, result);
  };
  // A run stopped between its last fold and the combined trial: combine now.
  for (const r of [...folds.values()]) await combineIfComplete(r.index, r.fold!.k);
  const resumed = finished.size;
  return {
    dir,
    finished,
    finishedFolds: folds,
    resumed,
    unreadable,
    missing: (tasks) => tasks.filter((t) => !finished.has(t.index) && (t.fold === undefined || !folds.has(trialKey(t)))),
    async save(result) {
      if (finished.has(result.index)) return false;
      if (!result.fold) {
        finished.set(result.index, result);
        await write(`trial-${result.index}.json`, result);
        return true;
      }
      const key = trialKey(result);
      if (folds.has(key)) return false;
      folds.set(key, result);
      await write(`trial-${result.index}-fold-${result.fold.index}.json`, result);
      await combineIfComplete(result.index, result.fold.k);
      return true;
    },
    async writeResults({ axes, folds, trials, complete, failed, random, rungs }) {
      await writeFileAtomic(join(dir, "results.json"), JSON.stringify({ axes, folds, trials, complete, failed, random, rungs, ...(kernels && kernelsKnown ? { kernels } : {}) }, null, 2));
    },
    kernels,
  };
}
