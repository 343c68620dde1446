/**
 * `nnlab sweep --folds k` spreads each point's folds over the executor as trials of their own (here the
 * built CLI's worker threads), and puts each point together from its folds: the table and --json equal
 * those of whole cross-validations (the library's runTrial without a fold, i.e. crossValidate) to the last digit.
 */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatTable } from "../../src/cli/table.js";
import { gridTrials, parseGridAxis, rankTrials, runTrial, sweepTable, type TrialResult } from "../../src/sweep/index.js";
import { runCli } from "../cli/run-cli.js";

const SPEC = { name: "folds", seed: 3, data: { source: "moons", n: 90, noise: 0.25 }, model: { hidden: [{ units: 6 }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 14 } };
const GRID = "lambda=0,0.1,1";
const withoutTime = ({ ms: _, ...rest }: TrialResult) => rest;

describe("nnlab sweep --folds", () => {
  it("runs every fold as a trial of its own on the threads, and gives the whole cross-validations' --json and table to the last digit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-fold-sweep-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const args = ["sweep", "spec.json", "--grid", GRID, "--folds", "3", "--workers", "2"];
    const r = await runCli(["--json", ...args], dir, { process: true });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { dir: string; trials: TrialResult[] };
    expect(out).toMatchObject({ complete: true, resumed: 0, ran: 3, workers: 2, failed: [] });

    const axes = [parseGridAxis(GRID)!];
    const whole = rankTrials(await Promise.all(gridTrials(SPEC, axes, { folds: 3 }).map((t) => runTrial(t))));
    expect(out.trials.map(withoutTime)).toEqual(whole.map(withoutTime));
    expect(JSON.stringify(out.trials.map(withoutTime))).toBe(JSON.stringify(whole.map(withoutTime)));
    // Each fold was a task of its own, kept on its own; each point put together from its three.
    const kept = (await readdir(join(dir, out.dir))).filter((f) => f.startsWith("trial-")).sort();
    expect(kept).toEqual([0, 1, 2].flatMap((i) => [`trial-${i}-fold-0.json`, `trial-${i}-fold-1.json`, `trial-${i}-fold-2.json`, `trial-${i}.json`]));

    // The same command again: everything is resumed, and the table is the whole cross-validations' table.
    const again = await runCli(args, dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Sweep of 3 trials \(3 already done, 0 run now/);
    const table = sweepTable(axes, whole, 3);
    expect(again.stdout).toContain(formatTable(table.columns, table.rows));
  });
});
