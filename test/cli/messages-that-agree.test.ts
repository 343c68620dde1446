/**
 * Headers and listings that said something the run did not do (a CLI audit, session 14): gradcheck called
 * parameters left out at a ReLU kink "drawn at random", and `nnlab runs` on a folder it could not read
 * said "No runs in rr yet".
 */
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("messages that agree with what ran", () => {
  it("gradcheck with every parameter tried, one left out at a kink, does not say it sampled", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-gradcheck-header-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "tiny", seed: 1, data: { source: "iris" }, split: { ratios: [0.6, 0.2, 0.2], seed: 0 }, model: { hidden: [{ units: 4, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 5, batchSize: 32 } }));
    const r = await runCli(["gradcheck", "s.json", "--epsilon", "1e-3"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Gradient check of 34 of 35 parameters \(every one tried; the rest left out at a kink, as said below\)/);
    expect(r.stdout).not.toContain("drawn at random");
    expect(r.stdout).toContain("1 of the 35 entries were left out");
  });

  it("predict on a CSV without one of the model's feature columns names it as predict's problem, not the spec's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-predict-columns-"));
    await writeFile(join(dir, "t.csv"), ["a,b,y", ...Array.from({ length: 30 }, (_, i) => `${i % 3},${i % 5},${i % 2}`)].join("\n") + "\n");
    await writeFile(join(dir, "t.json"), JSON.stringify({ name: "t", seed: 1, data: { source: "t.csv", label: "y" }, model: { hidden: [{ units: 2 }] }, training: { epochs: 2 } }));
    const trained = await runCli(["--json", "--runs", "runs", "train", "t.json"], dir);
    expect(trained.code, trained.stderr).toBe(0);
    await writeFile(join(dir, "no-b.csv"), "a,y\n1,0\n2,1\n");
    const r = await runCli(["predict", join(JSON.parse(trained.stdout).dir, "model.json"), "no-b.csv"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nnlab: no-b.csv: expected the model's feature column b; received a file without it (its columns: a, y)\n");
  });

  it("nnlab doctor advises a larger budget than the one it was given (it said 'try --budget 1' to --budget 1)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-doctor-budget-"));
    const data = join(import.meta.dirname, "..", "doctor", "data", "regression-curved-small.csv");
    await writeFile(join(dir, "es.json"), JSON.stringify({ name: "es", seed: 1, data: { source: data }, model: { hidden: [{ units: 256, activation: "relu" }, { units: 256, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 500, batchSize: "full", earlyStopping: { patience: 30, monitor: "valLoss" } } }));
    const r = await runCli(["--runs", "runs", "-q", "doctor", "es.json", "--budget", "1"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("the budget shortened or skipped a probe: try --budget 2)");
    expect(r.stdout).not.toContain("try --budget 1)");
  });

  it("nnlab doctor's larger budget is the one that runs the skipped probe (an examiner went through --budget 1, 2 and 4 before it ran)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-doctor-budget-"));
    const data = join(import.meta.dirname, "..", "doctor", "data", "regression-curved-small.csv");
    // no hidden layer on a curved target: high bias, and the probe of a hidden layer of 32 units costs many times the run
    await writeFile(join(dir, "lin.json"), JSON.stringify({ name: "lin", seed: 1, data: { source: data }, model: { hidden: [] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 1500, batchSize: "full" } }));
    const first = await runCli(["--runs", "runs", "-q", "--json", "doctor", "lin.json"], dir);
    expect(first.code, first.stderr).toBe(0);
    const text = await runCli(["--runs", "runs", "-q", "doctor", "lin.json"], dir);
    const advised = /try --budget ([\d.]+)\)/.exec(text.stdout);
    expect(advised, text.stdout).not.toBeNull();
    expect(JSON.parse(first.stdout).probes.map((p: { cause: string }) => p.cause)).not.toContain("high-bias"); // skipped at 0.5
    const again = await runCli(["--runs", "runs", "-q", "--json", "doctor", "lin.json", "--budget", advised![1]!], dir);
    expect(JSON.parse(again.stdout).probes.map((p: { cause: string }) => p.cause)).toContain("high-bias");
  });

  it.skipIf(process.getuid?.() === 0)("nnlab runs on a runs folder it cannot read says so, instead of 'No runs yet'", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-runs-unreadable-"));
    await mkdir(join(dir, "rr"));
    await chmod(join(dir, "rr"), 0o000);
    const r = await runCli(["--runs", "rr", "runs"], dir);
    await chmod(join(dir, "rr"), 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nnlab: .*cannot list the runs folder.*permission denied/);
  });
});
