import { describe, expect, it } from "vitest";
import { NnlabError } from "../errors.js";
import { gridLabel, gridPoints, gridTrials, parseGridAxis } from "./grid.js";

describe("parseGridAxis", () => {
  it("reads NAME=V1,V2,...: aliases to spec paths, numbers where they parse, strings otherwise", () => {
    expect(parseGridAxis("lambda=0,0.01,1e-1")).toEqual({ name: "lambda", path: "l2", values: [0, 0.01, 0.1] });
    expect(parseGridAxis("batch=32, full")).toEqual({ name: "batch", path: "training.batchSize", values: [32, "full"] });
    expect(parseGridAxis("optimizer.beta1=0.9,0.99")).toEqual({ name: "optimizer.beta1", path: "optimizer.beta1", values: [0.9, 0.99] });
  });

  it("gives null for text of another shape (the caller words the error)", () => {
    for (const text of ["lambda", "lambda=", "=0,1", "1x=0,1", ""]) expect(parseGridAxis(text), text).toBeNull();
  });
});

describe("gridPoints and gridTrials", () => {
  const axes = [parseGridAxis("lambda=0,0.1")!, parseGridAxis("rate=0,0.1,0.2")!];

  it("every combination, the last axis fastest", () => {
    expect(gridPoints(axes).map(gridLabel)).toEqual([
      "lambda=0, rate=0",
      "lambda=0, rate=0.1",
      "lambda=0, rate=0.2",
      "lambda=0.1, rate=0",
      "lambda=0.1, rate=0.1",
      "lambda=0.1, rate=0.2",
    ]);
    expect(gridPoints([])).toEqual([{}]);
  });

  it("sets each combination into the base spec, validated, and carries the spec path and folds", () => {
    const base = { name: "b", data: { source: "moons" }, l2: 5, optimizer: { name: "adam" } };
    const tasks = gridTrials(base, [...axes, parseGridAxis("lr=0.01")!], { specPath: "dir/b.json", folds: 3 });
    expect(tasks).toHaveLength(6);
    expect(tasks[4]).toMatchObject({ index: 4, values: { lambda: 0.1, rate: 0.1, lr: 0.01 }, specPath: "dir/b.json", folds: 3 });
    expect(tasks[4]!.spec).toMatchObject({ name: "b", l2: 0.1, dropout: 0.1, optimizer: { name: "adam", learningRate: 0.01 } });
    expect(base.l2).toBe(5); // the base is not changed
  });

  it("sweeps a switch: true and false go into the spec as booleans (they were refused as text)", () => {
    const tasks = gridTrials({ data: { source: "plane" } }, [parseGridAxis("normalizeTarget=true,false")!, parseGridAxis("normalize=false")!], { source: "s.json" });
    expect(tasks.map((t) => [t.values.normalizeTarget, t.spec.normalizeTarget, t.spec.normalize])).toEqual([
      ["true", true, false],
      ["false", false, false],
    ]);
  });

  it("refuses a value the spec refuses, naming the combination", () => {
    const grid = () => gridTrials({}, [parseGridAxis("rate=0,1.5")!], { source: "s.json" });
    expect(grid).toThrow(NnlabError);
    expect(grid).toThrow(/^s\.json with rate=1\.5: invalid experiment spec:\n\s+dropout: expected a number below 1/);
  });
});
