/**
 * ReLU units that die under dropout are not evidence of a step too long (a doctor audit, session 26). On a
 * wavy regression, 64-32 ReLU units under Adam at 0.01, no unit of W2 dies at once without dropout, while
 * with dropout over half of them die within the first epochs, and at a tenth of the rate too, only later
 * (dropout 0.45: 56-75% by epochs 32-77): a unit that fires adds its mask's noise to the output, and the
 * optimizer silences it. The doctor read
 * those deaths as "learning rate too high" and advised a tenth of the rate: at dropout 0.9 it changed
 * nothing (the network fits nothing through the masks: over-regularized), at 0.2 it raised the dev MSE
 * on each of 3 seeds (0.132, 0.075, 0.147 -> 0.183, 0.170, 0.177).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { Rng } from "../../src/tensor/rng.js";

/** 500 rows of x1, x2 ~ U(-3, 3) and y = sin(2 x1) cos(2 x2) + N(0, 0.05^2), the audit's wavy.csv drawn again. */
function writeWavy(): string {
  const rng = new Rng(11);
  const rows = Array.from({ length: 500 }, () => {
    const [a, b] = [6 * rng.uniform() - 3, 6 * rng.uniform() - 3];
    return `${a},${b},${Math.sin(2 * a) * Math.cos(2 * b) + 0.05 * rng.normal()}`;
  });
  const path = join(mkdtempSync(join(tmpdir(), "nnlab-wavy-")), "wavy.csv");
  writeFileSync(path, `x1,x2,y\n${rows.join("\n")}\n`);
  return path;
}
const wavy = writeWavy();

const run = (dropout: number, learningRate: number, seed: number) =>
  runExperiment(
    parseSpec({
      seed,
      data: { source: wavy, label: "y" },
      dropout,
      model: { hidden: [{ units: 64, activation: "relu" }, { units: 32, activation: "relu" }] },
      optimizer: { name: "adam", learningRate },
      training: { epochs: 300, batchSize: 32 },
    }),
    { loadData: fileDataLoader() },
  );
const deadMax = (r: Awaited<ReturnType<typeof run>>) => Math.max(...r.evidence.layers.map((l) => l.deadMax));

describe("ReLU units that die under dropout", () => {
  it("die without a long step: none at once without dropout, and over half at a tenth of the rate under dropout 0.45 (the premise)", async () => {
    const plain = await run(0, 0.01, 1);
    expect(plain.evidence.layers.every((l) => l.deadFromEpoch === null)).toBe(true);
    const slow = await run(0.45, 0.001, 1);
    expect(deadMax(slow)).toBeGreaterThan(0.5);
  });

  it("at dropout 0.9 are not named 'learning rate too high': the dropout is, and a tenth of the rate does not lower the dev cost", async () => {
    for (const seed of [1, 2]) {
      const r = await run(0.9, 0.01, seed);
      expect(deadMax(r)).toBeGreaterThan(0.5); // the premise: they died
      expect(r.diagnosis.causes[0]!.id).toBe("over-regularized");
      expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("learning-rate-too-high");
      // what the old advice would have given: no better than a constant prediction either way
      const slower = await run(0.9, 0.001, seed);
      expect(slower.evidence.errors.devUnexplained).toBeGreaterThan(0.9);
      expect(r.evidence.errors.devUnexplained).toBeGreaterThan(0.9);
    }
  });

  it("at dropout 0.2 are not named 'learning rate too high', whose tenth of the rate raised the dev cost", async () => {
    const r = await run(0.2, 0.01, 1);
    expect(deadMax(r)).toBeGreaterThan(0.5);
    expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("learning-rate-too-high");
    const slower = await run(0.2, 0.001, 1);
    expect(slower.dev!.dataLoss).toBeGreaterThan(1.2 * r.dev!.dataLoss); // 0.183 against 0.132
  });
});
