/**
 * Ctrl-C while improve scores its starting spec: the CLI said "Stopping after the running trials finish
 * (they are kept)" and then "nothing to keep", while the seeds that had finished were in the trial store
 * and a rerun took them up (session 26's notes). The message now says what is kept.
 */
import { describe, expect, it } from "vitest";
import { improve, parseSpec, serialExecutor, type TrialResult } from "../../src/index.js";

const spec = parseSpec({ seed: 1, data: { source: "iris" }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 40 } });

describe("improve interrupted while the starting spec is scored", () => {
  it("says the finished seeds are kept, and a rerun on the same store trains only the seeds that were not", async () => {
    const stored = new Map<string, TrialResult>();
    let stop = false;
    // Ctrl-C as the CLI's thread pool sees it: asked after the first of the start's scoring trials (seed 2)
    const cache = { get: (k: string) => stored.get(k), put: (k: string, r: TrialResult) => void ((stop = true), stored.set(k, r)) };
    const interrupted = improve(spec, { executor: serialExecutor({ stopWhen: () => stop }), cache, shouldStop: () => stop });
    await expect(interrupted).rejects.toThrow(
      "improve: interrupted before the starting spec was scored on its 3 seeds: no step was taken and there is no final spec yet; the 1 trial of it that finished is kept, and a rerun of the same command resumes from it",
    );
    expect([...stored.keys()].map((k) => JSON.parse(k).seed)).toEqual([2]);

    // the rerun trains seed 3 (and the diagnosis of seed 1, which is not stored), not seed 2 again
    const seedsTrained: number[] = [];
    const rerun = await improve(spec, { executor: { ...serialExecutor(), run: (tasks, onResult, onFailure) => (seedsTrained.push(...tasks.map((t) => t.spec.seed)), serialExecutor().run(tasks, onResult, onFailure)) }, cache, trials: 4 });
    expect(seedsTrained.slice(0, 1)).toEqual([3]);
    expect(rerun.trainings).toBeGreaterThanOrEqual(3);
  });

  it("says nothing is kept where no trial finished, or no store keeps them", async () => {
    const interrupted = improve(spec, { executor: serialExecutor({ stopWhen: () => true }), shouldStop: () => true });
    await expect(interrupted).rejects.toThrow(/^improve: interrupted before the starting spec was scored on its 3 seeds: no step was taken and there is no final spec yet$/);
  });
});
