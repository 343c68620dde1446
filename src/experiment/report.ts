/** The run report (RunReport: facts, curves, flow, diagnosis, boundary) of one experiment's result. */
import type { Dataset } from "../data/dataset.js";
import type { Split } from "../data/split.js";
import type { Sequential } from "../model/sequential.js";
import { decisionBoundaryGrid } from "../report/decision-boundary-grid.js";
import { percent } from "../report/format.js";
import type { DecisionBoundary, RunReport } from "../report/run-report.js";
import type { ExperimentResult } from "./run.js";

/** The decision function on a grid over train and dev (2-feature classifiers only). */
export function boundaryOf(model: Sequential, train: Dataset, dev: Dataset | null): DecisionBoundary | undefined {
  if (train.x.cols !== 2 || train.task === "regression") return undefined;
  return decisionBoundaryGrid(model, dev ? { train, dev } : { train });
}

/** "240 train / 80 dev / 80 test", or "320 train / 80 dev (no test set)" for a [train, dev] split. */
export function splitText(sizes: Split["sizes"]): string {
  const parts = [`${sizes.train} train`, ...(sizes.dev > 0 ? [`${sizes.dev} dev`] : []), ...(sizes.test > 0 ? [`${sizes.test} test`] : [])];
  return parts.join(" / ") + (sizes.test > 0 ? "" : " (no test set)") + (sizes.dev > 0 ? "" : " (no dev set)");
}

/** The report of one training run. */
export function experimentReport(result: ExperimentResult, title: string): RunReport {
  const { history, train, dev, test } = result;
  const facts: Array<[string, string]> = [
    ["data", result.dataSource],
    ["split", `${splitText(result.split.sizes)} — ${result.split.sizes.reason}`],
    ["model", result.modelDescription],
    ["optimizer", `${result.spec.optimizer.name}, learning rate ${result.spec.optimizer.learningRate}, batch ${result.spec.training.batchSize}`],
    ["epochs", `${history.length} of ${result.spec.training.epochs} (${history.stop.reason}${result.interrupted ? ", interrupted" : ""})`],
    ["train", `cost ${train.loss.toFixed(4)}, accuracy ${percent(train.accuracy)}`],
  ];
  if (dev) facts.push(["dev", `cost ${dev.loss.toFixed(4)}, accuracy ${percent(dev.accuracy)}`]);
  if (result.split.sizes.test > 0) facts.push(["test", `cost ${test.loss.toFixed(4)}, accuracy ${percent(test.accuracy)}`]);
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
