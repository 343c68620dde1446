import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gridTrials, parseGridAxis, rankTrials, runTrial, serialExecutor, type TrialExecutor, type TrialResult, type TrialTask } from "../../sweep/index.js";
import { runSweep } from "./run-sweep.js";
import { openSweepStore } from "./trial-store.js";

const SPEC = { name: "f", seed: 4, data: { source: "moons", n: 80, noise: 0.2 }, model: { hidden: [{ units: 5 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 10 } };
const withoutTime = ({ ms: _, ...rest }: TrialResult) => rest;

/** The serial executor, recording the tasks it is handed (index/fold) and, with `twice`, reporting each result twice. */
function recording(twice = false): { executor: TrialExecutor; tasks: string[] } {
  const tasks: string[] = [];
  const inner = serialExecutor();
  return {
    tasks,
    executor: {
      run: (ts, onResult, onFailure) => {
        tasks.push(...ts.map((t: TrialTask) => `${t.index}/${t.fold}`));
        return inner.run(ts, async (r) => {
          await onResult(r);
          if (twice) await onResult({ ...r, devError: 0.99 });
        }, onFailure);
      },
      stop: () => inner.stop(),
    },
  };
}

describe("runSweep with folds", () => {
  it("hands the executor each point's folds as tasks, keeps each fold once, resumes per fold, and ranks the points as whole cross-validations do", async () => {
    const points = gridTrials(SPEC, [parseGridAxis("lambda=0,0.3")!], { folds: 3 });
    const whole = rankTrials(await Promise.all(points.map((p) => runTrial(p))));
    const dir = join(await mkdtemp(join(tmpdir(), "nnlab-fold-sweep-")), "sweep");

    const first = recording(true);
    const saved: number[] = [];
    const outcome = await runSweep({ store: await openSweepStore(dir), executor: first.executor, points, onSaved: (done) => void saved.push(done) });
    expect(first.tasks).toEqual(["0/0", "0/1", "0/2", "1/0", "1/1", "1/2"]);
    expect(saved).toEqual([1, 2]); // once per point, with its last fold
    expect(outcome).toMatchObject({ total: 2, interrupted: false, failed: [] });
    // The second report of each fold (0.99) was not kept: the first result is the one recorded.
    expect(outcome.trials.map(withoutTime)).toEqual(whole.map(withoutTime));
    expect((await readdir(dir)).sort()).toEqual(["trial-0-fold-0.json", "trial-0-fold-1.json", "trial-0-fold-2.json", "trial-0.json", "trial-1-fold-0.json", "trial-1-fold-1.json", "trial-1-fold-2.json", "trial-1.json"]);

    // A crash that lost point 1's second fold and its combined trial: only that fold runs again.
    await rm(join(dir, "trial-1-fold-1.json"));
    await rm(join(dir, "trial-1.json"));
    const again = recording();
    const store = await openSweepStore(dir);
    expect(store.resumed).toBe(1);
    const resumed = await runSweep({ store, executor: again.executor, points });
    expect(again.tasks).toEqual(["1/1"]);
    expect(resumed.trials.map(withoutTime)).toEqual(whole.map(withoutTime));

    // A crash after the last fold but before the combined trial: the store combines on opening, nothing runs.
    await rm(join(dir, "trial-0.json"));
    const reopened = await openSweepStore(dir);
    expect(reopened.resumed).toBe(2);
    expect(withoutTime(reopened.finished.get(0)!)).toEqual(withoutTime(whole.find((t) => t.index === 0)!));
    const none = recording();
    await runSweep({ store: reopened, executor: none.executor, points });
    expect(none.tasks).toEqual([]);
  });

  it("reports a point whose folds fail once, however many folds failed", async () => {
    const points = gridTrials({ ...SPEC, data: { source: "missing.csv" } }, [parseGridAxis("lambda=0")!], { folds: 3 });
    const dir = join(await mkdtemp(join(tmpdir(), "nnlab-fold-sweep-")), "sweep");
    const outcome = await runSweep({ store: await openSweepStore(dir), executor: serialExecutor(), points });
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]).toMatchObject({ index: 0, values: { lambda: 0 } });
    expect(outcome.trials).toEqual([]);
  });
});

describe("a sweep folder with damaged trial files", () => {
  it("runs those trials again instead of failing with a stack trace (a file cut short, or of another shape)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-damaged-"));
    try {
      const tasks = gridTrials(SPEC, [parseGridAxis("lambda=0,0.1,1")!]);
      const first = await openSweepStore(dir);
      await runSweep({ store: first, executor: serialExecutor(), points: tasks });
      const { readFile, writeFile } = await import("node:fs/promises");
      const whole = await readFile(join(dir, "trial-1.json"), "utf8");
      await writeFile(join(dir, "trial-1.json"), whole.slice(0, 50)); // cut short
      await writeFile(join(dir, "trial-2.json"), JSON.stringify({ index: 2 })); // parses, but is no result
      const store = await openSweepStore(dir);
      expect([...store.unreadable].sort()).toEqual(["trial-1.json", "trial-2.json"]);
      expect(store.missing(tasks).map((t) => t.index)).toEqual([1, 2]);
      const again = await runSweep({ store, executor: serialExecutor(), points: tasks });
      expect(again.trials.map(withoutTime)).toEqual(rankTrials([...first.finished.values()]).map(withoutTime));
      expect((await openSweepStore(dir)).unreadable).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("a sweep folder and its data", () => {
  it("refuses a rerun on other data (a CSV edited between a kill and a rerun ranked old trials against new ones)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-sweep-data-"));
    try {
      const tasks = gridTrials(SPEC, [parseGridAxis("lambda=0,0.1")!]);
      const first = await openSweepStore(dir, { dataHash: "a".repeat(64) });
      await runSweep({ store: first, executor: serialExecutor(), points: tasks.slice(0, 1) });
      await expect(openSweepStore(dir, { dataHash: "b".repeat(64) })).rejects.toThrow(
        `${dir}: its finished trials were trained on other data (the data files changed since: sha256 aaaaaaaaaaaa..., now bbbbbbbbbbbb...); move the folder away to sweep the new data, or put the old data back to finish the sweep`,
      );
      const same = await openSweepStore(dir, { dataHash: "a".repeat(64) });
      expect(same.resumed).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
