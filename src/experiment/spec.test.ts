import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSpec } from "../cli/spec.js";
import { parseSpec } from "../index.js";

describe("the experiment spec in the library", () => {
  it("is the CLI's spec: a spec file reads to the library's parse, with the same readable errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-spec-"));
    const path = join(dir, "s.json");
    writeFileSync(path, JSON.stringify({ data: { source: "moons" } }));
    const spec = parseSpec({ data: { source: "moons" } }, "s.json");
    expect(await readSpec(path)).toEqual(spec);
    expect(spec.optimizer).toEqual({ name: "sgd", learningRate: 0.3 });
    expect(() => parseSpec({ l2: -1 }, "s.json")).toThrow(/^s\.json: invalid experiment spec:\n {2}l2: .*received -1$/);
    writeFileSync(path, JSON.stringify({ l2: -1 }));
    await expect(readSpec(path)).rejects.toThrow(/s\.json: invalid experiment spec:\n {2}l2: .*received -1$/);
  });
});
