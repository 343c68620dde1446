/**
 * Runs a sweep into its folder: the points' trials through an executor (threads here, or a queue's
 * workers elsewhere), each result kept as it arrives, only the missing ones run (resume), failed trials
 * reported rather than stopping the others; with halving, rung after rung. A cross-validated point's
 * folds are tasks of their own (foldTasks), so the executor spreads them too; the store puts each point
 * together from its folds (combineFolds), as one whole cross-validation would give it.
 */
import {
  type FailedTrial,
  foldTasks,
  type HalvingRung,
  halvingPlan,
  rankTrials,
  successiveHalving,
  type TrialExecutor,
  type TrialFailure,
  type TrialResult,
  type TrialTask,
} from "../../sweep/index.js";
import type { SweepStore } from "./trial-store.js";

export interface RunSweepOptions {
  store: SweepStore;
  executor: TrialExecutor;
  /** The sweep's points as full-epoch trials, index = point. */
  points: readonly TrialTask[];
  /** Successive halving over the points instead of one trial each. */
  halving?: boolean;
  /** Called after each trial is kept (a cross-validated one: with its last fold), with how many of the sweep's trials are finished. */
  onSaved?: (finished: number, total: number) => void;
}

export interface SweepOutcome {
  /** The trials that rank the sweep, best first: every point's, or with halving the last rung's. */
  trials: TrialResult[];
  failed: FailedTrial[];
  rungs?: HalvingRung[];
  /** How many trials the sweep has in all (with halving: every rung's). */
  total: number;
  /** Whether a trial that should have run did not (the executor was stopped). */
  interrupted: boolean;
}

export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const { store, executor, points } = options;
  const failed: FailedTrial[] = [];
  const total = options.halving ? halvingPlan(points.length, points[0]?.spec.training.epochs ?? 1).reduce((n, r) => n + r.points, 0) : points.length;
  const indices = new Set<number>();
  /** Runs the tasks still missing; gives back the results of all of them that exist. */
  const runBatch = async (tasks: TrialTask[]) => {
    for (const t of tasks) indices.add(t.index);
    const byIndex = new Map(tasks.map((t) => [t.index, t]));
    const failedHere = new Set<number>();
    await executor.run(
      store.missing(tasks.flatMap(foldTasks)),
      async (result) => {
        const before = store.finished.has(result.index);
        if ((await store.save(result)) && !before && store.finished.has(result.index)) options.onSaved?.([...indices].filter((i) => store.finished.has(i)).length, total);
      },
      (failure: TrialFailure) => {
        // A trial fails once in the table, however many of its folds failed.
        if (failedHere.has(failure.index)) return;
        failedHere.add(failure.index);
        failed.push({ index: failure.index, values: byIndex.get(failure.index)?.values ?? {}, reason: failure.reason });
      },
    );
    const results = tasks.flatMap((t) => store.finished.get(t.index) ?? []);
    return { results, interrupted: results.length + failedHere.size < tasks.length };
  };
  if (!options.halving) {
    const { results, interrupted } = await runBatch([...points]);
    return { trials: rankTrials(results), failed: sortFailed(failed), total, interrupted };
  }
  const { rungs, interrupted } = await successiveHalving(points, (tasks) => runBatch(tasks));
  return { trials: rungs[rungs.length - 1]?.trials ?? [], failed: sortFailed(failed), rungs, total, interrupted };
}

const sortFailed = (failed: FailedTrial[]) => failed.sort((a, b) => a.index - b.index);
