/** "Data in" through the command line: a real set by name, IDX files, bad input in one line with exit 2. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";

describe("nnlab train with real data", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-data-in-"));

  it("trains on iris by name with a fixed split seed", async () => {
    const spec = { data: { source: "iris" }, split: { ratios: "auto", seed: 3 }, model: { hidden: [{ units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100 } };
    writeFileSync(join(dir, "iris.json"), JSON.stringify(spec));
    const r = await runCli(["train", "iris.json", "--json", "--quiet", "--runs", join(dir, "runs")], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);

  it("refuses an IDX image file without labels, and a file that is not IDX, in one line with exit 2", async () => {
    writeFileSync(join(dir, "idx.json"), JSON.stringify({ data: { source: "images-idx3-ubyte" } }));
    const a = await runCli(["train", "idx.json", "--runs", join(dir, "runs")], dir);
    expect(a.code).toBe(2);
    expect(a.stderr.trim().split("\n")).toHaveLength(1);
    expect(a.stderr).toMatch(/data\.labels: expected the labels' IDX file/);
    writeFileSync(join(dir, "images-idx3-ubyte"), "not an idx file");
    writeFileSync(join(dir, "labels-idx1-ubyte"), "nor this");
    writeFileSync(join(dir, "idx2.json"), JSON.stringify({ data: { source: "images-idx3-ubyte", labels: "labels-idx1-ubyte" } }));
    const b = await runCli(["train", "idx2.json", "--runs", join(dir, "runs")], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/expected an IDX file \(magic 00 00 <type 08\.\.0e> <dimensions>\); received bytes 6e 6f 74 20/);
  }, 60_000);
});
