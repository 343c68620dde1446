import { describe, expect, it } from "vitest";
import { parseSpec } from "../experiment/spec.js";
import { runExperiment } from "../experiment/run.js";
import { csvTextLoader } from "../experiment/data-source.js";
import { serialExecutor } from "./executor.js";
import { sweepGrid } from "./sweep-grid.js";

const base = { name: "g", seed: 2, data: { source: "moons", n: 200, noise: 0.25 }, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 40, batchSize: "full" } };

describe("sweepGrid: a grid sweep from code", () => {
  it("trains every combination, ranks them by dev error, each the bits of the same spec run alone", async () => {
    const { trials, failed } = await sweepGrid(base, { lambda: [0, 3], lr: [0.05, 0.005] });
    expect(failed).toEqual([]);
    expect(trials.map((t) => t.values).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { lambda: 0, lr: 0.005 },
      { lambda: 0, lr: 0.05 },
      { lambda: 3, lr: 0.005 },
      { lambda: 3, lr: 0.05 },
    ]);
    for (let i = 1; i < trials.length; i++) expect(trials[i]!.devError!).toBeGreaterThanOrEqual(trials[i - 1]!.devError!);
    // each trial is its spec run alone: the dev error of the best, recomputed independently
    const best = trials[0]!;
    const alone = await runExperiment(parseSpec({ ...base, l2: best.values.lambda, optimizer: { name: "adam", learningRate: best.values.lr } }), { recordFlow: false });
    expect(best.devError).toBe(1 - alone.dev!.accuracy!);
    // the four are not all alike (the comparison means something)
    expect(new Set(trials.map((t) => t.devError)).size).toBeGreaterThan(1);
  });

  it("takes dotted paths and switches, and reads CSV data through the loader", async () => {
    const csv = ["a,b,y", ...Array.from({ length: 120 }, (_, i) => `${Math.sin(i).toFixed(3)},${(100 * Math.cos(2 * i)).toFixed(1)},${Math.sin(i) * Math.cos(2 * i) > 0 ? 1 : 0}`)].join("\n");
    const spec = { ...base, data: { source: "d.csv", label: "y" } };
    const { trials } = await sweepGrid(spec, { normalize: [true, false], "model.hidden.0.units": [4] }, { loadData: csvTextLoader(csv, "d.csv") });
    expect(trials.map((t) => t.values.normalize).sort()).toEqual(["false", "true"]);
  });

  it("says which combination a spec refuses, and refuses an empty grid or an unknown option", async () => {
    await expect(sweepGrid(base, { rate: [0.2, 1.5] })).rejects.toThrow(/rate=1\.5/);
    await expect(sweepGrid(base, {})).rejects.toThrow(/^sweepGrid: expected a grid of knobs and their values/);
    await expect(sweepGrid(base, { lambda: [] })).rejects.toThrow(/^sweepGrid: expected lambda to have a non-empty list of values/);
    await expect(sweepGrid(base, { lambda: [0] }, { workers: 2 } as never)).rejects.toThrow(/^sweepGrid: options may have/);
    await expect(sweepGrid(base, { lambda: [0] }, { loadData: csvTextLoader("a,y\n1,0\n", "d.csv"), executor: serialExecutor() })).rejects.toThrow(/^sweepGrid: expected loadData or an executor, not both/);
  });
});
