/** A sweep's validation curves: error against each swept knob, for the report. */
import type { CurveChart } from "../report/run-report.js";
import type { GridAxis } from "./grid.js";
import { dataCost } from "./rank.js";
import type { TrialResult } from "./trial.js";

/**
 * Whether swept values belong on a log axis: none negative, and the non-zero ones spanning a decade or more
 * (lambda = 0, 0.01, 0.1, 0.7; learning rates). A 0 among them then sits at the axis' start on a symmetric
 * log scale, instead of squashing 0.01 and 0.1 together at the left of a linear one.
 */
export function spansDecades(values: number[]): boolean {
  const positive = values.filter((v) => v > 0);
  if (values.some((v) => v < 0) || positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) >= 10;
}

/**
 * Validation curves: each numeric knob swept over more than one value, against train and dev error (dev
 * cost for a regression), with the other knobs at the best trial's values. With `everyTrial` (a random
 * search, where no two trials share the other knobs), every trial at its value of the knob.
 */
export function validationCurves(axes: readonly GridAxis[], trials: readonly TrialResult[], best: TrialResult | undefined, options: { everyTrial?: boolean } = {}): CurveChart[] {
  if (!best) return [];
  const sameOthers = (axis: GridAxis, r: TrialResult) => options.everyTrial || axes.every((o) => o === axis || r.values[o.name] === best.values[o.name]);
  return axes
    .filter((a) => a.values.length > 1 && a.values.every((v) => typeof v === "number"))
    .map((axis) => {
      const values = axis.values as number[];
      const line = values.map((v) => trials.find((r) => r.values[axis.name] === v && sameOthers(axis, r)));
      const logX = spansDecades(values);
      const withZero = logX && values.includes(0);
      return {
        title: `Validation curve: ${axis.name}`,
        xLabel: logX ? `${axis.name} (log scale${withZero ? ", with 0 at the left" : ""})` : axis.name,
        yLabel: best.devError !== null ? "error" : "MSE",
        kind: "validation",
        logX,
        x: values,
        series: [
          { name: "train", values: line.map((r) => (r ? (r.trainError ?? dataCost(r, "train")) : NaN)) },
          { name: "dev", values: line.map((r) => (r ? (r.devError ?? dataCost(r, "dev")) : NaN)) },
        ],
      } satisfies CurveChart;
    });
}
