/**
 * A learning curve's size whose training rows (the first rows of the shuffled training split) hold one
 * class trained a classifier that learns nothing (the audit's lc.json at --sizes 0.02: 2 rows of class 0,
 * dev cost 86.8), while `nnlab train` refuses a one-class training split and scikit-learn's learning_curve
 * raises. Both the trial (the library) and the command refuse it, naming the size.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/experiment/spec.js";
import { runTrial } from "../../src/sweep/trial.js";
import { runCli } from "../cli/run-cli.js";

// 150 moons, auto split: 90 training rows, of which the first 5 are class 0 and the 6th class 1
const lc = { name: "lc", seed: 1, data: { source: "moons", n: 150, noise: 0.25 }, split: "auto", model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 3, batchSize: 16 } };

describe("a learning curve's size whose training rows hold one class", () => {
  it("is refused by the trial, which says how many rows hold two classes; a size past them trains", async () => {
    const spec = parseSpec(lc);
    await expect(runTrial({ index: 0, values: { size: 2 }, spec, trainRows: 2 })).rejects.toThrow(
      'trial: expected a learning curve\'s training rows to hold at least two classes; received the first 2 of 90 training rows, all of class 0: a classifier would learn nothing; take at least 6 rows (the first 6 hold two classes)',
    );
    await expect(runTrial({ index: 0, values: { size: 5 }, spec, trainRows: 5 })).rejects.toThrow("the first 5 of 90 training rows, all of class 0");
    const six = await runTrial({ index: 0, values: { size: 6 }, spec, trainRows: 6 });
    expect(six.epochs).toBe(3);
  });

  it("is refused by nnlab learning-curve in one line, exit 2, before any size trains", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lc-one-class-"));
    await writeFile(join(dir, "lc.json"), JSON.stringify(lc));
    const r = await runCli(["learning-curve", "lc.json", "--sizes", "0.02,1", "--workers", "1", "--runs", "runs"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      "nnlab: learning-curve: expected every size's training rows to hold at least two classes (a classifier on one learns nothing); received size 0.02 (2 of the 90 training rows), whose first 2 rows are all of class 0: the first 6 rows hold two classes, so give --sizes of at least 0.067",
    ]);
    // the size it names trains
    const ok = await runCli(["learning-curve", "lc.json", "--sizes", "0.067,1", "--workers", "1", "--runs", "runs", "--quiet", "--json"], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).points.map((p: { size: number }) => p.size)).toEqual([6, 90]);
  });
});
