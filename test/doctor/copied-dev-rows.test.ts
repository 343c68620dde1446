/**
 * Dev rows that copy training rows (a doctor audit, session 26): 80 records with 30% of their labels
 * flipped, each written 6 times, split at random. 93 of the 96 dev rows copied a training row, the run
 * scored 100% on dev, and the doctor said "healthy" while new rows of the same rule scored 44.3% error.
 * The loader warned; the doctor did not read it. Now it names the copies, in place of a verdict the dev set
 * cannot give; the 80 records once each are judged as before.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { Rng } from "../../src/tensor/rng.js";

const dir = mkdtempSync(join(tmpdir(), "nnlab-copies-"));
const rng = new Rng(5);
const records = Array.from({ length: 80 }, () => {
  const [a, b] = [rng.normal(), rng.normal()];
  const label = (a + b > 0 ? 1 : 0) ^ (rng.uniform() < 0.3 ? 1 : 0);
  return `${a},${b},${label}`;
});
writeFileSync(join(dir, "once.csv"), `a,b,label\n${records.join("\n")}\n`);
writeFileSync(join(dir, "six.csv"), `a,b,label\n${records.flatMap((r) => Array(6).fill(r)).join("\n")}\n`);

const run = (file: string) =>
  runExperiment(
    parseSpec({
      seed: 1,
      data: { source: join(dir, file), label: "label" },
      model: { hidden: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 300, batchSize: 32 },
    }),
    { loadData: fileDataLoader(), recordFlow: false },
  );

describe("dev rows that copy training rows", () => {
  it("are named as the data's problem where they are most of the dev set, not a healthy run", async () => {
    const six = await run("six.csv");
    expect(six.dev!.accuracy!).toBeGreaterThan(0.95); // the premise: copies scored as unseen rows
    const first = six.diagnosis.causes[0]!;
    expect(first.id).toBe("data-problem");
    expect(first.evidence[0]).toMatch(/^(\d+) of the (\d+) dev rows copy a training row \(features and label\): the held-out error counts training examples as unseen/);
    const [, copies, rows] = /^(\d+) of the (\d+)/.exec(first.evidence[0]!)!.map(Number);
    expect(copies!).toBeGreaterThan(0.5 * rows!);
    expect(first.advice[0]).toMatch(/^remove the repeated records before the split/);
    // the records once each: no copies to name, and the memorized noise shows as it is
    const once = await run("once.csv");
    expect(once.diagnosis.causes.flatMap((c) => c.evidence).join("\n")).not.toMatch(/copy a training row/);
    expect(once.diagnosis.healthy).toBe(false);
  });
});
