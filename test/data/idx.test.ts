/** IDX files (MNIST's format) and Fashion-MNIST from Debian's dataset-fashion-mnist package. */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadExperimentData, parseIdx, parseSpec, splitData } from "../../src/index.js";
import { FASHION_MNIST_DIR, fileDataLoader, loadFashionMnist } from "../../src/node/index.js";

/** An IDX file: magic 00 00 type rank, dims big-endian, then the values. */
function idx(type: number, dims: number[], values: number[]): Uint8Array {
  const head = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(head.buffer);
  head.set([0, 0, type, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return new Uint8Array([...head, ...values]);
}

describe("IDX files", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-idx-"));
  // 6 images 2x3 and their labels 0..2
  const pixels = Array.from({ length: 36 }, (_, i) => (i * 7) % 256);
  writeFileSync(join(dir, "img-idx3-ubyte.gz"), gzipSync(idx(0x08, [6, 2, 3], pixels)));
  writeFileSync(join(dir, "lab-idx1-ubyte"), idx(0x08, [6], [0, 1, 2, 0, 1, 2]));

  it("reads an image file (gzipped) and its labels (plain), pixels scaled to [0, 1], the image shape kept", async () => {
    const spec = parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "lab-idx1-ubyte" } });
    const loaded = await loadExperimentData(spec, fileDataLoader({ specPath: join(dir, "spec.json") }));
    expect([loaded.data.x.rows, loaded.data.x.cols]).toEqual([6, 6]);
    expect(loaded.data.x.data[1]).toBeCloseTo(7 / 255, 15);
    expect(Array.from(loaded.data.y.data)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(loaded.data.image).toEqual({ height: 2, width: 3, channels: 1 });
    expect(loaded.data.task).toBe("multiclass");
  });

  it("takes a pair of IDX files as the fixed test set (data.test with data.testLabels)", async () => {
    writeFileSync(join(dir, "test-img-idx3-ubyte"), idx(0x08, [3, 2, 3], pixels.slice(0, 18).map((v) => 255 - v)));
    writeFileSync(join(dir, "test-lab-idx1-ubyte"), idx(0x08, [3], [2, 1, 0]));
    const spec = parseSpec({
      data: { source: "img-idx3-ubyte.gz", labels: "lab-idx1-ubyte", test: "test-img-idx3-ubyte", testLabels: "test-lab-idx1-ubyte" },
      split: { ratios: [0.5, 0.5], seed: 3 },
    });
    const loaded = await loadExperimentData(spec, fileDataLoader({ specPath: join(dir, "spec.json") }));
    expect(loaded.source).toMatch(/; test set .*test-img-idx3-ubyte with labels .*test-lab-idx1-ubyte \(3 images\)$/);
    const parts = splitData(spec, loaded.data);
    expect(parts.test.x.rows).toBe(3);
    expect(Array.from(parts.test.y.data).sort()).toEqual([0, 1, 2]);
    // the test images are the second file's (255 - v), never rows of the first
    expect(Math.max(...Array.from(parts.test.x.data))).toBeCloseTo(1, 15);
    expect(parts.train.x.rows + parts.dev!.x.rows).toBe(6);
    // test images without their labels, or test labels without test images: one line each
    expect(() => parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "lab-idx1-ubyte", test: "test-img-idx3-ubyte" } })).toThrow(
      /data\.testLabels: expected the labels' IDX file of the test images "test-img-idx3-ubyte"; received nothing$/,
    );
    expect(() => parseSpec({ data: { source: "a.csv", testLabels: "t-idx1-ubyte" } })).toThrow(/data\.testLabels: expected it only with data\.test .*; received "t-idx1-ubyte" without data\.test$/);
    // a test label the training data lacks is named alone (an IDX class list runs 0..its largest label: "3, 4, 5" for a 5)
    writeFileSync(join(dir, "new-lab-idx1-ubyte"), idx(0x08, [3], [2, 5, 0]));
    const newLabel = parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "lab-idx1-ubyte", test: "test-img-idx3-ubyte", testLabels: "new-lab-idx1-ubyte" } });
    await expect(loadExperimentData(newLabel, fileDataLoader({ specPath: join(dir, "spec.json") }))).rejects.toThrow(/; received 5, which no training row has$/);
    // test images of another size: the 6 pixel names are listed; 784 would be shortened
    writeFileSync(join(dir, "wide-img-idx3-ubyte"), idx(0x08, [3, 2, 2], pixels.slice(0, 12)));
    const wide = parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "lab-idx1-ubyte", test: "wide-img-idx3-ubyte", testLabels: "test-lab-idx1-ubyte" } });
    await expect(loadExperimentData(wide, fileDataLoader({ specPath: join(dir, "spec.json") }))).rejects.toThrow(
      /expected the training data's features \(pixel0, pixel1, pixel2, pixel3, pixel4, pixel5\); received pixel0, pixel1, pixel2, pixel3$/,
    );
    writeFileSync(join(dir, "big-img-idx3-ubyte"), idx(0x08, [6, 4, 4], Array.from({ length: 96 }, (_, i) => i)));
    const big = parseSpec({ data: { source: "big-img-idx3-ubyte", labels: "lab-idx1-ubyte", test: "wide-img-idx3-ubyte", testLabels: "test-lab-idx1-ubyte" } });
    await expect(loadExperimentData(big, fileDataLoader({ specPath: join(dir, "spec.json") }))).rejects.toThrow(
      /expected the training data's features \(pixel0, pixel1, pixel2, pixel3, pixel4, \.\.\., pixel14, pixel15 \(16 names\)\); received pixel0, pixel1, pixel2, pixel3$/,
    );
  });

  it("refuses a NaN or an infinity in a float IDX image file at load, naming the image", async () => {
    const floats = new Uint8Array(4 + 12 + 2 * 2 * 2 * 4);
    floats.set(idx(0x0d, [2, 2, 2], []));
    const view = new DataView(floats.buffer);
    [0.1, 0.2, 0.3, 0.4, 0.5, Number.NaN, 0.7, 0.8].forEach((v, i) => view.setFloat32(16 + 4 * i, v));
    writeFileSync(join(dir, "float-idx3"), floats);
    writeFileSync(join(dir, "two-idx1"), idx(0x08, [2], [0, 1]));
    await expect(fileDataLoader({ specPath: join(dir, "spec.json") })(parseSpec({ data: { source: "float-idx3", labels: "two-idx1" } }))).rejects.toThrow(
      /: expected finite pixel values; received NaN in image 1, value 1$/,
    );
  });

  it("parses the other element types, big-endian", () => {
    const shorts = idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]);
    expect(Array.from(parseIdx(shorts).values)).toEqual([258, -2]);
  });

  it("says what is wrong in one line: not IDX, cut short, labels missing or of another count", async () => {
    expect(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4]), "x.idx")).toThrow(/^x\.idx: expected an IDX file .*; received bytes 50 4b 03 04$/);
    expect(() => parseIdx(idx(0x08, [2, 2], [1, 2, 3]), "y.idx")).toThrow(/^y\.idx: expected 16 bytes for ubyte values of shape 2x2; received 15$/);
    const loader = fileDataLoader({ specPath: join(dir, "spec.json") });
    await expect(loader(parseSpec({ data: { source: "img-idx3-ubyte.gz" } }))).rejects.toThrow(/^data\.labels: expected the labels' IDX file/);
    writeFileSync(join(dir, "few-idx1-ubyte"), idx(0x08, [5], [0, 1, 2, 0, 1]));
    await expect(loader(parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "few-idx1-ubyte" } }))).rejects.toThrow(/expected 6 labels \(shape \[6\]\) for 6 images; received labels of shape \[5\]/);
    // an int32 label of 2e9 made a class list of 2e9 entries: the heap ran out (exit 134) instead of one line
    const huge = idx(0x0c, [6], []);
    const labels = new Uint8Array(huge.length + 24);
    labels.set(huge);
    [0, 1, 2, 2_000_000_000, 1, 0].forEach((v, i) => new DataView(labels.buffer).setInt32(huge.length + 4 * i, v));
    writeFileSync(join(dir, "huge-idx1"), labels);
    await expect(loader(parseSpec({ data: { source: "img-idx3-ubyte.gz", labels: "huge-idx1" } }))).rejects.toThrow(/expected class indices below 1000 \(at most 1000 classes\); received 2000000000 at position 3$/);
  });

  it("names Debian's package where Fashion-MNIST is not installed", async () => {
    await expect(loadFashionMnist({ dir: join(dir, "nowhere") })).rejects.toThrow(/^data\.source "fashion-mnist": expected Debian's dataset-fashion-mnist package .*sudo apt-get install -y dataset-fashion-mnist$/);
  });
});

describe.runIf(existsSync(FASHION_MNIST_DIR))("Fashion-MNIST", () => {
  it("has 60000 training images 28x28 in [0, 1] and the 10000 official test images as the fixed test set", async () => {
    const spec = parseSpec({ data: { source: "fashion-mnist", n: 2000 }, model: { dtype: "float32" } });
    const loaded = await loadExperimentData(spec, fileDataLoader());
    expect([loaded.data.x.rows, loaded.data.x.cols]).toEqual([12000, 784]);
    expect(loaded.data.image).toEqual({ height: 28, width: 28, channels: 1 });
    expect(loaded.data.classes).toHaveLength(10);
    let max = 0;
    for (const v of loaded.data.x.data) max = Math.max(max, v);
    expect(max).toBe(1);
    const parts = splitData(spec, loaded.data);
    expect(parts.test.x.rows).toBe(10000);
    expect(Math.min(...parts.test.ids)).toBe(2000);
    expect(parts.train.x.rows + parts.dev!.x.rows).toBe(2000);
  }, 30_000);
});
