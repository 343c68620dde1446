/**
 * A sweep's folder: runs/sweep-<name>-<hash>/ with trial-<index>.json for every finished trial and
 * results.json for the ranked whole. The hash is of the base spec, the grid and the folds, so the same
 * sweep command finds its folder again and runs only the trials still missing (resume), and a changed
 * sweep gets a folder of its own.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GridAxis, SweepResults, TrialResult, TrialTask } from "../../sweep/index.js";
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
  /** Every finished trial by index: those found on opening, then those saved. */
  readonly finished: ReadonlyMap<number, TrialResult>;
  /** How many trials an earlier run had finished when the store was opened. */
  readonly resumed: number;
  /** The tasks without a finished trial, in order. */
  missing(tasks: readonly TrialTask[]): TrialTask[];
  /**
   * Keeps a finished trial (trial-<index>.json, written atomically). The first result of a trial wins: a
   * second one (a trial that ran twice) is not written, and false is returned.
   */
  save(result: TrialResult): Promise<boolean>;
  /** Writes results.json. */
  writeResults(results: SweepResults): Promise<void>;
}

/** The trials an earlier run of the same sweep finished (none when its folder does not exist yet). */
async function finishedTrials(dir: string): Promise<Map<number, TrialResult>> {
  const results = new Map<number, TrialResult>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return results;
    throw error;
  }
  for (const name of names) {
    const m = /^trial-(\d+)\.json$/.exec(name);
    if (m) results.set(Number(m[1]), JSON.parse(await readFile(join(dir, name), "utf8")));
  }
  return results;
}

/** Opens the sweep folder `dir` (which need not exist: it is made with the first saved trial). */
export async function openSweepStore(dir: string): Promise<SweepStore> {
  const finished = await finishedTrials(dir);
  return {
    dir,
    finished,
    resumed: finished.size,
    missing: (tasks) => tasks.filter((t) => !finished.has(t.index)),
    async save(result) {
      if (finished.has(result.index)) return false;
      finished.set(result.index, result);
      // The folder is made with the first finished trial: a sweep whose trials all fail leaves none behind.
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, `trial-${result.index}.json`), JSON.stringify(result));
      return true;
    },
    async writeResults({ axes, folds, trials, complete, failed, random, rungs }) {
      await writeFileAtomic(join(dir, "results.json"), JSON.stringify({ axes, folds, trials, complete, failed, random, rungs }, null, 2));
    },
  };
}
