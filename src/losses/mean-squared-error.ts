import { checkShape } from "../tensor/tensor.js";
import type { Loss } from "./loss.js";

/** Mean squared error, (output - target)^2 averaged over examples and outputs (Keras' and PyTorch's). */
export function meanSquaredError(): Loss {
  return {
    name: "meanSquaredError",
    task: "regression",
    checkTargets(target, outputSize) {
      checkShape("meanSquaredError", "targets", target, null, outputSize);
    },
    value(output, target) {
      const O = output.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < O.length; i++) {
        const d = O[i]! - Y[i]!;
        sum += d * d;
      }
      return sum / O.length;
    },
    gradient(output, target, into) {
      const O = output.data;
      const Y = target.data;
      const G = into.data;
      const scale = 2 / O.length;
      for (let i = 0; i < O.length; i++) G[i] = scale * (O[i]! - Y[i]!);
    },
  };
}
