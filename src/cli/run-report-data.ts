import type { Dataset } from "../data/dataset.js";
import type { Sequential } from "../model/sequential.js";
import { Tensor } from "../tensor/tensor.js";
import type { DecisionBoundary, RunReport } from "../report/run-report.js";
import type { ExperimentResult } from "./run-experiment.js";
import { percent } from "./table.js";

/** The decision function on a grid over the data (2-feature classifiers only). */
export function boundaryOf(model: Sequential, train: Dataset, dev: Dataset | null, resolution = 60): DecisionBoundary | undefined {
  if (train.x.cols !== 2 || train.task === "regression") return undefined;
  const range = (j: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of [train, dev]) {
      if (!d) continue;
      for (let i = 0; i < d.x.rows; i++) {
        lo = Math.min(lo, d.x.get(i, j));
        hi = Math.max(hi, d.x.get(i, j));
      }
    }
    const pad = 0.1 * (hi - lo || 1);
    return [lo - pad, hi + pad];
  };
  const xRange = range(0);
  const yRange = range(1);
  const rows: number[][] = [];
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      rows.push([
        xRange[0] + ((c + 0.5) * (xRange[1] - xRange[0])) / resolution,
        yRange[0] + ((r + 0.5) * (yRange[1] - yRange[0])) / resolution,
      ]);
    }
  }
  const grid = Tensor.from2D(rows);
  const classes = train.classes?.length ?? 2;
  const values = classes <= 2 ? Array.from(model.predict(grid).data) : model.classify(grid);
  const points: DecisionBoundary["points"] = [];
  for (const [d, set] of [[train, "train"], [dev, "dev"]] as const) {
    if (!d) continue;
    for (let i = 0; i < d.x.rows; i++) points.push({ x: d.x.get(i, 0), y: d.x.get(i, 1), label: d.y.data[i]!, set });
  }
  return { xRange, yRange, resolution, values, classes, featureNames: [train.featureNames[0]!, train.featureNames[1]!], points };
}

/** The report of one training run. */
export function runReport(result: ExperimentResult, title: string): RunReport {
  const { history, train, dev, test } = result;
  const facts: Array<[string, string]> = [
    ["data", result.dataSource],
    ["split", `${result.split.sizes.train} train / ${result.split.sizes.dev} dev / ${result.split.sizes.test} test — ${result.split.sizes.reason}`],
    ["model", result.modelDescription],
    ["optimizer", `${result.spec.optimizer.name}, learning rate ${result.spec.optimizer.learningRate}, batch ${result.spec.training.batchSize}`],
    ["epochs", `${history.length} of ${result.spec.training.epochs} (${history.stop.reason}${result.interrupted ? ", interrupted" : ""})`],
    ["train", `cost ${train.loss.toFixed(4)}, accuracy ${percent(train.accuracy)}`],
  ];
  if (dev) facts.push(["dev", `cost ${dev.loss.toFixed(4)}, accuracy ${percent(dev.accuracy)}`]);
  facts.push(["test", `cost ${test.loss.toFixed(4)}, accuracy ${percent(test.accuracy)}`]);
  return {
    title,
    createdAt: new Date().toISOString(),
    facts,
    spec: result.spec,
    history: { epochs: history.epochs, values: history.values },
    stop: history.stop,
    earlyStopping: history.earlyStopping,
    biasVariance: result.biasVariance ?? undefined,
    flow: result.flow,
    findings: result.findings,
    boundary: boundaryOf(result.model, result.split.train, result.split.dev ?? null),
    notes: [
      ...history.warnings,
      ...(result.interrupted ? ["Training was interrupted (Ctrl-C): the model holds the best weights reached so far."] : []),
      ...(history.stop.reason === "nonFiniteCost" ? [history.stop.message ?? "the cost stopped being finite"] : []),
    ],
  };
}
