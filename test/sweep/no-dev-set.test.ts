/**
 * A learning curve and a sweep trial need a dev set: their figures guide choices (more data, which spec),
 * and read on the test set they guided them by it. Both took the test set silently where the split had
 * no dev part (the audit's multi-nodev.json, split [0.7, 0, 0.3]).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec, runTrial } from "../../src/index.js";
import { runCli } from "../cli/run-cli.js";

const SPEC = { name: "nodev", seed: 1, data: { source: "moons", n: 120, noise: 0.2 }, split: [0.7, 0, 0.3], model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 5 } };

describe("nnlab learning-curve on a split without a dev set", () => {
  it("is refused in one line, exit 2, as nnlab sweep refuses it (it drew the curve on the test set)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lc-nodev-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const r = await runCli(["--runs", "runs", "learning-curve", "spec.json", "--workers", "1"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "nnlab: learning-curve: expected a split with a dev set to measure the curve on (reading it on the test set would guide choices by it); received split [0.7,0,0.3], which has none: give a dev part (e.g. [0.6, 0.2, 0.2])\n",
    );
  });

  it("is refused where a split column marks no row dev", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lc-nodev-"));
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.cos(i).toFixed(4)},${Math.sin(i * 1.7).toFixed(4)},${i % 2},${i % 5 === 0 ? "test" : "train"}`);
    await writeFile(join(dir, "parts.csv"), `x1,x2,y,part\n${rows.join("\n")}\n`);
    await writeFile(join(dir, "parts.json"), JSON.stringify({ ...SPEC, split: undefined, data: { source: "parts.csv", label: "y", splitColumn: "part" } }));
    const r = await runCli(["--runs", "runs", "learning-curve", "parts.json", "--workers", "1"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'nnlab: learning-curve: expected a split with a dev set to measure the curve on (reading it on the test set would guide choices by it); received split column "part", which marks no row "dev": mark some training rows "dev"\n',
    );
  });
});

describe("runTrial on a split without a dev set", () => {
  it("fails with the reason instead of scoring the trial on the test set", async () => {
    const spec = parseSpec(SPEC, "test");
    await expect(runTrial({ index: 0, values: {}, spec, trainRows: 40 })).rejects.toThrow(
      "trial: expected a split with a dev set to score the trial on (scoring it on the test set would tune on it); received split [0.7,0,0.3], which has none",
    );
  });
});
