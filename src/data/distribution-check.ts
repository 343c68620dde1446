import { failReceived } from "../errors.js";
import { checkDataset, classCounts, type Dataset } from "./dataset.js";
import { ksPValue, ksStatistic, proportionsTest, standardizedMeanDifference } from "./statistics.js";

/** Steps of the exact KS p-values over all features of one check (see checkSameDistribution). */
const EXACT_KS_BUDGET = 20_000_000;

export interface FeatureComparison {
  feature: string;
  /** Cohen's d between the two sets: the size of a shift in the mean, in standard deviations. */
  standardizedMeanDifference: number;
  /** Two-sample Kolmogorov-Smirnov statistic and its p-value. */
  ks: number;
  pValue: number;
  /** True when this feature's distributions differ beyond chance (Bonferroni-corrected). */
  differs: boolean;
}

export interface DistributionCheck {
  /** False when the labels or any feature look drawn from different distributions. */
  sameDistribution: boolean;
  labels: { proportionsA: number[]; proportionsB: number[]; pValue: number; differs: boolean } | null;
  features: FeatureComparison[];
  /** The names of the features that differ. */
  differingFeatures: string[];
  /** Warnings in words, empty when the sets look alike. */
  warnings: string[];
}

export interface DistributionCheckOptions {
  /** Family-wise false-alarm rate over all the tests. Default 0.01. */
  alpha?: number;
  /** A feature's shift must also be at least this many standard deviations to be reported. Default 0.1. */
  minEffect?: number;
  /** Names used in warnings. Default ["dev", "test"]. */
  names?: [string, string];
}

/**
 * The notes' tip: dev and test must come from the same distribution. Compares label proportions
 * (chi-square) and each feature (Kolmogorov-Smirnov, with the standardized mean difference as the
 * effect size), Bonferroni-corrected, and names what differs.
 */
export function checkSameDistribution(a: Dataset, b: Dataset, options: DistributionCheckOptions = {}): DistributionCheck {
  checkDataset("checkSameDistribution", "a", a);
  checkDataset("checkSameDistribution", "b", b);
  if (a.x.cols !== b.x.cols) failReceived("checkSameDistribution", `b to have a's ${a.x.cols} features`, `${b.x.cols} features`);
  // an empty set has no distribution to compare: it read "the same distribution" with a NaN p-value
  for (const [name, d] of [["a", a], ["b", b]] as const) if (d.x.rows < 2) failReceived("checkSameDistribution", `expected ${name} to have at least 2 rows`, `${d.x.rows}`);
  const alpha = options.alpha ?? 0.01;
  const minEffect = options.minEffect ?? 0.1;
  const [nameA, nameB] = options.names ?? ["dev", "test"];
  const classification = a.task !== "regression" && b.task !== "regression";
  const tests = a.x.cols + (classification ? 1 : 0);
  const threshold = alpha / tests;
  const warnings: string[] = [];

  let labels: DistributionCheck["labels"] = null;
  if (classification) {
    const ca = classCounts(a);
    const cb = classCounts(b);
    const { pValue } = proportionsTest(ca, cb);
    const share = (c: number[]) => c.map((v) => v / Math.max(1, c.reduce((s, x) => s + x, 0)));
    labels = { proportionsA: share(ca), proportionsB: share(cb), pValue, differs: pValue < threshold };
    if (labels.differs) {
      const show = (p: number[]) => p.map((v) => v.toFixed(2)).join("/");
      warnings.push(
        `label proportions differ: ${nameA} ${show(labels.proportionsA)} vs ${nameB} ${show(labels.proportionsB)} (p = ${pValue.toExponential(1)})`,
      );
    }
  }

  const features: FeatureComparison[] = [];
  // The exact p-value costs n * m steps a feature (4 ms at a million): 2000 features took 8.9 s of a run,
  // again for every trial of a sweep (an audit). Past 20 million steps in all, the asymptotic one.
  const exact = a.x.rows * b.x.rows * a.x.cols <= EXACT_KS_BUDGET;
  const column = (d: Dataset, j: number) => Float64Array.from({ length: d.x.rows }, (_, i) => d.x.data[i * d.x.cols + j]!);
  for (let j = 0; j < a.x.cols; j++) {
    const va = column(a, j);
    const vb = column(b, j);
    const ks = ksStatistic(va, vb);
    const pValue = ksPValue(ks, va.length, vb.length, exact);
    const smd = standardizedMeanDifference(va, vb);
    const differs = pValue < threshold && (Math.abs(smd) >= minEffect || ks >= 0.1);
    const feature = a.featureNames[j] ?? `x${j + 1}`;
    features.push({ feature, standardizedMeanDifference: smd, ks, pValue, differs });
    if (differs) {
      warnings.push(
        `feature "${feature}" differs between ${nameA} and ${nameB}: KS ${ks.toFixed(3)} (p = ${pValue.toExponential(1)}), mean shift ${smd.toFixed(2)} std`,
      );
    }
  }
  const differingFeatures = features.filter((f) => f.differs).map((f) => f.feature);
  if (warnings.length > 0) {
    warnings.push(
      `${nameA} and ${nameB} do not look drawn from one distribution: a model tuned on ${nameA} may disappoint on ${nameB}. Shuffle before splitting, or collect both from the data you will see in use.`,
    );
  }
  return { sameDistribution: warnings.length === 0, labels, features, differingFeatures, warnings };
}
