/**
 * A raw regression target of large scale that the run never learned (an improve audit, session 26): a
 * target of mean ~1300 and std ~1700 starts at only 1.6 times a constant prediction's cost, below the
 * "starts far" signal's 3 times, and the run ended at 1.7 times it. The doctor said "high bias: the network
 * learned nothing", improve tried bigger networks, and the closing advice was to check that the labels follow
 * from the inputs; standardized, the same spec reaches a dev MSE about 50 times lower.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { Rng } from "../../src/tensor/rng.js";

const dir = mkdtempSync(join(tmpdir(), "nnlab-target-"));
const rng = new Rng(11);
const rows = Array.from({ length: 300 }, () => {
  const [a, b] = [rng.normal(), rng.normal()];
  return `${a},${b},${1000 * (a * a + b) + 50 * rng.normal()}`;
});
writeFileSync(join(dir, "reg.csv"), `a,b,t\n${rows.join("\n")}\n`);

const run = (spec: Record<string, unknown>) =>
  runExperiment(
    parseSpec({
      seed: 1,
      data: { source: join(dir, "reg.csv"), label: "t" },
      normalize: true,
      model: { hidden: [{ units: 2, activation: "tanh" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 50 } },
      ...spec,
    }),
    { loadData: fileDataLoader(), recordFlow: false },
  );

describe("a large raw target the run never learned", () => {
  it("is target-not-normalized, with the cost of the weights kept against a constant prediction's as evidence", async () => {
    const raw = await run({});
    // the premise: a start under 3 times a constant's cost, and an end no better than a constant
    expect(raw.history.initial!.loss).toBeLessThan(3 * raw.history.initial!.constantCost);
    expect(raw.train.dataLoss).toBeGreaterThanOrEqual(raw.history.initial!.constantCost);
    const first = raw.diagnosis.causes[0]!;
    expect(first.id).toBe("target-not-normalized");
    expect(first.evidence.join("\n")).toMatch(/the weights kept fit the training set no better than the target's mean: their cost \S+ is [\d.]+ times a constant prediction's/);
    expect(first.advice[0]).toMatch(/"normalizeTarget": true/);
    // the advice followed: the dev MSE falls more than tenfold, and the cause is gone
    const standardized = await run({ normalizeTarget: true });
    expect(standardized.dev!.dataLoss).toBeLessThan(raw.dev!.dataLoss / 10);
    expect(standardized.diagnosis.causes.map((c) => c.id)).not.toContain("target-not-normalized");
  });
});
