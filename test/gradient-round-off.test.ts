/**
 * The gradient check where finite differences cannot see: gradients within the round-off of the cost.
 * The notes' relative difference read that round-off as disagreement, so a correct model could fail and a
 * planted bug pass; the verdict now reads the disagreement beyond the round-off, and a tensor too small to
 * check is said to be so, never called correct.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkGradients, compareGradients, Dense, type Layer, NnlabError, randomNormal, Rng, Sequential, Tensor } from "../src/index.js";
import { runCli } from "./cli/run-cli.js";

/** A Dense layer whose weight gradient is multiplied by `factor` after backprop: a planted bug. */
function scaledGradient(inner: Dense, factor: number): Layer {
  return {
    type: "scaled",
    get inputGradientNeeded() {
      return inner.inputGradientNeeded;
    },
    set inputGradientNeeded(v: boolean) {
      inner.inputGradientNeeded = v;
    },
    build: (context) => inner.build(context),
    forward: (x, mode) => inner.forward(x, mode),
    backward: (g) => {
      const out = inner.backward(g);
      for (const p of inner.params()) if (p.name === "W") p.grad.data.forEach((v, i) => (p.grad.data[i] = v * factor));
      return out;
    },
    params: () => inner.params(),
    getConfig: () => inner.getConfig(),
  };
}

const rng = new Rng(3);
const x = Tensor.zeros(64, 2, "float64");
x.data.forEach((_, i) => (x.data[i] = rng.normal()));
const y = Tensor.column(Array.from({ length: 64 }, (_, i) => (x.data[2 * i]! * x.data[2 * i + 1]! > 0 ? 1 : 0)), "float64");

/** Five sigmoid layers of 10 at weights of std 0.01: W1's gradient is ~1e-11, under the round-off at epsilon 1e-6. */
function deepSigmoid(bugFactor = 1): Sequential {
  const layers: Layer[] = Array.from({ length: 5 }, (_, k) => {
    const dense = new Dense({ units: 10, activation: "sigmoid", kernelInitializer: randomNormal({ scale: 0.01 }) });
    return k === 0 && bugFactor !== 1 ? scaledGradient(dense, bugFactor) : dense;
  });
  layers.push(new Dense({ units: 1, activation: "sigmoid" }));
  return new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers }).compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
}

describe("the gradient check and the finite differences' round-off", () => {
  it("a correct deep sigmoid stack: no tensor fails; the ones too small to check are named, not passed", () => {
    // dW1 was "fail" (1.7e-1: backprop -3.85e-11 against a numerical -1.11e-10) beside an overall "PASS"
    const report = checkGradients(deepSigmoid(), x, y);
    expect(report.perTensor.filter((t) => t.verdict === "fail").map((t) => t.name)).toEqual([]);
    expect(report.unresolved).toContain("dW1");
    expect(report.perTensor.find((t) => t.name === "dW1")!.difference).toBeGreaterThan(1e-3); // the notes' figure, kept
    expect(report.verdict).toBe("suspect");
    expect(report.message).toContain("dW1");
    expect(report.message).toContain("too small for finite differences at epsilon 1e-6");
  });

  it("a bug planted in such a tensor is not called correct", () => {
    // dW1 times 2 gave the correct model's overall 8.47e-9: PASS
    const report = checkGradients(deepSigmoid(2), x, y);
    expect(report.verdict).not.toBe("pass");
    expect(report.unresolved).toContain("dW1");
  });

  it("the same bug where the gradient is large enough is a failure, named", () => {
    const model = new Sequential({
      inputSize: 2,
      dtype: "float64",
      seed: 1,
      layers: [scaledGradient(new Dense({ units: 10, activation: "tanh" }), 2), new Dense({ units: 1, activation: "sigmoid" })],
    }).compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
    const report = checkGradients(model, x, y);
    expect(report.verdict).toBe("fail");
    expect(report.disagreeing).toEqual(["dW1"]);
    expect(report.unresolved).toEqual([]);
  });

  it("a gradient exactly 0 measured as round-off is not a bug (the notes' zeros initialization, through the CLI)", async () => {
    // all-zero weights on moons with L1: db3 is 0 exactly and was measured as 1.11e-10, "1.00e+0 fail":
    // "Backpropagation is almost surely wrong ... in db3", exit 1
    const dir = await mkdtemp(join(tmpdir(), "nnlab-gradcheck-"));
    const zeros = { name: "zeros", seed: 1, data: { source: "moons", n: 200 }, model: { hidden: [{ units: 8, activation: "relu", init: "zeros" }, { units: 6, activation: "relu", init: "zeros" }], output: { init: "zeros" } }, l1: 0.3, training: { epochs: 20 } };
    await writeFile(join(dir, "zeros.json"), JSON.stringify(zeros));
    const r = await runCli(["--runs", "runs", "gradcheck", "zeros.json"], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain("almost surely wrong");
    expect(r.stdout).toMatch(/db3 (is|are) too small for finite differences at epsilon 1e-6/);
    // zero weights put every ReLU unit's input at 0, the kink itself: W1's entries move units off it
    expect(r.stdout).toMatch(/SUSPECT\. Nothing could be checked, so nothing is called right or wrong: .*db3/);
    // (the L1 penalty's |w| has its kink at 0 too, where every weight sits)
    expect(r.stdout).toMatch(/\d+ of the 85 entries were left out: a ReLU unit's input, or an L1-penalized weight, changed sign/);
    expect(r.stdout).toMatch(/Every entry of dW1, db1, dW2, db2, dW3 checked crossed a kink at epsilon 1e-6: not checked; they sit at a kink or within epsilon of one/);
  });

  it("a tensor whose every entry checked is exactly 0 both ways (dead ReLU units) is not sent to a larger epsilon, which changes nothing there (an audit)", async () => {
    // the audit's deep.json at --epsilon 0.5: dW3 was "too small for finite differences ... check again with a larger epsilon"
    const dir = await mkdtemp(join(tmpdir(), "nnlab-gradcheck-"));
    const deep = { name: "deep", seed: 1, data: { source: "circles", n: 600, noise: 0.1 }, split: [0.6, 0.2, 0.2], normalize: true, model: { hidden: [{ units: 20, activation: "relu" }, { units: 10, activation: "relu" }, { units: 5, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 0.05 }, training: { epochs: 300, batchSize: "full" } };
    await writeFile(join(dir, "deep.json"), JSON.stringify(deep));
    const r = await runCli(["--runs", "runs", "--json", "gradcheck", "deep.json", "--epsilon", "0.5"], dir);
    const report = JSON.parse(r.stdout);
    const dW3 = report.perTensor.find((t: { name: string }) => t.name === "dW3");
    expect(dW3).toMatchObject({ zero: true, resolved: false }); // the premise: every entry 0 by both
    expect(dW3.checked).toBeGreaterThan(0);
    expect(report.message).toContain("Every entry of dW3 checked is exactly 0, by backpropagation and by finite differences alike");
    expect(report.message).not.toMatch(/dW3[^.]* too small for finite differences/);
  });

  it("at an epsilon so small that the round-off is a few percent of the gradient, a 1% bug is not passed, and a correct model is not called right there (an audit helper)", () => {
    const model = (factor = 1.01) =>
      new Sequential({
        inputSize: 2,
        dtype: "float64",
        seed: 1,
        layers: [scaledGradient(new Dense({ units: 4, activation: "tanh" }), factor), new Dense({ units: 1, activation: "sigmoid" })],
      }).compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
    // at the default epsilon the bug fails, named
    const seen = checkGradients(model(), x, y);
    expect(seen.verdict).toBe("fail");
    expect(seen.disagreeing).toEqual(["dW1"]);
    // at 1e-12 the round-off allowance (about 2% of each entry) swallowed it: "pass ... all of it within the
    // finite differences' own error"
    const coarse = checkGradients(model(), x, y, { epsilon: 1e-12 });
    expect(coarse.verdict).not.toBe("pass");
    expect(coarse.perTensor.find((t) => t.name === "dW1")!.verdict).not.toBe("pass");
    expect(coarse.unresolved).toContain("dW1");
    // the correct model at the same epsilon reads the same: the check cannot tell them apart there
    expect(checkGradients(model(1), x, y, { epsilon: 1e-12 }).verdict).toBe("suspect");
    expect(checkGradients(model(1), x, y, { epsilon: 1e-6 }).verdict).toBe("pass");
    expect(coarse.message).toMatch(/At epsilon 1e-12 the finite differences' round-off is [\d.]+% of dW1.*not called right; check again with a larger epsilon \(e\.g\. 1e-10\)/);
  });

  it("a sample without its random stream is bad input, said as such", () => {
    // a plain Error (a bug, to the CLI) where the caller forgot the rng
    const values = new Float64Array([1, 2]);
    expect(() => compareGradients([{ name: "W", values, cols: 2, analytic: [2, 4] }], () => values[0]! ** 2 + values[1]! ** 2, { sample: 1 })).toThrow(NnlabError);
  });
});
