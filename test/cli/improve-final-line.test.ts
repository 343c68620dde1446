/**
 * improve's "Final, mean of 3 seeds" line: its means are over the seeds that finished (session 18), which the
 * line says where some diverged; it read "mean of 3 seeds" beside a mean of two.
 */
import { describe, expect, it } from "vitest";
import { finalMeansLine } from "../../src/cli/commands/improve.js";

describe("improve's final line", () => {
  it("names the seeds its means are over", () => {
    expect(finalMeansLine({ train: 0.05, dev: 0.1, devBySeed: [0.1, 0.09, 0.11] }, 3, "error")).toBe("Final, mean of 3 seeds: train 5.0%, dev 10.0%");
    expect(finalMeansLine({ train: 0.05, dev: 0.1, devBySeed: [0.1, NaN, 0.1] }, 3, "error")).toBe("Final, mean of the 2 of 3 seeds that finished: train 5.0%, dev 10.0%");
    expect(finalMeansLine({ train: NaN, dev: NaN, devBySeed: [NaN, NaN, NaN] }, 3, "error")).toMatch(/^Final, every one of 3 seeds diverged: /);
    // a regression's figures are named: its data cost, the mean squared error
    expect(finalMeansLine({ train: 3.5e10, dev: 9.8e10, devBySeed: [9.47e10, 5.76e10, 1.41e11] }, 3, "cost")).toBe("Final, mean of 3 seeds: train MSE 3.5e10, dev MSE 9.8e10");
  });
});
