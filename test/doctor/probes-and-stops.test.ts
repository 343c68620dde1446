/**
 * Findings of the doctor audit (session 14), each planted and read against what the run itself did:
 * probes that changed nothing, early stopping read without what it watched or how soon it stopped, a
 * linear model told to tune its learning rate, a cost peak named in the wrong order, advice that
 * contradicted itself, and an imbalance caveat dropped from a healthy verdict. Each case failed before its fix.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { csvTextLoader, parseSpec, runDoctor, runExperiment } from "../../src/index.js";
import { Rng } from "../../src/tensor/rng.js";
import { runCli } from "../cli/run-cli.js";

type Result = Awaited<ReturnType<typeof runExperiment>>;
const run = (spec: Record<string, unknown>) => runExperiment(parseSpec(spec));
const cause = (r: Result, id: string) => r.diagnosis.causes.find((c) => c.id === id);
const trainError = (r: Result) => 1 - r.train.accuracy!;

/** Moons, two ReLU layers of 32 on SGD, early stopping with a patience of 3: it kept epoch 1 and stopped after 6 of 400. */
const impatient = { seed: 4, data: { source: "moons", n: 300, noise: 0.25 }, model: { hidden: [{ units: 32 }, { units: 32 }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 400, batchSize: 16, earlyStopping: { patience: 3 } } };

describe("the doctor reads early stopping by what it watched and when it stopped", () => {
  it("early stopping that ended the run after 6 of 400 epochs, the cost still falling, is undertrained (more patience), not high bias", async () => {
    const r = await run(impatient);
    expect(r.history.length).toBeLessThan(20);
    expect(r.diagnosis.causes[0]!.id).toBe("undertrained");
    expect(r.diagnosis.causes[0]!.advice[0]).toMatch(/^more patience than 3 epochs for early stopping/);
    expect(cause(r, "high-bias")).toBeUndefined(); // folded into undertrained, its "a bigger network" not advised
    // the doctor's suggested spec is more patience, and it fits the training set far better
    const doctor = await runDoctor(parseSpec(impatient));
    expect(doctor.confirmed?.change).toEqual({ "training.earlyStopping.patience": 10 });
    const after = await runExperiment(doctor.suggestedSpec!);
    expect(trainError(after), `train error ${trainError(r)} -> ${trainError(after)}`).toBeLessThan(trainError(r) - 0.05);
  });

  it("nnlab doctor on a run early stopping ended too soon changes the patience, not the epochs (more epochs stop where they stopped)", async () => {
    const spec = parseSpec({ seed: 5, data: { source: "circles", n: 150, noise: 0.15 }, model: { hidden: [{ units: 32 }, { units: 32 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400, batchSize: 16, earlyStopping: { patience: 40 } } });
    const doctor = await runDoctor(spec);
    expect(doctor.result.diagnosis.causes[0]!.id).toBe("undertrained");
    expect(doctor.result.history.stop.reason).toBe("earlyStopping");
    expect(doctor.confirmed?.change).toEqual({ "training.earlyStopping.patience": 120 }); // was {"training.epochs": 1200}
  });

  it("nnlab doctor's epochs for a run the budget ran out on are the advice's own count", async () => {
    // the cost still falling fast: the advice said 5 times the epochs, the suggested spec 3 times
    const spec = parseSpec({ seed: 1, data: { source: "iris" }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 60, batchSize: "full" } });
    const doctor = await runDoctor(spec);
    const advice = doctor.result.diagnosis.causes.find((c) => c.id === "undertrained")!.advice[0]!;
    const advised = Number(/about (\d+) epochs/.exec(advice)![1]);
    expect(doctor.confirmed?.cause).toBe("undertrained");
    expect(advised).toBe(300);
    expect(doctor.confirmed?.change).toEqual({ "training.epochs": advised });
  });

  it("early stopping on the training cost is not said to have stopped at the dev cost's minimum", async () => {
    const base = { seed: 6, data: { source: "iris" }, split: { ratios: "auto", seed: 6 }, normalize: true, model: { hidden: [{ units: 16, activation: "relu" }] }, l2: 0.1, optimizer: { name: "adam", learningRate: 0.01 } };
    const onLoss = await run({ ...base, training: { epochs: 3000, batchSize: "full", earlyStopping: { patience: 300, monitor: "loss" } } });
    const variance = cause(onLoss, "high-variance")!;
    expect(variance.evidence.join("\n")).not.toContain("the gap is the model's, not the price of training too long");
    expect(variance.evidence.join("\n")).toContain("it watched loss (the training set), not the dev set");
    expect(variance.advice.join("\n")).toContain("early stopping on the dev cost (monitor valLoss)");
    // minDelta 0.02 on the training cost stopped it after 75 of 3000 epochs: "healthy ... at the dev cost's minimum" before
    const short = await run({ ...base, training: { epochs: 3000, batchSize: "full", earlyStopping: { patience: 5, monitor: "loss", minDelta: 0.02 } } });
    expect(short.diagnosis.summary).not.toContain("dev cost's minimum");
    expect(short.biasVariance?.setAside ?? null).toBeNull();
  });
});

describe("a network without hidden layers", () => {
  const linear = { seed: 1, data: { source: "circles", n: 400, noise: 0.05 }, model: { hidden: [] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } };

  it("is told to add a hidden layer, not to look for a learning rate, where its cost has flattened", async () => {
    const r = await run(linear);
    const bias = r.diagnosis.causes[0]!;
    expect(bias.id).toBe("high-bias");
    expect(bias.advice[0]).toMatch(/^a hidden layer/);
    expect(bias.advice.join("\n")).not.toMatch(/lr-find|more hidden units/);
    // the advice holds: one hidden layer fits what the linear model cannot
    const hidden = await run({ ...linear, model: { hidden: [{ units: 16, activation: "relu" }] } });
    expect(trainError(hidden)).toBeLessThan(trainError(r) - 0.3);
  });

  it("nnlab doctor's high-bias probe adds a hidden layer instead of rerunning the same network", async () => {
    const spec = parseSpec({ ...linear, data: { source: "spirals", n: 600 }, normalize: true, training: { epochs: 300, batchSize: 64 } });
    const doctor = await runDoctor(spec, { budget: 20 });
    const probe = doctor.outcomes.find((o) => o.probe.cause === "high-bias")!;
    expect(probe.probe.change).toEqual({ "model.hidden": [{ units: 32, activation: "relu" }] });
    expect(probe.finding).toMatch(/^with a hidden layer of 32 units/);
    // no probe may confirm a change that leaves the spec as it was
    for (const o of doctor.outcomes) expect(JSON.stringify(o.probe.change)).not.toBe('{"model.hidden":[]}');
  });
});

describe("evidence and advice that agree with the run", () => {
  it("a cost spike before the minimum is named where it was, not as a jump after it", async () => {
    const r = await run({ seed: 1, data: { source: "wine" }, normalize: true, model: { hidden: [{ units: 16, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 20 }, training: { epochs: 300, batchSize: "full" } });
    const high = cause(r, "learning-rate-too-high")!;
    const shape = r.evidence.cost.shape;
    expect(shape.peakEpoch!).toBeLessThan(shape.minEpoch);
    const line = high.evidence.find((s) => s.includes("overshoot"))!;
    expect(line).toMatch(new RegExp(`^the cost jumped to [\\d.]+ times its starting value at epoch ${shape.peakEpoch}; it fell to`));
    // the rise it does name after the minimum is the curve's own
    const curve = r.history.get("fullDataLoss").length ? r.history.get("fullDataLoss") : r.history.get("dataLoss");
    const after = Math.max(...curve.slice(shape.minEpoch));
    expect(line).toContain(`then rose again to ${Number(after.toPrecision(3))}`);
  });

  it("high bias first: the high variance below it does not advise a smaller network or more data", async () => {
    const r = await run({ seed: 1, data: { source: "digits" }, normalize: true, model: { hidden: [{ units: 2, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: 64 } });
    expect(r.diagnosis.causes.map((c) => c.id)).toEqual(["high-bias", "high-variance"]);
    expect(r.diagnosis.causes[0]!.advice[0]).toMatch(/^a bigger network/);
    const variance = r.diagnosis.causes[1]!.advice.join("\n");
    expect(variance).not.toMatch(/smaller network|more training data/);
    expect(variance).toMatch(/^after the bias .*regularization/);
  });

  it("a healthy verdict keeps the imbalance caveat: the rare class missed far more often than accuracy shows", async () => {
    // 3000 rows, 48 positives: dev accuracy 98.3%, the rare class's recall about half
    const rng = new Rng(3);
    const lines = ["a,b,y"];
    for (let i = 0; i < 3000; i++) {
      const [a, b] = [rng.normal(), rng.normal()];
      lines.push(`${a.toFixed(4)},${b.toFixed(4)},${a + b + 0.6 * rng.normal() > 3.4 ? 1 : 0}`);
    }
    const spec = parseSpec({ seed: 1, data: { source: "rare.csv", label: "y" }, model: { hidden: [{ units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 64 } });
    const r = await runExperiment(spec, { loadData: csvTextLoader(lines.join("\n"), "rare.csv") });
    expect(r.diagnosis.healthy).toBe(true);
    expect(r.evidence.errors.devBalanced!.error).toBeGreaterThan(2 * r.evidence.errors.dev!);
    expect(r.diagnosis.summary).toMatch(/^healthy: no cause found .*; but the classes are imbalanced/);
  });

  it("nnlab doctor's header names the test set where the split has no dev set (it read 'dev error -')", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-doctor-header-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify({ seed: 1, data: { source: "iris" }, split: { ratios: [0.8, 0, 0.2] }, model: { hidden: [{ units: 2 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30, batchSize: "full" } }));
    const out = await runCli(["doctor", "spec.json", "--runs", join(dir, "runs")], dir);
    expect(out.stderr).toBe("");
    expect(out.stdout).toMatch(/train error \d+\.\d%, test error \d+\.\d% \(no dev set\)/);
  });
});

describe("a dev set unlike the test set", () => {
  /** 600 rows of a linear rule, parted 60/20/20 by a split column; a share of the dev rows' labels flipped. */
  function parted(flipDev: number): string {
    const rng = new Rng(11);
    const lines = ["a,b,part,y"];
    for (let i = 0; i < 600; i++) {
      const [a, b] = [rng.normal(), rng.normal()];
      const part = i % 5 < 3 ? "train" : i % 5 === 3 ? "dev" : "test";
      let y = a + b > 0 ? 1 : 0;
      if (part === "dev" && rng.uniform() < flipDev) y = 1 - y;
      lines.push(`${a.toFixed(4)},${b.toFixed(4)},${part},${y}`);
    }
    return lines.join("\n");
  }
  const spec = parseSpec({ seed: 1, data: { source: "parted.csv", label: "y", splitColumn: "part" }, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: "full" } });

  it("is a data problem, not high variance, where the dev error sits far above the test error", async () => {
    const r = await runExperiment(spec, { loadData: csvTextLoader(parted(0.3), "parted.csv") });
    expect(1 - r.dev!.accuracy! - (1 - r.test.accuracy!)).toBeGreaterThan(0.15);
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("data-problem");
    expect(first.evidence[0]).toMatch(/^the dev error is \d+\.\d% against the test error's \d+\.\d% \(120 and 120 examples\): .* so the dev and test sets do not look like one distribution$/);
    expect(cause(r, "high-variance")).toBeUndefined(); // its gap is the dev set's (folded into the data problem)
  });

  it("is not read where the labels agree, nor by a run told not to show the doctor the test set (improve's loop)", async () => {
    const clean = await runExperiment(spec, { loadData: csvTextLoader(parted(0), "parted.csv") });
    expect(cause(clean, "data-problem")).toBeUndefined();
    const blind = await runExperiment(spec, { loadData: csvTextLoader(parted(0.3), "parted.csv"), testInDiagnosis: false });
    expect(blind.evidence.errors.test ?? null).toBeNull();
    expect(cause(blind, "data-problem")).toBeUndefined();
  });
});
