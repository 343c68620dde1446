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
});
