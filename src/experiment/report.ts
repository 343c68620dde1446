/** The run report (RunReport: facts, curves, flow, diagnosis, boundary) of one experiment's result. */
import type { Dataset } from "../data/dataset.js";
import type { Split } from "../data/split.js";
import type { Sequential } from "../model/sequential.js";
import { decisionBoundaryGrid } from "../report/decision-boundary-grid.js";
import { formatCost, percent } from "../report/format.js";
import type { DecisionBoundary, MisclassifiedImages, RunReport } from "../report/run-report.js";
import type { ExperimentResult } from "./run.js";

/** The decision function on a grid over train and dev (2-feature classifiers only). */
export function boundaryOf(model: Sequential, train: Dataset, dev: Dataset | null): DecisionBoundary | undefined {
  if (train.x.cols !== 2 || train.task === "regression") return undefined;
  return decisionBoundaryGrid(model, dev ? { train, dev } : { train });
}

/**
 * The `limit` examples of an image set that the classifier got wrong with the highest probability on its
 * (wrong) choice; undefined for data that is not images, regression, or a set with nothing wrong.
 */
export function misclassifiedImages(model: Sequential, data: Dataset, set: string, limit = 12): MisclassifiedImages | undefined {
  if (!data.image || data.task === "regression" || data.x.rows === 0) return undefined;
  const out = model.predict(data.x);
  const k = out.cols;
  const wrong: Array<{ row: number; predicted: number; actual: number; confidence: number }> = [];
  for (let r = 0; r < out.rows; r++) {
    let predicted: number;
    let confidence: number;
    if (k === 1) {
      const p = out.data[r]!;
      predicted = p > 0.5 ? 1 : 0;
      confidence = predicted ? p : 1 - p;
    } else {
      predicted = 0;
      for (let j = 1; j < k; j++) if (out.data[r * k + j]! > out.data[r * k + predicted]!) predicted = j;
      confidence = out.data[r * k + predicted]!;
    }
    const actual = data.y.data[r]!;
    if (predicted !== actual) wrong.push({ row: r, predicted, actual, confidence });
  }
  if (wrong.length === 0) return undefined;
  wrong.sort((a, b) => b.confidence - a.confidence || a.row - b.row);
  const name = (c: number) => String(data.classes?.[c] ?? c);
  const { height, width } = data.image;
  const channels = data.image.channels ?? 1;
  const size = data.x.cols;
  return {
    set,
    height,
    width,
    channels,
    wrong: wrong.length,
    examples: out.rows,
    shown: wrong.slice(0, limit).map((w) => ({
      row: data.ids[w.row]!,
      label: name(w.actual),
      predicted: name(w.predicted),
      confidence: w.confidence,
      pixels: Array.from(data.x.data.subarray(w.row * size, (w.row + 1) * size)),
    })),
  };
}

/** "240 train / 80 dev / 80 test", or "320 train / 80 dev (no test set)" for a [train, dev] split. */
export function splitText(sizes: Split["sizes"]): string {
  const parts = [`${sizes.train} train`, ...(sizes.dev > 0 ? [`${sizes.dev} dev`] : []), ...(sizes.test > 0 ? [`${sizes.test} test`] : [])];
  return parts.join(" / ") + (sizes.test > 0 ? "" : " (no test set)") + (sizes.dev > 0 ? "" : " (no dev set)");
}

/** A set's cost, and its accuracy where it has one (a regression has none: it read "accuracy -"). */
const score = (s: { loss: number; accuracy?: number | null }) => `cost ${formatCost(s.loss)}${s.accuracy === undefined || s.accuracy === null ? "" : `, accuracy ${percent(s.accuracy)}`}`;

/** The report of one training run. */
export function experimentReport(result: ExperimentResult, title: string): RunReport {
  const { history, train, dev, test } = result;
  const facts: Array<[string, string]> = [
    ["data", result.dataSource],
    ["split", `${splitText(result.split.sizes)} — ${result.split.sizes.reason}`],
    ["model", result.modelDescription],
    ["optimizer", `${result.spec.optimizer.name}, learning rate ${result.spec.optimizer.learningRate}, batch ${result.spec.training.batchSize}`],
    ["epochs", `${history.length} of ${result.spec.training.epochs} (${history.stop.reason}${result.interrupted ? ", interrupted" : ""})`],
    ["train", score(train)],
  ];
  if (dev) facts.push(["dev", score(dev)]);
  if (result.split.sizes.test > 0) facts.push(["test", score(test)]);
  return {
    title,
    createdAt: new Date().toISOString(),
    facts,
    spec: result.spec,
    history: { epochs: history.epochs, values: history.values },
    stop: history.stop,
    earlyStopping: history.earlyStopping,
    biasVariance: result.biasVariance ?? undefined,
    diagnosis: result.diagnosis,
    flow: result.flow,
    findings: result.findings,
    boundary: boundaryOf(result.model, result.split.train, result.split.dev ?? null),
    misclassified:
      result.split.sizes.test > 0
        ? misclassifiedImages(result.model, result.split.test, "test")
        : result.split.dev
          ? misclassifiedImages(result.model, result.split.dev, "dev")
          : undefined,
    metrics: [
      { set: "train", metrics: result.metrics.train },
      ...(result.metrics.dev ? [{ set: "dev", metrics: result.metrics.dev }] : []),
      ...(result.metrics.test ? [{ set: "test", metrics: result.metrics.test }] : []),
    ],
    notes: [
      ...result.split.warnings,
      ...(result.dropoutCheck ? [`Dropout check (the notes): ${result.dropoutCheck.message}.`] : []),
      ...history.warnings,
      ...(result.interrupted ? ["Training was interrupted (Ctrl-C): the model holds the best weights reached so far."] : []),

    ],
  };
}
