/**
 * The worker's diagnosis without a browser: the doctor (the library's one engine) on the playground's
 * session, no answer before the run has made progress, and the bounded flow record it reads.
 */
import { describe, expect, it } from "vitest";
import { diagnose, gatherEvidence, History, recordRun } from "../../src/index.js";
import { type DoctorCard, doctorCard, MAX_CURVE_POINTS, PROGRESS, thinned } from "../../web/src/doctor-card.js";
import { MAX_FLOW_SNAPSHOTS } from "../../web/src/flow-record.js";
import { evaluations, flowNow } from "../../web/src/observe.js";
import { TrainingSession } from "../../web/src/session.js";
import { openSession } from "./knobs.js";

/** Trains until `epochs` epochs are done or the run stops by itself. */
function train(session: TrainingSession, epochs: number): TrainingSession {
  while (session.epoch < epochs && session.step());
  return session;
}

/** The card as the worker computes it: from the views' evaluations and flow probe. */
function card(session: TrainingSession): DoctorCard | null {
  return doctorCard(session, evaluations(session), flowNow(session)?.snapshot);
}

const causes = (c: DoctorCard | null) => (c?.state === "diagnosed" ? c.diagnosis.causes.map((x) => x.id) : null);

describe("the playground's doctor", () => {
  it("gives no diagnosis of untrained weights, nor before the run has made progress", async () => {
    const session = await openSession();
    expect(card(session)).toEqual({ state: "waiting", epoch: 0 });
    train(session, PROGRESS.minEpochs - 1);
    expect(card(session)).toEqual({ state: "waiting", epoch: PROGRESS.minEpochs - 1 });
  });

  it("diagnoses the trained default network (tanh, LeCun) without calling its initialization too large", async () => {
    const session = train(await openSession(), 60);
    const result = card(session);
    expect(result?.state).toBe("diagnosed");
    expect(causes(result)).not.toContain("init-too-large");
    // The same answer whether the worker hands over its evaluations or the doctor evaluates itself.
    const alone = doctorCard(session);
    expect(alone?.state === "diagnosed" && alone.diagnosis).toEqual(result?.state === "diagnosed" && result.diagnosis);
  });

  it("names a learning rate too high when gradient descent at 10 diverges, and the session says it diverged", async () => {
    const session = train(await openSession({ optimizer: "sgd", learningRate: 10 }), 1000);
    expect(session.stopped?.reason).toBe("diverged");
    expect(session.stopped?.message).toMatch(/^training diverged: /);
    expect(session.stopped?.message).toMatch(/were put back( \([^)]*\))?$/); // the Trainer's first line, without the heading of its list
    expect(session.stopped?.message).not.toMatch(/Likely causes|Measured at|lower the learning rate/); // causes come from the doctor only
    const result = card(session);
    expect(causes(result)?.[0]).toBe("learning-rate-too-high");
    expect(result?.state === "diagnosed" && result.diagnosis.causes[0]!.evidence.length).toBeGreaterThan(0);
  });

  it("diagnoses a stuck run once enough epochs have passed (zeros: symmetry never breaks)", async () => {
    const session = train(await openSession({ init: "zeros" }), PROGRESS.enoughEpochs - 1);
    expect(card(session)?.state).toBe("waiting");
    train(session, PROGRESS.enoughEpochs);
    expect(causes(card(session))?.[0]).toBe("symmetric-init");
  });

  it("shows gradient-flow findings as observations, without flowFindings' likely causes", async () => {
    const session = train(await openSession({ init: "randomNormal", initScale: 10 }), 30);
    const flow = flowNow(session)!;
    expect(flow.findings.length).toBeGreaterThan(0);
    for (const f of flow.findings) expect(f).not.toHaveProperty("cause");
    expect(causes(card(session))?.[0]).toBe("init-too-large");
  });

  it("keeps a bounded, evenly spaced flow record: the initial snapshot, then at most MAX_FLOW_SNAPSHOTS", async () => {
    const session = await openSession({ batchSize: "full" });
    let most = 0;
    for (let epochs = 10; epochs <= 700; epochs += 10) {
      train(session, epochs);
      most = Math.max(most, session.flow.snapshots.length);
    }
    const epochs = session.flow.snapshots.map((s) => s.epoch);
    expect(most).toBeLessThanOrEqual(MAX_FLOW_SNAPSHOTS + 1);
    expect(epochs[0]).toBe(-1);
    const gaps = new Set(epochs.slice(1).map((e, i) => e - epochs[i]!)); // epochs[i] is the one before e
    expect(gaps.size).toBe(1); // one spacing over the whole run
    expect(epochs.at(-1)!).toBeGreaterThan(700 - 2 * [...gaps][0]!);
  });

  it("reads long curves thinned to every k-th epoch, the last one included, and keeps the real epoch count", async () => {
    const history = new History();
    for (let e = 0; e < 25; e++) history.record(e, { loss: 1 / (e + 1), dataLoss: 1 / (e + 1) });
    expect(thinned(history, 30)).toBe(history);
    const short = thinned(history, 10);
    expect(short.epochs).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    expect(short.get("loss")).toEqual(short.epochs.map((e) => 1 / (e + 1)));
    expect(short.initial).toBe(history.initial);

    // MAX_CURVE_POINTS + 2,000 epochs of slow full-batch gradient descent (undertrained), thinned to every
    // other epoch. 200 points, not the page's 400: half the time, and the same diagnosis.
    const session = train(await openSession({ size: 200, batchSize: "full", optimizer: "sgd", learningRate: 0.003, epochs: MAX_CURVE_POINTS + 5_000 }), MAX_CURVE_POINTS + 2_000);
    const result = card(session)!;
    expect(session.history.length).toBeGreaterThan(MAX_CURVE_POINTS);
    expect(result.state).toBe("diagnosed");
    // The same causes as the engine reading every epoch, and the real epoch count in its words.
    const everyEpoch = diagnose(
      gatherEvidence(
        recordRun({
          model: session.model,
          history: session.history,
          flow: [...session.flow.snapshots],
          finalFlow: flowNow(session)!.snapshot,
          train: session.data.train,
          dev: session.data.dev,
          epochsPlanned: session.history.length,
        }),
      ),
    );
    expect(causes(result)).toEqual(everyEpoch.causes.map((c) => c.id));
    const words = JSON.stringify(result);
    expect(words).not.toContain(`${thinned(session.history, MAX_CURVE_POINTS).length} epochs`);
    if (words.includes(" epochs")) expect(words).toContain(`${session.history.length} epochs`);
  });
});

describe("the playground's doctor and the spec's baseline", () => {
  it("weighs the training error against the spec's baselineError, as nnlab train does (the card said 'none given' whatever the spec said)", async () => {
    const { parseSpec } = await import("../../src/index.js");
    const { DEFAULT_SPEC } = await import("../../web/src/page-spec.js");
    const at = async (baselineError?: number) => {
      const spec = parseSpec({ ...DEFAULT_SPEC, data: { source: "moons", n: 200, noise: 0.3 }, training: { ...DEFAULT_SPEC.training, epochs: 60 }, ...(baselineError !== undefined ? { baselineError } : {}) });
      const session = await TrainingSession.open(spec);
      while (session.step());
      return JSON.stringify(card(session));
    };
    expect(await at()).toContain("against a baseline of 0.0% (none given)");
    const given = await at(0.3);
    expect(given).not.toContain("none given");
    expect(given).not.toContain("high bias");
  });

  it("knows the run's augmentation, as nnlab train does (an augmented, overfitting run was told to augment)", async () => {
    const { parseSpec } = await import("../../src/index.js");
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.35 }, model: { hidden: [{ units: 64 }, { units: 64 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 300, batchSize: 32 }, augment: { jitter: 0.01 } });
    const session = await TrainingSession.open(spec);
    while (session.step());
    const words = JSON.stringify(card(session));
    expect(words).toContain("high-variance");
    expect(words).toContain("stronger augmentation (now jitter 0.01)");
    expect(words).not.toContain("or data augmentation");
  });
});
