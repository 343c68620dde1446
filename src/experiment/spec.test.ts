import { describe, expect, it } from "vitest";
import { parseSpec as fromLibrary } from "../index.js";
import { parseSpec as fromCli } from "../cli/spec.js";

describe("the experiment spec in the library", () => {
  it("is the CLI's spec: same defaults, same readable errors", () => {
    const spec = fromLibrary({ data: { source: "moons" } }, "s.json");
    expect(spec).toEqual(fromCli({ data: { source: "moons" } }, "s.json"));
    expect(spec.optimizer).toEqual({ name: "sgd", learningRate: 0.3 });
    expect(() => fromLibrary({ l2: -1 }, "s.json")).toThrow(/^s\.json: invalid experiment spec:\n {2}l2: .*received -1$/);
  });
});
