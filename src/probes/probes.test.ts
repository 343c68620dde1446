import { describe, expect, it } from "vitest";
import type { LrRangeResult } from "../diagnose/doctor/lr-find.js";
import { parseSpec } from "../experiment/spec.js";
import { planProbes } from "./probes.js";
import { runDoctor } from "./run-doctor.js";

/** A range test's result with only what planProbes reads. */
const rangeTest = (suggestion: number, limitFound: boolean) => ({ suggestion, limitFound }) as LrRangeResult;
const adam = (learningRate: number) => parseSpec({ data: { source: "moons" }, optimizer: { name: "adam", learningRate } });
const sgd = (learningRate: number) => parseSpec({ data: { source: "moons" }, optimizer: { name: "sgd", learningRate } });
const probeRate = (spec: ReturnType<typeof adam>, lr: LrRangeResult | null) => planProbes(spec, ["learning-rate-too-low"], lr)[0]!.change["optimizer.learningRate"];

describe("the learning-rate-too-low probe's rate", () => {
  it("is the range test's suggestion where the test found the rate's limit", () => {
    expect(probeRate(adam(1e-4), rangeTest(0.41, true))).toBe(0.41);
    expect(planProbes(adam(1e-4), ["learning-rate-too-low"], rangeTest(0.41, true))[0]!.test).toBe("the same run at learning rate 0.41 (the range test's suggestion)");
  });

  it("is held to the optimizer's usual top where the test found no limit (Adam at 1e-4 on moons: the test's 0.41 gave 85% dev accuracy, 0.01 92.5%)", () => {
    expect(probeRate(adam(1e-4), rangeTest(0.41, false))).toBe(0.01);
    expect(planProbes(adam(1e-4), ["learning-rate-too-low"], rangeTest(0.41, false))[0]!.test).toBe(
      "the same run at learning rate 0.01 (the range test's suggestion 0.41 held to Adam's usual top: the test found no limit to the rate)",
    );
    // a suggestion inside the usual range is taken as it is; SGD's usual top is 1
    expect(probeRate(adam(1e-4), rangeTest(0.004, false))).toBe(0.004);
    expect(probeRate(sgd(1e-3), rangeTest(0.5, false))).toBe(0.5);
    expect(probeRate(sgd(1e-3), rangeTest(3, false))).toBe(1);
    // a rate already at the top: ten times it
    expect(probeRate(adam(0.01), rangeTest(2, false))).toBe(0.1);
    // no test, or one pointing lower: ten times the rate
    expect(probeRate(adam(1e-4), null)).toBe(0.001);
    expect(probeRate(adam(1e-4), rangeTest(5e-5, true))).toBe(0.001);
  });

  it("end to end: Adam at 1e-4 on moons, whose range test never blew up, is changed to 0.01, not the test's 0.41", async () => {
    const doctor = await runDoctor(parseSpec({ seed: 1, data: { source: "moons", n: 200 }, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 1e-4 }, training: { epochs: 100, batchSize: 32 } }));
    expect(doctor.lrRange!.divergedAt).toBeNull();
    expect(doctor.lrRange!.limitFound).toBe(false);
    expect(doctor.lrRange!.suggestion).toBeGreaterThan(0.1);
    expect(doctor.confirmed?.cause).toBe("learning-rate-too-low");
    expect(doctor.confirmed?.change).toEqual({ "optimizer.learningRate": 0.01 });
  });
});
