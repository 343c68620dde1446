/**
 * The checks every scenario set must pass (in npm test): the doctor on planted faults. One test file per
 * set, so that vitest runs the sets side by side.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CAUSE_RULES, type Diagnosis, type Evidence, parseSpec, runExperiment } from "../../src/index.js";
import type { Scenario } from "./scenarios.js";
import { fileDataLoader } from "../../src/node/index.js";

type Outcome = { scenario: Scenario; diagnosis: Diagnosis; evidence: Evidence };

async function diagnoseAll(scenarios: Scenario[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const s of scenarios) {
    const result = await runExperiment(parseSpec({ name: s.name, ...s.spec }, s.name), { loadData: fileDataLoader() });
    outcomes.push({ scenario: s, diagnosis: result.diagnosis, evidence: result.evidence });
  }
  return outcomes;
}

/** Top-1 accuracy of at least 90%, no cause on a healthy run, evidence in numbers, no rival causes. */
export function scenarioSuite(title: string, scenarios: Scenario[]): void {
  describe(`the doctor on ${title}`, () => {
    // In beforeAll, not in the describe's body: vitest counts a file's collection outside its duration,
    // so the test sequencer (test/support/longest-first.ts) took these for instant files and ran them last.
    let outcomes: Outcome[] = [];
    beforeAll(async () => {
      outcomes = await diagnoseAll(scenarios);
    }, 120_000);

    it("covers every cause at least twice, healthy runs, four datasets with a CSV, both dtypes", () => {
      expect(scenarios.length).toBeGreaterThanOrEqual(24);
      for (const rule of CAUSE_RULES) expect(scenarios.filter((s) => s.expect === rule.id).length, rule.id).toBeGreaterThanOrEqual(2);
      expect(scenarios.filter((s) => s.expect === "healthy").length).toBeGreaterThanOrEqual(3);
      const sources = new Set(scenarios.map((s) => String((s.spec.data as { source: string }).source)));
      expect(sources.size).toBeGreaterThanOrEqual(4);
      expect([...sources].some((source) => source.endsWith(".csv"))).toBe(true);
      const dtypes = new Set(scenarios.map((s) => (s.spec.model as { dtype?: string } | undefined)?.dtype ?? "float64"));
      expect(dtypes).toEqual(new Set(["float32", "float64"]));
    });

    it("names the planted cause first in at least 90% of the scenarios", () => {
      const right = outcomes.filter((o) => (o.diagnosis.healthy ? "healthy" : o.diagnosis.causes[0]!.id) === o.scenario.expect);
      const misses = outcomes.filter((o) => !right.includes(o)).map((o) => `${o.scenario.name}: ${o.diagnosis.causes.map((c) => c.id).join(" > ") || "healthy"}`);
      expect(right.length / outcomes.length, misses.join("\n")).toBeGreaterThanOrEqual(0.9);
    });

    it("reports no cause on a healthy run", () => {
      for (const o of outcomes.filter((o) => o.scenario.expect === "healthy")) {
        expect(o.diagnosis.causes.map((c) => c.id), o.scenario.name).toEqual([]);
        expect(o.diagnosis.healthy).toBe(true);
      }
    });

    it("backs every cause with evidence in numbers and gives advice", () => {
      for (const o of outcomes) {
        for (const cause of o.diagnosis.causes) {
          expect(cause.evidence.length, `${o.scenario.name} ${cause.id}`).toBeGreaterThan(0);
          expect(cause.evidence.some((line) => /\d/.test(line)), `${o.scenario.name} ${cause.id}`).toBe(true);
          expect(cause.advice.length).toBeGreaterThan(0);
          for (const line of [...cause.evidence, ...cause.advice]) expect(line, o.scenario.name).not.toMatch(/Infinityx|NaN|undefined/);
        }
      }
    });

    it("never names rival causes together (too small and too large, too high and too low)", () => {
      for (const o of outcomes) {
        const ids = o.diagnosis.causes.map((c) => c.id);
        expect(ids.includes("init-too-small") && ids.includes("init-too-large"), o.scenario.name).toBe(false);
        expect(ids.includes("learning-rate-too-high") && ids.includes("learning-rate-too-low"), o.scenario.name).toBe(false);
      }
    });
  });
}
