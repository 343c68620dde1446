/**
 * Classification metrics from true and predicted class indices: the confusion matrix, precision, recall,
 * F1 and support per class, their macro and weighted averages, and accuracy. Browser-safe, plain
 * arithmetic (no transcendental functions), so every engine gives the same bits.
 *
 * A ratio with a zero denominator is 0, as scikit-learn's `zero_division=0`: the precision of a class
 * never predicted, the recall of a class absent from the set, and the F1 where precision + recall = 0.
 * scikit-learn warns about these; here `undefinedPrecision` / `undefinedRecall` list the classes.
 */
import { NnlabError } from "../errors.js";

/** One class's row of the report. */
export interface ClassMetrics {
  /** The class's label (from the data, e.g. "cat"), or its index. */
  label: string | number;
  precision: number;
  recall: number;
  f1: number;
  /** True examples of this class in the set. */
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassificationMetrics {
  task: "classification";
  /** confusion[t][p]: examples of true class t predicted as p (rows true, columns predicted, as scikit-learn). */
  confusion: number[][];
  classes: ClassMetrics[];
  /** The unweighted mean over classes (every class counts the same, however rare). */
  macro: AveragedMetrics;
  /** The mean over classes weighted by support (a frequent class counts more). */
  weighted: AveragedMetrics;
  accuracy: number;
  examples: number;
  /** Classes whose precision was 0/0 (never predicted) or whose recall was 0/0 (no true example): set to 0. */
  undefinedPrecision: Array<string | number>;
  undefinedRecall: Array<string | number>;
}

/** a / b, or 0 where b is 0 (scikit-learn's zero_division=0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function checkClass(where: string, c: number, k: number, i: number): void {
  if (!Number.isInteger(c) || c < 0 || c >= k) throw new NnlabError(`${where}: class indices must be integers in [0, ${k - 1}]; received ${c} at position ${i}`);
}

/**
 * The k x k confusion matrix: entry [t][p] counts the examples of true class t predicted as class p.
 * The diagonal holds the correct ones; row t sums to class t's support, column p to its predictions.
 */
export function confusionMatrix(trueClasses: ArrayLike<number>, predictedClasses: ArrayLike<number>, k: number): number[][] {
  if (!Number.isInteger(k) || k < 1) throw new NnlabError(`confusionMatrix: k must be a positive integer (the number of classes); received ${k}`);
  if (trueClasses.length !== predictedClasses.length) {
    throw new NnlabError(`confusionMatrix: expected as many predicted classes as true ones (${trueClasses.length}); received ${predictedClasses.length}`);
  }
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < trueClasses.length; i++) {
    const t = trueClasses[i]!;
    const p = predictedClasses[i]!;
    checkClass("confusionMatrix", t, k, i);
    checkClass("confusionMatrix", p, k, i);
    m[t]![p]!++;
  }
  return m;
}

/** Precision, recall, F1 and support per class, macro and weighted averages and accuracy, from a confusion matrix. */
export function metricsFromConfusion(confusion: number[][], labels?: Array<string | number>): ClassificationMetrics {
  const k = confusion.length;
  if (labels && labels.length !== k) throw new NnlabError(`metricsFromConfusion: expected ${k} class labels; received ${labels.length}`);
  const label = (c: number) => labels?.[c] ?? c;
  let examples = 0;
  let correct = 0;
  const predicted = new Array<number>(k).fill(0);
  for (let t = 0; t < k; t++) {
    const row = confusion[t]!;
    if (row.length !== k) throw new NnlabError(`metricsFromConfusion: expected a square matrix (${k} x ${k}); row ${t} has ${row.length} entries`);
    for (let p = 0; p < k; p++) {
      examples += row[p]!;
      predicted[p] += row[p]!;
    }
    correct += row[t]!;
  }
  const undefinedPrecision: Array<string | number> = [];
  const undefinedRecall: Array<string | number> = [];
  const classes: ClassMetrics[] = [];
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((s, v) => s + v, 0);
    if (predicted[c] === 0) undefinedPrecision.push(label(c));
    if (support === 0) undefinedRecall.push(label(c));
    const precision = ratio(tp, predicted[c]!);
    const recall = ratio(tp, support);
    // F1 = 2PR / (P + R), which is 2 tp / (2 tp + fp + fn): the same number, and 0 when P + R = 0
    const f1 = ratio(2 * precision * recall, precision + recall);
    classes.push({ label: label(c), precision, recall, f1, support });
  }
  const average = (weight: (c: ClassMetrics, index: number) => number): AveragedMetrics => {
    const total = classes.reduce((s, c, i) => s + weight(c, i), 0);
    const mean = (key: keyof AveragedMetrics) => ratio(classes.reduce((s, c, i) => s + weight(c, i) * c[key], 0), total);
    return { precision: mean("precision"), recall: mean("recall"), f1: mean("f1") };
  };
  // A class neither in the set nor predicted has nothing to average (scikit-learn's default labels are the
  // ones in y_true or y_pred): counted as F1 0, it gave a perfect prediction of a CSV without it macro F1 0.667.
  const seen = (c: ClassMetrics, i: number) => (c.support > 0 || predicted[i]! > 0 ? 1 : 0);
  return {
    task: "classification",
    confusion: confusion.map((row) => row.slice()),
    classes,
    macro: average(seen),
    weighted: average((c) => c.support),
    accuracy: ratio(correct, examples),
    examples,
    undefinedPrecision,
    undefinedRecall,
  };
}

/** The whole classification report of true against predicted class indices (k classes, optional labels). */
export function classificationMetrics(
  trueClasses: ArrayLike<number>,
  predictedClasses: ArrayLike<number>,
  k: number,
  labels?: Array<string | number>,
): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(trueClasses, predictedClasses, k), labels);
}
