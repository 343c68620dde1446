import type { Tensor } from "../tensor/tensor.js";

/** The predicted class of one row: 1 when a single output is > threshold, else the argmax. */
export function predictedClass(output: Tensor, row: number, threshold = 0.5): number {
  const k = output.cols;
  const O = output.data;
  const o = row * k;
  if (k === 1) return O[o]! > threshold ? 1 : 0;
  let best = 0;
  for (let j = 1; j < k; j++) if (O[o + j]! > O[o + best]!) best = j;
  return best;
}

/** The true class of one row: the 0/1 label, the class index, or the argmax of a one-hot row. */
export function trueClass(target: Tensor, row: number, outputCols: number): number {
  if (target.cols === 1) return target.data[row]!;
  const o = row * target.cols;
  let best = 0;
  for (let j = 1; j < outputCols; j++) if (target.data[o + j]! > target.data[o + best]!) best = j;
  return best;
}

/**
 * Number of rows classified correctly. For a single output, the threshold applies to what the
 * network outputs: 0.5 for probabilities, 0 for logits.
 */
export function countCorrect(output: Tensor, target: Tensor, threshold = 0.5): number {
  let correct = 0;
  for (let r = 0; r < output.rows; r++) {
    if (predictedClass(output, r, threshold) === trueClass(target, r, output.cols)) correct++;
  }
  return correct;
}
