import { describe, expect, it } from "vitest";
import { serialExecutor } from "./executor.js";
import { gridTrials, parseGridAxis } from "./grid.js";
import { halvingPlan, pointOf, rungIndex, successiveHalving } from "./halving.js";
import { rankTrials } from "./rank.js";
import type { TrialResult, TrialTask } from "./trial.js";

const withoutTime = ({ ms: _, index: _i, ...rest }: TrialResult) => rest;

describe("halvingPlan", () => {
  it("a third of the points each rung, three times the epochs, the last rung at the full epochs", () => {
    expect(halvingPlan(12, 60)).toEqual([
      { points: 12, epochs: 7 },
      { points: 4, epochs: 20 },
      { points: 2, epochs: 60 },
    ]);
    expect(halvingPlan(9, 90)).toEqual([
      { points: 9, epochs: 10 },
      { points: 3, epochs: 30 },
      { points: 1, epochs: 90 },
    ]);
    expect(halvingPlan(2, 50)).toEqual([{ points: 2, epochs: 50 }]);
    // Too few epochs for three rungs: fewer rungs, never one of 0 epochs.
    expect(halvingPlan(27, 4)).toEqual([
      { points: 27, epochs: 1 },
      { points: 9, epochs: 4 },
    ]);
  });

  it("gives every rung's trial its own index", () => {
    expect(rungIndex(2, 5, 12)).toBe(29);
    expect(pointOf(29, 12)).toEqual({ rung: 2, point: 5 });
  });
});

describe("successiveHalving", () => {
  // A constructed case: plain gradient descent on circles, where a learning rate far too small or too large
  // is behind from the first epochs to the last, so that the brief first rung already ranks as the full run.
  const base = { name: "h", seed: 2, data: { source: "circles", n: 600, noise: 0.1 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "sgd" }, training: { epochs: 90, batchSize: 64 } };
  const points = gridTrials(base, [parseGridAxis("lr=0.001,0.003,0.01,0.03,0.1,0.3,1,3,10")!]);
  const runAll = async (tasks: TrialTask[]) => {
    const results: TrialResult[] = [];
    await serialExecutor().run(tasks, (r) => void results.push(r));
    return results;
  };

  it("keeps the trials a full run ranks best, and its last rung's trials are the full run's, bit for bit", async () => {
    const full = rankTrials(await runAll(points));
    const ran: TrialTask[][] = [];
    const { rungs, interrupted } = await successiveHalving(points, async (tasks) => {
      ran.push(tasks);
      return { results: await runAll(tasks), interrupted: false };
    });
    expect(interrupted).toBe(false);
    expect(rungs.map((r) => [r.epochs, r.trials.length, r.kept.length])).toEqual([
      [10, 9, 3],
      [30, 3, 1],
      [90, 1, 0],
    ]);
    expect(ran[1]!.map((t) => t.spec.training.epochs)).toEqual([30, 30, 30]);
    // The first rung's best third are the full run's three best (three learning rates it ranks first, at 0.8% dev error) ...
    const bestThree = full.slice(0, 3).map((t) => t.index).sort();
    expect(rungs[0]!.kept.sort()).toEqual(bestThree);
    expect(full[3]!.devError).toBeGreaterThan(full[2]!.devError!);
    // ... and the last rung's trial is one of them, with the full run's numbers to the last digit.
    const [winner] = rungs[2]!.trials;
    const point = pointOf(winner!.index, points.length).point;
    expect(bestThree).toContain(point);
    expect(winner!.devError).toBe(full[0]!.devError);
    expect(withoutTime(winner!)).toEqual(withoutTime(full.find((t) => t.index === point)!));
  }, 60_000);

  it("stops with the rungs so far when a rung is interrupted, and drops the points that failed", async () => {
    const { rungs, interrupted } = await successiveHalving(points.slice(0, 4), async (tasks, rung) => {
      const results = tasks.slice(1).map((t): TrialResult => ({ index: t.index, values: t.values, trainError: 0, devError: t.index / 100, trainLoss: 0, devLoss: 0, epochs: 1, ms: 0 }));
      return { results, interrupted: rung === 1 };
    });
    expect(interrupted).toBe(true);
    expect(rungs).toHaveLength(2);
    expect(rungs[0]).toMatchObject({ kept: [1, 2], failed: [0] });
    expect(rungs[1]).toMatchObject({ failed: [] });
  });
});
