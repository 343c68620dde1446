/**
 * Planted: an imbalanced (90/10) set whose classes overlap, trained with balanced class weights. The
 * weighted run gives up the majority vote's error to find the minority class (dev error above the
 * commonest class's), which the doctor read as "nothing learned carries over". Averaged per class it
 * beats chance by far: not a data problem. The same run on shuffled labels still is one.
 */
import { describe, expect, it } from "vitest";
import { makeDataset, parseSpec, Rng, runExperiment, Tensor } from "../../src/index.js";

function imbalanced(shuffleLabels: boolean, n = 1000) {
  const rng = new Rng(11);
  const x = Tensor.zeros(n, 2, "float64");
  const y = Tensor.zeros(n, 1, "float64");
  for (let i = 0; i < n; i++) {
    const minority = i % 10 === 0;
    // two overlapping clouds, one unit apart
    x.data[2 * i] = rng.normal() + (minority ? 1.2 : 0);
    x.data[2 * i + 1] = rng.normal() + (minority ? 1.2 : 0);
    y.data[i] = minority ? 1 : 0;
  }
  if (shuffleLabels) rng.shuffle(y.data);
  return { data: makeDataset(x, y), source: "planted 90/10", dropped: 0 };
}

const spec = parseSpec({
  seed: 2,
  classWeight: "balanced",
  model: { hidden: [{ units: 16, activation: "relu" }] },
  optimizer: { name: "adam", learningRate: 0.01 },
  training: { epochs: 150, batchSize: 64 },
});

describe("the doctor with class weights", () => {
  it("does not call a balanced run on imbalanced data a data problem: per class it beats chance", async () => {
    const result = await runExperiment(spec, { data: imbalanced(false), recordFlow: false });
    const devError = 1 - result.dev!.accuracy!;
    const balanced = result.evidence.errors.devBalanced!;
    expect(devError).toBeGreaterThan(0.1); // worse than always saying "majority": the trade class weights make
    expect(balanced.error).toBeLessThan(0.35); // but far better than chance (0.5) per class
    expect(result.diagnosis.causes.map((c) => c.id)).not.toContain("data-problem");
  });

  it("still names a data problem when the labels are shuffled", async () => {
    // few rows and a wide network, so that the training set is memorised (the rule's other condition)
    const memorising = { ...spec, model: { ...spec.model, hidden: [{ units: 128, activation: "relu" as const }] }, training: { ...spec.training, epochs: 1500, batchSize: 32 } };
    const result = await runExperiment(memorising, { data: imbalanced(true, 240), recordFlow: false });
    expect(result.evidence.errors.devBalanced!.error).toBeGreaterThan(0.35);
    expect(result.diagnosis.causes.map((c) => c.id)).toContain("data-problem");
  });
});
