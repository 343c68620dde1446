/**
 * Splits at the edges of what a classifier can learn from: no held-out rows at all, a split column that
 * leaves the training rows one class, class weights that count every training example 0. Each trained
 * to the end and then failed on an internal NaN, or trained a model that learned nothing and said so
 * only in warnings (found by an audit helper).
 */
import { describe, expect, it } from "vitest";
import { csvTextLoader, parseSpec, runExperiment } from "../../src/index.js";

const small = { model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } };

/** Two classes, cat and dog, alternating; `part(i)` fills a split column where given. */
function petsCsv(n: number, part?: (i: number) => string): string {
  const lines = [`a,b,y${part ? ",part" : ""}`];
  for (let i = 0; i < n; i++) lines.push(`${(i % 7) / 7},${(i % 5) / 5},${i % 2 ? "dog" : "cat"}${part ? `,${part(i)}` : ""}`);
  return `${lines.join("\n")}\n`;
}

describe("held-out edges", () => {
  it("a classifier with no dev or test rows ([1, 0]) trains and reports the training figures alone", async () => {
    const result = await runExperiment(parseSpec({ data: { source: "iris" }, split: [1, 0], ...small }), { recordFlow: false });
    expect(result.split.train.x.rows).toBe(150);
    expect(result.test.examples).toBe(0);
    expect(result.dev).toBeNull();
    expect(result.biasVariance).toBeNull(); // no held-out error to compare with
    expect(result.train.accuracy).toBeGreaterThan(0);
  });

  it("a split without a dev set: the doctor names the test set it measured, not 'the dev set'", async () => {
    const result = await runExperiment(parseSpec({ data: { source: "iris" }, split: [0.88, 0, 0.12], ...small, training: { epochs: 50 } }), { recordFlow: false });
    const tiny = result.diagnosis.causes.find((c) => c.id === "data-problem")!;
    expect(tiny.evidence[0]).toMatch(/^the test set \(standing in for a dev set, which this split has none of\) has 18 examples:/);
    expect(tiny.advice[0]).toMatch(/^give the split a dev set of at least a few hundred examples/);
  });

  it("refuses a split column whose training rows are all of one class (data.test refuses a test-only class likewise)", async () => {
    const csv = petsCsv(40, (i) => (i % 2 ? "test" : "train")); // every cat trains, every dog tests
    const spec = parseSpec({ data: { source: "pets.csv", label: "y", splitColumn: "part" }, ...small });
    await expect(runExperiment(spec, { loadData: csvTextLoader(csv, "pets.csv"), recordFlow: false })).rejects.toThrow(
      /^split: expected training rows of at least two classes; received 20 training rows, all of class "cat" \(train counts per class: 20\/0\)/,
    );
  });

  it("refuses a classifier's baselineError above 1 - 1/k (the commonest class's vote errs at most that), not a regression's", async () => {
    // baselineError 1 was accepted on two classes, and the bias measured against it came out negative
    await expect(runExperiment(parseSpec({ data: { source: "moons", n: 100 }, baselineError: 1, ...small }), { recordFlow: false })).rejects.toThrow(
      /^baselineError: expected at most 0\.5 for 2 classes \(always voting the commonest class errs at most 1 - 1\/2, so no best error is higher\); received 1$/,
    );
    await expect(runExperiment(parseSpec({ data: { source: "iris" }, baselineError: 0.7, ...small }), { recordFlow: false })).rejects.toThrow(/^baselineError: expected at most 0\.6667 for 3 classes/);
    expect((await runExperiment(parseSpec({ data: { source: "iris" }, baselineError: 0.6, ...small }), { recordFlow: false })).train.examples).toBeGreaterThan(0);
    expect((await runExperiment(parseSpec({ data: { source: "moons", n: 100 }, baselineError: 0.5, ...small }), { recordFlow: false })).train.examples).toBeGreaterThan(0);
    expect((await runExperiment(parseSpec({ data: { source: "plane", n: 100 }, baselineError: 1, ...small }), { recordFlow: false })).train.examples).toBeGreaterThan(0);
  });

  it("refuses class weights that are 0 on every class the training rows have", async () => {
    // cats and dogs train, the birds are all dev rows: weights [1, 0, 0] (classes sort: bird, cat, dog) weight no training example
    const lines = ["a,b,y,part"];
    for (let i = 0; i < 60; i++) lines.push(`${(i % 7) / 7},${(i % 5) / 5},${["cat", "dog", "bird"][i % 3]},${i % 3 === 2 ? "dev" : "train"}`);
    const load = csvTextLoader(`${lines.join("\n")}\n`, "pets.csv");
    const spec = (classWeight: number[]) => parseSpec({ data: { source: "pets.csv", label: "y", splitColumn: "part" }, classWeight, ...small });
    await expect(runExperiment(spec([1, 0, 0]), { loadData: load, recordFlow: false })).rejects.toThrow(
      /^classWeight: expected a weight above 0 for a class the training set has; received \[1,0,0\] with training counts per class 0\/20\/20/,
    );
    const weighted = await runExperiment(spec([1, 0, 1]), { loadData: load, recordFlow: false });
    expect(weighted.train.examples).toBe(40);
  });
});
