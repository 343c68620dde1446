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
  if (!counts || !balanced || dev === null) return null;
  const present = counts.filter((c) => c > 0);
  const total = present.reduce((a, b) => a + b, 0);
  if (present.length < 2 || total === 0) return null;
  const share = Math.min(...present) / total;
  if (share >= 0.2 || !(balanced.error >= Math.max(2 * dev, dev + 0.1))) return null;
  if (e.errors.classWeighted) return invertedWeights(e, counts, balanced.error, dev);
  return `the classes are imbalanced (the smallest is ${percent(share)} of the training set) and the dev set's balanced error is ${percent(balanced.error)} against a plain ${percent(dev)}: the rare class is missed far more often than the common one, which accuracy hides; classWeight: "balanced" weighs its errors up, and the balanced error or the per-class recall (the confusion matrix) tells whether a change helped`;
}

/**
 * Class weights that weigh the rarest class least, where it is missed: the loss then asks for what the
 * plain error rewards, only more so. 800 rows with 5% positives and classWeight [1, 0.02]: every dev row
 * predicted as the common class (balanced dev error 50%), called healthy without a word, as weights were
 * taken to be the user's answer to the imbalance; "balanced" gave 9.9% (a doctor audit, session 27).
 * Weights that weigh the rare class up, or not least, are the user's choice and get no caveat.
 */
function invertedWeights(e: Evidence, counts: number[], balancedError: number, dev: number): string | null {
  const weights = e.errors.classWeights;
  if (!weights) return null;
  const classes = counts.flatMap((n, c) => (n > 0 && weights[c] !== undefined ? [{ c, n, w: weights[c]! }] : []));
  if (classes.length < 2) return null;
  const rarest = classes.reduce((a, b) => (b.n < a.n ? b : a));
  const commonest = classes.reduce((a, b) => (b.n > a.n ? b : a));
  if (!(rarest.w < commonest.w) || classes.some((k) => k.w < rarest.w)) return null;
  const name = (c: number) => (e.data.classNames?.[c] !== undefined ? `"${e.data.classNames[c]}"` : `class ${c}`);
  const total = classes.reduce((s, k) => s + k.n, 0);
  return `the class weights weigh the rarest class least (${name(rarest.c)}, ${percent(rarest.n / total)} of the training set, weighs ${rarest.w} against ${commonest.w} for ${name(commonest.c)}): its errors count ${+(commonest.w / rarest.w).toPrecision(3)} times less, on top of its being rare, and the dev set's balanced error is ${percent(balancedError)} against a plain ${percent(dev)}; to weigh the rare class up, classWeight: "balanced" (weights inverse to the class counts), or swap these`;
}
