/** The run report's facts per set: cost and accuracy for a classifier, cost alone for a regression (it read "accuracy -"). */
import { describe, expect, it } from "vitest";
import { experimentReport, parseSpec, runExperiment } from "../src/index.js";

describe("the run report's facts", () => {
  it("a regression's sets show their cost without an accuracy; a classifier's show both", async () => {
    const regression = await runExperiment(parseSpec({ data: { source: "plane", n: 100 }, model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } }), { recordFlow: false });
    const facts = new Map(experimentReport(regression, "plane").facts);
    for (const set of ["train", "dev", "test"]) expect(facts.get(set)).toMatch(/^cost [\d.e+-]+$/);
    const classifier = await runExperiment(parseSpec({ data: { source: "moons", n: 100 }, model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } }), { recordFlow: false });
    const classFacts = new Map(experimentReport(classifier, "moons").facts);
    for (const set of ["train", "dev", "test"]) expect(classFacts.get(set)).toMatch(/^cost [\d.e+-]+, accuracy \d+\.\d%$/);
  });
});
