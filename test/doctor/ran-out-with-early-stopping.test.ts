/**
 * Runs that ran out of epochs with early stopping on (an improve audit on users' CSVs): the doctor said
 * "undertrained: train longer" where early stopping had already waited its whole patience since the kept
 * epoch (a longer run stops at the next epoch with the same weights: improve's "72 epochs" candidate repeated
 * the run's figures to the last digit, 3 trainings), or where the dev cost after the kept epoch ended well
 * above it; and "kept too early: more patience than 200 epochs" for a 100-epoch run that patience never ended.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const run = (spec: object) => runExperiment(parseSpec(spec), {});
const causes = (r: Awaited<ReturnType<typeof run>>) => r.diagnosis.causes.map((c) => c.id);

describe("a run that ran out of epochs with early stopping on", () => {
  const moons = { seed: 1, data: { source: "moons", n: 600, noise: 0.3 }, model: { hidden: [{ units: 32, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400, batchSize: 32, earlyStopping: { patience: 10 } } };

  it("is not told to train longer when early stopping had waited its whole patience: a longer run keeps the same weights", async () => {
    const long = await run(moons);
    expect(long.history.stop.reason).toBe("earlyStopping");
    const best = long.history.earlyStopping!.bestEpoch;
    // the same run cut one epoch before early stopping would have ended it
    const cut = await run({ ...moons, training: { ...moons.training, epochs: long.history.length - 1 } });
    expect(cut.history.stop.reason).toBe("completed");
    expect(cut.history.earlyStopping!.bestEpoch).toBe(best);
    expect(cut.history.earlyStopping!.patience).toBe(10);
    // the premise: the two runs keep the same weights, so "train longer" cannot change the result
    expect(cut.model.getWeights()).toEqual(long.model.getWeights());
    expect(cut.evidence.cost.shape.recentFall).toBeGreaterThan(0.02); // the training cost was still falling
    expect(causes(cut)).not.toContain("undertrained");
    expect(JSON.stringify(cut.diagnosis)).not.toMatch(/train longer: about/);
  });

  it("control: the same run cut well before early stopping's patience is still told to train longer", async () => {
    const short = await run({ ...moons, training: { ...moons.training, epochs: 12 } });
    expect(short.history.stop.reason).toBe("completed");
    const es = short.history.earlyStopping!;
    expect(short.history.length - 1 - es.bestEpoch).toBeLessThan(10);
    expect(causes(short)[0]).toBe("undertrained");
  });

  it("is not called 'kept too early' (more patience) where patience never ended it, and names no patience it did not use", async () => {
    const spec = { seed: 1, data: { source: "moons", n: 300, noise: 0.3 }, model: { hidden: [{ units: 128, activation: "relu" }, { units: 128, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 100, batchSize: 32, earlyStopping: { patience: 200 } } };
    const r = await run(spec);
    expect(r.history.stop.reason).toBe("completed");
    const a = r.evidence.afterKept!;
    // the premise: the dev cost after the kept epoch ended well above it
    expect(a.end).toBeGreaterThan(1.1 * a.kept);
    const text = JSON.stringify(r.diagnosis);
    expect(text).not.toMatch(/more patience/);
    expect(text).not.toMatch(/when early stopping ended the run/);
    expect(causes(r)).not.toContain("undertrained");
  });
});
