/**
 * Successive halving: train every point briefly, keep the best third, train those longer, and so on up to
 * the spec's full epochs. Most of the budget goes to the points that look best early, which is where the
 * good ones are when early dev error ranks points as a full run would (as it does for a learning rate
 * far too small or too large).
 *
 * A rung trains its points from scratch with that rung's epochs (nothing is carried between rungs), so
 * the last rung's trials are exactly the full run's trials of those points: same seed, same bits.
 */
import { NnlabError } from "../errors.js";
import { rankTrials } from "./rank.js";
import type { TrialResult, TrialTask } from "./trial.js";

/** Each rung keeps the best 1/ETA of its points. */
export const HALVING_ETA = 3;

/** One rung of the plan: how many points it trains, and for how many epochs. */
export interface RungPlan {
  points: number;
  epochs: number;
}

/**
 * The rungs for `points` points and the spec's `epochs`: 1 + floor(log_3 points) rungs, each with a third
 * of the points before it (rounded up) and three times the epochs, the last at the full epochs (12 points
 * over 60 epochs: 12 x 7, 4 x 20, 2 x 60).
 */
export function halvingPlan(points: number, epochs: number, eta = HALVING_ETA): RungPlan[] {
  if (!(Number.isInteger(points) && points >= 1)) throw new NnlabError(`halving: expected a whole number of points >= 1; received ${points}`);
  let rungs = 1;
  while (eta ** rungs <= points) rungs++;
  // every rung trains at least one epoch more than the one before: fewer rungs when the epochs are few
  while (rungs > 1 && Math.round(epochs / eta ** (rungs - 1)) < 1) rungs--;
  const plan: RungPlan[] = [];
  let count = points;
  for (let r = 0; r < rungs; r++) {
    plan.push({ points: count, epochs: Math.max(1, Math.round(epochs / eta ** (rungs - 1 - r))) });
    count = Math.ceil(count / eta);
  }
  return plan;
}

/** A rung as run: its trials best first, the points it kept for the next rung, and those that failed. */
export interface HalvingRung {
  rung: number;
  epochs: number;
  /** The rung's finished trials, best first (rankTrials). */
  trials: TrialResult[];
  /** The points (indices into the sweep's points) promoted to the next rung; none from the last. */
  kept: number[];
  /** The points whose trial failed at this rung (dropped). */
  failed: number[];
}

/**
 * The trial index of a point at a rung: rung r's trials follow rung r - 1's, so that every trial of the
 * sweep has its own index (its key in the sweep folder and on the queue).
 */
export function rungIndex(rung: number, point: number, points: number): number {
  return rung * points + point;
}

/** The point a rung's trial is of (the inverse of rungIndex). */
export function pointOf(index: number, points: number): { rung: number; point: number } {
  return { rung: Math.floor(index / points), point: index % points };
}

/** A point's task at a rung: its own spec with the rung's epochs, under the rung's index. */
export function rungTask(task: TrialTask, rung: number, epochs: number, points: number): TrialTask {
  return { ...task, index: rungIndex(rung, task.index, points), spec: { ...task.spec, training: { ...task.spec.training, epochs } } };
}

/**
 * Runs successive halving over `points` (full-epoch tasks, index = point): `runRung` runs one rung's
 * tasks and gives back the results it has (fewer when a trial failed or the run was stopped). Stops
 * early, with the rungs so far, when `runRung` says the run was interrupted.
 */
export async function successiveHalving(
  points: readonly TrialTask[],
  runRung: (tasks: TrialTask[], rung: number) => Promise<{ results: TrialResult[]; interrupted: boolean }>,
  eta = HALVING_ETA,
): Promise<{ rungs: HalvingRung[]; interrupted: boolean }> {
  const n = points.length;
  const plan = halvingPlan(n, points[0]?.spec.training.epochs ?? 1, eta);
  const rungs: HalvingRung[] = [];
  let alive = [...points];
  for (const [rung, { epochs }] of plan.entries()) {
    const tasks = alive.map((t) => rungTask(t, rung, epochs, n));
    const { results, interrupted } = await runRung(tasks, rung);
    const trials = rankTrials(results);
    const done = new Set(trials.map((t) => pointOf(t.index, n).point));
    const failed = interrupted ? [] : alive.map((t) => t.index).filter((p) => !done.has(p));
    const last = rung === plan.length - 1;
    const keep = last ? 0 : plan[rung + 1]!.points;
    const kept = trials.slice(0, keep).map((t) => pointOf(t.index, n).point);
    rungs.push({ rung, epochs, trials, kept, failed });
    if (interrupted) return { rungs, interrupted };
    const keptSet = new Set(kept);
    alive = points.filter((t) => keptSet.has(t.index));
    if (alive.length === 0) break;
  }
  return { rungs, interrupted: false };
}
