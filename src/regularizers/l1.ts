import { checkNonNegative } from "../errors.js";
import type { Regularizer } from "./regularizer.js";

/** L1: cost += lambda / m * sum(|w|); subgradient (lambda / m) * sign(w), 0 at w = 0. Makes w sparse. */
export function l1(lambda: number): Regularizer {
  checkNonNegative("l1", "lambda", lambda);
  return {
    config: { type: "l1", l1: lambda },
    penalty(w, m) {
      const d = w.data;
      let sum = 0;
      for (let i = 0; i < d.length; i++) sum += Math.abs(d[i]!);
      return (lambda / m) * sum;
    },
    addGradient(w, m, into) {
      const factor = lambda / m;
      const d = w.data;
      const g = into.data;
      for (let i = 0; i < d.length; i++) g[i] += factor * Math.sign(d[i]!);
    },
  };
}
