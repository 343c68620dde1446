/**
 * A queued sweep's trials compute on the sweep's kernels, which travel with each job: a float32 sweep run
 * with --kernels portable through `nnlab worker` gives the local portable sweep's figures to the last bit
 * (the worker's threads start on the native kernels where they were built, and switch per job), and the
 * same worker then runs a native sweep's trials on the native kernels. `nnlab worker --kernels` is refused:
 * the choice is the sweep's. Real processes on a Redis server of its own; waits on printed lines, no sleeps.
 *
 * The native-dependent checks need the native kernels built here (build/nnlab_native.node); without them
 * there is only one path and they are skipped.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrialResult } from "../../src/index.js";
import { nativeAvailable } from "../../src/node/native.js";
import { runCli } from "../cli/run-cli.js";
import { startCli, startRedis, startWorker, stopAll } from "../queue/processes.js";

// 64 x 128 x 128 products: past the native kernels' size threshold, so both paths really run
const SPEC = {
  name: "qk",
  seed: 5,
  data: { source: "moons", n: 800, noise: 0.25 },
  model: { dtype: "float32", hidden: [{ units: 128, activation: "relu", dropout: 0.1 }, { units: 128, activation: "relu" }] },
  optimizer: { name: "adam", learningRate: 0.003 },
  training: { epochs: 6, batchSize: 64 },
};
const GRID = ["--grid", "lambda=0,0.1"];
const native = nativeAvailable();

const figures = (trials: TrialResult[]) => trials.map(({ ms: _, ...rest }) => rest).sort((a, b) => a.index - b.index);

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-queue-kernels-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await stopAll();
});

/** The sweep on this machine's one thread, or through the queue, on `kernels`; its JSON. */
async function sweep(kernels: string, where: "local" | "queue") {
  const args = ["--json", "-q", "--kernels", kernels, "--runs", `runs-${where}-${kernels}`, "sweep", "spec.json", ...GRID, ...(where === "queue" ? ["--queue", redis.url] : ["--workers", "1"])];
  const r = await runCli(args, dir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { trials: TrialResult[]; kernels: string; queue?: { collected: number } };
}

describe("a float32 sweep through the queue", () => {
  it("runs each trial on the sweep's kernels: --kernels portable gives the local portable sweep's figures to the last bit (and a native sweep the native ones)", async () => {
    const worker = await startWorker(redis.url, dir, "worker-k");
    const local = await sweep("portable", "local");
    const queued = await sweep("portable", "queue");
    expect(queued.queue?.collected).toBe(2);
    expect(figures(queued.trials)).toEqual(figures(local.trials));
    expect(queued.kernels).toBe("portable");
    if (native) {
      // the check can fail: the native kernels give other float32 figures for this spec
      const localNative = await sweep("native", "local");
      expect(figures(localNative.trials)).not.toEqual(figures(local.trials));
      const queuedNative = await sweep("native", "queue");
      expect(figures(queuedNative.trials)).toEqual(figures(localNative.trials));
    }
    expect(worker.output()).not.toMatch(/failed/);
  }, 120_000);

  it("nnlab worker --kernels is refused in one line, exit 2: the kernels are the sweep's choice", async () => {
    const worker = startCli(["--kernels", "portable", "worker", "--queue", redis.url], dir);
    // (before, it was ignored: the worker started and waited for trials)
    const waiting = worker.line(/waiting for trials/).then(() => worker.child.kill("SIGKILL"), () => undefined);
    expect(await worker.exited).toBe(2);
    await waiting;
    expect(worker.output()).toBe(
      "nnlab: worker: --kernels is the sweep's to choose, not the worker's: each trial runs on the kernels its sweep computes on (nnlab --kernels portable sweep ... --queue ...), which travel with the trial; received --kernels portable\n",
    );
  });
});
