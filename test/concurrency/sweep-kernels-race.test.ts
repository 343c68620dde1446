/**
 * Two sweeps of a float32 spec into one folder at once, on different kernels (a concurrency audit): the
 * store read kernels.json once, on opening, and wrote it with the first saved trial, so both sweeps found
 * none, both wrote theirs, and the folder mixed trials of both kernels (a rerun ranked the mix). Run one
 * after the other, the second was already refused; now kernels.json is created only where none is, and
 * a sweep that finds another's there is refused before its first trial is written.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nativeAvailable } from "../../src/node/native.js";
import { openSweepStore } from "../../src/node/sweep/trial-store.js";
import type { TrialResult } from "../../src/sweep/index.js";
import { bin } from "../cli/run-cli.js";

const result = (index: number): TrialResult => ({ index, values: { lambda: index }, trainError: 0.05, devError: 0.1, trainLoss: 0.2, devLoss: 0.3, epochs: 10, ms: 1 });
const folder = async () => join(await mkdtemp(join(tmpdir(), "nnlab-kernels-race-")), "sweep-k-12345678");

describe("a sweep's kernels.json written by another sweep after this one opened the folder", () => {
  it("other kernels, float32: the first trial is refused in one line and not written", async () => {
    const dir = await folder();
    const store = await openSweepStore(dir, { kernels: "portable", exactKernels: true });
    // the other sweep, started at the same time, saves its first trial first
    const other = await openSweepStore(dir, { kernels: "native", exactKernels: true });
    expect(await other.save(result(1))).toBe(true);
    await expect(store.save(result(0))).rejects.toThrow(
      `${dir}: another sweep of it, started at the same time, computes its trials on the native kernels (its kernels.json); this one on the portable kernels would put float32 figures that round differently in the same folder (a hybrid of two runs): let that sweep finish, then run this one again leaving --kernels out, or giving --kernels native`,
    );
    expect((await readdir(dir)).filter((f) => !f.startsWith(".")).sort()).toEqual(["kernels.json", "trial-1.json"]);
    expect(JSON.parse(await readFile(join(dir, "kernels.json"), "utf8"))).toEqual({ kernels: "native" });
  });

  it("the same kernels, or float64 (the same bits on both): the trial is kept and kernels.json stays as written", async () => {
    const same = await folder();
    const a = await openSweepStore(same, { kernels: "native", exactKernels: true });
    const b = await openSweepStore(same, { kernels: "native", exactKernels: true });
    expect(await b.save(result(1))).toBe(true);
    expect(await a.save(result(0))).toBe(true);
    const f64 = await folder();
    const c = await openSweepStore(f64, { kernels: "portable", exactKernels: false });
    const d = await openSweepStore(f64, { kernels: "native", exactKernels: false });
    expect(await d.save(result(1))).toBe(true);
    expect(await c.save(result(0))).toBe(true);
    expect(JSON.parse(await readFile(join(f64, "kernels.json"), "utf8"))).toEqual({ kernels: "native" });
  });

  it("an unreadable kernels.json is written over with the first trial, as before", async () => {
    const dir = await folder();
    const store = await openSweepStore(dir, { kernels: "portable", exactKernels: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "kernels.json"), "{cut");
    expect(await store.save(result(0))).toBe(true);
    expect(JSON.parse(await readFile(join(dir, "kernels.json"), "utf8"))).toEqual({ kernels: "portable" });
  });
});

describe("results.json of a folder whose trials predate kernels.json", () => {
  it("does not name kernels its trials were not known to use (it said native of portable trials)", async () => {
    const dir = await folder();
    const old = await openSweepStore(dir, { kernels: "portable", exactKernels: true });
    expect(await old.save(result(0))).toBe(true);
    await (await import("node:fs/promises")).rm(join(dir, "kernels.json")); // a folder from before nnlab kept it
    const rerun = await openSweepStore(dir, { kernels: "native", exactKernels: true });
    await rerun.writeResults({ axes: [], folds: null, trials: [result(0)], complete: true, failed: [], random: null, rungs: null } as never);
    expect(JSON.parse(await readFile(join(dir, "results.json"), "utf8")).kernels).toBeUndefined();
    // a new folder's results name its kernels
    const fresh = await folder();
    const store = await openSweepStore(fresh, { kernels: "portable", exactKernels: true });
    expect(await store.save(result(0))).toBe(true);
    await store.writeResults({ axes: [], folds: null, trials: [result(0)], complete: true, failed: [], random: null, rungs: null } as never);
    expect(JSON.parse(await readFile(join(fresh, "results.json"), "utf8")).kernels).toBe("portable");
  });
});

describe.runIf(nativeAvailable())("two float32 sweeps started at once on the native and the portable kernels", () => {
  it("one is refused (exit 2), and the folder holds the other's trials only", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "nnlab-kernels-race-cli-"));
    const spec = { name: "k32", seed: 1, data: { source: "moons", n: 100, noise: 0.2 }, model: { dtype: "float32", hidden: [{ units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: "full" } };
    await writeFile(join(cwd, "spec.json"), JSON.stringify(spec));
    const sweep = (kernels: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, "--runs", "runs", "-q", "--json", "--kernels", kernels, "sweep", "spec.json", "--grid", "lambda=0,0.01,0.1", "--workers", "1"], { cwd, env: { ...process.env, FORCE_COLOR: "0" } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    const [native, portable] = await Promise.all([sweep("native"), sweep("portable")]);
    const codes = [native.code, portable.code].sort();
    expect(codes, native.stderr + portable.stderr).toEqual([0, 2]);
    const [winner, loser] = native.code === 0 ? [native, portable] : [portable, native];
    // refused as a rerun on other kernels is (on opening), or at its first trial (kernels.json appeared since)
    // (which of the two depends on when the loser's process got going: under load the winner had finished
    // a trial first, and the loser met its kernels.json on opening)
    expect(loser.stderr).toMatch(/^nnlab: .*(\(a hybrid of two runs\)|its finished trials were computed on the (native|portable) kernels; expected the same kernels for the rest).*\n$/);
    const [name] = await readdir(join(cwd, "runs"));
    const dir = join(cwd, "runs", name!);
    const recorded = JSON.parse(await readFile(join(dir, "kernels.json"), "utf8")).kernels;
    expect(recorded).toBe(winner === native ? "native" : "portable");
    expect(JSON.parse(await readFile(join(dir, "results.json"), "utf8")).kernels).toBe(recorded);
    // every trial file is the winner's own result
    const trials = (JSON.parse(winner.stdout) as { trials: TrialResult[] }).trials;
    for (const t of trials) expect(JSON.parse(await readFile(join(dir, `trial-${t.index}.json`), "utf8")).devLoss).toBe(t.devLoss);
  });
});
