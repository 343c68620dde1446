import { describe, expect, it } from "vitest";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { makeDataset } from "./dataset.js";
import { checkSameDistribution } from "./distribution-check.js";
import { circles } from "./generators.js";
import { split } from "./split.js";
import { chiSquarePValue, ksPValue, ksStatistic, standardizedMeanDifference } from "./statistics.js";

function sample(n: number, seed: number, shift: number[], labelShare = 0.5) {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => shift.map((s) => rng.normal() + s));
  const labels = Array.from({ length: n }, () => (rng.uniform() < labelShare ? 1 : 0));
  return makeDataset(Tensor.from2D(rows), Tensor.column(labels), { featureNames: ["age", "income", "height"] });
}

describe("statistics", () => {
  it("KS statistic and p-value on hand-checkable cases", () => {
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksPValue(0, 100, 100)).toBe(1);
    // D = 1.36 / sqrt(n_e) is the classic 5% critical value for large samples
    expect(ksPValue(1.36 / Math.sqrt(5000), 10_000, 10_000)).toBeCloseTo(0.05, 2);
  });

  it("KS p-values of small samples are exact: by hand, and scipy's ks_2samp (method 'exact')", () => {
    // 2 and 2 values: of the C(4, 2) = 6 merge orders, aabb and bbaa give D = 1; 3 and 2: 2 of C(5, 2) = 10
    expect(ksPValue(1, 2, 2)).toBeCloseTo(2 / 6, 14);
    expect(ksPValue(1, 3, 2)).toBeCloseTo(2 / 10, 14);
    // scipy 1.10's _attempt_exact_2kssamp(n, m, gcd, d, "two-sided")
    const scipy: Array<[number, number, number, number]> = [
      [5, 5, 0.6, 0.35714285714285715],
      [10, 12, 0.5, 0.09270296267200293],
      [30, 30, 0.3, 0.13500350250095441], // the asymptotic formula gave 0.108: too ready to call a feature shifted
      [20, 50, 0.3, 0.12991078028499534],
      [100, 80, 0.2, 0.04985661008315778],
      [7, 3, 1, 0.01666666666666667],
      [40, 60, 0.1, 0.9578213160376804],
    ];
    for (const [n, m, d, p] of scipy) expect(Math.abs(ksPValue(d, n, m) - p), `${n} ${m} ${d}`).toBeLessThan(1e-12);
    // symmetric in the two samples
    expect(ksPValue(0.5, 12, 10)).toBe(ksPValue(0.5, 10, 12));
  });

  it("chi-square p-values match the tables: 3.841 (df 1) and 5.991 (df 2) at 5%", () => {
    expect(chiSquarePValue(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(5.991, 2)).toBeCloseTo(0.05, 3);
    expect(chiSquarePValue(30, 10)).toBeCloseTo(0.000857, 5);
  });

  it("standardized mean difference", () => {
    expect(standardizedMeanDifference([0, 2], [2, 4])).toBeCloseTo(-2 / Math.sqrt(2), 12);
    // each variance weighted by its degrees of freedom: means 1 and 4, variances 2 (df 1) and 4 (df 2),
    // pooled (1 * 2 + 2 * 4) / 3 = 10/3 (the two variances' plain mean, 3, gave -1.732)
    expect(standardizedMeanDifference([0, 2], [2, 4, 6])).toBeCloseTo(-3 / Math.sqrt(10 / 3), 12);
  });
});

describe("checkSameDistribution", () => {
  it("fires on dev/test drawn from shifted distributions and names the shifted features", () => {
    const dev = sample(400, 1, [0, 0, 0]);
    const test = sample(400, 2, [0, 0.6, 0], 0.5);
    const check = checkSameDistribution(dev, test);
    expect(check.sameDistribution).toBe(false);
    expect(check.differingFeatures).toEqual(["income"]);
    expect(check.warnings.join("\n")).toMatch(/feature "income" differs between dev and test/);
  });

  it("fires on different label proportions", () => {
    const check = checkSameDistribution(sample(500, 3, [0, 0, 0], 0.3), sample(500, 4, [0, 0, 0], 0.6));
    expect(check.labels!.differs).toBe(true);
    expect(check.warnings[0]).toMatch(/label proportions differ/);
  });

  it("stays quiet on a fair split, over many seeds", () => {
    let alarms = 0;
    for (let seed = 0; seed < 20; seed++) {
      const s = split(circles({ n: 1000, seed, noise: 0.1 }), "auto", { seed });
      if (!checkSameDistribution(s.dev!, s.test).sameDistribution) alarms++;
    }
    expect(alarms).toBeLessThanOrEqual(1); // alpha is 1% per check
    const fair = split(sample(2000, 5, [0, 0, 0]), "auto", { seed: 1 });
    const check = checkSameDistribution(fair.dev!, fair.test);
    expect(check.sameDistribution).toBe(true);
    expect(check.warnings).toEqual([]);
    expect(check.features.map((f) => f.feature)).toEqual(["age", "income", "height"]);
  });
});

describe("the KS p-values' cost over many features (an audit: 2000 features took 8.9 s, again in every sweep trial)", () => {
  const sample = (rows: number, cols: number, seed: number) => {
    const rng = new Rng(seed);
    const x = Tensor.zeros(rows, cols, "float64");
    x.data.forEach((_, i) => (x.data[i] = rng.normal()));
    return makeDataset(x, Tensor.column(Array.from({ length: rows }, () => 0), "float64"), { task: "regression" });
  };
  it("exact while n * m * features stays within 20 million steps, the asymptotic formula beyond", () => {
    for (const [cols, exact] of [[20, true], [21, false]] as const) {
      const check = checkSameDistribution(sample(1000, cols, 1), sample(1000, cols, 2));
      for (const f of check.features) expect(f.pValue).toBe(ksPValue(f.ks, 1000, 1000, exact));
      // the two differ here, so the test tells them apart
      expect(ksPValue(check.features[0]!.ks, 1000, 1000, true)).not.toBe(ksPValue(check.features[0]!.ks, 1000, 1000, false));
    }
  });
});
