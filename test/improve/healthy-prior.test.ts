/**
 * The prior a healthy run ends with (src/improve/prior.ts): L2 lambda 0.1 per input, kept where its run is
 * still healthy and its dev error no worse beyond noise. On breast-cancer's default start (30 inputs: lambda
 * 3) the three outcomes each happen on a split of their own: kept (split seed 100), refused because the
 * doctor calls lambda 3 over-regularized (104: train error 2.0% on every seed, 0.3-1.5% at 0.1), and
 * refused because its dev error is worse beyond noise (102: 2.7% against 0.9%).
 */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/dataset.js";
import { finalSeedIndex, improve, loadExperimentData, parseSpec, runExperiment } from "../../src/index.js";
import { priorCandidate } from "../../src/improve/prior.js";
import { startingSpec } from "../../src/improve/start.js";

const section = { source: "breast-cancer" };
const loaded = await loadExperimentData(parseSpec({ data: section }));
const improveOn = async (splitSeed: number) =>
  improve(parseSpec({ ...startingSpec(loaded.data, section, { name: "breast-cancer", seed: 1 }), split: { ratios: "auto", seed: splitSeed } }), { data: loaded });

describe("the prior a healthy run ends with", () => {
  it("kept where the run stays healthy and the dev error is no worse beyond noise (breast-cancer, split seed 100): final.json carries it", async () => {
    const result = await improveOn(100);
    expect(result.end).toBe("healthy");
    expect(result.steps).toHaveLength(1);
    const [step] = result.steps;
    expect([step!.cause, step!.kept, step!.knob]).toEqual(["healthy", true, "L2 lambda"]);
    expect(step!.best!.label).toBe("L2 lambda 3 (0.1 per input)");
    expect(step!.line).toMatch(/^healthy \(train \d+\.\d%, dev \d+\.\d%\): L2 lambda 3 \(0\.1 per input\) -> dev \d+\.\d%, kept: still healthy and no worse beyond noise \(\d+\.\d%\)/);
    // not worse beyond noise: the step's own comparison, the dev error's fall (negative: a rise) against its margin
    expect(step!.gain).toBeGreaterThan(-step!.noise);
    expect(step!.before).toBe(result.startScores);
    expect(step!.after).toBe(result.finalScores);
    expect(result.finalSpec.l2).toBe(3);
    expect(JSON.stringify({ ...result.finalSpec, l2: 0.1, seed: 1 })).toBe(JSON.stringify(result.start)); // the only change
    expect(result.final.diagnosis.healthy).toBe(true);
    // the start's 3 seeds, the prior's 3 (its first is its diagnostic run), and the final run where the seed of
    // the lowest dev cost is another (trained, and kept only where the doctor calls it healthy too)
    expect(result.trainings).toBe(finalSeedIndex(result.finalScores.devCostBySeed) === 0 ? 6 : 7);
    // the final run is what `nnlab train final.json` trains
    const again = await runExperiment(result.finalSpec, { data: loaded, testInDiagnosis: false });
    expect(again.model.getWeights()).toEqual(result.final.model.getWeights());
  });

  it("refused where the doctor calls its run over-regularized (split seed 104), and where its dev error is worse beyond noise (102)", async () => {
    const named = await improveOn(104);
    expect(named.steps.map((s) => [s.cause, s.kept])).toEqual([["healthy", false]]);
    expect(named.steps[0]!.line).toMatch(/ -> dev \d+\.\d%, not kept: the doctor calls its run over-regularized$/);
    expect(named.finalSpec.l2).toBe(0.1);
    expect(named.finalScores).toBe(named.startScores);

    const worse = await improveOn(102);
    const step = worse.steps[0]!;
    expect([step.cause, step.kept]).toEqual(["healthy", false]);
    expect(-step.gain).toBeGreaterThan(step.noise); // the rise of the dev error beats the noise
    expect(step.line).toMatch(/, not kept: its dev error is worse beyond noise \(\d+\.\d% against \d+\.\d%\)$/);
    expect(worse.finalSpec.l2).toBe(0.1);
    expect(worse.final.diagnosis.healthy).toBe(true);
  });
});

describe("priorCandidate: a classifier on a table, above the spec's own lambda", () => {
  const table = (cols: number, more: Partial<Dataset> = {}) => ({ task: "classification", x: { cols }, ...more }) as unknown as Dataset;
  const spec = (more: Record<string, unknown> = {}) => parseSpec({ data: { source: "iris" }, model: { hidden: [{ units: 8, activation: "tanh" }] }, ...more });

  it("0.1 per input, to two significant digits", async () => {
    const iris = await loadExperimentData(spec());
    expect(priorCandidate(spec(), iris.data)).toEqual({ label: "L2 lambda 0.4 (0.1 per input)", change: { l2: 0.4 } });
    expect(priorCandidate(spec(), table(13))!.change).toEqual({ l2: 1.3 });
    expect(priorCandidate(spec(), table(784))!.change).toEqual({ l2: 78 });
  });

  it("none for a regression, for images, where the spec's lambda is as large, or where a layer sets its own penalty", () => {
    expect(priorCandidate(spec(), table(30, { task: "regression" } as Partial<Dataset>))).toBeNull();
    expect(priorCandidate(spec(), table(64, { image: { width: 8, height: 8, channels: 1 } } as Partial<Dataset>))).toBeNull();
    expect(priorCandidate(spec({ l2: 3 }), table(30))).toBeNull();
    expect(priorCandidate(spec({ l2: 2.9 }), table(30))!.change).toEqual({ l2: 3 });
    expect(priorCandidate(spec({ model: { hidden: [{ units: 8, activation: "tanh", l2: 0.01 }] } }), table(30))).toBeNull();
    expect(priorCandidate(spec({ model: { hidden: [{ units: 8, activation: "tanh", l1: 0.01 }] } }), table(30))).toBeNull();
  });
});
