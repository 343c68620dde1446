/**
 * `nnlab learning-curve` runs its sizes through the sweeps' executor (the built CLI's worker threads here):
 * the points equal those of training each size in turn in this thread (runExperiment with trainRows, the
 * command's earlier way) to the last digit.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadExperimentData, parseSpec, runExperiment, splitData } from "../../src/index.js";
import { runCli } from "../cli/run-cli.js";

const SPEC = { name: "lc", seed: 2, data: { source: "moons", n: 160, noise: 0.25 }, model: { hidden: [{ units: 6 }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 15 } };

describe("nnlab learning-curve --workers", () => {
  it("trains the sizes on worker threads and gives the same points, to the last digit, as training them one by one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-learning-curve-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const r = await runCli(["--json", "learning-curve", "spec.json", "--sizes", "0.25,0.5,1", "--workers", "2"], dir, { process: true });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { points: Array<{ size: number }>; verdict: string };

    const spec = parseSpec(SPEC);
    const loaded = await loadExperimentData(spec);
    const trainSize = splitData(spec, loaded.data).sizes.train;
    const expected = [];
    for (const fraction of [0.25, 0.5, 1]) {
      const size = Math.max(2, Math.round(fraction * trainSize));
      const e = await runExperiment(spec, { data: loaded, trainRows: size, recordFlow: false });
      const dev = e.dev ?? e.test;
      expected.push({ size, trainError: 1 - e.train.accuracy!, devError: 1 - dev.accuracy!, trainLoss: e.train.loss, devLoss: dev.loss, diverged: false });
    }
    expect(out.points).toEqual(expected);
    expect(JSON.stringify(out.points)).toBe(JSON.stringify(expected));
    expect(out.verdict).toMatch(/\w/);

    expect((await runCli(["learning-curve", "spec.json", "--workers", "0"], dir)).stderr).toBe("nnlab: learning-curve: --workers must be an integer >= 1; received 0\n");
  });
});
