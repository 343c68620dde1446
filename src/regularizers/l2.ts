import { checkNonNegative } from "../errors.js";
import type { Regularizer } from "./regularizer.js";

/**
 * L2 (weight decay), the course's convention, also scikit-learn's `alpha`:
 * cost += lambda / (2m) * sum(w^2), gradient += (lambda / m) * w. Keras' `l2(k)` is k = lambda / (2m).
 */
export function l2(lambda: number): Regularizer {
  checkNonNegative("l2", "lambda", lambda);
  return {
    config: { type: "l2", l2: lambda },
    penalty(w, m) {
      const d = w.data;
      let sum = 0;
      for (let i = 0; i < d.length; i++) sum += d[i]! * d[i]!;
      return (lambda / (2 * m)) * sum;
    },
    addGradient(w, m, into) {
      const factor = lambda / m;
      const d = w.data;
      const g = into.data;
      for (let i = 0; i < d.length; i++) g[i] += factor * d[i]!;
    },
  };
}
