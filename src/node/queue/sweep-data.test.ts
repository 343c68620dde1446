/** Which files bind a sweep or improve folder to its data (dataFiles, dataFilesHash). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../experiment/spec.js";
import { dataFiles, dataFilesHash, sweepData } from "./sweep-data.js";

describe("a sweep's data files", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-sweep-data-"));
  const specPath = join(dir, "spec.json");
  for (const f of ["img.idx3", "lab.idx1", "test.idx3", "test-lab.idx1", "extra-test.csv"]) writeFileSync(join(dir, f), `${f} v1`);

  it("counts data.test's IDX labels (testLabels): a rerun after they changed was not refused", async () => {
    const spec = parseSpec({ data: { source: "img.idx3", labels: "lab.idx1", test: "test.idx3", testLabels: "test-lab.idx1" } });
    expect(dataFiles(spec, specPath)).toEqual(["img.idx3", "lab.idx1", "test.idx3", "test-lab.idx1"].map((f) => join(dir, f)));
    const before = await dataFilesHash(spec, specPath);
    writeFileSync(join(dir, "test-lab.idx1"), "test-lab.idx1 v2");
    const after = await dataFilesHash(spec, specPath);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  it("hashes a built-in source's test CSV alone (the built-in name is no file: the hash was null, edits unseen)", async () => {
    const spec = parseSpec({ data: { source: "iris", test: "extra-test.csv" } });
    expect(dataFiles(spec, specPath)).toEqual([join(dir, "extra-test.csv")]);
    const before = await dataFilesHash(spec, specPath);
    writeFileSync(join(dir, "extra-test.csv"), "extra-test.csv v2");
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await dataFilesHash(spec, specPath)).not.toBe(before);
    // and the workers read that file where it lies: shipping sends a CSV source's text, and iris is none
    expect((await sweepData(spec, specPath)).ref).toMatchObject({ shipped: false, files: [join(dir, "extra-test.csv")] });
  });
});
