/**
 * Property tests of the experiment-spec parser (issue 11): any JSON value, and any valid spec with one
 * field broken, either parses (and parses again to the same spec) or throws an NnlabError that names
 * the field; no other exception escapes. Fixed seeds, so a failure reproduces exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nonFiniteLiterals } from "../../src/experiment/json-literals.js";
import { parseSpec } from "../../src/index.js";
import { NnlabError } from "../../src/errors.js";
import { paths, replaced } from "./mutate.js";

/** Parses, or throws a clear NnlabError; a parsed spec is a fixed point (defaults filled once). */
function parsesOrFailsClearly(input: unknown, text?: string): void {
  let spec;
  try {
    spec = parseSpec(input, "fuzz.json", text);
  } catch (error) {
    expect(error).toBeInstanceOf(NnlabError);
    const message = (error as Error).message;
    expect(message).toMatch(/^fuzz\.json: invalid experiment spec:\n {2}\S/);
    // JSON shows Infinity and NaN as null; a message must show what was there.
    if (!JSON.stringify(input)?.includes("null")) expect(message).not.toMatch(/received null/);
    return;
  }
  expect(parseSpec(spec, "again")).toEqual(spec);
}

/** A spec with every section written out. */
const valid = {
  name: "fuzz",
  seed: 3,
  data: { source: "moons", n: 100, noise: 0.1, onInvalidRow: "drop" },
  split: [0.6, 0.2, 0.2],
  normalize: true,
  model: { dtype: "float32", hidden: [{ units: 8, activation: "tanh", init: "randomNormal", initScale: 0.5, l2: 0.1, dropout: 0.2 }, { units: 4 }] },
  l2: 0.01,
  l1: 0,
  dropout: 0.1,
  optimizer: { name: "adam", learningRate: 0.01, beta1: 0.9, beta2: 0.999, weightDecay: 0 },
  training: { epochs: 10, batchSize: 16, earlyStopping: { patience: 5, minDelta: 0, monitor: "valLoss" }, stopOnDivergence: true },
  augment: { jitter: 0.05 },
  baselineError: 0.05,
};


/** Values that break specs: wrong types, edges, non-finite numbers, sizes too large to allocate. */
const nasty = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, 0.5, 1, 1.5, 1e12, -1e12, Infinity, -Infinity, NaN, "", "relu", "auto", "full", "football", "x.csv", [], {}, [1], true, false),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const specPaths = paths(valid);
const mutation = fc.tuple(fc.constantFrom(...specPaths), nasty);

/** A JSON number literal too large for a double, as someone might write it. */
const hugeLiteral = fc.constantFrom("1e999", "-1e999", "1E400", "123456789e400", "-0.5e9999");

/** Inputs tried, by property (the report's count). */
export const SPEC_RUNS = { anyJson: 400, anyValue: 200, oneField: 800, twoFields: 400, hugeLiterals: 150, literalsText: 300 };

describe("parseSpec never throws anything but a clear NnlabError", () => {
  it("on arbitrary JSON values", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => parsesOrFailsClearly(v)), { seed: 42, numRuns: SPEC_RUNS.anyJson });
  });

  it("on arbitrary values (non-finite numbers, undefined, odd objects)", () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true }), (v) => parsesOrFailsClearly(v)), {
      seed: 42,
      numRuns: SPEC_RUNS.anyValue,
    });
  });

  it("on a valid spec with one field changed, removed or replaced", () => {
    fc.assert(fc.property(mutation, ([path, by]) => parsesOrFailsClearly(replaced(valid, path, by))), { seed: 42, numRuns: SPEC_RUNS.oneField });
  });

  it("on a valid spec with two fields changed", () => {
    fc.assert(
      fc.property(mutation, mutation, ([p1, v1], [p2, v2]) => {
        const once = replaced(valid, p1, v1);
        // The second path may be gone after the first change; then the first change alone is tried.
        let twice: unknown = once;
        try {
          twice = replaced(once, p2, v2);
        } catch {
          /* the path no longer exists */
        }
        parsesOrFailsClearly(twice);
      }),
      { seed: 42, numRuns: SPEC_RUNS.twoFields },
    );
  });

  it("on spec text with numbers too large for a double: quoted as written", () => {
    fc.assert(
      fc.property(fc.constantFrom(...specPaths.filter((p) => p.length > 0)), hugeLiteral, (path, literal) => {
        const marker = "__HUGE__";
        const text = JSON.stringify(replaced(valid, path, marker)).replace(`"${marker}"`, literal);
        const input = JSON.parse(text);
        parsesOrFailsClearly(input, text);
        expect(() => parseSpec(input, "fuzz.json", text)).toThrow(`received ${literal} (not a finite number)`);
      }),
      { seed: 42, numRuns: SPEC_RUNS.hugeLiterals },
    );
  });

  it("nonFiniteLiterals never throws, on any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.json({ maxDepth: 3 }), fc.string({ unit: fc.constantFrom("1", "e", "9", "-", '"', "\\", "[", "]", "{", "}", ":", ",", " "), maxLength: 40 })), (text) => {
        const found = nonFiniteLiterals(text);
        for (const literal of found.values()) expect(Number.isFinite(Number(literal))).toBe(false);
      }),
      { seed: 42, numRuns: SPEC_RUNS.literalsText },
    );
  });
});
