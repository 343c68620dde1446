import { describe, expect, it } from "vitest";
import { NnlabError } from "../errors.js";
import { parseSpec } from "../experiment/spec.js";
import { type DoctorOptions, runDoctor } from "./run-doctor.js";

const spec = parseSpec({ data: { source: "moons", n: 100 }, training: { epochs: 2 } });

describe("runDoctor's options: refused in one line before the run (a budget of -1 returned confirmed: null)", () => {
  it.each([
    [{ budget: -1 }, /^runDoctor: options\.budget \(a fraction of the original run's cost\) must be a finite number > 0; received -1$/],
    [{ budget: 0 }, /options\.budget .* received 0$/],
    [{ budget: Number.NaN }, /options\.budget .* received NaN$/],
    [{ maxProbes: 0.5 }, /^runDoctor: options\.maxProbes must be an integer >= 0; received 0\.5$/],
    [{ maxProbes: -1 }, /^runDoctor: options\.maxProbes must be an integer >= 0; received -1$/],
    [{ onProgress: "log" }, /^runDoctor: options\.onProgress must be a function; received "log"$/],
    [{ budjet: 2 }, /^runDoctor: options may have data, loadData, budget, maxProbes, onProgress, shouldStop; received "budjet"$/],
  ] as const)("%o", async (options, pattern) => {
    const error = await runDoctor(spec, options as unknown as DoctorOptions).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NnlabError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain("\n");
  });

  it("maxProbes 0 is a diagnosis without probes", async () => {
    const doctor = await runDoctor(spec, { maxProbes: 0 });
    expect(doctor.outcomes).toEqual([]);
  });
});
