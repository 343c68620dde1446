/**
 * A realistic RunReport built with the public API only: moons, a train/dev/test split, a dropout + L2
 * network trained with early stopping and gradient-flow recording, the diagnosis, a decision-boundary
 * grid, a small lambda sweep (validation curve) and a learning curve.
 */
import {
  Adam,
  Dense,
  diagnoseBiasVariance,
  decisionBoundaryGrid,
  Dropout,
  EarlyStopping,
  fit,
  flowFindings,
  generate,
  GradientFlow,
  l2,
  type RunReport,
  Sequential,
  split,
  subset,
  type Dataset,
} from "../../src/index.js";

function network(lambda: number, dropout: number): Sequential {
  const reg = lambda > 0 ? l2(lambda) : undefined;
  return new Sequential({
    inputSize: 2,
    dtype: "float64",
    seed: 7,
    layers: [
      new Dense({ units: 24, activation: "relu", kernelRegularizer: reg }),
      ...(dropout > 0 ? [new Dropout({ rate: dropout })] : []),
      new Dense({ units: 24, activation: "relu", kernelRegularizer: reg }),
      new Dense({ units: 1, activation: "sigmoid", kernelRegularizer: reg }),
    ],
  }).compile({ loss: "binaryCrossEntropy", optimizer: new Adam({ learningRate: 0.02 }) });
}

const error = (model: Sequential, d: Dataset) => 1 - model.evaluate(d.x, d.y).accuracy!;

export function sampleReport(title = "moons: 2 x 24 ReLU, dropout 0.1, L2 0.01"): RunReport {
  const data = generate("moons", { n: 260, noise: 0.25, seed: 3 });
  const parts = split(data, [0.6, 0.2, 0.2], { seed: 1 });
  const dev = parts.dev!;
  const model = network(0.01, 0.1);
  const flow = new GradientFlow();
  const history = fit(model, parts.train, {
    epochs: 400,
    batchSize: "full",
    validationData: dev,
    callbacks: [flow, new EarlyStopping({ patience: 60 })],
  });
  const trainError = error(model, parts.train);
  const devError = error(model, dev);

  const lambdas = [0, 0.01, 0.1, 1];
  const sweep = lambdas.map((lambda) => {
    const m = network(lambda, 0);
    fit(m, parts.train, { epochs: 150, batchSize: "full" });
    return { lambda, train: error(m, parts.train), dev: error(m, dev) };
  });
  const sizes = [20, 40, 80, parts.train.x.rows];
  const learning = sizes.map((size) => {
    const few = subset(parts.train, Array.from({ length: size }, (_, i) => i));
    const m = network(0.01, 0);
    fit(m, few, { epochs: 150, batchSize: "full" });
    return { train: error(m, few), dev: error(m, dev) };
  });

  return {
    title,
    createdAt: "2026-11-27T02:00:00Z",
    facts: [
      ["data", `moons, ${data.x.rows} examples (noise 0.25)`],
      ["split", `train ${parts.sizes.train} / dev ${parts.sizes.dev} / test ${parts.sizes.test}`],
      ["network", "2 → 24 ReLU → dropout 0.1 → 24 ReLU → 1 sigmoid (float64)"],
      ["regularization", "L2, lambda = 0.01; dropout rate 0.1 (keep_prob 0.9)"],
      ["optimizer", "Adam, learning rate 0.02, full batch"],
      ["train error", `${(100 * trainError).toFixed(1)}%`],
      ["dev error", `${(100 * devError).toFixed(1)}%`],
    ],
    spec: { data: { generator: "moons", n: 260, noise: 0.25 }, layers: [24, 24, 1], lambda: 0.01, dropout: 0.1, epochs: 400 },
    history: { epochs: history.epochs, values: history.values },
    stop: history.stop,
    earlyStopping: history.earlyStopping,
    biasVariance: diagnoseBiasVariance({ trainError, devError }),
    flow: flow.snapshots,
    findings: flowFindings(flow.snapshots),
    boundary: decisionBoundaryGrid(model, parts, { resolution: 50 }),
    curves: [
      {
        title: "Validation curve: L2 lambda",
        kind: "validation",
        xLabel: "lambda (log scale)",
        yLabel: "error",
        logX: true,
        x: lambdas,
        series: [
          { name: "train error", values: sweep.map((s) => s.train) },
          { name: "dev error", values: sweep.map((s) => s.dev) },
        ],
      },
      {
        title: "Learning curve",
        kind: "learning",
        xLabel: "training examples",
        yLabel: "error",
        x: sizes,
        series: [
          { name: "train error", values: learning.map((s) => s.train) },
          { name: "dev error", values: learning.map((s) => s.dev) },
        ],
      },
    ],
    tables: [
      {
        title: "Lambda sweep (sorted by dev error)",
        columns: ["lambda", "train error", "dev error"],
        rows: [...sweep].sort((a, b) => a.dev - b.dev).map((s) => [s.lambda, s.train, s.dev]),
      },
    ],
    notes: ["The test set was not used for any choice in this run."],
  };
}
