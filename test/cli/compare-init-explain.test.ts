/**
 * compare-init's explanations read against what each start did (an audit, session 14): N(0, 10) on iris
 * started at a cost 310 times a constant prediction's and was called "a healthy start, the inputs' scale
 * kept"; softmax regression from zeros (96.7% on iris) was told its symmetry was not broken.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { explainInit } from "../../src/cli/commands/compare-init.js";
import { runCli } from "./run-cli.js";

const iris = { seed: 1, data: { source: "iris" }, normalize: true, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30, batchSize: "full" } };

describe("compare-init explanations", () => {
  it("a start whose first cost is hundreds of times a constant prediction's is not healthy", async () => {
    const r = await runExperiment(parseSpec({ ...iris, model: { hidden: [{ units: 10, activation: "relu", init: "randomNormal", initScale: 10 }], output: { init: "randomNormal", initScale: 10 } } }));
    const first = r.history.get("loss")[0]!;
    expect(first / r.evidence.cost.constant).toBeGreaterThan(3);
    const text = explainInit("large random (10)", r);
    expect(text).not.toContain("healthy");
    expect(text).toMatch(/blows up at the start/);
  });

  it("an output layer started at zeros is not 'symmetric': its units have targets of their own", async () => {
    const r = await runExperiment(parseSpec({ ...iris, training: { epochs: 300, batchSize: "full" }, model: { hidden: [], output: { init: "zeros" } } }));
    expect(r.train.accuracy!).toBeGreaterThan(0.9); // softmax regression from zeros learns (chance: 1/3)
    expect(r.findings.map((f) => f.kind)).not.toContain("symmetric");
    expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("symmetric-init");
    // a hidden layer started at zeros still is
    const hidden = await runExperiment(parseSpec({ ...iris, model: { hidden: [{ units: 8, activation: "tanh", init: "zeros" }] } }));
    expect(hidden.findings.map((f) => f.kind)).toContain("symmetric");
  });

  it("nnlab compare-init on the iris example names the blown-up start", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-compare-init-"));
    await writeFile(join(dir, "iris.json"), JSON.stringify({ ...iris, model: { hidden: [{ units: 10, activation: "relu" }] } }));
    const r = await runCli(["--quiet", "compare-init", "iris.json"], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^large random \(10\): the signal blows up at the start/m);
  });

  it("reads the cost of the initial weights, not the first epoch's mean: a healthy He start at SGD 50 is not said to blow up (an audit)", async () => {
    // the audit's div.json: mini-batches at SGD 50 diverge within the first epoch, whose mean cost read 3.4e19
    const spec = { seed: 1, data: { source: "moons", n: 1000 }, model: { hidden: [{ units: 32, activation: "relu", init: "he" }, { units: 32, activation: "relu", init: "he" }] }, optimizer: { name: "sgd", learningRate: 50 }, training: { epochs: 100, batchSize: 32 } };
    const r = await runExperiment(parseSpec(spec));
    expect(r.history.get("loss")[0]! / r.evidence.cost.constant).toBeGreaterThan(3); // the premise: the first epoch's mean blew up
    expect(r.history.initial!.loss / r.evidence.cost.constant).toBeLessThan(3);
    const text = explainInit("He", r);
    expect(text).not.toMatch(/blows up at the start/);
    expect(text).toMatch(/^He: training diverged at epoch \d+ \(so did every initialization: the learning rate, not the initialization, is the first thing to lower\); a healthy start \(first cost 0\.\d+\)/);
  });

  it("shows no dev accuracy where the split has no dev set (the test set's stood there)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-compare-init-"));
    await writeFile(join(dir, "nodev.json"), JSON.stringify({ ...iris, split: [0.8, 0, 0.2], model: { hidden: [{ units: 6, activation: "relu" }] }, training: { epochs: 10, batchSize: "full" } }));
    const r = await runCli(["--quiet", "compare-init", "nodev.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const he = r.stdout.split("\n").find((l) => /^He\s{2,}/.test(l))!;
    // initialization, first cost, final train cost, train acc, dev acc, findings, stop
    expect(he.split(/\s{2,}/)[4]).toBe("-");
  });
});
