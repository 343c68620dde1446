/**
 * Issue 16, acceptance 1: from deliberately poor starting specs whose fault was planted, `improve` names the
 * planted cause in its first step, keeps the notes' remedy because it lowered the dev error beyond noise,
 * and ends with the doctor calling the run healthy, within its default budget. Four data sets, one fault
 * each: two real (iris, wine) and two generated (circles, moons).
 */
import { describe, expect, it } from "vitest";
import { alreadyTriedLines, bestCandidate, chooseCandidate, compareDev, improve, parseSpec, remedyFor, stepLine, stepRecord, stepsTable } from "../../src/index.js";

const relu = (...units: number[]) => units.map((u) => ({ units: u, activation: "relu" }));

const CASES = [
  {
    name: "too small a network (circles, one tanh unit: a closed boundary needs at least three)",
    planted: "high-bias",
    spec: { data: { source: "circles", n: 600 }, model: { hidden: [{ units: 1, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 200, batchSize: 32 } },
  },
  {
    name: "a learning rate 100x too high (iris, plain gradient descent at 30 where 0.3 trains)",
    planted: "learning-rate-too-high",
    spec: { data: { source: "iris" }, model: { hidden: relu(16) }, optimizer: { name: "sgd", learningRate: 30 }, training: { epochs: 300 } },
  },
  {
    name: "unnormalized inputs (wine: proline in the hundreds beside hues near 1, plain gradient descent)",
    planted: "inputs-not-normalized",
    spec: { data: { source: "wine" }, normalize: false, model: { hidden: relu(16) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } },
  },
  {
    name: "no regularization on little data (300 noisy moons, two layers of 48, Bayes error about 10%)",
    planted: "high-variance",
    // 300, not 200: with every seed on one data set (improve pins the generator's seed), 40 dev rows could not tell L2 1 from none.
    // Two layers of 48, not 64 (session 16, for the suite's time): 3.1 s, not 5.0 s, and the kept L2 1 beats
    // the noise by more (a gain of 6.7 points against 4.4; 5.6 against 4.3 with 64); with 32 the gain fell within it
    spec: { data: { source: "moons", n: 300, noise: 0.35 }, baselineError: 0.1, model: { hidden: relu(48, 48) }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 300 } },
  },
] as const;

describe("improve on planted faults", () => {
  it.each(CASES)("$name: its one step names $planted, keeps its remedy, and the run ends healthy", async ({ spec, planted }) => {
    const result = await improve(parseSpec(spec));
    const first = result.steps[0]!;
    // every step's cause is the planted one; a healthy run may end with one more step, its prior
    // (src/improve/prior.ts), which says "healthy", the doctor's verdict it follows
    expect(result.steps.map((s) => s.cause)).toEqual(result.steps.length > 1 ? [planted, "healthy"] : [planted]);
    expect(first.cause).toBe(planted);
    expect(first.kept).toBe(true);
    expect(first.gain).toBeGreaterThan(first.noise);
    expect(result.end).toBe("healthy");
    expect(result.diagnosis.healthy).toBe(true);
    // (a start that diverged on every seed has no mean dev error, NaN: the means are the finished seeds')
    if (Number.isNaN(result.startScores.dev)) expect(result.startScores.devBySeed.every((v) => Number.isNaN(v))).toBe(true);
    else expect(result.finalScores.dev).toBeLessThan(result.startScores.dev);
    expect(result.trainings).toBeLessThanOrEqual(60);
    // the kept change is the remedy's: the final spec differs from the start exactly there
    expect(JSON.stringify(result.finalSpec)).not.toBe(JSON.stringify(result.start));
    expect(first.line).toMatch(/ -> dev \d+\.\d%$/);
  });
});

describe("improve when early stopping went back to an early epoch", () => {
  it("tries more patience and no early stopping, not more epochs (which would repeat the run)", async () => {
    // iris without L2: early stopping keeps epoch 1 of a network whose training cost goes on to 0.007
    const spec = { seed: 1, data: { source: "iris" }, split: { ratios: "auto", seed: 0 }, model: { hidden: relu(100) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } } };
    const result = await improve(parseSpec(spec), { trials: 11 }); // the start (3 + 1), two candidates (3 each), one left for a diagnosis
    const first = result.steps[0]!;
    expect(first.cause).toBe("undertrained");
    expect(first.knob).toBe("early stopping");
    expect(first.tried.map((t) => t.label)).toEqual(["early stopping patience 90", "no early stopping"]);
  });
});

describe("improve when early stopping had a patience of one epoch", () => {
  it("names undertrained, not high bias, and keeps more patience: the dev error falls from 13.7% to 2.9%", async () => {
    // (it was called high bias: the runs stopped after 7-19 of 1000 epochs on the first rise of the dev
    // cost, bigger networks did no better, and improve ended "no remedy helped" at 13.7%: an improve audit)
    const spec = { seed: 2, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: relu(32, 32) }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 1000, batchSize: 32, earlyStopping: { patience: 1 } } };
    const result = await improve(parseSpec(spec), { trials: 10 });
    const first = result.steps[0]!;
    expect(first.cause).toBe("undertrained");
    expect(first.knob).toBe("early stopping");
    expect(first.kept).toBe(true);
    expect(first.best!.label).toBe("early stopping patience 10");
    expect(result.finalScores.dev).toBeLessThan(result.startScores.dev / 3);
  });
});

describe("improve when the run took a few gradient steps", () => {
  it("offers the start's 3000 steps beside 3x the epochs, and keeps them: 5 full-batch epochs of SGD on moons", async () => {
    // (15 epochs stayed at 12%, bigger networks too, and improve ended "no remedy helped": an improve audit)
    const spec = { seed: 1, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: relu(16) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 5, batchSize: "full" } };
    const result = await improve(parseSpec(spec), { trials: 13 });
    const first = result.steps[0]!;
    expect(first.cause).toBe("undertrained");
    expect(first.tried.map((t) => t.label)).toEqual(["15 epochs", "3000 epochs (about 3000 steps)", "Adam at learning rate 0.01"]);
    expect(first.kept).toBe(true);
    expect(result.finalSpec.training.epochs).toBe(3000);
    expect(result.finalScores.dev).toBeLessThan(result.startScores.dev / 4);
  });

  it("offers them for one epoch too, where the doctor sees a network that learned nothing, not an undertrained one", async () => {
    // (one full batch of 240 rows: Adam and wider networks were tried, and improve ended at 17.1% dev: a review)
    const spec = { seed: 1, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: relu(16) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 1, batchSize: 1000 } };
    const result = await improve(parseSpec(spec), { trials: 16 });
    const first = result.steps[0]!;
    expect(first.cause).toBe("high-bias");
    expect(first.tried[0]!.label).toBe("3000 epochs (about 3000 steps)");
    expect(first.kept).toBe(true);
    expect(result.finalScores.dev).toBeLessThan(result.startScores.dev / 4);
  });
});

describe("improve when the initialization was far too large", () => {
  it("tries the notes' initialization also with 3x the epochs, and keeps it: tanh at init scale 10 on moons", async () => {
    // (the notes' initialization alone, still falling at 300 epochs, scored 11.3% against 10.8% and was not
    // kept; the loop went on with the saturated network and ended "no remedy helped" at 10.8%: an improve audit)
    const tanh10 = { units: 16, activation: "tanh", init: "randomNormal", initScale: 10 };
    const spec = { seed: 1, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: [tanh10, tanh10] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300, batchSize: "full" } };
    const result = await improve(parseSpec(spec), { trials: 10 });
    const first = result.steps[0]!;
    expect(first.cause).toBe("init-too-large");
    expect(first.tried.map((t) => t.label)).toEqual(["He initialization for ReLU layers, LeCun for the others", "He initialization for ReLU layers, LeCun for the others, 900 epochs"]);
    expect(first.kept).toBe(true);
    expect(first.best!.label).toMatch(/900 epochs$/);
    expect(result.finalScores.dev).toBeLessThan(result.startScores.dev / 4);
    // not with early stopping, which ends both where the dev cost stops falling (the same runs twice: a review)
    const stopping = parseSpec({ ...spec, training: { ...spec.training, earlyStopping: { patience: 20 } } });
    expect(remedyFor("init-too-large", stopping)!.candidates.map((c) => c.label)).toEqual(["He initialization for ReLU layers, LeCun for the others"]);
  });
});

describe("improve when every hidden layer is linear", () => {
  it("gives the layers an activation, where width, depth and Adam could not help: circles 50% -> about 1%", async () => {
    // (Adam, LeCun's initialization, 64-64 and 64-64-64 all stayed at 50%, and improve ended "no remedy
    // helped", telling the user to check that the labels follow from the inputs: an improve audit)
    const spec = { seed: 1, data: { source: "circles", n: 400, noise: 0.1 }, model: { hidden: [{ units: 16, activation: "linear" }, { units: 16, activation: "linear" }] }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 500, batchSize: "full" } };
    // on SGD, also with Adam: alone, each can fail on a run too short for it (16-16 linear, SGD 0.003, 50
    // epochs of moons: ReLU 12.9%, Adam 12.9%, and improve ended at 11.3%; both 1.7%: a review)
    expect(remedyFor("high-bias", parseSpec(spec))!.candidates.map((c) => c.label)).toEqual([
      "ReLU hidden layers (they were linear)",
      "tanh hidden layers (they were linear)",
      "ReLU hidden layers (they were linear), Adam at learning rate 0.01",
    ]);
    expect(remedyFor("high-bias", parseSpec({ ...spec, optimizer: { name: "adam", learningRate: 0.01 } }))!.candidates).toHaveLength(2);
    const result = await improve(parseSpec(spec), { trials: 13 });
    const first = result.steps[0]!;
    expect(first.cause).toBe("high-bias");
    expect(first.knob).toBe("activation");
    expect(first.kept).toBe(true);
    expect(result.finalSpec.model.hidden.map((h) => [h.units, h.activation])).toEqual([[16, first.best!.label.startsWith("ReLU") ? "relu" : "tanh"], [16, first.best!.label.startsWith("ReLU") ? "relu" : "tanh"]]);
    expect(result.finalScores.dev).toBeLessThan(0.05);
    expect(result.diagnosis.causes[0]?.advice.join(" ") ?? "").not.toMatch(/nonlinear activation/);
  });
});

describe("improve when the learning rate is at the bottom of its usual range", () => {
  it("tries the rate ten times higher beside more epochs, and keeps it: Adam at 1e-4 on moons", async () => {
    // (only 900 epochs were tried: 10.6% dev against 9.7%, not kept; then a bigger network, not kept either,
    // and improve ended "no remedy helped" at 9.7% dev, where 1e-3 reaches 4.4% in the same 300 epochs)
    const spec = { seed: 1, data: { source: "moons", n: 600, noise: 0.2 }, normalize: true, model: { hidden: relu(16) }, optimizer: { name: "adam", learningRate: 1e-4 }, training: { epochs: 300, batchSize: 32 } };
    const result = await improve(parseSpec(spec), { trials: 10 }); // the start (3), two candidates (3 each), one left for a diagnosis
    const first = result.steps[0]!;
    expect(first.cause).toBe("undertrained");
    expect(first.tried.map((t) => t.label)).toEqual(["learning rate 0.001", "900 epochs"]);
    expect(first.kept).toBe(true);
    expect(first.best!.label).toBe("learning rate 0.001");
    expect(result.finalScores.dev).toBeLessThan(result.startScores.dev / 2);
  });
});

describe("improve when the candidate with the best mean is not better beyond noise", () => {
  it("keeps another that is, on every seed by three times the margin: SGD at 1e-3 on gauss-mixture keeps 0.015, not 0.1's wide seeds", () => {
    // The dev costs of improve's first step on gauss-mixture (n 400, noise 0.05), 32-32 tanh, SGD at 1e-3,
    // 300 epochs of batches of 32, as measured (an improve audit): only the best mean was judged, 0.1 failed
    // on its spread, and the loop went on to grow a 1024-1024-1024 network in 398 s.
    const current = { train: 0.0656, dev: 0.0716, devBySeed: [0.076993, 0.066933, 0.070938], devCostBySeed: [0.076993, 0.066933, 0.070938], devNoise: 0.014692 };
    const tried = [
      { label: "learning rate 0.015", scores: { train: 0, dev: 0.04073, devBySeed: [0.042884, 0.039635, 0.039664], devCostBySeed: [0.042884, 0.039635, 0.039664] } },
      { label: "learning rate 0.01", scores: { train: 0, dev: 0.04609, devBySeed: [0.047703, 0.044822, 0.045744], devCostBySeed: [0.047703, 0.044822, 0.045744] } },
      { label: "learning rate 0.1", scores: { train: 0, dev: 0.03519, devBySeed: [0.028396, 0.04619, 0.030981], devCostBySeed: [0.028396, 0.04619, 0.030981] } },
    ];
    const compare = (t: (typeof tried)[number]) => compareDev(current.devBySeed, t.scores.devBySeed, 80, false, current.devNoise);
    expect(bestCandidate(tried).label).toBe("learning rate 0.1"); // the best mean...
    expect(compare(tried[2]!).better).toBe(false); // ...is not better beyond noise
    const { best, comparison } = chooseCandidate(tried, current, compare);
    expect(best.label).toBe("learning rate 0.015");
    expect(comparison.better).toBe(true);
    // and where no other wins on every seed by that much, the best mean is reported, not kept
    const { best: reported, comparison: none } = chooseCandidate([tried[2]!], current, compare);
    expect([reported.label, none.better]).toEqual(["learning rate 0.1", false]);
  });
});

describe("improve when the doctor folds a cause under another", () => {
  it("tries the folded cause's remedy once the named one's failed: a 2-unit network under 'undertrained' is grown", async () => {
    // an audit helper: high bias listed only under 'explains'; 300 epochs did not help, and improve ended
    // with "no remedy helped" at 11.7% dev, where 8 units reach ~3%
    const spec = { name: "tiny", seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: relu(2) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } };
    const result = await improve(parseSpec(spec), { trials: 20 });
    expect(result.steps.filter((s) => s.cause !== "healthy").map((s) => [s.cause, s.kept])).toEqual([
      ["undertrained", false],
      ["high-bias", true],
    ]);
    expect(result.steps[1]!.best!.scores.dev).toBeLessThan(result.startScores.dev / 3);
  });
});

describe("improve from a spec that diverges", () => {
  it("does not keep it: a diverged run's last healthy weights may score well, but any candidate that trains beats it", async () => {
    // an audit helper: Adam at 2 on breast-cancer diverged at epoch 2 (dev 8.8%); 0.066 trained to the same
    // mean dev error, and the diverged spec was kept as the final one
    const spec = { name: "bc", seed: 1, data: { source: "breast-cancer" }, model: { hidden: relu(32) }, optimizer: { name: "adam", learningRate: 2 }, training: { epochs: 60, batchSize: 64 } };
    const result = await improve(parseSpec(spec), { trials: 13 }); // the start (3 + 1), three rates (3 each)
    expect(result.steps[0]!.cause).toBe("learning-rate-too-high");
    expect(result.steps[0]!.kept).toBe(true);
    expect(result.finalSpec.optimizer.learningRate).toBeLessThan(1);
    expect(result.final.history.stop.reason).not.toMatch(/diverged|nonFiniteCost/);
    // what diverged survives JSON (NaN and Infinity become null) and shows in the report (the improve audit, session 16)
    const step = result.steps[0]!;
    const diverged = step.before.devBySeed.filter((v) => !Number.isFinite(v)).length;
    expect(diverged).toBeGreaterThan(0); // the premise
    const written = JSON.parse(JSON.stringify(stepRecord(step)));
    expect(written.divergedSeeds).toEqual({ before: diverged, best: 0 });
    const gainCell = String(stepsTable(result).rows[0]![5]);
    expect(gainCell).toContain(`the current spec diverged on ${diverged} of ${step.before.devBySeed.length} seeds`);
  });
});

describe("improve when the remedy of the cause left did not help", () => {
  it("says beside the final diagnosis what it tried, and what remains (noisy moons: bigger networks do not lower the dev error)", async () => {
    // 600 moons at noise 0.45 overlap: no model reaches 0% error, and no baselineError says so
    const spec = { seed: 1, data: { source: "moons", n: 600, noise: 0.45 }, model: { hidden: relu(8) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: 32 } };
    const result = await improve(parseSpec(spec));
    expect(result.end).toBe("no-remedy-helped");
    const step = result.steps.find((s) => s.cause === "high-bias")!;
    expect(step.kept).toBe(false);
    // the premise: no bigger network lowered the mean dev error beyond noise
    for (const t of step.tried) expect(result.startScores.dev - t.scores.dev).toBeLessThan(step.noise);
    expect(result.diagnosis.causes[0]!.id).toBe("high-bias");
    expect(result.alreadyTried).toEqual([{ cause: "high-bias", step: step.step, line: step.line, next: expect.stringContaining("baselineError") }]);
    // with a baseline given, the bias is measured from it: the hint does not ask for one
    const given = await improve(parseSpec({ ...spec, baselineError: 0.02 }));
    expect(given.alreadyTried.map((t) => t.cause)).toEqual(["high-bias"]);
    expect(given.alreadyTried[0]!.next).not.toMatch(/give baselineError/);
    expect(given.alreadyTried[0]!.next).toMatch(/baselineError given/);
    expect(alreadyTriedLines(result)[0]).toMatch(/^Tried already by improve \(step 1\): high bias \(train [\d.]+%, dev [\d.]+%\): network size tried \(hidden units 32: /);
  });
});

describe("improve when the network learned nothing", () => {
  it("tries the optimizer beside a bigger network (the initialization where it would change), and keeps Adam (five sigmoid layers on SGD at 0.01)", async () => {
    const sigmoid = { units: 10, activation: "sigmoid" };
    const spec = { data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: [sigmoid, sigmoid, sigmoid, sigmoid, sigmoid] }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 80, batchSize: 32 } };
    const result = await improve(parseSpec(spec), { trials: 30 });
    const step = result.steps[0]!;
    expect(step.cause).toBe("high-bias");
    expect(result.startScores.dev).toBeGreaterThan(0.45); // the premise: no better than a vote on two classes
    // (no initialization candidate: sigmoid layers start with LeCun already, so it trained copies of the start)
    expect(step.tried.map((t) => t.label)).toEqual(["Adam at learning rate 0.01", "hidden units 40-40-40-40-40"]);
    expect(step.tried[1]!.scores.dev).toBeGreaterThan(0.45); // bigger alone: still nothing learned
    expect(step.kept).toBe(true);
    expect(step.best!.label).toBe("Adam at learning rate 0.01");
    expect(step.best!.scores.dev).toBeLessThan(0.1);
    expect(result.end).toBe("healthy");
  });
});

describe("improve when the budget cuts a remedy short", () => {
  it("ends on the budget, says which candidates were left untried, and claims nothing about the remedy", async () => {
    // the planted high-variance moons with 8 trainings: the start (3 + 1), then one candidate of six (3 seeds), one left
    const result = await improve(parseSpec(CASES[3].spec), { trials: 8 });
    expect(result.steps).toHaveLength(1);
    const step = result.steps[0]!;
    expect(step.cause).toBe("high-variance");
    expect(step.tried).toHaveLength(1);
    expect(step.untried.length).toBeGreaterThan(0);
    expect(step.kept).toBe(false); // L2 lambda 0.01 alone: 12.8% against 13.3%, within the noise (4.4 points)
    expect(result.end).toBe("budget");
    expect(step.line).toMatch(/; the budget left 5 untried \(L2 lambda 0\.1; L2 lambda 1; dropout 0\.2; dropout 0\.4; early stopping/);
    expect(result.alreadyTried).toEqual([]); // a remedy not tried in full is not "tried already"
    // the report's steps table names them too, and does not say that no change beat the noise
    const row = stepsTable(result).rows[0]!.map(String);
    expect(row[2]).toMatch(/; not tried \(the budget ran out\): L2 lambda 0\.1; L2 lambda 1; dropout 0\.2; dropout 0\.4; early stopping/);
    expect(row[3]).toBe("nothing among those tried");
  });
});

describe("compareDev", () => {
  it("a gain beats the larger of the seeds' and the dev set's noise (worked by hand)", () => {
    // dev errors 10%, 12%, 14% against 6%, 7%, 11% on 100 dev examples: gains 4, 5, 3 points, mean 4;
    // every seed gains, so only the dev set's noise counts: sqrt(0.12 * 0.88 / 100) = 3.25 points
    const c = compareDev([0.1, 0.12, 0.14], [0.06, 0.07, 0.11], 100, true);
    expect(c.gain).toBeCloseTo(0.04, 15);
    expect(c.noise).toBeCloseTo(Math.sqrt((0.12 * 0.88) / 100), 15);
    expect(c.better).toBe(true);
    // one seed loses: the seeds' spread counts too: gains 4, 5, -1 -> mean 2.667, sd 3.215, 2 sd / sqrt 3 = 3.712 points
    const mixed = compareDev([0.1, 0.12, 0.14], [0.06, 0.07, 0.15], 100, true);
    expect(mixed.noise).toBeCloseTo((2 * Math.sqrt(((0.04 - 0.08 / 3) ** 2 + (0.05 - 0.08 / 3) ** 2 + (-0.01 - 0.08 / 3) ** 2) / 2)) / Math.sqrt(3), 12);
    expect(mixed.better).toBe(false);
    // the same gains on 10,000 dev examples and every seed ahead: well beyond noise
    expect(compareDev([0.1, 0.12, 0.14], [0.09, 0.11, 0.13], 10_000, true).better).toBe(true);
    // a diverged current spec (NaN) is beaten by any finite candidate; a NaN candidate never wins
    expect(compareDev([NaN, NaN, NaN], [0.5, 0.4, 0.45], 100, true).better).toBe(true);
    expect(compareDev([0.2, 0.2, 0.2], [NaN, 0.1, 0.1], 100, true).better).toBe(false);
  });

  it("seeds that diverged: compared on the seeds both finished, and fewer divergences alone do not win (an audit, session 14)", () => {
    // the current spec diverged on seed 1; the candidate finished every seed, 31 points worse on the two
    // that can be compared: it was kept ("inputs standardized -> dev 58.1%"), gain and noise printed as NaN
    const worse = compareDev([NaN, 0.229, 0.257], [0.629, 0.543, 0.571], 105, true);
    expect(worse.better).toBe(false);
    expect(worse.seedsCompared).toBe(2);
    expect(worse.gain).toBeCloseTo(-0.314, 12); // 22.9 - 54.3 and 25.7 - 57.1 points
    expect(Number.isFinite(worse.noise)).toBe(true);
    // no worse on the seeds both finished, and one divergence fewer: better
    expect(compareDev([NaN, 0.2, 0.25], [0.21, 0.2, 0.24], 105, true).better).toBe(true);
    // the same number of divergences: the usual rule on the seeds both finished
    const same = compareDev([NaN, 0.3, 0.32], [NaN, 0.1, 0.11], 105, true);
    expect(same).toMatchObject({ better: true, seedsCompared: 2 });
    expect(same.gain).toBeCloseTo(0.205, 12);
    // more divergences: never better, and nothing to measure
    expect(compareDev([0.3, 0.3, 0.3], [NaN, NaN, 0.01], 105, true)).toMatchObject({ better: false, seedsCompared: 0 });
  });

  it("the candidate compared is the one with the fewest diverged seeds, then the lowest mean dev error", () => {
    // lr 0.95 diverged on one seed, whose healthy weights' 0.5% pulled its mean under lr 0.1's: it was
    // ranked first, then lost to the current spec on its NaN, and lr 0.1 (better on every seed) was never compared
    const scores = (devBySeed: number[], dev: number) => ({ train: 0, dev, devBySeed, devCostBySeed: devBySeed });
    const tried = [
      { label: "learning rate 0.95", change: {}, scores: scores([0.03, NaN, 0.034], 0.024) },
      { label: "learning rate 0.1", change: {}, scores: scores([0.038, 0.038, 0.038], 0.038) },
      { label: "learning rate 0.01", change: {}, scores: scores([0.2, 0.21, 0.19], 0.2) },
    ];
    expect(bestCandidate(tried).label).toBe("learning rate 0.1");
    expect(bestCandidate([tried[0]!, tried[2]!]).label).toBe("learning rate 0.01");
    // and a step line names the divergence instead of a mean over a diverged seed
    const line = stepLine("learning-rate-too-high", "learning rate", scores([NaN, 0.3, 0.35], 0.33), tried[1]!, tried, compareDev([NaN, 0.3, 0.35], [0.038, 0.038, 0.038], 105, true), "error");
    expect(line).toContain("diverged on 1 of 3 seeds");
    expect(line).toContain("learning rate 0.1 chosen from 3");
    expect(line).not.toContain("NaN");
  });
});

describe("remedyFor", () => {
  it("offers the notes' remedy for each cause, on a log scale where it is a strength", () => {
    const spec = parseSpec({ model: { hidden: relu(8) }, optimizer: { name: "sgd", learningRate: 1 }, training: { epochs: 100 } });
    expect(remedyFor("high-variance", spec)!.candidates.map((c) => c.label)).toEqual([
      "L2 lambda 0.01",
      "L2 lambda 0.1",
      "L2 lambda 1",
      "dropout 0.2",
      "dropout 0.4",
      "early stopping (patience 10% of the epochs)",
    ]);
    expect(remedyFor("learning-rate-too-high", spec, { suggestedLearningRate: 0.0312 })!.candidates.map((c) => c.change)).toEqual([
      { "optimizer.learningRate": 0.031 },
      { "optimizer.learningRate": 0.1 },
      { "optimizer.learningRate": 0.01 },
    ]);
    // a suggestion on the wrong side of the rate is not offered; one within 10% of another is not offered twice
    const rates = (cause: "learning-rate-too-high" | "learning-rate-too-low", suggested: number) =>
      remedyFor(cause, spec, { suggestedLearningRate: suggested })!.candidates.map((c) => c.change["optimizer.learningRate"]);
    expect(rates("learning-rate-too-high", 2)).toEqual([0.1, 0.01]);
    expect(rates("learning-rate-too-low", 0.5)).toEqual([10, 100]);
    expect(rates("learning-rate-too-low", 9.5)).toEqual([9.5, 100]);
    expect(remedyFor("high-bias", spec)!.candidates.map((c) => c.label)).toEqual(["hidden units 32", "hidden units 128", "hidden units 32-32 (one more layer)"]);
    expect(remedyFor("inputs-not-normalized", { ...spec, normalize: false })!.candidates).toEqual([{ label: "inputs standardized", change: { normalize: true } }]);
    expect(remedyFor("data-problem", spec)).toBeNull();
  });

  // an audit helper's findings on improve
  it("clears a layer's own l2 or dropout in the regularization candidates: a layer's 0 overrode the spec's value, so they trained the current spec", () => {
    const spec = parseSpec({ model: { hidden: [{ units: 8, activation: "relu", l2: 0, dropout: 0 }, { units: 8, activation: "relu", dropout: 0.1 }] }, training: { epochs: 100 } });
    const candidates = remedyFor("high-variance", spec)!.candidates;
    const l2 = candidates.find((c) => c.label === "L2 lambda 0.01")!;
    expect(l2.change).toEqual({ l2: 0.01, "model.hidden": [{ units: 8, activation: "relu", dropout: 0 }, { units: 8, activation: "relu", dropout: 0.1 }] });
    const dropout = candidates.find((c) => c.label === "dropout 0.2")!;
    expect(dropout.change).toEqual({ dropout: 0.2, "model.hidden": [{ units: 8, activation: "relu", l2: 0 }, { units: 8, activation: "relu" }] });
  });

  it("a network that learned nothing is not offered the initialization it already has (He for ReLU by default), and is offered a deeper one", () => {
    // (400 full-batch epochs: under 300 gradient steps, the start's 3000 steps are offered first)
    const plain = parseSpec({ model: { hidden: relu(4) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } });
    expect(remedyFor("high-bias", plain, { learnedNothing: true })!.candidates.map((c) => c.label)).toEqual(["hidden units 16", "hidden units 16-16 (one more layer)"]);
    const byHand = parseSpec({ model: { hidden: [{ units: 4, activation: "relu", init: "randomNormal", initScale: 0.01 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400 } });
    expect(remedyFor("high-bias", byHand, { learnedNothing: true })!.candidates.map((c) => c.label)[0]).toBe("He initialization for ReLU layers, LeCun for the others");
  });

  it("a network that learned nothing is offered the range test's rate where it is over twice the spec's, never a lower one (an audit)", () => {
    const plain = parseSpec({ model: { hidden: relu(4) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 400 } });
    const labels = (suggestedLearningRate: number | null) => remedyFor("high-bias", plain, { learnedNothing: true, suggestedLearningRate })!.candidates.map((c) => c.label);
    expect(labels(0.43)).toEqual(["Adam at learning rate 0.01", "learning rate 0.43 (the range test's)", "hidden units 16", "hidden units 16-16 (one more layer)"]);
    expect(labels(0.0047)).toEqual(["Adam at learning rate 0.01", "hidden units 16", "hidden units 16-16 (one more layer)"]);
    expect(labels(0.015)).toEqual(labels(null)); // within twice the spec's: nothing new to measure
    // and not where the cause is a network too small that learned something
    expect(remedyFor("high-bias", plain, { suggestedLearningRate: 0.43 })!.candidates.map((c) => c.label)).not.toContain("learning rate 0.43 (the range test's)");
  });

  it("runs the range test where the network learned nothing, and tries its rate (spirals, 2 sigmoid units on SGD at 0.01: the loop told the user to run lr-find)", async () => {
    const spec = { seed: 1, data: { source: "spirals", n: 300 }, normalize: true, model: { hidden: [{ units: 2, activation: "sigmoid" }] }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } };
    const lines: string[] = [];
    const result = await improve(parseSpec(spec), { trials: 16, onProgress: (line) => lines.push(line) });
    expect(lines).toContain("range test of the learning rate");
    const step = result.steps[0]!;
    expect(step.cause).toBe("high-bias");
    expect(step.tried.map((t) => t.label)).toContainEqual(expect.stringMatching(/^learning rate [\d.]+ \(the range test's\)$/));
  });
});

describe("improve's time budget", () => {
  // a clock that moves a second each time improve says what it does: the steps' times without the wall clock
  const clocked = () => {
    let t = 0;
    return { now: () => t, onProgress: () => void (t += 1000) };
  };
  const spec = { name: "tiny", seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: relu(2) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } };

  it("begins no step expected to end past it (a step began at 86 s of 90 and ran 4.5 minutes: an improve audit)", async () => {
    const probe = clocked();
    const started = await improve(parseSpec(spec), { trials: 20, ...probe });
    // the start's scoring and diagnosis took this long on the clock, and one step began after it
    // (the clock before the final run, which trains after the loop where its seed is not the diagnosed one's)
    const startMs = await (async () => {
      const c = clocked();
      let before = 0;
      await improve(parseSpec(spec), { trials: 4, now: c.now, onProgress: (line) => {
          c.onProgress();
          if (!line.startsWith("training the final spec")) before = c.now();
        },
      });
      return before;
    })();
    expect(startMs).toBeGreaterThan(0);
    expect(started.steps.length).toBeGreaterThan(0);
    // a budget past the start but short of a step as long: the old rule (elapsed < budget) began one
    const short = await improve(parseSpec(spec), { timeMs: 1.5 * startMs, ...clocked() });
    expect(short.end).toBe("time");
    expect(short.steps).toEqual([]);
    // room for a step as long as the start: it is begun
    const room = await improve(parseSpec(spec), { timeMs: 2.5 * startMs, trials: 20, ...clocked() });
    expect(room.steps.length).toBeGreaterThan(0);
  });

  it("ends on a data problem as it would without it: the budget speaks only where a step would begin (it said 'the time budget left no room'; an audit)", async () => {
    // 60 rows: a dev set of 12, which the doctor names as the data's problem before any step
    const little = { ...spec, data: { source: "moons", n: 60, noise: 0.3 }, model: { hidden: relu(128, 128) }, training: { epochs: 500, batchSize: "full" } };
    const unlimited = await improve(parseSpec(little), clocked());
    expect(unlimited.end).toBe("data-problem");
    const timed = await improve(parseSpec(little), { timeMs: 500, ...clocked() });
    expect([timed.end, timed.steps.length, timed.trainings]).toEqual(["data-problem", 0, unlimited.trainings]);
  });
});
