import { fail, failReceived } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import { Tensor } from "../tensor/tensor.js";
import type { DecisionBoundary } from "./run-report.js";

/** Examples to draw: a Dataset, { x, y } tensors, or a split's parts. */
export interface LabelledSet {
  x: Tensor;
  y: Tensor;
  featureNames?: string[];
}

export interface DecisionBoundaryGridOptions {
  /** Grid points per side. Default 60 (3,600 predictions). */
  resolution?: number;
  /** Margin added on each side, as a fraction of the data's range. Default 0.1. */
  padding?: number;
}

function checkSet(name: string, set: LabelledSet): void {
  if (!set || !(set.x instanceof Tensor) || !(set.y instanceof Tensor)) fail("decisionBoundaryGrid", `${name} must be { x, y } tensors (a Dataset)`, set);
  if (set.x.cols !== 2) failReceived("decisionBoundaryGrid", `${name}.x with 2 features (a 2-D decision boundary)`, `${set.x.cols} features`);
}

/**
 * The model's decision function on a resolution x resolution grid over the examples' range (padded),
 * with the examples as points, ready for `decisionBoundaryChart` and `RunReport.boundary`. Pass
 * `{ train, dev }` (a Split works) to tell train and dev points apart, or one set (drawn as train). The
 * model predicts on raw inputs (its stored normalization applies), so the axes are in the data's units.
 * Binary models (one output) give P(class 1); several outputs give the predicted class index.
 */
export function decisionBoundaryGrid(
  model: Sequential,
  data: LabelledSet | { train: LabelledSet; dev?: LabelledSet },
  options: DecisionBoundaryGridOptions = {},
): DecisionBoundary {
  if (!model || typeof model.predict !== "function") fail("decisionBoundaryGrid", "a Sequential model", model);
  if (model.inputSize !== 2) failReceived("decisionBoundaryGrid", "a model with 2 inputs (a 2-D decision boundary)", `${model.inputSize} inputs`);
  if (model.loss?.task === "regression") failReceived("decisionBoundaryGrid", "a classifier (binary or multiclass loss)", "a regression model");
  const resolution = options.resolution ?? 60;
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 1000) {
    fail("decisionBoundaryGrid", "resolution must be an integer in [2, 1000]", resolution);
  }
  const padding = options.padding ?? 0.1;
  if (!(padding >= 0)) fail("decisionBoundaryGrid", "padding must be a number >= 0", padding);
  const sets: Array<[LabelledSet, "train" | "dev"]> =
    "train" in data && !("x" in data) ? [[data.train, "train"], ...(data.dev ? [[data.dev, "dev"] as [LabelledSet, "dev"]] : [])] : [[data as LabelledSet, "train"]];
  sets.forEach(([set, name]) => checkSet(name, set));

  const points: DecisionBoundary["points"] = [];
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const [set, name] of sets) {
    for (let i = 0; i < set.x.rows; i++) {
      const px = set.x.get(i, 0);
      const py = set.x.get(i, 1);
      points.push({ x: px, y: py, label: set.y.data[i]!, set: name });
      lo[0] = Math.min(lo[0]!, px);
      hi[0] = Math.max(hi[0]!, px);
      lo[1] = Math.min(lo[1]!, py);
      hi[1] = Math.max(hi[1]!, py);
    }
  }
  if (!points.length) failReceived("decisionBoundaryGrid", "at least one example", "none");
  const range = (d: number): [number, number] => {
    const span = hi[d]! - lo[d]! || 1;
    return [lo[d]! - padding * span, hi[d]! + padding * span];
  };
  const xRange = range(0);
  const yRange = range(1);

  // Row-major, row 0 at yRange[0]: the layout DecisionBoundary documents.
  const grid = Tensor.zeros(resolution * resolution, 2, "float64");
  for (let r = 0; r < resolution; r++) {
    const gy = yRange[0] + ((yRange[1] - yRange[0]) * r) / (resolution - 1);
    for (let c = 0; c < resolution; c++) {
      grid.set(r * resolution + c, 0, xRange[0] + ((xRange[1] - xRange[0]) * c) / (resolution - 1));
      grid.set(r * resolution + c, 1, gy);
    }
  }
  const binary = model.outputSize === 1;
  const values = binary ? Array.from(model.predict(grid).data) : model.classify(grid);
  const names = sets[0]![0].featureNames ?? model.featureNames ?? ["x1", "x2"];
  const boundary: DecisionBoundary = {
    xRange,
    yRange,
    resolution,
    values,
    classes: binary ? 2 : model.outputSize,
    featureNames: [names[0] ?? "x1", names[1] ?? "x2"],
    points,
  };
  // Named classes ("cat") label the legend; plain indices keep the chart's "class 0", "class 1".
  if (model.classes?.some((c) => typeof c === "string")) boundary.classNames = model.classes.map(String);
  return boundary;
}
