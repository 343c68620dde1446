import { readFile, rm } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { type ExperimentSpec, NnlabError } from "../index.js";
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
   * Called when training fails: a new run that never reached its first checkpoint of a trained state is
   * removed (nothing would be lost, and `nnlab runs` would list a half-made run); any other keeps its
   * checkpoints, to resume.
   */
  abandon(): Promise<void>;
}

/** A new run folder for the spec, durable from the start (spec.json, checkpoint.json, history.jsonl). */
export async function startTrainRun(specPath: string, root: string): Promise<TrainRun> {
  const spec = await readSpec(specPath);
  const { id, dir } = await createRunDir(root, spec.name);
  let checkpoints: RunCheckpoints;
  try {
    checkpoints = await RunCheckpoints.create(dir, spec, resolve(specPath));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    id,
    dir,
    spec,
    specPath,
    checkpoints,
    abandon: async () => {
      checkpoints.close();
      if (!checkpoints.hasProgress) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The run `ref` (a folder, or an id under root) as its latest checkpoint left it. A run that finished
 * (summary.json, not interrupted) has nothing to resume.
 */
export async function resumeTrainRun(ref: string, root: string): Promise<TrainRun> {
  const dir = await resolveRunFolder(ref, root);
  const id = basename(dir);
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
  const checkpoints = await RunCheckpoints.open(dir);
  return {
    id,
    dir,
    spec: checkpoints.spec,
    specPath: checkpoints.specPath ?? undefined,
    checkpoints,
    abandon: async () => checkpoints.close(),
  };
}
