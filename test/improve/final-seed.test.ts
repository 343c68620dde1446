import { describe, expect, it } from "vitest";
import { finalSeedIndex, finalSeedWords, improve, loadExperimentData, parseSpec, runExperiment } from "../../src/index.js";
import { startingSpec } from "../../src/improve/start.js";

describe("finalSeedIndex: the final run's seed is the one of the lowest dev cost", () => {
  it("takes the lowest finite cost, the first of equal ones, and the first seed where every one diverged", () => {
    expect(finalSeedIndex([0.2, 0.19, 0.189])).toBe(2);
    expect(finalSeedIndex([0.1, 0.19, 0.1])).toBe(0);
    expect(finalSeedIndex([0.3, 0.1, 0.1])).toBe(1);
    expect(finalSeedIndex([NaN, 0.5, 0.4])).toBe(2); // a diverged seed is never chosen
    expect(finalSeedIndex([0.4, NaN, Infinity])).toBe(0);
    expect(finalSeedIndex([NaN, NaN])).toBe(0);
    expect(finalSeedIndex([0.7])).toBe(0);
  });

  it("says so where every seed diverged, rather than naming a lowest cost of none", () => {
    type Words = Parameters<typeof finalSeedWords>[0];
    const result = (costs: number[]) => ({ start: { seed: 4 }, finalSpec: { seed: 4 }, finalScores: { devCostBySeed: costs }, end: "budget" }) as unknown as Words;
    expect(finalSeedWords(result([NaN, NaN, NaN]))).toBe("seed 4, the first: no seed had a dev data cost to choose by (every run of seeds 4-6 diverged)");
    expect(finalSeedWords(result([0.25, NaN, NaN]))).toBe("seed 4, the lowest dev data cost of seeds 4-6 (0.2500, diverged, diverged)");
  });

  it("lists the costs in one format (they read '66775.4094, 163432.3934' and '6.688e-7, 0.00001268'; an audit helper)", () => {
    type Words = Parameters<typeof finalSeedWords>[0];
    const result = (costs: number[]) => ({ start: { seed: 1 }, finalSpec: { seed: 1 }, finalScores: { devCostBySeed: costs }, end: "healthy" }) as unknown as Words;
    expect(finalSeedWords(result([66775.4094, 163432.3934, 99299.5793]))).toBe("seed 1, the lowest dev data cost of seeds 1-3 (6.678e+4, 1.634e+5, 9.930e+4)");
    expect(finalSeedWords(result([6.688e-7, 1.268e-5, 1.92e-6]))).toBe("seed 1, the lowest dev data cost of seeds 1-3 (6.688e-7, 1.268e-5, 1.920e-6)");
    expect(finalSeedWords(result([0.0996, 0.1282, NaN]))).toBe("seed 1, the lowest dev data cost of seeds 1-3 (0.0996, 0.1282, diverged)");
  });
});

/**
 * improve from the default start of a built-in set, on one split; by default with a budget of 4 trainings:
 * room for the start's 3 seeds and the final run, not for the prior a healthy run ends with
 * (src/improve/prior.ts, test/improve/healthy-prior.test.ts), so that the final run is the start's.
 */
async function improveOn(source: string, splitSeed: number, options: { shouldStop?: () => boolean; trials?: number; onProgress?: (line: string) => void } = {}) {
  const section = { source };
  const loaded = await loadExperimentData(parseSpec({ data: section }));
  const start = parseSpec({ ...startingSpec(loaded.data, section, { name: source, seed: 1 }), split: { ratios: "auto", seed: splitSeed } });
  return { loaded, result: await improve(start, { data: loaded, trials: 4, ...options }) };
}

describe("improve's final run", () => {
  it("trains the final spec with its seed of the lowest dev cost, which final.json reproduces bit for bit (breast-cancer, split seed 100)", async () => {
    const { loaded, result } = await improveOn("breast-cancer", 100);
    const costs = result.finalScores.devCostBySeed;
    expect(result.end).toBe("healthy"); // the premise: the start, healthy at once, scored with seeds 1-3
    expect(JSON.stringify(result.finalSpec)).toBe(JSON.stringify(result.start).replace('"seed":1', '"seed":3'));
    expect(costs[2]).toBe(Math.min(...costs));
    expect(costs[0]).toBeGreaterThan(costs[2]!);
    // the final run is that seed's run: its dev cost is the one compared, and a training beyond the 3 scored
    expect(result.final.dev!.dataLoss).toBe(costs[2]);
    expect(result.trainings).toBe(4);
    expect(finalSeedWords(result)).toMatch(/^seed 3, the lowest dev data cost of seeds 1-3 \([\d.]+, [\d.]+, [\d.]+\)$/);
    const again = await runExperiment(result.finalSpec, { data: loaded, testInDiagnosis: false });
    expect(again.model.getWeights()).toEqual(result.final.model.getWeights());
    expect(again.test.loss).toBe(result.final.test.loss);
  });

  it("stays the first seed's healthy run where the seed of the lowest dev cost is not called healthy (iris, split seed 156)", async () => {
    const { result } = await improveOn("iris", 156);
    const costs = result.finalScores.devCostBySeed;
    expect(result.end).toBe("healthy");
    expect(finalSeedIndex(costs)).toBe(1); // seed 2's cost is the lowest...
    expect(result.trainings).toBe(4); // ...and its run was trained, but the doctor named a cause there
    expect(result.finalSpec).toBe(result.start);
    expect(result.final.diagnosis.healthy).toBe(true);
    expect(result.final.dev!.dataLoss).toBe(costs[0]);
    expect(finalSeedWords(result)).toMatch(/^seed 1, the run the doctor called healthy \(not seed 2, the lowest dev data cost of seeds 1-3 \([\d.]+, [\d.]+, [\d.]+\)\)$/);
  });

  it("stays the diagnosed run where the budget has no training left for the final run (--trials 3 trained 4; an audit)", async () => {
    const { result } = await improveOn("breast-cancer", 100, { trials: 3 });
    const costs = result.finalScores.devCostBySeed;
    expect(result.end).toBe("healthy");
    expect(finalSeedIndex(costs)).toBe(2); // seed 3 had the lowest dev cost, as above
    expect(result.trainings).toBe(3);
    expect(result.budgetKeptSeed).toBe(true);
    expect(result.finalSpec).toBe(result.start);
    expect(result.final.dev!.dataLoss).toBe(costs[0]);
    expect(finalSeedWords(result)).toMatch(/^seed 1, the diagnosed run: the budget \(--trials\) left no training for seed 3, the lowest dev data cost of seeds 1-3 \([\d.]+, [\d.]+, [\d.]+\)$/);
    // one training more and the final run is seed 3's, as without a budget
    const four = await improveOn("breast-cancer", 100, { trials: 4 });
    expect([four.result.trainings, four.result.finalSpec.seed, four.result.budgetKeptSeed]).toEqual([4, 3, undefined]);
  });

  it("stops the final run at Ctrl-C, keeping the diagnosed run; the command is interrupted, not ended (it trained on and exited 0; an audit)", async () => {
    let finalStarted = false;
    const { result } = await improveOn("breast-cancer", 100, { onProgress: (line) => (finalStarted ||= line.startsWith("training the final spec")), shouldStop: () => finalStarted });
    expect(finalStarted).toBe(true); // the premise: the loop ended healthy and the final run, seed 3's, began
    expect(result.end).toBe("interrupted");
    expect(result.finalSpec).toBe(result.start);
    expect(result.final.interrupted).toBe(false);
    expect(result.final.dev!.dataLoss).toBe(result.finalScores.devCostBySeed[0]);
    expect(result.trainings).toBe(4);
  });

  it("stays the diagnosed run when the loop was interrupted: Ctrl-C does not wait for a training (breast-cancer, split seed 100)", async () => {
    const { result } = await improveOn("breast-cancer", 100, { shouldStop: () => true });
    expect(result.end).toBe("interrupted");
    expect(finalSeedIndex(result.finalScores.devCostBySeed)).toBe(2); // seed 3 had the lowest dev cost, as above
    expect(result.finalSpec).toBe(result.start);
    expect(result.trainings).toBe(3);
    expect(result.final.dev!.dataLoss).toBe(result.finalScores.devCostBySeed[0]);
    expect(finalSeedWords(result)).toBe("seed 1, the diagnosed run (interrupted: the seed of the lowest dev data cost is chosen when the loop ends)");
  });
});
