/**
 * What a sweep puts on its queue: one BullMQ job per trial (per fold, when a cross-validated trial's folds
 * run as tasks of their own), named by the trial's index (and fold) so that the same
 * trial is never queued twice (BullMQ keeps one job per id), carrying the trial's full spec and where its
 * data comes from. The queue is named after the sweep's folder, and a set in Redis lists the sweeps in
 * progress, so that `nnlab worker` finds them without being told their names.
 */
import { createHash } from "node:crypto";
import type { TrialTask } from "../../sweep/index.js";

/** Where a trial's data comes from, when it is not built in. */
export interface TrialDataRef {
  /** sha256 of the data files' contents: a worker's copy must match; names the data in caches. */
  sha256: string;
  /** The files, as absolute paths on the sweep's machine (and, when not shipped, on every worker). */
  files: string[];
  /** The files' text travels through Redis (read it from `dataKey(queue)`, field sha256), not read from the paths. */
  shipped: boolean;
}

export interface TrialJobData {
  task: TrialTask;
  data?: TrialDataRef;
  /**
   * The kernels the sweep computes on (its --kernels, resolved on its machine): a worker runs the trial on
   * them, so that a float32 trial gives the local sweep's bits, or fails it where they cannot run. Absent
   * in jobs queued before it was kept: the worker's own default ("auto").
   */
  kernels?: "native" | "portable";
}

/**
 * The sweep's queue: named after its folder, so that rerunning the same sweep finds its queue again, and
 * after where it runs (`where`: the absolute path of its results folder, or of its spec), so that the
 * same sweep run from two folders at once has two queues: on one, each run collected and removed the
 * other's results, and one of them waited forever.
 */
export function sweepQueueName(folderName: string, where: string): string {
  return `nnlab-${folderName}-${createHash("sha256").update(where).digest("hex").slice(0, 8)}`;
}

/** A trial's job id, or one fold's of a cross-validated trial (BullMQ refuses ids that are plain integers). */
export function trialJobId(index: number, fold?: number): string {
  return fold === undefined ? `trial-${index}` : `trial-${index}-fold-${fold}`;
}

/** The Redis set of the queues of sweeps in progress. */
export const SWEEPS_KEY = "nnlab:sweeps";
/** The channel on which a sweep says "start <queue>" and "end <queue>", so workers need not poll. */
export const SWEEPS_CHANNEL = "nnlab:sweeps";

/** The Redis hash holding a queue's shipped data, field = the data's sha256. */
export function dataKey(queue: string): string {
  return `nnlab:data:${queue}`;
}
