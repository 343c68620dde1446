/**
 * What a sweep shows: its trials as a table (the same rows in the HTML report and on a terminal), the
 * validation curves, and the facts at the top of the report. Plain data; rendering is the caller's.
 */
import { percent } from "../report/format.js";
import type { RunReport, TableSection } from "../report/run-report.js";
import { validationCurves } from "./curves.js";
import { type GridAxis, gridLabel } from "./grid.js";
import type { TrialResult } from "./trial.js";

/** A sweep's results.json: the grid, and every finished trial, best first. */
export interface SweepResults {
  axes: GridAxis[];
  folds?: number;
  /** Ranked (rankTrials). */
  trials: TrialResult[];
  /** Whether every trial of the grid finished (false after an interruption). */
  complete: boolean;
}

/** The trials' table, best dev error first: one column per axis, then errors, costs and epochs. */
export function sweepTable(axes: readonly GridAxis[], ranked: readonly TrialResult[], folds?: number): TableSection {
  const columns = [...axes.map((a) => a.name), "train error", "dev error", ...(folds ? ["dev error std"] : []), "train cost", "dev cost", "epochs"];
  const rows = ranked.map((r) => [
    ...axes.map((a) => String(r.values[a.name])),
    percent(r.trainError),
    percent(r.devError),
    ...(folds ? [percent(r.devErrorStd)] : []),
    +r.trainLoss.toFixed(4),
    +r.devLoss.toFixed(4),
    r.epochs,
  ]);
  return { title: "Trials, best dev error first", columns, rows };
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
  const { axes, folds, trials, complete, total, resumed } = input;
  const best = trials[0];
  return {
    title: `nnlab sweep ${input.name}`,
    createdAt: input.createdAt ?? new Date().toISOString(),
    facts: [
      ["spec", input.spec],
      ["grid", axes.map((a) => `${a.name} (${a.path}) = ${a.values.join(", ")}`).join("; ")],
      ["trials", `${trials.length} of ${total}${resumed ? ` (${resumed} from an earlier, interrupted run)` : ""}`],
      ["evaluation", folds ? `${folds}-fold cross-validation on train + dev` : "train on train, score on dev"],
      ["best", best ? gridLabel(best.values) : "-"],
    ],
    tables: [sweepTable(axes, trials, folds)],
    curves: validationCurves(axes, trials, best),
    notes: complete ? [] : ["The sweep was interrupted: rerun the same command to finish the missing trials."],
  };
}
