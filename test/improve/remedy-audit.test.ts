/**
 * An audit of `improve` (a code helper, /tmp/audit-improve): candidates that could not change the run,
 * values offered again in a direction the run had measured worse, a spec line that hid the change kept,
 * a mean dev figure that took in a diverged seed's last healthy weights, and trainings counted twice.
 */
import { describe, expect, it } from "vitest";
import {
  type CauseId,
  type ExperimentSpec,
  improve,
  type ImproveResult,
  parseSpec,
  remedyFor,
  runExperiment,
  runTrial,
  serialExecutor,
  specLine,
  type TrialExecutor,
  type TrialResult,
  withValue,
} from "../../src/index.js";

const relu = (...units: number[]) => units.map((u) => ({ units: u, activation: "relu" }));

/** The spec a candidate's change makes (as improve applies it). */
function applied(spec: ExperimentSpec, change: Record<string, unknown>): ExperimentSpec {
  let plain = structuredClone(spec) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(change)) plain = withValue(plain, path, value);
  return parseSpec(JSON.parse(JSON.stringify(plain)));
}

const CAUSES: CauseId[] = [
  "learning-rate-too-high",
  "learning-rate-too-low",
  "undertrained",
  "symmetric-init",
  "init-too-small",
  "init-too-large",
  "inputs-not-normalized",
  "target-not-normalized",
  "over-regularized",
  "high-bias",
  "high-variance",
];
const CONTEXTS = [{}, { keptTooEarly: true }, { learnedNothing: true }, { images: true, suggestedLearningRate: 0.05 }];

describe("A.1: a candidate that cannot change the run is not offered", () => {
  it("high variance at 3 epochs: early stopping gets a patience that can stop the run (5 could not), or none where the dev cost fell at every epoch", () => {
    // the audit: digits at 3 epochs, patience max(5, 0) = 5: its per-seed dev errors were the current spec's, bit for bit
    const spec = parseSpec({ model: { hidden: relu(64) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 3, batchSize: 32 } });
    const stopping = (devCost?: number[]) => remedyFor("high-variance", spec, { devCost })!.candidates.find((c) => c.label.startsWith("early stopping"));
    // a stop comes after patience + 1 epochs without improvement: within 3 epochs only patience 0 can end a run early
    expect(stopping()!.change).toEqual({ "training.earlyStopping": { patience: 0 } });
    expect(stopping([0.9, 1.1, 0.8])!.change).toEqual({ "training.earlyStopping": { patience: 0 } });
    // the diagnosed run's dev cost fell at every epoch: early stopping would neither stop it nor go back
    expect(stopping([0.9, 0.5, 0.3])).toBeUndefined();
    // one epoch: nothing to stop or go back to
    expect(remedyFor("high-variance", applied(spec, { "training.epochs": 1 }))!.candidates.some((c) => c.label.startsWith("early stopping"))).toBe(false);
    // a longer run keeps the tenth of its epochs
    const long = applied(spec, { "training.epochs": 100 });
    expect(remedyFor("high-variance", long, { devCost: Array.from({ length: 100 }, (_, i) => 1 + (i - 60) ** 2 / 1000) })!.candidates.find((c) => c.label.startsWith("early stopping"))).toEqual({
      label: "early stopping (patience 10% of the epochs)",
      change: { "training.earlyStopping": { patience: 10 } },
    });
  });

  it("the premise: early stopping whose patience cannot act trains the spec without it bit for bit", async () => {
    const spec = parseSpec({ seed: 2, data: { source: "iris" }, model: { hidden: relu(8) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 3, batchSize: 16 } });
    const trial = (s: ExperimentSpec) => runTrial({ index: 0, values: {}, spec: s });
    const without = await trial(spec);
    const patient = await trial(applied(spec, { "training.earlyStopping": { patience: 5 } }));
    expect([patient.devLoss, patient.devError, patient.trainLoss]).toEqual([without.devLoss, without.devError, without.trainLoss]);
  });

  it("the notes' initialization where the spec has it, standardization that is on, networks at 1024 units, regularization lowered from none: not offered", () => {
    const plain = parseSpec({ model: { hidden: relu(16) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100 } });
    // He for ReLU is Dense's default: "init": "he" trains the same bits
    for (const cause of ["symmetric-init", "init-too-small", "init-too-large"] as const) expect(remedyFor(cause, plain)!.candidates).toEqual([]);
    expect(remedyFor("inputs-not-normalized", plain)!.candidates).toEqual([]);
    expect(remedyFor("target-not-normalized", applied(plain, { normalizeTarget: true }))!.candidates).toEqual([]);
    expect(remedyFor("over-regularized", plain)!.candidates).toEqual([]);
    const capped = applied(plain, { "model.hidden": relu(1024, 1024) });
    expect(remedyFor("high-bias", capped)!.candidates.map((c) => c.label)).toEqual(["hidden units 1024-1024-1024 (one more layer)"]);
  });

  it("over-regularized: each candidate is named by the regularizers the spec uses, not by an L1 and a dropout of 0 it never had", () => {
    const l2Only = parseSpec({ model: { hidden: relu(16) }, l2: 0.1, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100 } });
    expect(remedyFor("over-regularized", l2Only)!.candidates.map((c) => c.label)).toEqual(["L2 lambda 0.01", "L2 lambda 0.001", "no regularization"]);
    const both = applied(l2Only, { l2: 1, dropout: 0.5, "optimizer.weightDecay": 0.01 });
    expect(remedyFor("over-regularized", both)!.candidates.map((c) => c.label)).toEqual([
      "L2 lambda 0.1, dropout 0.05, weight decay 0.001",
      "L2 lambda 0.01, dropout 0.005, weight decay 0.0001",
      "no regularization",
    ]);
    // a layer's own L2, the spec's 0: the candidates clear it, and say the L2 they leave
    const layered = applied(l2Only, { l2: 0, "model.hidden": [{ units: 16, activation: "relu", l2: 3 }] });
    const [first] = remedyFor("over-regularized", layered)!.candidates;
    expect(first!.label).toBe("L2 lambda 0");
    expect(applied(layered, first!.change).model.hidden[0]!.l2).toBeUndefined();
    // weight decay alone: named alone
    const decayOnly = applied(l2Only, { l2: 0, "optimizer.weightDecay": 0.5 });
    expect(remedyFor("over-regularized", decayOnly)!.candidates.map((c) => c.label)).toEqual(["weight decay 0.05", "weight decay 0.005", "no regularization"]);
  });

  it("every candidate of every remedy changes the spec", () => {
    const specs = [
      parseSpec({ model: { hidden: relu(16) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 3, batchSize: 32 } }),
      parseSpec({ model: { hidden: relu(1024) }, normalizeTarget: true, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 200, earlyStopping: { patience: 200 } } }),
      parseSpec({ model: { hidden: [{ units: 8, activation: "tanh" }] }, l2: 0, training: { epochs: 50 } }),
    ];
    for (const spec of specs) {
      for (const cause of CAUSES) {
        for (const context of CONTEXTS) {
          for (const c of remedyFor(cause, spec, context)?.candidates ?? []) {
            expect(JSON.stringify(applied(spec, c.change)), `${cause}: ${c.label}`).not.toBe(JSON.stringify(spec));
          }
        }
      }
    }
  });
});

/** Runs trials in this thread, counting each spec's trainings. */
function countingExecutor(): TrialExecutor & { ran: Map<string, number> } {
  const inner = serialExecutor();
  const ran = new Map<string, number>();
  return {
    ran,
    run(tasks, onResult, onFailure) {
      return inner.run(
        tasks,
        (r) => {
          const key = JSON.stringify(tasks.find((t) => t.index === r.index)!.spec);
          ran.set(key, (ran.get(key) ?? 0) + 1);
          return onResult(r);
        },
        onFailure,
      );
    },
    stop: () => inner.stop(),
  };
}

describe("A.2 and C.2: a run does not train again what it measured, nor count it twice", () => {
  // the audit's breast-cancer at L2 100, smaller (8 units, 60 epochs: 0.7 s): the over-regularized step lowers
  // L2 to 10, and high variance offered L2 30, 100 (the start, measured worse) and 300 (beyond it)
  const spec = parseSpec({ seed: 1, data: { source: "breast-cancer" }, l2: 100, model: { hidden: relu(8) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 60, batchSize: 32 } });
  const executor = countingExecutor();
  const stored = new Map<string, TrialResult>();
  // a store of finished trials, as the CLI's improve folder (the audit's runs counted its hits as trainings)
  const cache = { get: (k: string) => stored.get(k), put: (k: string, r: TrialResult) => void stored.set(k, r) };
  let run: Promise<ImproveResult> | undefined;
  const result = () => (run ??= improve(spec, { executor, cache }));

  it("A.2: high variance after L2 100 was lowered to 10 tries 30, not 100 (the start) nor 300 (beyond it), and says why", async () => {
    const { steps, finalSpec } = await result();
    const [first, second] = steps;
    expect([first!.cause, first!.kept, finalSpec.l2]).toEqual(["over-regularized", true, 10]); // the premise
    expect(second!.cause).toBe("high-variance");
    const labels = second!.tried.map((t) => t.label);
    expect(labels).toContain("L2 lambda 30");
    expect(labels).not.toContain("L2 lambda 100");
    expect(labels).not.toContain("L2 lambda 300");
    expect(second!.skipped).toEqual([
      expect.stringMatching(/^L2 lambda 100 \(trained already as the starting spec: dev \d+\.\d% against \d+\.\d% now\)$/),
      expect.stringMatching(/^L2 lambda 300 \(beyond l2 100, the starting spec: dev /),
    ]);
    expect(second!.line).toContain("; not tried again: L2 lambda 100 (trained already as the starting spec");
  });

  it("C.2: no spec is trained twice, the trainings are those that ran, and a rerun resumes them all", async () => {
    const first = await result();
    expect([...executor.ran.values()].every((n) => n === 1)).toBe(true);
    const ran = [...executor.ran.values()].reduce((s, n) => s + n, 0);
    const diagnoses = 1 + first.steps.filter((s) => s.kept).length; // the start's, and one per spec kept
    // and the final run: the final spec's seed of the lowest dev cost (seed 3), not a diagnosed one (seed 1)
    expect(first.finalSpec.seed).toBe(3);
    expect(first.trainings).toBe(ran + diagnoses + 1);
    // a rerun on the same store trains nothing again, and counts the resumed trials as before
    const again = countingExecutor();
    const rerun = await improve(spec, { executor: again, cache });
    expect(again.ran.size).toBe(0);
    expect(rerun.trainings).toBe(first.trainings);
    expect(rerun.steps.map((s) => s.line)).toEqual(first.steps.map((s) => s.line));
  });
});

describe("B: the spec line shows every knob a remedy can change, where it is not its default", () => {
  it("a zeros-initialized start and its fixed final spec read differently (they read the same)", () => {
    const zeros = parseSpec({ data: { source: "iris" }, model: { hidden: [{ units: 16, activation: "relu", init: "zeros" }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300 } });
    const fixed = applied(zeros, remedyFor("symmetric-init", zeros)!.candidates[0]!.change);
    expect(specLine(zeros)).toBe("hidden 16 relu (init zeros), sgd at 0.1, batch full, 300 epochs");
    expect(specLine(fixed)).toBe("hidden 16 relu, sgd at 0.1, batch full, 300 epochs"); // He: the default for ReLU
    const large = parseSpec({ model: { hidden: [{ units: 16, activation: "tanh", init: "randomNormal", initScale: 10 }], output: { init: "zeros" } }, training: { epochs: 200, batchSize: 32 } });
    expect(specLine(large)).toBe("hidden 16 tanh (init randomNormal std 10), output init zeros, sgd at 0.3, batch 32, 200 epochs");
    expect(specLine(applied(large, remedyFor("init-too-large", large)!.candidates[0]!.change))).toBe("hidden 16 tanh, output init lecun, sgd at 0.3, batch 32, 200 epochs");
  });

  it("a layer's own L2, L1 and dropout where they differ from the spec's, weight decay, class weights", () => {
    const spec = parseSpec({
      l2: 0.1,
      model: { hidden: [{ units: 8, activation: "relu", l2: 0, dropout: 0.3 }, { units: 4, activation: "linear", l2: 0.1, l1: 0.01, init: "glorot" }] },
      optimizer: { name: "adam", learningRate: 0.01, weightDecay: 0.001 },
      training: { epochs: 100, earlyStopping: { patience: 10 } },
      classWeight: "balanced",
    });
    expect(specLine(spec)).toBe(
      "hidden 8 relu (L2 0, dropout 0.3), 4 linear (init glorot, L1 0.01), adam at 0.01 (weight decay 0.001), batch full, 100 epochs, early stopping (patience 10), L2 0.1, class weights balanced",
    );
    expect(specLine(parseSpec({ classWeight: [1, 4], training: { epochs: 10 } }))).toMatch(/, class weights \[1, 4\]$/);
    // early stopping's minDelta and monitor where they are not the defaults (a minDelta of 0.05 went unsaid)
    expect(specLine(parseSpec({ training: { epochs: 100, earlyStopping: { patience: 20, minDelta: 0.05, monitor: "valAccuracy" } } }))).toMatch(/, early stopping \(patience 20, minDelta 0\.05, on valAccuracy\)/);
  });

  it("every candidate of every remedy changes the line", () => {
    const specs = [
      parseSpec({ model: { hidden: [{ units: 16, activation: "relu", init: "zeros", l2: 0 }], output: { init: "zeros" } }, l2: 0.5, normalize: false, training: { epochs: 300, earlyStopping: { patience: 30 } } }),
      parseSpec({ model: { hidden: [{ units: 8, activation: "tanh", init: "randomNormal", initScale: 10, dropout: 0.1 }] }, dropout: 0.5, optimizer: { name: "adam", learningRate: 0.01, weightDecay: 0.1 }, training: { epochs: 40 } }),
      parseSpec({ model: { hidden: [{ units: 4, activation: "linear" }] }, l1: 0.01, training: { epochs: 20, batchSize: 16 } }),
    ];
    for (const spec of specs) {
      for (const cause of CAUSES) {
        for (const context of CONTEXTS) {
          for (const c of remedyFor(cause, spec, context)?.candidates ?? []) expect(specLine(applied(spec, c.change)), `${cause}: ${c.label}`).not.toBe(specLine(spec));
        }
      }
    }
  });
});

describe("C.1: a mean dev figure is over the seeds that finished", () => {
  it("a diverged seed's last healthy weights stay out of the means shown; the comparison still gets NaN for it", async () => {
    // the trials are made up (seed 3 of the start diverges, its last healthy weights at 90% dev error); the
    // start's first seed is its diagnostic run, and the diagnoses are real runs of a small spec
    const start = parseSpec({ seed: 1, data: { source: "moons", n: 200, noise: 0.2 }, model: { hidden: relu(8) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 5, batchSize: 32 } });
    const fake: TrialExecutor = {
      async run(tasks, onResult) {
        for (const t of tasks) {
          const k = t.spec.seed - 1;
          const isStart = t.index < 3; // the start's seeds are the loop's first tasks (index 0: its diagnostic run)
          if (isStart && k === 0) throw new Error("the start's first seed is its diagnostic run: it is not sent to the executor");
          const [train, dev] = isStart ? ([null, [0.1, 0.2], [0.8, 0.9]][k] as [number, number]) : [0.04, 0.05];
          await onResult({ index: t.index, values: t.values, trainError: train, devError: dev, trainLoss: 1, devLoss: 1, epochs: 5, ms: 1, diverged: isStart && k === 2 });
        }
      },
      stop() {},
    };
    const result = await improve(start, { executor: fake, trials: 12 });
    const first = await runExperiment(result.start, { testInDiagnosis: false });
    const [train1, dev1] = [1 - first.train.accuracy!, 1 - first.dev!.accuracy!];
    expect(dev1).toBeGreaterThan(0.1); // the premise: the candidates' 5% is a gain on this seed too
    expect(result.startScores.devBySeed).toEqual([dev1, 0.2, NaN]); // what compareDev receives, as before
    expect(result.startScores.dev).toBeCloseTo((dev1 + 0.2) / 2, 12); // not the mean with 0.9 from the diverged seed
    expect(result.startScores.train).toBeCloseTo((train1 + 0.1) / 2, 12);
    const step = result.steps[0]!;
    expect(step.before.devBySeed).toEqual([dev1, 0.2, NaN]);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`.replace(".", "\\.");
    expect(step.line).toMatch(new RegExp(`^\\S[^(]* \\(train ${pct((train1 + 0.1) / 2)}, dev ${pct((dev1 + 0.2) / 2)} over the 2 seeds that finished; diverged on 1 of 3 seeds\\): `));
    // compared on the two seeds both finished: gains dev1 - 5 and 15 points
    expect(step.kept).toBe(true);
    expect(step.gain).toBeCloseTo((dev1 - 0.05 + 0.15) / 2, 12);
  });
});
