/**
 * `nnlab runs` sorts by dev error and shows dev figures: a run without a dev set showed its test accuracy
 * as "dev acc" and was ranked by it; a regression's learning curve read "dev error -"; sweeps and improve
 * runs, whose records give a dev error, were listed after every run, by name.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const summary = (id: string, dev: number | null, test: number) =>
  JSON.stringify({
    id,
    kind: "train",
    model: "2-8-1",
    epochsTrained: 10,
    train: { loss: 0.1, accuracy: 0.99 },
    dev: dev === null ? null : { loss: 0.4, accuracy: dev },
    test: { loss: 0.25, accuracy: test },
  });

/** A runs folder with one record of each shape the fixes touch; returns the folder it is in. */
async function runsFolder(records: Record<string, Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-runs-fixes-"));
  for (const [id, files] of Object.entries(records)) {
    await mkdir(join(dir, "runs", id), { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, "runs", id, name), text);
  }
  return dir;
}

/** The table's rows as [run, dev acc, dev cost] (columns split on two or more spaces). */
async function listed(dir: string): Promise<string[][]> {
  const r = await runCli(["--runs", "runs", "runs"], dir);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split("\n")
    .slice(2)
    .map((line) => line.split(/ {2,}/));
}

describe("nnlab runs", () => {
  it("marks a run without a dev set's held-out figures as the test set's and lists it after the runs with a dev error", async () => {
    // the no-dev run's test error (3%) is lower than the other's dev error (20%): it was listed first, as "97.0%" dev acc
    const dir = await runsFolder({
      "20250101-000000-nodev": { "summary.json": summary("20250101-000000-nodev", null, 0.97) },
      "20250101-000001-withdev": { "summary.json": summary("20250101-000001-withdev", 0.8, 0.75) },
    });
    const rows = await listed(dir);
    expect(rows.map((r) => [r[0], r[5], r[6]])).toEqual([
      ["20250101-000001-withdev", "80.0%", "0.4000"],
      ["20250101-000000-nodev", "97.0% (test)", "0.2500 (test)"],
    ]);
  });

  it("gives a regression's learning curve its dev MSE, as a sweep's entry does (it read 'dev error -')", async () => {
    const points = [60, 120].map((size, i) => ({ size, trainError: null, devError: null, trainLoss: 1, devLoss: [14, 12.5][i] }));
    const dir = await runsFolder({ "20250101-000000-reg-learning-curve": { "learning-curve.json": JSON.stringify({ name: "reg", points, verdict: "-" }) } });
    const [row] = await listed(dir);
    expect(row!.at(-1)).toBe("2 training-set sizes, dev MSE 12.5 at 120 examples");
  });

  it("says a learning curve, a comparison or a demo was interrupted, and a curve's diverged sizes, as the commands did", async () => {
    const points = [60, 120].map((size, i) => ({ size, trainError: 0.1, devError: 0.2, trainLoss: 1, devLoss: 1, diverged: i === 0 }));
    const dir = await runsFolder({
      "20250101-000000-lc-learning-curve": { "learning-curve.json": JSON.stringify({ name: "lc", points, verdict: "-", interrupted: true }) },
      "20250101-000001-ci-compare-init": { "compare-init.json": JSON.stringify({ name: "ci", interrupted: true, results: [{}, {}] }) },
      "20250101-000002-demo": { "demo.json": JSON.stringify({ runs: [{ id: "a" }], interrupted: true }) },
    });
    const described = (await listed(dir)).map((row) => row.at(-1));
    expect(described).toEqual(expect.arrayContaining(["2 training-set sizes, dev error 20.0% at 120 examples, 1 diverged, interrupted", "2 initializations compared, interrupted", "1 model compared, interrupted"]));
  });

  it("sorts sweeps and improve runs by their best or final dev error among the trained runs", async () => {
    const sweep = { complete: true, trials: [{ values: { lambda: 0.1 }, devError: 0.05, devLoss: 0.2 }] };
    const improve = { end: "healthy", metric: "error", steps: [{ kept: true }], final: { scores: { train: 0.1, dev: 0.125 } } };
    const costImprove = { end: "healthy", metric: "cost", steps: [], final: { scores: { train: 3, dev: 0.01 } } };
    const dir = await runsFolder({
      "20250101-000000-a": { "summary.json": summary("20250101-000000-a", 0.8, 0.8) },
      "improve-b-12345678": { "improve.json": JSON.stringify(improve) },
      "improve-c-12345678": { "improve.json": JSON.stringify(costImprove) },
      "sweep-a-12345678": { "results.json": JSON.stringify(sweep) },
    });
    // errors first, lowest first (5%, 12.5%, 20%); a regression's cost is not an error rate: after them
    expect((await listed(dir)).map((r) => r[0])).toEqual(["sweep-a-12345678", "improve-b-12345678", "20250101-000000-a", "improve-c-12345678"]);
  });
});
