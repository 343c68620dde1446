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
import { compareDev } from "../../src/improve/compare.js";
import { improveReport, pathChart, stepsTable } from "../../src/improve/report.js";
import { serialExecutor, type TrialExecutor } from "../../src/sweep/executor.js";

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

describe("the prior's step against the budget, its line and the report (a review of a640e7c)", () => {
  const startOn = (splitSeed: number, more: Record<string, unknown> = {}) =>
    parseSpec({ ...startingSpec(loaded.data, section, { name: "breast-cancer", seed: 1 }), ...more, split: { ratios: "auto", seed: splitSeed } });

  it("leaves a training for the final run: a prior refused does not cost the final run its seed (split seed 104, seed 2 the lowest dev cost)", async () => {
    // --trials 5: no room for the prior; the final run trains seed 2
    const without = await improve(startOn(104), { data: loaded, trials: 5 });
    expect(without.steps).toEqual([]);
    const lowest = 1 + finalSeedIndex(without.finalScores.devCostBySeed);
    expect(lowest).toBe(2); // the premise
    expect(without.finalSpec.seed).toBe(lowest);
    // --trials 6 had room for the prior's 3 trainings and not the final run's: the prior, refused, left seed 1
    // as the final run (budgetKeptSeed) for the same final spec; a larger budget gave a worse-chosen final run
    const six = await improve(startOn(104), { data: loaded, trials: 6 });
    expect([six.finalSpec.seed, six.budgetKeptSeed]).toEqual([lowest, undefined]);
    expect(six.steps).toEqual([]);
    const seven = await improve(startOn(104), { data: loaded, trials: 7 });
    expect(seven.steps.map((s) => [s.cause, s.kept])).toEqual([["healthy", false]]);
    expect([seven.finalSpec.seed, seven.budgetKeptSeed, seven.trainings]).toEqual([lowest, undefined, 7]);
  });

  it("a kept prior's line and step give the margin its rise was judged against (balanced error, split seed 102: a rise of 1.7 points within 1.9, not 1.3)", async () => {
    const result = await improve(startOn(102, { classWeight: "balanced" }), { data: loaded });
    const step = result.steps[0]!;
    expect([step.cause, step.kept]).toEqual(["healthy", true]); // the premise
    const harm = compareDev(step.tried[0]!.scores.devBySeed, step.before.devBySeed, 84, true); // 84: the balanced error's examples
    expect(step.noise).toBe(harm.noise);
    expect(step.gain).toBe(-harm.gain);
    expect(-step.gain).toBeLessThanOrEqual(step.noise); // kept: the rise is within the margin it says
    expect(step.line).toContain(`no worse beyond noise (${(100 * harm.noise).toFixed(1)}%)`);
    expect(step.line).toContain("no worse beyond noise (1.9%)");
  });

  it("a prior that diverged on some seeds is refused as diverged, not as 'worse beyond noise (0.0% against 0.9%)' (split seed 117)", async () => {
    // its seeds 2 and 3 reported as diverged, as a run that blew up reports itself
    const inner = serialExecutor();
    const executor: TrialExecutor = {
      run: (tasks, onResult, onFailure) => inner.run(tasks, (r) => onResult(tasks.find((t) => t.index === r.index)!.spec.l2 === 3 ? { ...r, diverged: true } : r), onFailure),
      stop: () => inner.stop(),
    };
    const result = await improve(startOn(117), { data: loaded, executor });
    const step = result.steps[0]!;
    expect([step.cause, step.kept, step.refused]).toEqual(["healthy", false, "it diverged"]);
    expect(step.line).toMatch(/diverged on 2 of 3 seeds, not kept: it diverged$/);
  });

  it("the report says why a prior was refused, and that a kept one need not lower the dev error", async () => {
    const refused = await improve(startOn(104), { data: loaded });
    const table = stepsTable(refused);
    expect(table.rows[0]![3]).toBe("nothing (the doctor calls its run over-regularized)");
    const kept = await improve(startOn(100), { data: loaded });
    expect(kept.steps[0]!.kept).toBe(true); // the premise
    const report = improveReport(kept, "t");
    expect(report.notes!.some((n) => n.startsWith('The exception is the last step, "healthy"'))).toBe(true);
    expect(pathChart(kept).caption).toContain('except the last, "healthy"');
    // without such a step, neither is said
    const plain = { ...kept, steps: [] };
    expect(improveReport(plain, "t").notes!.some((n) => n.includes("The exception"))).toBe(false);
    expect(pathChart(plain).caption).not.toContain("except the last");
  });
});
