/**
 * Augmentation against over-fitting, as the notes claim: an MLP trained on a small Fashion-MNIST subset
 * (the first N training images, 1/5 train and 4/5 dev; the 10,000 official test images as the test set)
 * with and without on-the-fly augmentation of its training batches, pixels unscaled (in [0, 1]). Prints
 * train, dev and test error and the dev cost for each. Needs Debian's dataset-fashion-mnist.
 *   npx tsx bench/augment-fashion.ts [N=3000] [epochs=100]
 */
import { parseSpec, runExperiment } from "../src/index.js";
import { fileDataLoader } from "../src/node/index.js";

const n = Number(process.argv[2] ?? 3000);
const epochs = Number(process.argv[3] ?? 100);
const variants: Array<[string, object | undefined]> = [
  ["none", undefined],
  ["shift 1", { shift: 1 }],
  ["rotate 10", { rotate: 10 }],
  ["shift 1 + rotate 10", { shift: 1, rotate: 10 }],
  ["flip", { flip: true }],
  ["noise 0.3", { noise: 0.3 }],
  ["shift 2", { shift: 2 }],
];
for (const [name, augment] of variants) {
  const spec = parseSpec({
    seed: 1,
    data: { source: "fashion-mnist", n },
    split: { ratios: [0.2, 0.8], seed: 0 },
    normalize: false,
    model: { dtype: "float32", hidden: [{ units: 256 }] },
    optimizer: { name: "adam", learningRate: 0.001 },
    training: { epochs, batchSize: 64 },
    ...(augment ? { augment } : {}),
  });
  const r = await runExperiment(spec, { loadData: fileDataLoader(), recordFlow: false });
  const err = (e: { accuracy?: number } | null) => (e?.accuracy === undefined ? NaN : 100 * (1 - e.accuracy));
  console.log(`${name.padEnd(28)} train ${err(r.train).toFixed(1)}%  dev ${err(r.dev).toFixed(1)}%  test ${err(r.test).toFixed(1)}%  dev cost ${r.dev!.loss.toFixed(3)}  (${(r.elapsedMs / 1000).toFixed(1)} s)`);
}
