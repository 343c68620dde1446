import { describe, expect, it } from "vitest";
import { generate } from "../data/generators.js";
import type { DataLoader } from "../experiment/data-source.js";
import { parseGridAxis, gridTrials } from "./grid.js";
import { serialExecutor } from "./executor.js";
import { runTrial, type TrialResult } from "./trial.js";

const base = { name: "t", seed: 3, data: { source: "points.csv" }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 15 } };
const axes = [parseGridAxis("lambda=0,0.1,1")!];

/** A loader (as a page or nnlab/node would hand in) that counts its loads. */
function countingLoader(): { loader: DataLoader; loads: () => number } {
  let loads = 0;
  const loader: DataLoader = (spec) => {
    loads++;
    return { data: generate("moons", { n: 80, noise: 0.2, seed: spec.seed }), source: "points.csv", dropped: 0 };
  };
  return { loader, loads: () => loads };
}

const withoutTime = ({ ms: _, ...rest }: TrialResult) => rest;

describe("runTrial", () => {
  it("trains the spec through the loader, seeded: the same trial gives the same numbers", async () => {
    const [task] = gridTrials(base, axes);
    const { loader } = countingLoader();
    const a = await runTrial(task!, { loader });
    const b = await runTrial(task!, { loader });
    expect(withoutTime(a)).toEqual(withoutTime(b));
    expect(a).toMatchObject({ index: 0, values: { lambda: 0 }, epochs: 15 });
    expect(a.devError).toBeGreaterThanOrEqual(0);
    expect(a.devError).toBeLessThan(0.5);
    expect(a).not.toHaveProperty("devErrorStd");
  });

  it("with folds, cross-validates and reports the dev error's spread", async () => {
    const [task] = gridTrials(base, axes, { folds: 3 });
    const r = await runTrial(task!, countingLoader());
    expect(r.devErrorStd).toBeGreaterThanOrEqual(0);
    expect(r.epochs).toBe(15);
  });

  it("without a loader, a source that is not built in is refused", async () => {
    const [task] = gridTrials(base, axes);
    await expect(runTrial(task!)).rejects.toThrow(/data\.source: expected a built-in dataset .* received "points\.csv" and no loader/);
  });
});

describe("serialExecutor", () => {
  it("runs every trial in order, loading the shared data once", async () => {
    const { loader, loads } = countingLoader();
    const seen: number[] = [];
    await serialExecutor({ loader }).run(gridTrials(base, axes), (r) => void seen.push(r.index));
    expect(seen).toEqual([0, 1, 2]);
    expect(loads()).toBe(1);
  });

  it("stop() and stopWhen: no trial starts after them", async () => {
    const executor = serialExecutor({ loader: countingLoader().loader });
    const seen: number[] = [];
    await executor.run(gridTrials(base, axes), (r) => {
      seen.push(r.index);
      executor.stop();
    });
    expect(seen).toEqual([0]);
    const polled: number[] = [];
    await serialExecutor({ loader: countingLoader().loader, stopWhen: () => polled.length === 2 }).run(gridTrials(base, axes), (r) => void polled.push(r.index));
    expect(polled).toEqual([0, 1]);
  });

  it("waits for each result to be taken before the next trial, and stops at a failure", async () => {
    const { loader } = countingLoader();
    const events: string[] = [];
    const run = serialExecutor({ loader }).run(gridTrials(base, axes), async (r) => {
      events.push(`start ${r.index}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${r.index}`);
      if (r.index === 1) throw new Error("disk full");
    });
    await expect(run).rejects.toThrow("disk full");
    expect(events).toEqual(["start 0", "end 0", "start 1", "end 1"]);
  });
});

describe("a failed trial with onFailure", () => {
  it("is reported as a TrialFailure and the other trials go on", async () => {
    const { loader } = countingLoader();
    const tasks = gridTrials(base, [parseGridAxis("data.noise=0.1,0.2,0.3")!]);
    // The middle trial's data cannot be loaded (a loader error of its own).
    const failing: typeof loader = (spec) => {
      if (spec.data.noise === 0.2) throw new Error("points.csv:3: not a number");
      return loader(spec);
    };
    const seen: number[] = [];
    const failures: Array<[number, string]> = [];
    await serialExecutor({ loader: failing }).run(
      tasks,
      (r) => void seen.push(r.index),
      (f) => void failures.push([f.index, f.reason]),
    );
    expect(seen).toEqual([0, 2]);
    expect(failures).toEqual([[1, "points.csv:3: not a number"]]);
  });
});
