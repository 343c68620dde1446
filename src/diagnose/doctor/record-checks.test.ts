import { describe, expect, it } from "vitest";
import { Dense, SGD, Sequential, diagnose, fit, gatherEvidence, generate, recordRun, split } from "../../index.js";
import type { RecordRunInput } from "./record.js";
import { refuses } from "../../../test/support/refuses.js";

const data = generate("moons", { n: 200, noise: 0.2, seed: 1 });
const { train, dev } = split(data, "auto", { seed: 1 });
const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
const history = fit(model, train, { epochs: 3, validationData: dev });
const input: RecordRunInput = { model, history, flow: [], train, dev, epochsPlanned: 3 };


describe("recordRun, gatherEvidence and diagnose refuse what they cannot read, in one line", () => {
  it("a baselineError outside [0, 1]: -0.3 read 'against a baseline of -30.0%', 5 hid every bias", () => {
    for (const baselineError of [-0.3, 5, Number.NaN, 1.01]) {
      refuses(() => recordRun({ ...input, baselineError }), /^recordRun: baselineError must be a number in \[0, 1\] \(a fraction: 0\.05 for 5%\); received /);
    }
    for (const baselineError of [0, 0.08, 1]) expect(gatherEvidence(recordRun({ ...input, baselineError })).errors.baseline).toBe(baselineError);
  });

  it("epochsPlanned missing, negative or fractional", () => {
    for (const epochsPlanned of [undefined, -3, 0, 2.5]) {
      refuses(() => recordRun({ ...input, epochsPlanned } as unknown as RecordRunInput), /^recordRun: epochsPlanned \(the epochs the run was given\) must be a positive integer; received /);
    }
  });

  it("recordRun({}), a missing flow, gatherEvidence({}) and diagnose(undefined): no TypeError", () => {
    refuses(() => recordRun({} as RecordRunInput), /^recordRun: model must be a Sequential model; received undefined$/);
    refuses(() => recordRun(undefined as unknown as RecordRunInput), /^recordRun: expected an object/);
    refuses(() => recordRun({ ...input, flow: undefined } as unknown as RecordRunInput), /^recordRun: flow must be an array of GradientFlow snapshots/);
    refuses(() => recordRun({ ...input, history: {} } as unknown as RecordRunInput), /^recordRun: history must be the History that fit returned/);
    refuses(() => gatherEvidence({} as never), /^gatherEvidence: run must be a RunRecord, .*; received an object without history, flow, train/);
    refuses(() => gatherEvidence(null as never), /^gatherEvidence: run must be a RunRecord, .*; received null$/);
    refuses(() => diagnose(undefined as never), /^diagnose: expected evidence from gatherEvidence\(recordRun\(\.\.\.\)\).*; received undefined$/);
    refuses(() => diagnose({ task: "binary" } as never), /^diagnose: .*; received an object without optimizer, epochs, stop, cost, errors, layers/);
    // and what is whole still goes through
    expect(diagnose(gatherEvidence(recordRun(input))).summary).toBeTypeOf("string");
  });
});
