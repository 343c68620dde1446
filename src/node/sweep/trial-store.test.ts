import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GridAxis, parseGridAxis, type TrialResult, type TrialTask } from "../../sweep/index.js";
import { openSweepStore, sweepFolderName } from "./trial-store.js";

const result = (index: number, devError = 0.1): TrialResult => ({ index, values: { lambda: index }, trainError: 0.05, devError, trainLoss: 0.2, devLoss: 0.3, epochs: 10, ms: 1 });
const task = (index: number): TrialTask => ({ index, values: { lambda: index }, spec: {} as TrialTask["spec"] });

describe("sweepFolderName", () => {
  const raw = { name: "sw", data: { source: "moons", n: 150, noise: 0.2 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 60 } };
  const axes = ["lambda=0,0.1,1", "rate=0,0.2"].map((g) => parseGridAxis(g)!);

  it("keeps the names earlier versions gave, so their sweeps still resume", () => {
    // Folders written by nnlab before the sweep left the CLI, for this spec and grid.
    expect(sweepFolderName("sw", raw, axes)).toBe("sweep-sw-468f672b");
    expect(sweepFolderName("sw", raw, axes, 3)).toBe("sweep-sw-888216c9");
  });

  it("changes with the spec, the grid and the folds", () => {
    const names = new Set([
      sweepFolderName("sw", raw, axes),
      sweepFolderName("sw", { ...raw, seed: 2 }, axes),
      sweepFolderName("sw", raw, [axes[0]!] as GridAxis[]),
      sweepFolderName("sw", raw, axes, 5),
    ]);
    expect(names.size).toBe(4);
  });
});

describe("openSweepStore", () => {
  it("makes no folder until a trial is saved, then keeps each one, and a reopened store resumes with the missing ones", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "nnlab-sweep-store-")), "sweep-a-12345678");
    const first = await openSweepStore(dir);
    expect(first.resumed).toBe(0);
    expect(first.missing([task(0), task(1), task(2)]).map((t) => t.index)).toEqual([0, 1, 2]);
    await expect(readdir(dir)).rejects.toMatchObject({ code: "ENOENT" });

    expect(await first.save(result(2))).toBe(true);
    expect(await first.save(result(0))).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["trial-0.json", "trial-2.json"]);
    expect(JSON.parse(await readFile(join(dir, "trial-2.json"), "utf8"))).toEqual(result(2));

    const again = await openSweepStore(dir);
    expect(again.resumed).toBe(2);
    expect([...again.finished.keys()].sort()).toEqual([0, 2]);
    expect(again.finished.get(0)).toEqual(result(0));
    expect(again.missing([task(0), task(1), task(2)]).map((t) => t.index)).toEqual([1]);
  });

  it("records a trial once: a second result for it (a trial run twice) is neither kept nor written", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "nnlab-sweep-store-")), "sweep");
    const store = await openSweepStore(dir);
    expect(await store.save(result(1, 0.1))).toBe(true);
    expect(await store.save(result(1, 0.9))).toBe(false);
    expect(store.finished.get(1)!.devError).toBe(0.1);
    expect(JSON.parse(await readFile(join(dir, "trial-1.json"), "utf8")).devError).toBe(0.1);
    const reopened = await openSweepStore(dir);
    expect(await reopened.save(result(1, 0.9))).toBe(false);
    expect(JSON.parse(await readFile(join(dir, "trial-1.json"), "utf8")).devError).toBe(0.1);
  });

  it("writes results.json with the grid, the ranked trials and whether the sweep is complete", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "nnlab-sweep-store-")), "sweep");
    const store = await openSweepStore(dir);
    await store.save(result(0));
    const axes = [parseGridAxis("lambda=0,1")!];
    await store.writeResults({ axes, trials: [result(0)], complete: false });
    expect(JSON.parse(await readFile(join(dir, "results.json"), "utf8"))).toEqual({ axes, trials: [result(0)], complete: false });
    expect((await readdir(dir)).sort()).toEqual(["results.json", "trial-0.json"]);
  });
});
