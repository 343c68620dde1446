/**
 * 300 features on 240 rows, labels a clean rule of 3 of them (a doctor audit, session 26): the network
 * memorized the 144 training rows and scored chance on dev, which the doctor read as "nothing learned
 * carries over: check that the labels follow from the inputs". With fewer than two training rows per
 * feature that is what overfitting gives; L1 0.3 took the dev error from 45.8% to 6-19%. It is high variance.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { Rng } from "../../src/tensor/rng.js";

const FEATURES = 300;
const path = join(mkdtempSync(join(tmpdir(), "nnlab-wide-")), "wide.csv");
const rng = new Rng(6);
const rows = Array.from({ length: 240 }, () => {
  const x = Array.from({ length: FEATURES }, () => rng.normal());
  return [...x.map((v) => v.toFixed(4)), x[0]! + x[1]! - x[2]! + 0.3 * rng.normal() > 0 ? 1 : 0].join(",");
});
writeFileSync(path, `${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(",")},label\n${rows.join("\n")}\n`);

describe("many features on few rows", () => {
  it("is high variance, not a label fault, where the network memorized the training rows", async () => {
    for (const seed of [1, 2]) {
      const r = await runExperiment(
        parseSpec({ seed, data: { source: path, label: "label" }, model: { hidden: [{ units: 64, activation: "relu" }, { units: 32, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 } }),
        { loadData: fileDataLoader(), recordFlow: false },
      );
      // the premise: the training rows memorized, the dev set near chance
      expect(r.train.accuracy!).toBeGreaterThan(0.99);
      expect(r.dev!.accuracy!).toBeLessThan(0.8);
      expect(r.diagnosis.causes[0]!.id).toBe("high-variance");
      expect(r.diagnosis.causes.flatMap((c) => c.advice).join("\n")).not.toMatch(/check that the labels follow/);
    }
  });
});
