/**
 * What a sweep shows: its trials as a table (the same rows in the HTML report and on a terminal), the
 * validation curves, and the facts at the top of the report. Plain data; rendering is the caller's.
 */
import { percent } from "../report/format.js";
import type { RunReport, TableSection } from "../report/run-report.js";
import { validationCurves } from "./curves.js";
import { type GridAxis, gridLabel } from "./grid.js";
import { type HalvingRung, pointOf } from "./halving.js";
import { rangeLabel, type SearchRange } from "./random.js";
import { dataCost } from "./rank.js";
import type { TrialResult } from "./trial.js";

/** A trial that failed for a reason of its own (bad data, a value its data cannot take): reported, not retried. */
export interface FailedTrial {
  index: number;
  values: Record<string, number | string>;
  /** One line: why (with the worker's name when it ran on a queue). */
  reason: string;
}

/** A sweep's results.json: the grid, and every finished trial, best first. */
export interface SweepResults {
  axes: GridAxis[];
  folds?: number;
  /** Ranked (rankTrials). */
  trials: TrialResult[];
  /** Whether every trial of the grid finished (false after an interruption, or with failed trials). */
  complete: boolean;
  /** The trials that failed, in index order (none: absent). */
  failed?: FailedTrial[];
  /** A random search's draw: how many points, the generator's seed and the ranges (a grid: absent). */
  random?: { count: number; seed: number; ranges: SearchRange[] };
  /** Successive halving's rungs, first to last (then `trials` are the last rung's). */
  rungs?: HalvingRung[];
}

/** The trials' table, best dev error first: one column per axis, then errors, costs and epochs. */
export function sweepTable(axes: readonly GridAxis[], ranked: readonly TrialResult[], folds?: number): TableSection {
  // a regression is ranked by its dev MSE, equal dev errors by the dev data cost: the costs shown are the
  // data costs, the penalty left out (the whole cost, which grows with lambda, read 0.4201 above 0.4167 among
  // trials ranked by their data costs 0.3675 and 0.3690, and the table looked unsorted: a README walkthrough)
  const regression = ranked.length > 0 && ranked.every((r) => r.devError === null);
  const costs = regression ? ["train MSE", "dev MSE"] : ["train data cost", "dev data cost"];
  // a regression has no error rate: its columns would be "-" in every row
  const errors = regression ? [] : ["train error", "dev error"];
  const columns = [...axes.map((a) => a.name), ...errors, ...(folds && !regression ? ["dev error std"] : []), ...costs, ...(folds && regression ? ["dev MSE std"] : []), "epochs", ...(ranked.some((r) => r.diverged) ? ["stop"] : [])];
  const rows = ranked.map((r) => [
    ...axes.map((a) => String(r.values[a.name])),
    ...(regression ? [] : [percent(r.trainError), percent(r.devError)]),
    ...(folds && !regression ? [percent(r.devErrorStd)] : []),
    costFigure(dataCost(r, "train")),
    costFigure(dataCost(r, "dev")),
    ...(folds && regression ? [r.devDataLossStd === undefined ? "-" : costFigure(r.devDataLossStd)] : []),
    r.epochs,
    ...(ranked.some((t) => t.diverged) ? [r.diverged ? "diverged" : ""] : []),
  ]);
  return { title: regression ? "Trials, best dev MSE first" : "Trials, best dev error first", columns, rows };
}

/** A cost as a table shows it: four significant digits (a cost of 2e-10, a target in mol/L's, read 0 at four decimals). */
export const costFigure = (v: number): number => Number(v.toPrecision(4));

/** The failed trials: their knobs and why, so that a bad value or bad data is seen, not silently missing. */
export function failedTable(axes: readonly GridAxis[], failed: readonly FailedTrial[]): TableSection {
  return {
    title: "Trials that failed (not retried: rerun the sweep to try them again)",
    columns: [...axes.map((a) => a.name), "why"],
    rows: failed.map((f) => [...axes.map((a) => String(f.values[a.name])), f.reason]),
  };
}

/** A halving rung's trials, best first, with whether each went on to the next rung. */
export function rungTable(axes: readonly GridAxis[], rung: HalvingRung, points: number, last: boolean): TableSection {
  const kept = new Set(rung.kept);
  return {
    title: `Rung ${rung.rung + 1}: ${rung.trials.length} trial${rung.trials.length === 1 ? "" : "s"} of ${rung.epochs} epochs${last ? " (the full run)" : `, the best ${rung.kept.length} kept`}`,
    columns: [...axes.map((a) => a.name), "train error", "dev error", rung.trials.every((r) => r.devError === null) ? "dev MSE" : "dev data cost", "epochs", ...(last ? [] : ["kept"])],
    rows: rung.trials.map((r) => [
      ...axes.map((a) => String(r.values[a.name])),
      percent(r.trainError),
      percent(r.devError),
      costFigure(dataCost(r, "dev")),
      r.epochs,
      ...(last ? [] : [kept.has(pointOf(r.index, points).point) ? "yes" : "no"]),
    ]),
  };
}

/** "12 x 7 epochs, 4 x 20, 2 x 60": the rungs in one line. */
export function rungsLabel(rungs: readonly HalvingRung[]): string {
  return rungs.map((r, i) => `${r.trials.length + r.failed.length} x ${r.epochs}${i === 0 ? " epochs" : ""}`).join(", ");
}

export interface SweepReportInput extends SweepResults {
  /** The base spec's name (the report's title). */
  name: string;
  /** Where the base spec came from (a path), shown as a fact. */
  spec: string;
  /** How many trials the grid has. */
  total: number;
  /** How many trials an earlier, interrupted run had finished. */
  resumed: number;
  /** ISO time (default: now). */
  createdAt?: string;
}

/** The sweep's report: facts, the table and the validation curves (render it with renderReport). */
export function sweepReport(input: SweepReportInput): RunReport {
  const { axes, folds, trials, complete, total, resumed, failed = [], random, rungs } = input;
  const best = trials[0];
  const finished = rungs ? rungs.reduce((n, r) => n + r.trials.length, 0) : trials.length;
  const points = random ? random.count : axes.reduce((n, a) => n * a.values.length, 1);
  return {
    title: `nnlab sweep ${input.name}`,
    createdAt: input.createdAt ?? new Date().toISOString(),
    facts: [
      ["spec", input.spec],
      random
        ? ["search", `${random.count} random points (seed ${random.seed}): ${random.ranges.map(rangeLabel).join("; ")}`]
        : ["grid", axes.map((a) => `${a.name} (${a.path}) = ${a.values.join(", ")}`).join("; ")],
      ...(rungs ? [["halving", `${rungsLabel(rungs)}: each rung keeps the best third and trains it longer, from scratch`] as [string, string]] : []),
      ["trials", `${finished} of ${total}${resumed ? ` (${resumed} from an earlier, interrupted run)` : ""}${failed.length ? `, ${failed.length} failed` : ""}`],
      ["evaluation", folds ? `${folds}-fold cross-validation on train + dev` : "train on train, score on dev"],
      ["best", best ? gridLabel(best.values) : "-"],
    ],
    tables: [
      sweepTable(axes, trials, folds),
      ...(failed.length ? [failedTable(axes, failed)] : []),
      ...(rungs ?? []).map((r, i) => rungTable(axes, r, points, i === rungs!.length - 1)),
    ],
    curves: validationCurves(axes, trials, best, { everyTrial: random !== undefined }),
    notes: [
      ...(complete ? [] : [failed.length ? "Some trials failed: fix what the table says and rerun the same command to try them again." : "The sweep was interrupted: rerun the same command to finish the missing trials."]),
      ...(random && !rungs ? ["Random search: no two trials share their other knobs, so each curve shows every trial against one knob (the others vary along it)."] : []),
      // the curves draw the full-length trials only: the earlier rungs trained for fewer epochs, and their
      // points on the same axes would not compare (they are in the rungs' tables)
      ...(rungs
        ? [`Successive halving: the curves show the last rung's ${trials.length} trial${trials.length === 1 ? "" : "s"}, trained for the full epochs, against one knob each (the others vary along it); the ${finished - trials.length} shorter runs of the earlier rungs are in the rungs' tables, not on the curves.`]
        : []),
    ],
  };
}
