/**
 * improve's diagnostic run of the start is also the trial of its first seed: the same spec and seed train
 * the same bits whether the run records the gradient flow for the doctor or not, so the start costs `seeds`
 * trainings, not seeds + 1 (a healthy start was trained four times for three results).
 */
import { describe, expect, it } from "vitest";
import { type ExperimentSpec, improve, loadExperimentData, parseSpec, runExperiment, runTrial, serialExecutor, type TrialExecutor, type TrialResult } from "../../src/index.js";
import { trialResultOf } from "../../src/sweep/trial.js";

const withoutTime = ({ ms: _ms, ...rest }: TrialResult) => rest;

/** Runs trials in this thread, keeping the spec of each one it ran. */
function recordingExecutor(): TrialExecutor & { ran: ExperimentSpec[] } {
  const inner = serialExecutor();
  const ran: ExperimentSpec[] = [];
  return {
    ran,
    run: (tasks, onResult, onFailure) =>
      inner.run(
        tasks,
        (r) => {
          ran.push(tasks.find((t) => t.index === r.index)!.spec);
          return onResult(r);
        },
        onFailure,
      ),
    stop: () => inner.stop(),
  };
}

describe("the diagnostic run as the first seed's trial", () => {
  // every knob that draws random numbers or changes what a trial reports: dropout and shuffled batches,
  // augmentation, class weights, early stopping's kept weights, a regression's standardized target
  const specs = {
    "dropout, shuffled mini-batches, early stopping": { seed: 4, data: { source: "moons", n: 200, noise: 0.2, seed: 1 }, model: { hidden: [{ units: 12, activation: "relu", dropout: 0.3 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30, batchSize: 16, earlyStopping: { patience: 5 } } },
    "jitter augmentation and balanced class weights": { seed: 2, data: { source: "breast-cancer" }, normalize: true, classWeight: "balanced", augment: { jitter: 0.1 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 15, batchSize: 32 } },
    "a regression with its target standardized": { seed: 3, data: { source: "plane", n: 150, seed: 2 }, normalizeTarget: true, l2: 0.1, model: { hidden: [{ units: 6, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 20, batchSize: 32 } },
  };
  for (const [name, plain] of Object.entries(specs)) {
    it(`${name}: the same figures to the last bit`, async () => {
      const spec = parseSpec(plain);
      const loaded = await loadExperimentData(spec);
      const task = { index: 0, values: {}, spec };
      const diagnosis = await runExperiment(spec, { data: loaded, testInDiagnosis: false });
      expect(diagnosis.flow.length).toBeGreaterThan(0); // the premise: this run recorded the flow, the trial does not
      expect(withoutTime(trialResultOf(task, diagnosis, 0))).toEqual(withoutTime(await runTrial(task)));
    });
  }

  it("a start healthy at once costs `seeds` trainings: its first seed is not trained again, and its scores are those of its seeds' trials", async () => {
    const start = parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.1, seed: 3 }, normalize: true, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32, earlyStopping: { patience: 20 } } });
    const executor = recordingExecutor();
    // (a budget of 3 trainings: no room for the prior a healthy run ends with, src/improve/prior.ts)
    const result = await improve(start, { executor, seeds: 3, trials: 3 });
    expect(result.end).toBe("healthy"); // the premise
    expect(result.steps).toEqual([]);
    expect(result.trainings).toBe(3);
    expect(executor.ran.map((s) => s.seed)).toEqual([2, 3]);
    // improve pins the split's seed (by default the spec's seed) so that each seed trains on the same rows
    const trials = await Promise.all([1, 2, 3].map((seed) => runTrial({ index: 0, values: {}, spec: { ...result.start, seed } })));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(result.finalScores.dev).toBeCloseTo(mean(trials.map((t) => t.devError!)), 15);
    expect(result.finalScores.train).toBeCloseTo(mean(trials.map((t) => t.trainError!)), 15);
  });
});
