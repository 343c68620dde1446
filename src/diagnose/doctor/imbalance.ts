import type { Evidence } from "./evidence.js";
import { percent } from "./signals.js";

/**
 * A caveat for the first cause of a run on imbalanced classes whose rare class is missed far more often than
 * the common one: plain
 * accuracy hides it (1000 rows with 5% positives: dev error 4.5% against the majority vote's 5.2%, balanced
 * dev error 21.3%; "train longer" left it at 22.1%, `classWeight: "balanced"` brought it to 12.9%). Not a
 * cause of its own: the other causes still say what limits the fit; this says what the figures hide.
 */
export function imbalanceAdvice(e: Evidence): string | null {
  const counts = e.data.classCounts?.train;
  const balanced = e.errors.devBalanced;
  const dev = e.errors.dev;
  if (!counts || !balanced || dev === null || e.errors.classWeighted) return null;
  const present = counts.filter((c) => c > 0);
  const total = present.reduce((a, b) => a + b, 0);
  if (present.length < 2 || total === 0) return null;
  const share = Math.min(...present) / total;
  if (share >= 0.2 || !(balanced.error >= Math.max(2 * dev, dev + 0.1))) return null;
  return `the classes are imbalanced (the smallest is ${percent(share)} of the training set) and the dev set's balanced error is ${percent(balanced.error)} against a plain ${percent(dev)}: the rare class is missed far more often than the common one, which accuracy hides; classWeight: "balanced" weighs its errors up, and the balanced error or the per-class recall (the confusion matrix) tells whether a change helped`;
}
