/**
 * The playground's logic without a browser: the spec in the URL, the training session the worker runs
 * (built by the library's buildExperiment), and what it reports (early stopping, gradient check, the boundary).
 */
import { describe, expect, it } from "vitest";
import { builtInDatasets, parseSpec, runExperiment } from "../../src/index.js";
import { boundary, gradientCheck, scores } from "../../web/src/observe.js";
import { DEFAULT_SPEC, specFromText } from "../../web/src/page-spec.js";
import type { TrainingSession } from "../../web/src/session.js";
import { specFromQuery, specToQuery } from "../../web/src/url-state.js";
import { type Knobs, openSession, pageSpec } from "./knobs.js";

async function costAfter(k: Knobs, iterations: number): Promise<number> {
  const session = await openSession(k);
  for (let i = 0; i < iterations; i++) session.step();
  return session.model.evaluatePrepared(session.data.trainX, session.data.train.y, session.trainingExamples).loss;
}

describe("the spec in the URL", () => {
  it("round-trips every field the spec has, defaults left out", () => {
    const spec = parseSpec({
      name: "everything", seed: 42,
      data: { source: "moons", n: 350, noise: 0.25, classes: 2, onInvalidRow: "drop", inputFeatures: ["x1*x2", "sin x2", "x1"] },
      split: [0.7, 0.15, 0.15], normalize: false, normalizeTarget: true,
      model: {
        dtype: "float32",
        hidden: [
          { units: 5, activation: "relu", init: "randomNormal", initScale: 0.5, dropout: 0.2, l2: 0.1 },
          { units: 3, activation: "tanh", l1: 0.001 },
          { units: 2, activation: "relu", init: "he", dropout: 0.5 },
        ],
        output: { init: "zeros" },
      },
      l2: 0.7, l1: 0.01, dropout: 0.05,
      optimizer: { name: "adam", learningRate: 0.3, beta1: 0.8, beta2: 0.99, weightDecay: 0.001 },
      training: { epochs: 123, batchSize: 16, earlyStopping: { patience: 7, minDelta: 0.001, monitor: "loss" }, stopOnDivergence: false },
      augment: { jitter: 0.05 },
      baselineError: 0.08,
    });
    const query = specToQuery(spec);
    expect(specFromQuery(query)).toEqual({ spec, problems: [] });
    // fields without a key of their own travel as JSON under "more": a link never drops a field
    const csvSpec = parseSpec({
      data: { source: "x.csv", label: "y", task: "regression", delimiter: ";", splitColumn: "part", onInvalidRow: "drop" },
      normalizeTarget: true,
      training: { epochs: 10 },
    });
    const generated = parseSpec({ data: { source: "moons", seed: 7 }, classWeight: "balanced", augment: { jitter: 0.1, noise: 0.05, flip: true, shift: 2, rotate: 10 } });
    const weighted = parseSpec({ data: { source: "blobs", classes: 3 }, classWeight: [1, 2.5, 0.5] });
    for (const s of [csvSpec, generated, weighted]) expect(specFromQuery(specToQuery(s))).toEqual({ spec: s, problems: [] });
    expect(new URLSearchParams(specToQuery(csvSpec)).get("more")).toBe('{"data":{"task":"regression","delimiter":";","splitColumn":"part"}}');
    expect(specFromQuery("data=moons&more=%7Bnot").problems).toEqual(['URL: more: expected a JSON object of spec fields; received "{not"; ignored']);
    for (const s of [DEFAULT_SPEC, pageSpec({ hidden: [] }), pageSpec({ batchSize: "full", patience: 3 }), parseSpec({ data: { source: "x.csv", label: "y", features: ["a", 2] }, split: [0.8, 0.2] })]) {
      expect(specFromQuery(specToQuery(s))).toEqual({ spec: s, problems: [] });
    }
    expect(specToQuery(DEFAULT_SPEC)).toBe("name=playground&data=circles&n=400&noise=0.1&oinit=lecun&lr=0.01&opt=adam&batch=32&layers=8%2C8&act=tanh&init=lecun".replace("lr=0.01&opt=adam", "opt=adam&lr=0.01"));
    // A query is read like a spec file: what it leaves out takes the spec's defaults.
    expect(specFromQuery("data=moons&layers=4").spec).toEqual(parseSpec({ data: { source: "moons" }, model: { hidden: [{ units: 4 }] } }));
  });

  it("keeps every valid value of a link with bad ones, naming each rejected value and what was used instead", () => {
    const { spec, problems } = specFromQuery("data=moons&lr=abc&layers=4,4&dropout=0.1,0.2,0.3&seed=3&colour=red");
    expect(spec).toEqual(parseSpec({ seed: 3, data: { source: "moons" }, model: { hidden: [{ units: 4 }, { units: 4 }] } }));
    expect(problems).toEqual([
      "URL: dropout has 3 entries for 2 hidden layers; ignored",
      'URL: unknown key "colour" ignored',
      'URL: optimizer.learningRate: expected a number; received "abc"; the default is used',
    ]);
    const banana = specFromQuery("data=banana&seed=5&lr=0.05");
    expect([banana.spec.data.source, banana.spec.seed, banana.spec.optimizer.learningRate]).toEqual(["football", 5, 0.05]);
    expect(banana.problems).toEqual([
      `URL: data: expected a built-in dataset (${builtInDatasets.join(", ")}) or a .csv file; received "banana"; the default is used`,
    ]);
    const layer = specFromQuery("layers=4,0&seed=2");
    expect(layer.spec.model.hidden.map((h) => h.units)).toEqual([4]);
    expect(layer.problems).toEqual(["URL: model.hidden[1].units: expected a number above 0; received 0; model.hidden[1] is left out"]);
    expect(specFromQuery("dropout=1.5").problems.join()).toContain("model.hidden[0].dropout: expected a number below 1; received 1.5; the default is used");
    expect(specFromQuery("").spec).toEqual(DEFAULT_SPEC);
    // a field refused beside another (momentum beside Adam, a scale beside He) costs that field only: the
    // refusal named "name" or "init", and the page dropped the whole optimizer or layer of a link
    const foreign = specFromQuery("opt=adam&mom=0.95&lr=0.01&layers=8,6&act=tanh&init=heNormal&scale=2");
    expect([foreign.spec.optimizer, foreign.spec.model.hidden.map((h) => h.units)]).toEqual([{ name: "adam", learningRate: 0.01 }, [8, 6]]);
    expect(foreign.problems).toContain(`URL: optimizer.momentum: expected only with "name": "momentum" (its velocity is momentum's alone); received 0.95; the default is used`);
    expect(foreign.problems.join("\n")).not.toMatch(/Invalid option/);
    // a minDelta that is not a number costs only itself (it dropped early stopping and its patience)
    const delta = specFromQuery("layers=8&es=10&esdelta=x");
    expect(delta.spec.training.earlyStopping).toEqual({ patience: 10, minDelta: 0, monitor: "valLoss" });
    expect(delta.problems).toEqual(['URL: training.earlyStopping.minDelta: expected a number; received "x"; the default is used']);
    expect(specFromQuery("layers=8&esdelta=0.1").problems).toEqual(["URL: esdelta without es (early stopping is off); ignored"]);
  });

  it("keeps a split seed of its own in the link (the fixed test set is part of the run)", () => {
    const spec = parseSpec({ data: { source: "moons" }, split: { ratios: [0.6, 0.2, 0.2], seed: 7 }, seed: 3 });
    expect(specToQuery(spec)).toContain("splitseed=7");
    expect(specFromQuery(specToQuery(spec)).spec).toEqual(spec);
    const auto = parseSpec({ split: { ratios: "auto", seed: 2 } });
    expect(specFromQuery(specToQuery(auto)).spec).toEqual(auto);
  });

  it("reads a pasted spec, or says in one message why not (never throws)", () => {
    expect(specFromText('{"data": {"source": "moons"}}')).toEqual({ spec: parseSpec({ data: { source: "moons" } }) });
    expect(specFromText("{nope")).toEqual({ problem: expect.stringMatching(/^spec: not valid JSON: /) });
    expect(specFromText('{"model": {"hidden": [{"units": 0}]}, "bogus": 1}')).toEqual({
      problem: 'spec: invalid experiment spec:\n  model.hidden[0].units: expected a number above 0; received 0\n  (the spec): unknown field "bogus" (expected one of: name, seed, data, split, normalize, normalizeTarget, model, l2, l1, dropout, optimizer, training, augment, baselineError, classWeight)',
    });
  });
});

describe("TrainingSession", () => {
  it("reproduces a run from its spec: same seed, same cost; another seed, another", async () => {
    const k: Knobs = { hidden: [6], dropout: [0.2], l2: 0.1, batchSize: 16 };
    expect(await costAfter(k, 40)).toBe(await costAfter({ ...k }, 40));
    expect(await costAfter({ ...k, seed: 2 }, 40)).not.toBe(await costAfter(k, 40));
  });

  it("ends when the spec's epochs are done, and says so", async () => {
    const session = await openSession({ epochs: 3, batchSize: "full" });
    while (session.step());
    expect(session.epoch).toBe(3);
    expect(session.stopped).toEqual({ reason: "completed", stoppedEpoch: 2, message: "the spec's 3 epochs are done" });
  });

  it("trains logistic regression (no hidden layer)", async () => {
    const session: TrainingSession = await openSession({ hidden: [], dataset: "blobs", epochs: 20 });
    while (session.step());
    expect(session.model.layers).toHaveLength(1);
    expect(scores(session).trainError).toBeLessThan(0.5);
  });

  it("trains circles with He initialization and L2 and records one curve point per epoch", async () => {
    const session = await openSession({ activation: "relu", init: "he", l2: 0.01, hidden: [8, 8] });
    const before = scores(session);
    for (let i = 0; i < 8 * 60; i++) session.step();
    const after = scores(session);
    expect(session.epoch).toBe(60); // 240 training examples in batches of 32: 8 per epoch
    const points = session.takePoints();
    expect(points.length).toBe(60 * 6);
    expect(points[3]).toBeGreaterThan(0); // the regularization part is recorded
    expect(after.trainLoss).toBeLessThan(before.trainLoss / 3);
    expect(after.trainError).toBeLessThan(0.05);
  });

  it("stops early at the dev cost's minimum and puts those weights back", async () => {
    const session = await openSession({ dataset: "moons", noise: 0.35, size: 100, hidden: [64, 64], activation: "relu", init: "he", learningRate: 0.01, batchSize: "full", patience: 5 });
    while (session.step() && session.iteration < 5000);
    expect(session.stopped?.reason).toBe("earlyStopping");
    const { bestEpoch, stoppedEpoch } = session.stopped!;
    expect(stoppedEpoch - bestEpoch!).toBe(6);
    const points = session.takePoints();
    const devAt = (epoch: number) => points[epoch * 6 + 4]!;
    expect(scores(session).devLoss).toBeCloseTo(devAt(bestEpoch!), 12);
    expect(Math.min(...Array.from({ length: stoppedEpoch + 1 }, (_, e) => devAt(e)))).toBe(devAt(bestEpoch!));
  });

  it("passes the gradient check with L2, L1 and dropout (switched off for the check)", async () => {
    const session = await openSession({ l2: 0.5, l1: 0.01, dropout: [0.3, 0], hidden: [5, 4] });
    for (let i = 0; i < 20; i++) session.step();
    const report = gradientCheck(session);
    expect(report.verdict).toBe("pass");
    expect(report.dropoutSwitchedOff).toBe(true);
    expect(report.perTensor.map((t) => t.name)).toEqual(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  });

  it("maps the model's predictions over the data's extent, and several classes as class + probability", async () => {
    const binary = boundary(await openSession(), 8)!;
    expect(binary.values.length).toBe(64);
    expect(binary.classes).toBe(2);
    expect(binary.values.every((v) => v > 0 && v < 1)).toBe(true);
    const blobs = boundary(await openSession({ dataset: "blobs" }), 8)!;
    expect(blobs.classes).toBe(3);
    expect(blobs.values.every((v) => v >= 0 && v < 3 && v - Math.floor(v) > 1 / 3 - 1e-6)).toBe(true);
  });
});

describe("page findings of an audit (session 14)", () => {
  it("a key given twice in the URL is said, not dropped without a word", () => {
    const { spec, problems } = specFromQuery("data=moons&lr=0.1&lr=0.3");
    expect(spec.optimizer.learningRate).toBe(0.1);
    expect(problems).toEqual(['URL: lr given 2 times ("0.1", "0.3"); the first is used']);
  });

  it("the page's model keeps its label column's name, as nnlab train's does (predict scores against it)", async () => {
    const { TrainingSession } = await import("../../web/src/session.js");
    const { csvTextLoader } = await import("../../src/index.js");
    const text = ["x1,x2,kind", ...Array.from({ length: 60 }, (_, i) => `${Math.sin(i).toFixed(3)},${Math.cos(i).toFixed(3)},${i % 2 ? "a" : "b"}`)].join("\n");
    const spec = parseSpec({ seed: 1, data: { source: "k.csv", label: "kind" }, model: { hidden: [{ units: 4 }] }, training: { epochs: 2 } });
    const session = await TrainingSession.open(spec, csvTextLoader(text, "k.csv"));
    expect(session.model.labelName).toBe("kind");
  });
});

describe("page findings of an audit (the form's honesty)", () => {
  it("says early stopping watched the value the spec names, not 'the dev cost' whatever it watched", async () => {
    const { TrainingSession } = await import("../../web/src/session.js");
    const spec = parseSpec({ seed: 1, data: { source: "circles", n: 100 }, model: { hidden: [{ units: 4 }] }, training: { epochs: 50, earlyStopping: { patience: 2, monitor: "valAccuracy" } } });
    const session = await TrainingSession.open(spec);
    while (session.step());
    expect(session.stopped?.reason).toBe("earlyStopping");
    expect(session.stopped?.message).toMatch(/^early stopping at epoch \d+: valAccuracy did not improve for 3 epochs after epoch \d+/);
    // the epochs as the library (and nnlab train, the report, the doctor card) number them: from 0 (an audit
    // helper: the page said one more for each)
    const library = await runExperiment(spec, { recordFlow: false });
    expect(session.stopped?.message).toContain(`early stopping at epoch ${library.history.earlyStopping!.stoppedEpoch}: `);
    expect(session.stopped?.message).toContain(`after epoch ${library.history.earlyStopping!.bestEpoch}`);
    const byCost = await openSession({ dataset: "moons", noise: 0.35, size: 100, hidden: [64, 64], activation: "relu", init: "he", learningRate: 0.01, batchSize: "full", patience: 5 });
    while (byCost.step() && byCost.iteration < 5000);
    expect(byCost.stopped?.message).toContain(": the dev cost did not improve for 6 epochs");
  });

  it("hands over the library's warnings for the run (the page said nothing of them)", async () => {
    const { TrainingSession } = await import("../../web/src/session.js");
    const spec = parseSpec({ seed: 1, data: { source: "circles", n: 100 }, model: { hidden: [] }, dropout: 0.3, training: { epochs: 2 } });
    const session = await TrainingSession.open(spec);
    expect(session.warnings).toEqual([expect.stringMatching(/^dropout 0\.3 was asked for, but the network has no hidden layer/)]);
    expect((await openSession()).warnings).toEqual([]);
  });
});
