/**
 * Augmentation against over-fitting, as the notes claim, on a small Fashion-MNIST subset: 600 training
 * images (and 2400 dev) for a 784-128-10 network that memorizes them (train error 0). Random shifts of one
 * pixel on the training batches close the train-dev gap: the dev cost falls by a fifth and the dev error
 * falls. bench/augment-fashion.ts runs more variants. Needs Debian's dataset-fashion-mnist (npm test's
 * pretest installs it).
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExperimentData, parseSpec, runExperiment } from "../../src/index.js";
import { FASHION_MNIST_DIR, fileDataLoader, useKernels } from "../../src/node/index.js";

describe.runIf(existsSync(FASHION_MNIST_DIR))("augmentation on a small Fashion-MNIST subset", () => {
  // The claim is about augmentation, not a kernel path: the fastest kernels built here (native, 5x the
  // portable ones on this 784-128-10 network), as `nnlab train` runs by default.
  let kernels: ReturnType<typeof useKernels>;
  beforeAll(() => void (kernels = useKernels("auto")));
  afterAll(() => kernels.restore());
  it("lowers an over-fitting network's dev error and dev cost", async () => {
    const spec = (augment?: object) =>
      parseSpec({
        seed: 1,
        data: { source: "fashion-mnist", n: 3000 },
        split: { ratios: [0.2, 0.8], seed: 0 },
        normalize: false, // pixels are in [0, 1] already; per-pixel scaling would blow up shifted border pixels
        model: { dtype: "float32", hidden: [{ units: 128 }] },
        optimizer: { name: "adam", learningRate: 0.001 },
        training: { epochs: 100, batchSize: 64 },
        ...(augment ? { augment } : {}),
      });
    const data = await loadExperimentData(spec(), fileDataLoader());
    const plain = await runExperiment(spec(), { data, recordFlow: false });
    const shifted = await runExperiment(spec({ shift: 1 }), { data, recordFlow: false });
    const error = (e: { accuracy?: number } | null) => 1 - e!.accuracy!;
    expect(plain.split.train.x.rows).toBe(600);
    expect(error(plain.train)).toBe(0); // it memorizes its training set
    expect(error(shifted.dev)).toBeLessThan(error(plain.dev));
    expect(shifted.dev!.loss).toBeLessThan(0.85 * plain.dev!.loss);
    expect(error(shifted.dev) - error(shifted.train)).toBeLessThan(error(plain.dev) - error(plain.train) - 0.01);
  }, 90_000);
});
