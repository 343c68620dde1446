/**
 * A sweep's worker threads compute with the kernels the command chose (--kernels; by default the native
 * ones where they were built), so a float32 trial gives the bits `nnlab train` gives for the same spec.
 * (Before, the threads always ran the portable kernels: float32 sweeps differed from train in the last bits.)
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nativeAvailable } from "../../src/node/native.js";
import { runCli } from "./run-cli.js";

const SPEC = { name: "k", seed: 4, data: { source: "spirals", n: 300, noise: 0.1 }, model: { dtype: "float32", hidden: [{ units: 48 }, { units: 48 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30, batchSize: 32 } };

describe.runIf(nativeAvailable())("a sweep's threads and nnlab train, float32", () => {
  it("give the same dev cost to the last bit on each kernel path, and the paths differ", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-sweep-kernels-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const devLoss: Record<string, { sweep: number; train: number }> = {};
    for (const kernels of ["native", "portable"]) {
      const sweep = await runCli(["--json", "--kernels", kernels, "--runs", `runs-${kernels}`, "sweep", "spec.json", "--grid", "lambda=0,0.001", "--workers", "2"], dir, { process: true });
      expect(sweep.code, sweep.stderr).toBe(0);
      const trial = (JSON.parse(sweep.stdout) as { trials: Array<{ values: { lambda: number }; devLoss: number }> }).trials.find((t) => t.values.lambda === 0)!;
      const train = await runCli(["--json", "--kernels", kernels, "--runs", `runs-${kernels}`, "train", "spec.json"], dir, { process: true });
      expect(train.code, train.stderr).toBe(0);
      const summary = JSON.parse(train.stdout) as { kernels: string; dev: { loss: number } };
      expect(summary.kernels).toBe(kernels);
      devLoss[kernels] = { sweep: trial.devLoss, train: summary.dev.loss };
    }
    expect(devLoss.native!.sweep).toBe(devLoss.native!.train);
    expect(devLoss.portable!.sweep).toBe(devLoss.portable!.train);
    expect(devLoss.native!.train).not.toBe(devLoss.portable!.train); // float32: the paths round differently, so the check can fail
  });
});
