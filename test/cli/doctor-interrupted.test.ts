/**
 * What nnlab doctor prints of a run stopped by Ctrl-C (an audit helper: at epoch 70529 of 200000 it said
 * "healthy ... the cost fell and settled" and "Nothing to confirm", without the word "interrupted").
 */
import { describe, expect, it } from "vitest";
import { doctorText } from "../../src/cli/commands/doctor.js";
import { parseSpec, runDoctor } from "../../src/index.js";

describe("nnlab doctor's text of an interrupted run", () => {
  it("says so first, with the epoch it stopped at, and claims no healthy verdict", async () => {
    const spec = parseSpec({ name: "long", seed: 1, data: { source: "moons", n: 200, noise: 0.1 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 5000, batchSize: "full" } });
    let calls = 0;
    const doctor = await runDoctor(spec, { shouldStop: () => ++calls > 300 });
    expect(doctor.result.interrupted).toBe(true);
    const text = doctorText("run-1", doctor, { budget: undefined, suggestedPath: null, reportPath: "report.html", plannedEpochs: 5000 });
    const lines = text.split("\n");
    expect(lines[3]).toBe(`Interrupted at epoch ${doctor.result.history.length} of 5000: the diagnosis reads the epochs trained so far, and no probe ran after the interruption.`);
    expect(doctor.result.history.length).toBeLessThan(5000);
    expect(text).not.toContain("Nothing to confirm: the run is healthy.");
    if (doctor.result.diagnosis.healthy) expect(text).toContain("Nothing to confirm so far: the run looked healthy when it was interrupted.");
  });
});
