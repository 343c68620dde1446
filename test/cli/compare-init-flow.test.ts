/**
 * compare-init's explanations against `train`'s gradient-flow findings (the flow audit): the notes' inits
 * for tanh told they "blow up ... (outputs confidently wrong)" on a regression whose target had std 0.05,
 * and one ReLU layer from N(0, 0.01) said to "all but vanish" by compare-init (hidden std under 0.05) while
 * train, on the same network, found nothing (its "signal fades" is under 1e-3).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { explainInit } from "../../src/cli/commands/compare-init.js";
import { loadData } from "../../src/cli/experiment.js";
import { lecunNormal, parseSpec, runExperiment } from "../../src/index.js";
import { runCli } from "./run-cli.js";

let dir = "";
/** x1, x2 on unit scale; y = 0.05 (tanh(x1) + 0.3 x2): a target of std about 0.04 around 0. */
const smallTarget = ["x1,x2,y", ...Array.from({ length: 200 }, (_, i) => {
  const x1 = 2 * Math.sin(1.7 * i);
  const x2 = 1.5 * Math.cos(0.9 * i + 0.3);
  return `${x1.toFixed(4)},${x2.toFixed(4)},${(0.05 * (Math.tanh(x1) + 0.3 * x2)).toFixed(5)}`;
})].join("\n");
const regression = (extra: object = {}) => ({
  name: "small-target", seed: 1, data: { source: "small.csv", label: "y", task: "regression" }, split: [0.7, 0.3],
  model: { hidden: [{ units: 8, activation: "tanh" }, { units: 8, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 5 }, ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-compare-init-flow-"));
  await writeFile(join(dir, "small.csv"), smallTarget + "\n");
});

async function explainRegression(extra: object = {}) {
  const spec = parseSpec(regression(extra));
  const specPath = join(dir, "spec.json");
  const r = await runExperiment(spec, { data: await loadData(spec, specPath), init: lecunNormal() });
  return { r, text: explainInit("LeCun", r) };
}

describe("compare-init on a regression: the target's scale, not the initialization", () => {
  it("a raw target of std 0.04: named with normalizeTarget, not 'blows up' or 'confidently wrong'", async () => {
    const { r, text } = await explainRegression();
    expect(r.history.get("loss")[0]! / r.evidence.cost.constant).toBeGreaterThan(3); // the cost that read as blown up
    expect(text).toMatch(/^LeCun: the target is off the outputs' scale, not the initialization: the first cost is \S+, \d+ times a constant prediction's \S+, with outputs of RMS 0\.\d+ against a target of std 0\.0\d+ \(mean -?0\.\d+\) on the training set; "normalizeTarget": true would put the target on the output's scale/);
    expect(text).not.toMatch(/blows up|confidently wrong|healthy/);
  });

  it("control: the same target standardized is a healthy start", async () => {
    const { text } = await explainRegression({ normalizeTarget: true });
    expect(text).toMatch(/^LeCun: a healthy start/);
  });

  it("an output layer from N(0, 10) on a unit-scale target is the initialization's doing, and far from the targets, not 'confidently wrong'", async () => {
    const r = await runExperiment(parseSpec({ seed: 1, data: { source: "plane", n: 200, noise: 0.1 }, model: { hidden: [], output: { init: "randomNormal", initScale: 10 } }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 3 } }));
    const text = explainInit("large random (10)", r);
    expect(text).toMatch(/^large random \(10\): the output blows up at the start: the first cost is \S+, \d+ times a constant prediction's \S+ \(outputs far from the targets\)/);
    expect(text).not.toMatch(/confidently wrong|normalizeTarget/);
  });

  it("nnlab compare-init on the raw small target: no initialization among the notes' is said to blow up", async () => {
    await writeFile(join(dir, "small.json"), JSON.stringify(regression()));
    const out = await runCli(["--quiet", "--runs", join(dir, "runs"), "compare-init", "small.json"], dir);
    expect(out.code, out.stderr).toBe(0);
    for (const name of ["He", "LeCun", "Glorot"]) expect(out.stdout).toMatch(new RegExp(`^${name}: the target is off the outputs' scale, not the initialization`, "m"));
    expect(out.stdout).not.toMatch(/confidently wrong/);
    // a regression's table: its dev cost, not two accuracy columns of "-" (an audit)
    expect(out.stdout.split("\n")[0]).toMatch(/^initialization +first cost +final train cost +final dev cost +findings at start +stop$/);
    expect(out.stdout).toMatch(/^He +\S+ +\S+ +\d[\d.e+-]* +/m);
  });
});

describe("compare-init and train share one definition of a faded signal", () => {
  const moons = (hidden: object[]) => parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, split: [0.7, 0.3], model: { hidden, output: { init: "randomNormal", initScale: 0.01 } }, optimizer: { name: "sgd", learningRate: 1 }, training: { epochs: 5 } });
  const small = { init: "randomNormal", initScale: 0.01 };

  it("one ReLU layer from N(0, 0.01): train finds nothing, and compare-init calls the signal small, not vanished", async () => {
    const r = await runExperiment(moons([{ units: 16, activation: "relu", ...small }]));
    expect(r.findings).toEqual([]);
    const text = explainInit("small random (0.01)", r);
    expect(text).toMatch(/^small random \(0\.01\): the signal is small at the start, though not faded: the hidden activations' std is W1 0\.00[1-9]\d* \(the inputs' is 1; faded is under 0\.001\)/);
    expect(text).not.toMatch(/vanish|fades|healthy|scale kept/);
  });

  it("two tanh layers from N(0, 0.01): both say it faded", async () => {
    const r = await runExperiment(moons([{ units: 16, activation: "tanh", ...small }, { units: 16, activation: "tanh", ...small }]));
    expect(r.findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^the signal fades at initialization: layer 2 \(W2\)'s outputs have std \S+e-4/));
    expect(explainInit("small random (0.01)", r)).toMatch(/the signal fades at initialization: layer 2 \(W2\)/);
  });

  it("controls: He on two ReLU layers and LeCun on two tanh layers are healthy starts in both", async () => {
    for (const hidden of [[{ units: 16, activation: "relu", init: "he" }, { units: 16, activation: "relu", init: "he" }], [{ units: 16, activation: "tanh", init: "lecun" }, { units: 16, activation: "tanh", init: "lecun" }]]) {
      const r = await runExperiment(moons(hidden));
      expect(r.findings).toEqual([]);
      expect(explainInit("x", r)).toMatch(/^x: a healthy start/);
    }
  });
});
