import { NnlabError } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import type { Tensor } from "../tensor/tensor.js";
import type { History } from "./history.js";

/** Thrown by fit when the cost becomes NaN or infinite; the model holds the last finite weights. */
export class TrainingDivergedError extends NnlabError {
  override name = "TrainingDivergedError";
  constructor(
    message: string,
    readonly history: History,
    readonly epoch: number,
    readonly batch: number,
    readonly causes: string[],
  ) {
    super(message);
  }
}

/**
 * Likely causes of a cost that became NaN or infinite, from facts that can be measured: the learning
 * rate, the scale of the first weights against He's, and the spread of the raw inputs.
 */
export function nonFiniteCauses(model: Sequential, x: Tensor, learningRate: number): string[] {
  const causes: string[] = [];
  if (learningRate >= 1) {
    causes.push(`learning rate ${learningRate} is large: gradient steps overshoot and the weights explode; try 10x smaller`);
  } else {
    causes.push(`learning rate ${learningRate} may still be too large for this network: try 10x smaller`);
  }
  const first = model.params().find((p) => p.role === "weight");
  if (first) {
    const w = first.value.data;
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
    const std = Math.sqrt(sum / Math.max(1, w.length));
    const he = Math.sqrt(2 / first.value.rows);
    if (Number.isFinite(std) && std > 3 * he) {
      causes.push(
        `initialization scale: ${first.name} has std ${std.toPrecision(3)}, ${(std / he).toFixed(1)}x He's sqrt(2/fan_in) = ${he.toPrecision(3)}; large weights saturate sigmoids and make activations explode through the layers`,
      );
    }
  }
  const cols = x.cols;
  let widest = 0;
  let narrowest = Infinity;
  let largest = 0;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < x.rows; i++) mean += x.data[i * cols + j]!;
    mean /= Math.max(1, x.rows);
    let v = 0;
    for (let i = 0; i < x.rows; i++) {
      const d = x.data[i * cols + j]! - mean;
      v += d * d;
      largest = Math.max(largest, Math.abs(x.data[i * cols + j]!));
    }
    const s = Math.sqrt(v / Math.max(1, x.rows));
    widest = Math.max(widest, s);
    if (s > 0) narrowest = Math.min(narrowest, s);
  }
  if (largest > 10 || widest / narrowest > 100) {
    causes.push(
      `unnormalized inputs: feature std ranges from ${narrowest.toPrecision(3)} to ${widest.toPrecision(3)} (largest |x| ${largest.toPrecision(3)}); standardize them with statistics of the training set`,
    );
  }
  causes.push("exploding gradients: watch the per-layer gradient norms, and check the backward pass with checkGradients");
  return causes;
}
