import { describe, expect, it } from "vitest";
import { dataPaths, xTickLabels } from "../../test/support/svg.js";
import type { FlowSnapshot } from "../diagnose/gradient-flow.js";
import { decisionBoundaryChart } from "./boundary-chart.js";
import { accuracyChart, costCurvesChart, costMarkers, lossPartsChart } from "./cost-charts.js";
import { curveChart } from "./curve-chart.js";
import { gradientFlowChart, weightNormChart } from "./flow-charts.js";
import type { DecisionBoundary, RunReport } from "./run-report.js";

const epochs = Array.from({ length: 50 }, (_, i) => i);
const history: NonNullable<RunReport["history"]> = {
  epochs,
  values: {
    loss: epochs.map((e) => 1 / (1 + e) + 0.05),
    dataLoss: epochs.map((e) => 1 / (1 + e)),
    regularizationLoss: epochs.map(() => 0.05),
    valLoss: epochs.map((e) => 1 / (1 + e) + 0.002 * e + 0.1),
    fullLoss: epochs.map((e) => 1 / (1 + e) + 0.04),
    accuracy: epochs.map((e) => 0.5 + e / 100),
    valAccuracy: epochs.map((e) => 0.5 + e / 120),
  },
};

describe("cost charts", () => {
  it("draw train, dropout-off and dev cost with the best and stopped epochs marked", () => {
    const svg = costCurvesChart({
      history,
      stop: { reason: "earlyStopping", epoch: 49 },
      earlyStopping: { monitor: "valLoss", bestEpoch: 21, bestValue: 0.19, stoppedEpoch: 49, restoredBest: true },
    })!;
    expect(dataPaths(svg)).toHaveLength(3);
    expect(svg).toContain("best epoch 21 (valLoss 0.19)");
    expect(svg).toContain("stopped at epoch 49");
    expect(svg).toContain("train cost, dropout off");
  });

  it("without an early-stopping record, mark the dev minimum; a completed run has no stop marker", () => {
    const markers = costMarkers({ history, stop: { reason: "completed", epoch: 49 } });
    expect(markers.map((m) => m.label)).toEqual(["dev cost minimum, epoch 21"]);
  });

  it("data vs regularization loss, and accuracy", () => {
    expect(dataPaths(lossPartsChart(history)!)).toHaveLength(2);
    expect(dataPaths(accuracyChart({ history })!)).toHaveLength(2);
  });

  it("put whole epochs on x, within the run: one epoch is the tick 0, five are 0 to 4", () => {
    const one = { epochs: [0], values: { loss: [0.6], accuracy: [0.7], dataLoss: [0.6] } };
    const five = { epochs: [0, 1, 2, 3, 4], values: { loss: [5, 4, 3, 2, 1], accuracy: [0.5, 0.6, 0.7, 0.8, 0.9], dataLoss: [5, 4, 3, 2, 1] } };
    for (const chart of [costCurvesChart({ history: one }), accuracyChart({ history: one }), lossPartsChart(one)]) expect(xTickLabels(chart!)).toEqual(["0"]);
    for (const chart of [costCurvesChart({ history: five }), accuracyChart({ history: five }), lossPartsChart(five)]) {
      expect(xTickLabels(chart!)).toEqual(["0", "1", "2", "3", "4"]);
    }
    const cost = curveChart({ title: "cost", kind: "cost", xLabel: "epoch", yLabel: "cost", x: [0, 1, 2], series: [{ name: "train cost", values: [3, 2, 1] }] });
    expect(xTickLabels(cost)).toEqual(["0", "1", "2"]);
  });

  it("return null when there is nothing to plot", () => {
    expect(costCurvesChart({})).toBeNull();
    expect(lossPartsChart({ epochs: [0], values: { loss: [1] } })).toBeNull();
    expect(accuracyChart({ history: { epochs: [0], values: { loss: [1] } } })).toBeNull();
  });
});

describe("flow charts", () => {
  const snapshots: FlowSnapshot[] = [-1, 9, 19].map((epoch, s) => ({
    epoch,
    layers: [
      { index: 0, kind: "dense tanh", weight: "W1", activationMean: 0, activationStd: 1, deadUnits: 0, saturated: 0, gradientRms: 1e-7 / (s + 1), weightNorm: 3 + s },
      { index: 1, kind: "dense sigmoid", weight: "W2", activationMean: 0, activationStd: 1, deadUnits: 0, saturated: 0, gradientRms: 0.1 / (s + 1), weightNorm: 1 + s },
    ],
  }));

  it("gradient RMS per weight layer on a log scale spanning the decades", () => {
    const svg = gradientFlowChart(snapshots)!;
    expect(dataPaths(svg)).toHaveLength(2);
    expect(svg).toContain("W1 (dense tanh)");
    expect(svg).toContain(">1e-8</text>");
    // Decades thinned to every other one, and the domain rounded out so both ends carry a label.
    expect(svg).toContain(">1</text>");
  });

  it("gradient RMS that is exactly 0 (zero init: no signal reaches W1) is drawn on a 0 baseline and named", () => {
    const zeroInit: FlowSnapshot[] = [-1, 0].map((epoch) => ({
      epoch,
      layers: [
        { index: 0, kind: "dense tanh", weight: "W1", activationMean: 0, activationStd: 0, deadUnits: 0, saturated: 0, gradientRms: 0, weightNorm: 0 },
        { index: 1, kind: "dense sigmoid", weight: "W2", activationMean: 0, activationStd: 0, deadUnits: 0, saturated: 0, gradientRms: epoch < 0 ? 0 : 3e-37, weightNorm: 0 },
      ],
    }));
    const svg = gradientFlowChart(zeroInit)!;
    expect(dataPaths(svg)).toHaveLength(1);
    expect(svg).toContain("exactly 0 at every point: W1 (dense tanh)");
    expect(svg).toContain(">0</text>");
    // Epochs trained 0 and 1: whole numbers only.
    expect(xTickLabels(svg)).toEqual(["0", "1"]);
  });

  it("weight norms per layer; null without snapshots", () => {
    expect(dataPaths(weightNormChart(snapshots)!)).toHaveLength(2);
    expect(gradientFlowChart([])).toBeNull();
    expect(weightNormChart(undefined)).toBeNull();
  });
});

describe("curveChart", () => {
  it("draws a validation curve over log lambda with a tick per swept value", () => {
    const svg = curveChart({
      title: "validation",
      xLabel: "lambda",
      yLabel: "error",
      logX: true,
      x: [0, 0.01, 0.1, 0.7],
      series: [{ name: "train error", values: [0.01, 0.02, 0.05, 0.1] }, { name: "dev error", values: [0.2, 0.1, 0.08, 0.15] }],
    });
    expect(dataPaths(svg)).toHaveLength(2);
    for (const v of ["0", "0.01", "0.1", "0.7"]) expect(svg).toContain(`>${v}</text>`);
  });
});

describe("decisionBoundaryChart", () => {
  const n = 20;
  const grid = (f: (x: number, y: number) => number) =>
    Array.from({ length: n * n }, (_, i) => f((i % n) / (n - 1), Math.floor(i / n) / (n - 1)));
  const base: Omit<DecisionBoundary, "values" | "classes"> = {
    xRange: [-1, 1],
    yRange: [0, 2],
    resolution: n,
    featureNames: ["x1", "x2"],
    points: [
      { x: -0.5, y: 0.5, label: 0, set: "train" },
      { x: 0.5, y: 1.5, label: 1, set: "dev" },
    ],
  };

  it("binary: probability bands, the 0.5 line, train circles and dev triangles", () => {
    const svg = decisionBoundaryChart({ ...base, classes: 2, values: grid((x, y) => 1 / (1 + Math.exp(-8 * (x + y - 1)))) });
    const paths = dataPaths(svg);
    expect(paths.length).toBeGreaterThanOrEqual(9);
    expect(svg).toContain("decision-line");
    expect(svg.match(/<circle [^>]*r="3.2"/g)).toHaveLength(1);
    expect(svg).toContain("P(class 1)");
    expect(svg).toContain('id="boundary-gradient"');
  });

  it("multiclass: one coloured region per predicted class", () => {
    const svg = decisionBoundaryChart({ ...base, classes: 3, values: grid((x) => Math.min(2, Math.floor(x * 3))), classNames: ["a", "b", "<c>"] }, { id: "m" });
    expect(dataPaths(svg)).toHaveLength(3);
    expect(svg).toContain("&lt;c&gt;");
    expect(svg).not.toContain("P(class 1)");
  });

  it("rejects a grid of the wrong size", () => {
    expect(() => decisionBoundaryChart({ ...base, classes: 2, values: [0.5] })).toThrow(
      "decisionBoundaryChart: values of length resolution^2 (400); received an array of length 1",
    );
  });
});
