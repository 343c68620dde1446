/**
 * The sweep command's new options on this machine: random search with successive halving (rungs in the
 * output, the report and results.json; a rerun resumes every rung), and bad input for --random, --range,
 * --queue and `nnlab worker` refused in one line with exit 2.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { freePort } from "./processes.js";

const SPEC = { name: "opt", seed: 3, data: { source: "moons", n: 80, noise: 0.2 }, model: { hidden: [{ units: 6 }] }, optimizer: { name: "adam" }, training: { epochs: 18 } };

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-sweep-options-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
  return dir;
}

describe("nnlab sweep --random --halving", () => {
  it("draws the points, runs the rungs (shown in the output, the report and results.json), and a rerun resumes them all", async () => {
    const dir = await folder();
    const args = ["--json", "sweep", "spec.json", "--random", "9", "--range", "lr=1e-3..1:log", "--range", "dropout=0..0.3", "--seed", "4", "--halving", "--workers", "1"];
    const r = await runCli(args, dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rungs.map((g: { epochs: number; trials: unknown[]; kept: number[] }) => [g.epochs, g.trials.length, g.kept.length])).toEqual([
      [2, 9, 3],
      [6, 3, 1],
      [18, 1, 0],
    ]);
    expect(out).toMatchObject({ complete: true, resumed: 0, ran: 13, failed: [] });
    expect(out.trials).toHaveLength(1);
    expect(out.trials[0].epochs).toBeLessThanOrEqual(18);
    // The last rung's trial is the best of the second rung's, trained to the full epochs.
    expect(out.trials[0].values).toEqual(out.rungs[1].trials[0].values);
    const saved = JSON.parse(await readFile(join(dir, out.dir, "results.json"), "utf8"));
    expect(saved).toMatchObject({ complete: true, random: { count: 9, seed: 4 }, rungs: out.rungs });
    const report = await readFile(join(dir, out.report), "utf8");
    expect(report).toContain("Rung 1: 9 trials of 2 epochs, the best 3 kept");
    expect(report).toContain("9 random points (seed 4): lr (optimizer.learningRate) = 0.001..1 (log); dropout (dropout) = 0..0.3");
    expect((await readdir(join(dir, out.dir))).filter((f) => f.startsWith("trial-"))).toHaveLength(13);
    // nnlab runs says the rungs too (it read "1 trial" for 13 trainings; the README audit, session 16)
    const listed = await runCli(["runs"], dir);
    expect(listed.stdout).toContain("1 trial in the last rung of a successive halving (9 x 2 epochs, 3 x 6, 1 x 18)");

    const again = JSON.parse((await runCli(args, dir)).stdout);
    expect(again).toMatchObject({ resumed: 13, ran: 0, complete: true });
    expect(again.rungs).toEqual(out.rungs);
  }, 60_000);
});

describe("bad input for the new options, refused in one line with exit 2", () => {
  it.each([
    [["--grid", "lambda=0,1", "--random", "3", "--range", "lr=1e-3..1e-1:log"], /expected either --grid or --random, not both/],
    [["--range", "lr=1e-3..1e-1:log"], /--range goes with --random N \(how many points to draw\); received --range lr=1e-3..1e-1:log without it/],
    [["--random", "3"], /--random needs at least one --range NAME=LOW\.\.HIGH/],
    [["--random", "0", "--range", "lr=1e-3..1e-1"], /--random must be an integer >= 1; received 0/],
    [["--random", "3", "--range", "lr=1e-3"], /--range must look like NAME=LOW\.\.HIGH\[:log\]\[:int\] \(e\.g\. lr=1e-4\.\.1e-1:log\); received "lr=1e-3"/],
    [["--random", "3", "--range", "lambda=0..1:log"], /range "lambda=0\.\.1:log": expected LOW above 0 for a log scale; received 0/],
    [["--grid", "lambda=0,1", "--queue", "http://127.0.0.1:6379"], /--queue: expected redis:\/\/HOST:PORT\[\/DB\] \(e\.g\. redis:\/\/127\.0\.0\.1:6379\/0\); received "http:\/\/127\.0\.0\.1:6379"/],
    [["--grid", "lambda=0,1", "--queue", "redis://127.0.0.1:6379/x"], /DB a database number; received/],
    [["--grid", "lambda=0,1", "--queue", "redis://127.0.0.1:6379", "--workers", "2"], /--workers counts this machine's threads; with --queue the trials run on `nnlab worker` processes/],
    // found by an audit helper: each was accepted, and trained or labelled something else than asked
    [["--grid", "lambda=0,0.1", "--grid", "lambda=0.2"], /expected each --grid on a knob of its own; received lambda twice/],
    [["--grid", "lambda=0,0.1", "--grid", "l2=0.2,0.3"], /expected each --grid on a knob of its own; received lambda and l2, which both set l2/],
    [["--grid", "lambda=0,0.00,0.1"], /--grid lambda lists 0 twice/],
    [["--random", "3", "--range", "lr=1e-3..1e-1", "--range", "learningRate=1e-2..1"], /received lr and learningRate, which both set optimizer\.learningRate/],
    [["--grid", "epochs=3,60", "--halving"], /--halving chooses the epochs of each rung itself; received epochs as a swept knob/],
    [["--grid", "lambda=0,1", "--workers", "1000000000"], /--workers must be at most \d+ \(4 per core of this machine/],
    // an audit: the library's stratifiedKFold refused it in its own words
    [["--grid", "lambda=0,1", "--folds", "100000"], /sweep: --folds must be at most \d+ \(the training and dev rows it cross-validates on\); received 100000/],
    [["--grid", "training.__proto__.epochs=1,2"], /training\.__proto__\.epochs: expected a path of spec fields; received the segment "__proto__"/],
  ])("sweep %j", async (args, message) => {
    const dir = await folder();
    const r = await runCli(["sweep", "spec.json", ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^nnlab: .*${message.source}`));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a Redis server that is not there: the sweep and the worker say so and stop", async () => {
    const dir = await folder();
    const port = await freePort();
    const sweep = await runCli(["sweep", "spec.json", "--grid", "lambda=0,1", "--queue", `redis://127.0.0.1:${port}`], dir);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toBe(`nnlab: redis://127.0.0.1:${port}/0: cannot reach a Redis server there (ECONNREFUSED); start one (redis-server --port ${port}) or check the address\n`);
    const worker = await runCli(["worker", "--queue", `redis://127.0.0.1:${port}`], dir);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/cannot reach a Redis server there \(ECONNREFUSED\)/);
    for (const [args, message] of [
      [["--concurrency", "0"], `worker: --concurrency must be an integer from 1 to ${4 * availableParallelism()} (4 per core of this machine); received 0`],
      [["--stalled-ms", "5"], "worker: --stalled-ms must be an integer from 100 to 2147483647 (milliseconds); received 5"],
      [["--name", "a b"], 'worker: --name may hold letters, digits and . : @ - _ only; received "a b"'],
      [["--max-trials", "0"], "worker: --max-trials must be a whole number of trials, 1 or more; received 0"],
      [["--max-trials", "2.5"], "worker: --max-trials must be a whole number of trials, 1 or more; received 2.5"],
      [["--max-trials", "0x10"], "worker: --max-trials must be a whole number of trials, 1 or more; received 0x10"],
      [["--max-trials", ""], "worker: --max-trials must be a whole number of trials, 1 or more; received nothing"],
    ] as const) {
      const r = await runCli(["worker", "--queue", `redis://127.0.0.1:${port}`, ...args], dir);
      expect([r.code, r.stderr]).toEqual([2, `nnlab: ${message}\n`]);
    }
  });
});
