/**
 * The page's "export as TypeScript", run as exported (with the library's own files for "nnlab"): it trains
 * the page's spec to the page's bits, input features included (the library computes them as it loads the
 * data; the page's worker computes them from the raw x1, x2 it keeps for the plane).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { modelToJSON } from "../../src/index.js";
import { commandFor, typescriptFor } from "../../web/src/export-code.js";
import { TrainingSession } from "../../web/src/session.js";
import { pageSpec } from "./knobs.js";
import { ARTIFACTS } from "./page.js";

const dir = mkdtempSync(join(ARTIFACTS, "export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the exported code in this process; returns what it printed and the model.json it wrote. */
async function runExported(code: string, name: string): Promise<{ printed: string[]; model: ReturnType<typeof modelToJSON> }> {
  const script = join(dir, `${name}.ts`);
  const model = join(dir, `${name}.model.json`);
  writeFileSync(
    script,
    code
      .replace('from "nnlab";', `from ${JSON.stringify(join(import.meta.dirname, "../../src/index.js"))};`)
      .replace('from "nnlab/node";', `from ${JSON.stringify(join(import.meta.dirname, "../../src/node/index.js"))};`)
      .replace('writeFileSync("model.json"', `writeFileSync(${JSON.stringify(model)}`),
  );
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(String(line)));
  try {
    await import(script);
  } finally {
    log.mockRestore();
  }
  return { printed, model: JSON.parse(readFileSync(model, "utf8")) };
}

describe("the page's spec exported as code", () => {
  it("trains to the page's weights, bit for bit, with input features", async () => {
    const spec = pageSpec({ dataset: "circles", size: 200, hidden: [4], batchSize: 16, epochs: 15, seed: 4 });
    spec.data.inputFeatures = ["x1^2", "x2^2", "x1*x2", "sin x1"];
    const page = await TrainingSession.open(spec); // as the page's worker runs it
    while (page.step());
    expect(page.model.inputSize).toBe(4);
    const code = typescriptFor(spec);
    expect(code).toContain('"inputFeatures": [');
    const { printed, model } = await runExported(code, "features");
    expect(printed[0]).toBe(`train cost ${page.history.last("loss")} after 15 epochs`);
    expect(model.weights).toEqual(modelToJSON(page.model).weights);
    expect(commandFor(spec).split("\n")).toContain("nnlab train spec.json");
  });
});
