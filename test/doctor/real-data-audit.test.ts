/**
 * The doctor on planted faults in the real data sets (an independent examiner, session 16): each case was
 * misread before its fix. The specs are the examiner's; each fault harms the run against its control.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const relu32 = { hidden: [{ units: 32, activation: "relu" }] };
const auto = { ratios: "auto", seed: 0 };
const run = (spec: Record<string, unknown>) => runExperiment(parseSpec({ seed: 1, split: auto, normalize: true, l2: 0.01, ...spec })).then((r) => r.diagnosis);

describe("the doctor on the real data sets' planted faults", () => {
  it("an early stop on minDelta while the dev cost fell every epoch is undertrained (more patience or a smaller minDelta), not high bias", async () => {
    // SGD at 0.01, full batch, patience 0 and minDelta 0.01: stopped after 19 of 400 epochs at 25% train
    // error; it was told "a bigger network", where the same network trains to 3.5% without the eager stop
    const d = await run({ data: { source: "breast-cancer" }, model: relu32, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 400, batchSize: "full", earlyStopping: { patience: 0, minDelta: 0.01 } } });
    expect(d.causes[0]!.id).toBe("undertrained");
    expect(d.causes[0]!.advice[0]).toBe("more patience than 0 epochs, or a smaller minDelta, for early stopping (the dev cost was still falling, by too little to count as an improvement)");
    // wine, patience 1 and minDelta 0.02: the advice said the dev cost "rose for a while, then fell again"
    const wine = await run({ data: { source: "wine" }, model: relu32, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 1000, batchSize: "full", earlyStopping: { patience: 1, minDelta: 0.02 } } });
    expect(wine.causes[0]!.id).toBe("undertrained");
    expect(wine.causes[0]!.advice.join(" ")).not.toContain("rose for a while");
  });

  it("a rate far below the optimizer's usual range is pointed into it, not to ten times itself (Adam at 1e-6 on wine)", async () => {
    // 1e-5, the advice before, still left wine at 54% dev error (2.9% at 0.01)
    const d = await run({ data: { source: "wine" }, model: relu32, optimizer: { name: "adam", learningRate: 1e-6 }, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(d.causes[0]!.id).toBe("learning-rate-too-low");
    expect(d.causes[0]!.advice[0]).toBe("raise the learning rate: 1.0e-6 is far below Adam's usual 1e-4 to 1e-2; try 0.001, or run `nnlab lr-find` to pick it");
  });

  it("a signal faded to 8e-14 is written so, not as 'std 0' (which reads as a dead layer)", async () => {
    const tiny = { units: 32, activation: "tanh", init: "randomNormal", initScale: 1e-4 };
    const d = await run({ data: { source: "breast-cancer" }, model: { hidden: [tiny, tiny, tiny, tiny] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(d.causes[0]!.id).toBe("init-too-small");
    const faded = d.causes[0]!.evidence.find((l) => l.includes("the signal faded"))!;
    expect(faded).toMatch(/outputs had std \d\.\de-14, \d\.\de-10 times the first's/);
  });

  it("a run that diverged is not called over-regularized from the blow-up's penalty share (std-10 weights on wine, L2 0.01)", async () => {
    // "the regularization term is 100.0% of the training cost at the end ... lower lambda": the share was
    // the blown-up epochs'; the weights kept carried 1.2% of their cost, and the same lambda trains healthy
    const big = { units: 64, activation: "relu", init: "randomNormal", initScale: 10 };
    const d = await run({ data: { source: "wine" }, model: { hidden: [big, big] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(d.causes[0]!.id).toBe("init-too-large");
    expect(d.causes.map((c) => c.id)).not.toContain("over-regularized");
  });

  it("a one-unit network stopped at the dev minimum is not told a bigger network is not the next step (wine: 2.8% train, 8.6% dev; 32 units 0% and 2.9%)", async () => {
    const d = await run({ data: { source: "wine" }, model: { hidden: [{ units: 1, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } });
    expect(d.healthy).toBe(true); // the bias (2.8%) is under the 5% the doctor acts on after a stop at the dev minimum
    expect(d.summary).not.toContain("nor a bigger network");
    expect(d.summary).toContain("this run cannot tell whether a bigger network would lower the bias (try one beside this spec if 2.8% matters)");
  });

  it("Adam at ten times its usual top, its cost wobbling, is told the learning rate, not high bias (digits at 0.1: 7.2% train error against 0% at 0.01)", async () => {
    const d = await run({ data: { source: "digits" }, model: relu32, optimizer: { name: "adam", learningRate: 0.1 }, training: { epochs: 100, batchSize: 32, earlyStopping: { patience: 15 } } });
    expect(d.causes[0]!.id).toBe("learning-rate-too-high");
    expect(d.causes[0]!.evidence.join(" ")).toMatch(/the cost jumped up and down by \d+(\.\d)?% of its level a step/);
    expect(d.causes[0]!.advice[0]).toContain("try 0.01");
  });
});

