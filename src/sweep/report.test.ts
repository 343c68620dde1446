import { describe, expect, it } from "vitest";
import { parseGridAxis } from "./grid.js";
import { rankTrials } from "./rank.js";
import { sweepReport, sweepTable } from "./report.js";
import type { TrialResult } from "./trial.js";

const trial = (index: number, lambda: number, devError: number | null, devLoss = 0.3, devErrorStd?: number): TrialResult => ({
  index,
  values: { lambda },
  trainError: devError === null ? null : devError / 2,
  devError,
  trainLoss: 0.123456,
  devLoss,
  ...(devErrorStd === undefined ? {} : { devErrorStd }),
  epochs: 10,
  ms: 1,
});

describe("rankTrials", () => {
  it("orders by dev error, ties in grid order, whatever order the trials finished in", () => {
    const ranked = rankTrials([trial(3, 1, 0.2), trial(2, 0.1, 0.1), trial(0, 0, 0.2), trial(1, 0.01, 0.1)]);
    expect(ranked.map((t) => t.index)).toEqual([1, 2, 0, 3]);
  });

  it("puts a trial that diverged after every one that did not, and marks it in the table (lr 100 was named best)", () => {
    const wild = { ...trial(1, 100, 0.2), diverged: true };
    const ranked = rankTrials([trial(0, 0.001, 0.35), wild, trial(2, 0.01, 0.3)]);
    expect(ranked.map((t) => t.index)).toEqual([2, 0, 1]);
    const table = sweepTable([parseGridAxis("lambda=0.001,100,0.01")!], ranked);
    expect(table.columns.at(-1)).toBe("stop");
    expect(table.rows.map((r) => r.at(-1))).toEqual(["", "", "diverged"]);
  });

  it("orders a regression (no error) by dev cost", () => {
    expect(rankTrials([trial(0, 0, null, 0.5), trial(1, 1, null, 0.25)]).map((t) => t.index)).toEqual([1, 0]);
  });
});

describe("sweepTable and sweepReport", () => {
  const axes = [parseGridAxis("lambda=0,0.1,1")!];

  it("tables one column per axis, errors as percentages, costs to 4 places; the std column only with folds", () => {
    const trials = rankTrials([trial(0, 0, 0.125, 0.3, 0.01), trial(1, 0.1, null, 0.25)]);
    expect(sweepTable(axes, trials)).toEqual({
      title: "Trials, best dev error first",
      columns: ["lambda", "train error", "dev error", "train data cost", "dev data cost", "epochs"],
      rows: [
        ["0", "6.3%", "12.5%", 0.1235, 0.3, 10],
        ["0.1", "-", "-", 0.1235, 0.25, 10],
      ],
    });
    expect(sweepTable(axes, trials, 5).columns).toContain("dev error std");
    // a regression's folds: the spread of the dev MSE (it showed none)
    const regression = rankTrials([{ ...trial(0, 0, null, 0.5), devDataLoss: 0.4, devDataLossStd: 0.05 }]);
    const table = sweepTable(axes, regression, 5);
    // and no error columns, which were "-" in every row
    expect(table.columns).toEqual(["lambda", "train MSE", "dev MSE", "dev MSE std", "epochs"]);
    expect(table.rows[0]!.slice(2, 4)).toEqual([0.4, 0.05]);
    expect(sweepTable(axes, trials, 5).rows[0]).toEqual(["0", "6.3%", "12.5%", "1.0%", 0.1235, 0.3, 10]);
  });

  it("shows the data costs that equal dev errors are ranked by, not the whole costs with each lambda's penalty", () => {
    // the README walkthrough's case: at 9.5% dev error, whole dev costs 0.4201 and 0.4167 came in that order,
    // ranked by their data costs (0.3675 and 0.3690), and the table looked unsorted
    const heavy = { ...trial(0, 0.7, 0.095, 0.4201), devDataLoss: 0.3675, trainDataLoss: 0.1 };
    const light = { ...trial(1, 0.1, 0.095, 0.4167), devDataLoss: 0.369, trainDataLoss: 0.11 };
    const table = sweepTable(axes, rankTrials([light, heavy]));
    expect(table.rows.map((r) => r.slice(0, 1).concat(r.slice(3, 5)))).toEqual([
      ["0.7", 0.1, 0.3675],
      ["0.1", 0.11, 0.369],
    ]);
  });

  it("says what was swept, how many trials came from an earlier run, the best, and that an interrupted one can be finished", () => {
    const trials = rankTrials([trial(1, 0.1, 0.1), trial(0, 0, 0.2)]);
    const report = sweepReport({ name: "sw", spec: "sw.json", axes, trials, complete: false, total: 3, resumed: 1, createdAt: "2020-01-01T00:00:00.000Z" });
    expect(report.title).toBe("nnlab sweep sw");
    expect(report.facts).toEqual([
      ["spec", "sw.json"],
      ["grid", "lambda (l2) = 0, 0.1, 1"],
      ["trials", "2 of 3 (1 from an earlier, interrupted run)"],
      ["evaluation", "train on train, score on dev"],
      ["best", "lambda=0.1"],
    ]);
    expect(report.tables).toEqual([sweepTable(axes, trials)]);
    expect(report.curves).toHaveLength(1);
    expect(report.notes).toEqual(["The sweep was interrupted: rerun the same command to finish the missing trials."]);
    const done = sweepReport({ name: "sw", spec: "sw.json", axes, folds: 5, trials, complete: true, total: 2, resumed: 0 });
    expect(done.facts![2]).toEqual(["trials", "2 of 2"]);
    expect(done.facts![3]).toEqual(["evaluation", "5-fold cross-validation on train + dev"]);
    expect(done.notes).toEqual([]);
  });
});

describe("sweepReport with failed trials, a random search and halving rungs", () => {
  const axes = [parseGridAxis("lambda=0,0.1,1")!];

  it("tables the failed trials with why, each rung with what it kept, and says how the points were drawn", () => {
    const ranked = rankTrials([trial(4, 0.1, 0.1)]);
    const rungs = [
      { rung: 0, epochs: 3, trials: rankTrials([trial(1, 0.1, 0.2), trial(0, 0, 0.3)]), kept: [1], failed: [2] },
      { rung: 1, epochs: 9, trials: ranked, kept: [], failed: [] },
    ];
    const failed = [{ index: 2, values: { lambda: 1 }, reason: "on worker a:1: cannot read the data" }];
    const random = { count: 3, seed: 7, ranges: [{ name: "lambda", path: "l2", low: 0.01, high: 1, log: true, integer: false }] };
    const report = sweepReport({ name: "s", spec: "s.json", axes, trials: ranked, complete: false, total: 4, resumed: 0, failed, random, rungs });
    expect(report.facts).toContainEqual(["search", "3 random points (seed 7): lambda (l2) = 0.01..1 (log)"]);
    expect(report.facts).toContainEqual(["halving", "3 x 3 epochs, 1 x 9: each rung keeps the best third and trains it longer, from scratch"]);
    expect(report.facts).toContainEqual(["trials", "3 of 4, 1 failed"]);
    expect(report.tables!.map((t) => t.title)).toEqual([
      "Trials, best dev error first",
      "Trials that failed (not retried: rerun the sweep to try them again)",
      "Rung 1: 2 trials of 3 epochs, the best 1 kept",
      "Rung 2: 1 trial of 9 epochs (the full run)",
    ]);
    expect(report.tables![1]!.rows).toEqual([["1", "on worker a:1: cannot read the data"]]);
    expect(report.tables![2]!.rows.map((r) => [r[0], r[r.length - 1]])).toEqual([
      ["0.1", "yes"],
      ["0", "no"],
    ]);
    expect(report.notes).toContain("Some trials failed: fix what the table says and rerun the same command to try them again.");
    // the curves hold the last rung only: the note says so (it said "each curve shows every trial")
    expect(report.notes).toContain("Successive halving: the curves show the last rung's 1 trial, trained for the full epochs, against one knob each (the others vary along it); the 2 shorter runs of the earlier rungs are in the rungs' tables, not on the curves.");
    expect(report.notes!.join(" ")).not.toMatch(/every trial/);
  });
});
