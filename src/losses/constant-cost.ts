import { portableLog } from "../tensor/portable-math.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Loss } from "./loss.js";

/**
 * The data cost of the best constant predictor: what a network that learned nothing about the inputs
 * can still reach by predicting the label frequencies (cross-entropy: the entropy of the class prior)
 * or the mean target (mean squared error: the targets' variance). A cost that stays at or above it
 * means the inputs were not used at all; one far above it means training made things worse.
 *
 * Targets are as the loss takes them: a 0/1 column (binary), one-hot rows or a class-index column
 * (softmax), real values (regression).
 */
export function constantPredictorCost(loss: Loss, y: Tensor): number {
  const { rows, cols, data } = y;
  if (rows === 0) return NaN;
  if (loss.task === "regression") {
    let total = 0;
    for (let j = 0; j < cols; j++) {
      let mean = 0;
      for (let i = 0; i < rows; i++) mean += data[i * cols + j]!;
      mean /= rows;
      for (let i = 0; i < rows; i++) total += (data[i * cols + j]! - mean) ** 2;
    }
    return total / (rows * cols);
  }
  const frequencies: number[] = [];
  const classOf: number[] = []; // the class of each frequency, for class weights
  if (loss.task === "binary") {
    let ones = 0;
    for (let i = 0; i < rows; i++) ones += data[i]!;
    frequencies.push(ones / rows, 1 - ones / rows);
    classOf.push(1, 0);
  } else if (cols === 1) {
    const counts = new Map<number, number>();
    for (let i = 0; i < rows; i++) counts.set(data[i]!, (counts.get(data[i]!) ?? 0) + 1);
    for (const [c, n] of counts) frequencies.push(n / rows), classOf.push(c);
  } else {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += data[i * cols + j]!;
      frequencies.push(sum / rows);
      classOf.push(j);
    }
  }
  if (loss.classWeight) {
    // Weighted (cost = sum_i w_{y_i} l_i / m): the constant p minimizing sum_c w_c f_c (-log p_c) is
    // p_c = w_c f_c / S with S = sum_c w_c f_c, and its cost is -sum_c w_c f_c log(w_c f_c / S).
    const mass = frequencies.map((f, i) => loss.classWeight![classOf[i]!]! * f);
    const total = mass.reduce((s, v) => s + v, 0);
    return -mass.reduce((s, v) => (v > 0 ? s + v * portableLog(v / total) : s), 0);
  }
  return -frequencies.reduce((s, p) => (p > 0 ? s + p * portableLog(p) : s), 0);
}
