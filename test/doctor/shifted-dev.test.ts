/**
 * A dev set fixed by a split column and unlike the training rows (a doctor audit, session 26): train rows
 * with x1 < 0.3, dev and test rows beyond, under another rule. The split warned; the doctor read the gap as
 * high variance and advised regularization, which made dev accuracy worse (L2 1: 82.9% -> 78.6%). The
 * shift is now in the evidence, and the gap stands for it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { Rng } from "../../src/tensor/rng.js";

const dir = mkdtempSync(join(tmpdir(), "nnlab-shifted-"));
/** 900 rows; `shifted`: train where x1 < 0.3 and dev/test beyond under another rule, else parts drawn at random. */
function table(name: string, shifted: boolean): string {
  const rng = new Rng(11);
  const rows = Array.from({ length: 900 }, () => {
    const [x1, x2] = [rng.normal(), rng.normal()];
    const coin = rng.uniform();
    const part = shifted ? (x1 < 0.3 ? "train" : coin < 0.5 ? "dev" : "test") : coin < 0.6 ? "train" : coin < 0.8 ? "dev" : "test";
    const label = shifted && part !== "train" ? x2 > 0.8 * x1 : x2 > 0;
    return `${x1},${x2},${part},${label ? 1 : 0}`;
  });
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `x1,x2,part,label\n${rows.join("\n")}\n`);
  return path;
}

const run = (source: string) =>
  runExperiment(
    parseSpec({
      seed: 1,
      data: { source, label: "label", splitColumn: "part", features: ["x1", "x2"] },
      model: { hidden: [{ units: 16, activation: "relu" }, { units: 16, activation: "relu" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 200, batchSize: 32 },
    }),
    { loadData: fileDataLoader(), recordFlow: false },
  );

describe("a dev set fixed by the data and unlike the training rows", () => {
  it("is the data's problem, standing for the dev-train gap, not high variance with its regularization", async () => {
    const shifted = await run(table("shifted", true));
    expect(shifted.split.warnings.join("\n")).toMatch(/the dev rows \(fixed by the data\) do not look drawn from the training rows' distribution/); // the premise
    const first = shifted.diagnosis.causes[0]!;
    expect(first.id).toBe("data-problem");
    expect(first.evidence[0]).toMatch(/^the dev rows \(fixed by the data\) do not look drawn from the training rows' distribution: the dev-train gap mixes/);
    expect(shifted.diagnosis.causes.map((c) => c.id)).not.toContain("high-variance");
    // parts drawn at random by the same column: nothing said of a shift
    const drawn = await run(table("drawn", false));
    expect(drawn.diagnosis.causes.flatMap((c) => c.evidence).join("\n")).not.toMatch(/do not look drawn from the training rows/);
  });
});
