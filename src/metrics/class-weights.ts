/** Class weights for an imbalanced training set: scikit-learn's "balanced", or weights given per class. */
import { NnlabError } from "../errors.js";

export type ClassWeightSpec = "balanced" | number[];

/**
 * One weight per class for classes 0..k-1, given the training split's class of each example.
 * "balanced" is scikit-learn's n / (k * count_c): every class then carries the same total weight, n / k,
 * and the weights average 1 over the training examples. As in scikit-learn, k counts the classes present;
 * a class with no training example gets weight 1 (nothing in training is weighted by it; it only scales
 * that class's examples in the dev and test costs). A list is taken as given: k non-negative numbers.
 */
export function classWeights(spec: ClassWeightSpec, trueClasses: ArrayLike<number>, k: number): number[] {
  if (Array.isArray(spec)) {
    if (spec.length !== k) throw new NnlabError(`classWeight: expected ${k} weights (one per class); received ${spec.length}`);
    spec.forEach((w, c) => {
      if (!Number.isFinite(w) || w < 0) throw new NnlabError(`classWeight: weights must be finite and >= 0; received ${w} for class ${c}`);
    });
    return spec.slice();
  }
  if (spec !== "balanced") throw new NnlabError(`classWeight: expected "balanced" or a list of weights; received ${JSON.stringify(spec)}`);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < trueClasses.length; i++) counts[trueClasses[i]!]++;
  const n = trueClasses.length;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? n / (present * c) : 1));
}
