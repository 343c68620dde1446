import { readFile, rm } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { type ExperimentSpec, NnlabError } from "../index.js";
import { acquireRunLock, liveLockOwner, type RunLock } from "../node/run-lock.js";
import { RunCheckpoints } from "./run-checkpoints.js";
import { createRunDir, resolveRunFolder, type RunSummary } from "./run-store.js";
import { readSpec } from "./spec.js";

/** The run `nnlab train` writes into: a new one, or a killed or interrupted one it resumes. */
export interface TrainRun {
  id: string;
  dir: string;
  spec: ExperimentSpec;
  specPath: string | undefined;
  checkpoints: RunCheckpoints;
  /**
   * The run's lock (runs/<id>/.lock), held from before the first file is written until release: a
   * second `nnlab train --resume` of the run is refused while this process trains it.
   */
  lock: RunLock;
  /**
   * Called when training fails: a new run that never reached its first checkpoint of a trained state is
   * removed (nothing would be lost, and `nnlab runs` would list a half-made run); any other keeps its
   * checkpoints, to resume. Releases the lock.
   */
  abandon(): Promise<void>;
  /** Releases the run's lock (after its outputs are written; on every way out: calls after the first do nothing). */
  release(): Promise<void>;
}

/** A new run folder for the spec, durable from the start (spec.json, checkpoint.json, history.jsonl). */
export async function startTrainRun(specPath: string, root: string): Promise<TrainRun> {
  const spec = await readSpec(specPath);
  const { id, dir } = await createRunDir(root, spec.name);
  let lock: RunLock | undefined;
  let checkpoints: RunCheckpoints;
  try {
    lock = await acquireRunLock(dir, `run ${id}`);
    checkpoints = await RunCheckpoints.create(dir, spec, resolve(specPath));
  } catch (error) {
    await rm(dir, { recursive: true, force: true }); // the lock with it
    await lock?.release();
    throw error;
  }
  const held = lock;
  return {
    id,
    dir,
    spec,
    specPath,
    checkpoints,
    lock: held,
    abandon: async () => {
      checkpoints.close();
      // removed while still locked: a resume started meanwhile finds the lock, then no folder
      if (!checkpoints.hasProgress) await rm(dir, { recursive: true, force: true });
      await held.release();
    },
    release: () => held.release(),
  };
}

/** Refuses a run that finished (summary.json, not interrupted): it has nothing to resume. */
async function refuseFinished(dir: string, id: string): Promise<void> {
  let summary: RunSummary | null = null;
  try {
    summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as RunSummary;
  } catch {
    // no summary: killed before it finished, which is what --resume is for
  }
  if (summary && !summary.interrupted) {
    // a diverged run has finished too, and its training would diverge again from the same state
    const diverged = summary.stop?.reason === "diverged" || summary.stop?.reason === "nonFiniteCost";
    throw new NnlabError(
      diverged
        ? `run ${id} has finished: it diverged at epoch ${summary.stop.epoch} (summary.json), so resuming would diverge again; lower the learning rate (nnlab diagnose ${id} says why) and train the spec again`
        : `run ${id} has finished (summary.json): nothing to resume`,
    );
  }
}

/**
 * The run `ref` (a folder, or an id under root) as its latest checkpoint left it. A run that finished
 * (summary.json, not interrupted) has nothing to resume.
 */
export async function resumeTrainRun(ref: string, root: string): Promise<TrainRun> {
  const dir = await resolveRunFolder(ref, root);
  const id = basename(dir);
  // A finished run, or a folder without a checkpoint, is refused as it is, before a lock is written into it.
  await refuseFinished(dir, id);
  try {
    await RunCheckpoints.read(dir);
  } catch (error) {
    // a run in its first moments has its lock before its checkpoint: that it trains is the news
    if (await liveLockOwner(dir)) await (await acquireRunLock(dir, `run ${id}`)).release();
    throw error;
  }
  // Refused in one line while another process trains the run (its lock names a live process); a lock
  // left by a killed one is taken over.
  const lock = await acquireRunLock(dir, `run ${id}`);
  let checkpoints: RunCheckpoints;
  try {
    // again, under the lock: the process that held it may have finished the run since
    await refuseFinished(dir, id);
    checkpoints = await RunCheckpoints.open(dir, {}, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    id,
    dir,
    spec: checkpoints.spec,
    specPath: checkpoints.specPath ?? undefined,
    checkpoints,
    lock,
    abandon: async () => {
      checkpoints.close();
      await lock.release();
    },
    release: () => lock.release(),
  };
}
