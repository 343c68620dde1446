/**
 * The cases that showed the old diagnosis naming the wrong cause, each now ending with the right first
 * cause; and the guarantees around divergence (exit 3, the last healthy weights, numbers as numbers).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { runCli } from "../cli/run-cli.js";
import { README_FOOTBALL_SPEC } from "../support/readme-spec.js";

const README_FOOTBALL = README_FOOTBALL_SPEC;
const run = (spec: Record<string, unknown>) => runExperiment(parseSpec(spec));
const ids = (r: Awaited<ReturnType<typeof run>>) => r.diagnosis.causes.map((c) => c.id);
const withLr = (spec: Record<string, unknown>, learningRate: number) => ({ ...spec, optimizer: { name: "sgd", learningRate } });
const playgroundDefault = { data: { source: "circles", n: 400, noise: 0.1 }, model: { dtype: "float32", hidden: [{ units: 8, activation: "tanh", init: "lecun" }, { units: 8, activation: "tanh", init: "lecun" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: 32 } };

describe("the cases the old diagnosis got wrong", () => {
  it("the README's football spec at learning rate 50 (ReLU and tanh) and 1e6 exits 3 naming the learning rate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-doctor-"));
    const tanh = { ...README_FOOTBALL, model: { dtype: "float64", hidden: [{ units: 20, activation: "tanh" }, { units: 3, activation: "tanh" }] } };
    for (const [name, spec] of [["relu50", withLr(README_FOOTBALL, 50)], ["tanh50", withLr(tanh, 50)], ["relu1e6", withLr(README_FOOTBALL, 1e6)]] as const) {
      await writeFile(join(dir, `${name}.json`), JSON.stringify({ ...spec, name }));
      const r = await runCli(["--json", "train", `${name}.json`], dir);
      expect(r.code, `${name}: ${r.stderr}`).toBe(3);
      const summary = JSON.parse(r.stdout);
      expect(summary.diagnosis.healthy).toBe(false);
      expect(summary.diagnosis.causes[0].id, name).toBe("learning-rate-too-high");
      expect(summary.diagnosis.causes[0].evidence.join(" ")).toMatch(/\d/);
      expect(summary.diagnosis.causes.map((c: { id: string }) => c.id)).not.toContain("high-bias");
      expect(["diverged", "nonFiniteCost"]).toContain(summary.stop.reason);
      const text = await runCli(["train", `${name}.json`], dir);
      expect(text.stdout).toMatch(/^Diagnosis: learning rate too high \[learning-rate-too-high\]$/m);
      expect(text.stdout).not.toMatch(/Infinityx|NaNx/);
    }
  });

  it("a NaN divergence keeps finite weights from before the blow-up, and prints numbers as numbers", async () => {
    const r = await run({ ...withLr(README_FOOTBALL, 1e6), training: { epochs: 500, stopOnDivergence: false } });
    expect(r.history.stop.reason).toBe("nonFiniteCost");
    const largest = Math.max(...r.model.params().map((p) => Math.max(...Array.from(p.value.data, Math.abs))));
    expect(largest).toBeLessThan(100); // the lowest-cost epoch's weights, not the 1e154 of the step before NaN
    expect(r.history.stop.message).not.toMatch(/Infinityx|NaNx|std (Infinity|NaN)/);
    expect(ids(r)[0]).toBe("learning-rate-too-high");
  });

  it("early stopping that kept its best epoch's weights is not advised again, nor its curve's end read as the model's", async () => {
    // the digits example overfits (train 0.0%, dev 2.2%) with early stopping on: patience ran out 30
    // epochs after the dev cost's minimum and the weights of that minimum were restored
    const digits = { seed: 1, data: { source: "digits" }, split: { ratios: "auto", seed: 0 }, model: { hidden: [{ units: 64, activation: "relu" }] }, l2: 1, optimizer: { name: "adam", learningRate: 0.01 } };
    const stopped = await run({ ...digits, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(stopped.history.earlyStopping?.restoredBest).toBe(true);
    const cause = stopped.diagnosis.causes.find((c) => c.id === "high-variance")!;
    expect(cause).toBeDefined();
    expect(cause.advice.join(" ")).not.toMatch(/early stopping/);
    // it has L2 lambda 1 already: stronger than that, not "0.01 to 1"
    expect(cause.advice.join(" ")).toMatch(/L2 above the current lambda 1 \(e\.g\. 3 to 30, on a log scale\)/);
    expect(cause.evidence.join(" ")).not.toMatch(/dev cost ended/);
    expect(cause.evidence.join(" ")).toMatch(`early stopping kept the weights of epoch ${stopped.history.earlyStopping!.bestEpoch}`);
    expect(stopped.evidence.errors.devCostRise).toBeLessThan(0.1);
    expect(stopped.biasVariance!.advice.join(" ")).not.toMatch(/early stopping/);
    // trained on to the same last epoch without restoring: the dev cost did end above its minimum, and early stopping is the advice
    const last = stopped.history.epochs.length;
    const onward = await run({ ...digits, training: { epochs: last, batchSize: 32 } });
    const overfit = onward.diagnosis.causes.find((c) => c.id === "high-variance")!;
    expect(onward.evidence.errors.devCostRise).toBeGreaterThan(0.1);
    // the figure quoted is the one named: the mean of the last twentieth (here 2 epochs) over the minimum
    const quoted = /the dev cost ended \(the mean of its last (\d+) recorded epochs\) (\d+\.\d)% above its minimum/.exec(overfit.evidence.join(" "));
    expect(quoted).not.toBeNull();
    const dev = onward.history.get("valDataLoss");
    const tail = dev.slice(-Number(quoted![1]));
    expect(Number(quoted![1])).toBe(Math.floor(dev.length / 20));
    expect(quoted![2]).toBe((100 * (tail.reduce((a, b) => a + b, 0) / tail.length / Math.min(...dev) - 1)).toFixed(1));
    expect(overfit.advice.join(" ")).toMatch(/early stopping at the dev cost's minimum/);
    expect(onward.biasVariance!.advice.join(" ")).toMatch(/early stopping/);
  });

  it("early stopping that went back to epoch 1 of a network that then fit the training set is named, not 'a bigger network'", async () => {
    // iris without L2: the dev cost rose for a while after epoch 1, patience (30) ran out at epoch 32 and
    // the weights of epoch 1 came back (train error 7.8%), though the training cost had gone on to 0.007
    const spec = { seed: 1, data: { source: "iris" }, split: { ratios: "auto", seed: 0 }, model: { hidden: [{ units: 100, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 } };
    const r = await run({ ...spec, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(r.history.earlyStopping).toMatchObject({ bestEpoch: 1, restoredBest: true });
    expect(ids(r)[0]).toBe("undertrained");
    expect(ids(r)).not.toContain("high-bias");
    const first = r.diagnosis.causes[0]!;
    expect(first.evidence[0]).toMatch(/with the weights of epoch 1, which early stopping kept .* went on to a training cost of 0\.00\d+/);
    expect(first.advice.join(" ")).toMatch(/more patience than 30 epochs for early stopping/);
    expect(first.evidence[1]).toMatch(/the dev cost rose from 0\.3\d+ to 0\.5\d+ after epoch 1 and was back down to 0\.4\d+ when early stopping ended the run/);
    expect(first.advice.join(" ")).not.toMatch(/bigger network/);
    // improve's remedy for it tries the patience, not more epochs (which would repeat the run); a run
    // whose budget ran out gets more epochs, not patience (which would repeat it)
    const { remedyFor } = await import("../../src/improve/remedies.js");
    const { keptTooEarly } = await import("../../src/diagnose/doctor/causes/undertrained.js");
    expect(keptTooEarly(r.evidence)).toBe(true);
    expect(remedyFor("undertrained", r.spec, { keptTooEarly: true })!.candidates.map((c) => c.label)).toEqual(["early stopping patience 90", "no early stopping"]);
    expect(remedyFor("undertrained", r.spec, { keptTooEarly: false })!.candidates.map((c) => c.label)).toEqual(["900 epochs"]);
    // the same network trained to the end without early stopping fits the training set: no such cause
    const full = await run({ ...spec, training: { epochs: 300, batchSize: 32 } });
    expect(ids(full)).not.toContain("undertrained");
    expect(full.train.accuracy).toBe(1);
  });

  it("the playground's default with SGD at learning rate 10 names the learning rate, not the network or the init", async () => {
    const r = await run({ ...playgroundDefault, optimizer: { name: "sgd", learningRate: 10 } });
    expect(ids(r)[0]).toBe("learning-rate-too-high");
    expect(ids(r)).not.toContain("init-too-large");
    expect(ids(r)).not.toContain("high-bias");
  });

  it("the playground's default (LeCun init), trained, is healthy: no 'initial weights too large'", async () => {
    const r = await run(playgroundDefault);
    expect(ids(r)).not.toContain("init-too-large");
    expect(r.diagnosis.healthy).toBe(true);
  });

  it("six tanh layers at x 0.01: one cause (too small), never 'too large' beside it", async () => {
    const hidden = Array.from({ length: 6 }, () => ({ units: 16, activation: "tanh", init: "randomNormal", initScale: 0.01 }));
    const r = await run({ data: { source: "circles" }, model: { hidden }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 300 } });
    expect(ids(r)[0]).toBe("init-too-small");
    expect(ids(r)).not.toContain("init-too-large");
    expect(ids(r)).not.toContain("learning-rate-too-high");
  });

  it("L2 or L1 strong enough to kill ReLU units is over-regularization, not the learning rate or the init", async () => {
    for (const penalty of [{ l2: 30 }, { l1: 20 }]) {
      const r = await run({ data: { source: "moons", n: 400, noise: 0.1 }, ...penalty, model: { hidden: [{ units: 16 }, { units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 64 } });
      expect(ids(r)[0], JSON.stringify(penalty)).toBe("over-regularized");
      for (const wrong of ["learning-rate-too-high", "init-too-small", "init-too-large"]) expect(ids(r)).not.toContain(wrong);
    }
  });

  it("a large initialization that training has shrunk back is not blamed", async () => {
    // five times He's scale at the start; weight decay with Adam pulls the weights back to a normal size
    const r = await run({
      data: { source: "moons", n: 600, noise: 0.1 },
      model: { hidden: [{ units: 16, init: "randomNormal", initScale: 5 }, { units: 16, init: "randomNormal", initScale: 1.5 }] },
      optimizer: { name: "adam", learningRate: 0.01, weightDecay: 0.5 },
      training: { epochs: 300, batchSize: 32 },
    });
    const w1 = r.evidence.layers[0]!;
    expect(w1.initScale).toBeGreaterThan(3);
    expect(w1.finalScale).toBeLessThan(2.5);
    expect(ids(r)).not.toContain("init-too-large");
  });
});
