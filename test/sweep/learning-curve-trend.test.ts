/**
 * The learning-curve verdict on "more data would help" rested on two points (the last and the one nearest
 * half its size): one noisy end point decided it, and which smaller sizes were measured changed it. It now
 * reads the least-squares trend over the larger half of the sizes, against that trend's standard error.
 */
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { learningCurveVerdict, type LearningCurvePoint } from "../../src/index.js";
import { runCli } from "../cli/run-cli.js";

/** The audit's over.json (two layers of 64 on 300 rows of multi.csv, 400 epochs, 60 dev rows), its points as the CLI measured them. */
const OVER: Array<[size: number, train: number, dev: number]> = [
  [18, 0, 0.48333],
  [36, 0, 0.41667],
  [72, 0, 0.46667],
  [108, 0.05556, 0.43333],
  [144, 0.04167, 0.5],
  [180, 0.05, 0.4],
];
const points = (rows: typeof OVER): LearningCurvePoint[] => rows.map(([size, train, dev]) => ({ size, trainError: train, devError: dev, trainLoss: train, devLoss: dev }));

describe("learningCurveVerdict's trend", () => {
  it("does not call one low end point 'still falling', and gives the same verdict whichever smaller sizes were measured", () => {
    // default sizes (0.1 .. 1): the old rule compared 46.7% at 72 with 40.0% at 180 (a fall of 6.7 against a standard error of 6.3)
    const byDefault = learningCurveVerdict(points(OVER), { devExamples: 60, baseline: 0 });
    // --sizes 0.1,0.2,0.6,0.8,1 (the same points without 72): the old rule said "this dev set cannot tell"
    const without72 = learningCurveVerdict(points(OVER.filter(([size]) => size !== 72)), { devExamples: 60, baseline: 0 });
    expect(byDefault).not.toMatch(/still falling|More data would help/);
    expect(byDefault).toBe(without72);
    expect(byDefault).toMatch(/^a train-dev gap of 35\.0% remains: high variance\. Whether more data would close it, this dev set cannot tell: over the larger half of the sizes \(43\.3% at 108, 50\.0% at 144, 40\.0% at 180 examples\), the least-squares line through them fell \d+\.\d%, within twice its standard error of \d+\.\d%\./);
  });

  it("still reads a steady fall as falling when one point of it is off (the trend, not that point, decides)", () => {
    // 2000 dev rows (standard error ~0.7% at 10%): a fall of 4 points over the larger half, its middle point 1.5 points high
    const sizes = [500, 1000, 2000, 3000, 4000, 5000, 6000];
    const dev = [0.25, 0.2, 0.16, 0.14, 0.135, 0.11, 0.1];
    const curve = sizes.map((size, i) => ({ size, trainError: 0.01, devError: dev[i]!, trainLoss: 0.01, devLoss: dev[i]! }));
    expect(learningCurveVerdict(curve, { devExamples: 2000, baseline: 0 })).toMatch(/^the dev error is still falling as the training set grows \(14\.0% at 3000, 13\.5% at 4000, 11\.0% at 5000, 10\.0% at 6000 examples: the least-squares line through them fell \d+\.\d%, more than twice its standard error/);
  });

  it("gives a curve of one size no verdict on a trend (it compared the point with itself)", () => {
    const one = [{ size: 2, trainError: 0, devError: 0.533, trainLoss: 0.008, devLoss: 28.7 }];
    const verdict = learningCurveVerdict(one, { devExamples: 60, baseline: 0 });
    expect(verdict).toMatch(/^a train-dev gap of 53\.3% remains: high variance\. Whether more data would close it, a curve of one training-set size cannot tell \(it has no trend; measure several sizes\)\./);
    expect(verdict).not.toMatch(/at 2 examples|larger half|standard error \(/);
    const regression = learningCurveVerdict([{ size: 2, trainError: null, devError: null, trainLoss: 0.01, devLoss: 30 }], { devExamples: 60, baseline: 0, constantCost: 40 });
    expect(regression).toMatch(/a curve of one training-set size cannot tell/);
  });
});

describe("nnlab learning-curve on the audit's over.json", () => {
  it("gives the same verdict with the default sizes and with --sizes 0.1,0.2,0.6,0.8,1, and not 'still falling'", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lc-over-"));
    await copyFile(fileURLToPath(new URL("./over-multi.csv", import.meta.url)), join(dir, "multi.csv"));
    const over = { name: "over", seed: 1, data: { source: "multi.csv", label: "cls" }, split: "auto", normalize: true, model: { hidden: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400, batchSize: "full" } };
    await writeFile(join(dir, "over.json"), JSON.stringify(over));
    const verdict = async (...sizes: string[]) => {
      const r = await runCli(["--json", "--runs", "runs", "learning-curve", "over.json", "--workers", "1", ...sizes], dir);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { verdict: string }).verdict;
    };
    const byDefault = await verdict();
    expect(byDefault).not.toMatch(/still falling|More data would help/);
    expect(await verdict("--sizes", "0.1,0.2,0.6,0.8,1")).toBe(byDefault);
  });
});

describe("a flat learning curve (the statistics audit, session 15)", () => {
  it("is rarely read as still falling: its points independent binomial draws at one error rate", async () => {
    const { Rng } = await import("../../src/tensor/rng.js");
    const rng = new Rng(11);
    const sizes = [60, 120, 240, 360, 480, 600];
    const draw = (n: number, p: number) => {
      let k = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
      return k / n;
    };
    for (const [n, p] of [[100, 0.2], [400, 0.2]] as const) {
      let falling = 0;
      const reps = 1500;
      for (let r = 0; r < reps; r++) {
        const points = sizes.map((size) => ({ size, trainError: 0, devError: draw(n, p), trainLoss: 0, devLoss: 0 }));
        if (/still falling/.test(learningCurveVerdict(points, { devExamples: n, baseline: 0 }))) falling++;
      }
      expect(falling / reps, `dev ${n} rows`).toBeLessThan(0.05); // 13-15% with a bar of one standard error
    }
  });
});
