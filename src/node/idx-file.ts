import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { type IdxArray, idxDataset, parseIdx } from "../data/idx.js";
import { withTestSet } from "../data/fixed-parts.js";
import type { Dataset } from "../data/dataset.js";
import { NnlabError } from "../errors.js";
import { type DType, Tensor } from "../tensor/tensor.js";
import { describeFsError } from "./fs-error.js";

/** Reads an IDX file (gzipped or not: told by its first bytes, 1f 8b). */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const line = describeFsError(error, path, "reading an IDX file");
    throw line ? new NnlabError(line) : error;
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new NnlabError(`${path}: expected a gzipped IDX file; received a gzip stream that does not unpack (${(error as Error).message})`);
    }
  }
  return parseIdx(bytes, path);
}

/** A dataset from an IDX image file and its IDX label file (pixels of ubyte images scaled to [0, 1]). */
export async function loadIdxDataset(imagesPath: string, labelsPath: string, options: { dtype?: DType; classes?: Array<string | number> } = {}): Promise<Dataset> {
  // read side by side, but when both are bad the images' error is the one told, every time (not the first to fail)
  const [images, labels] = await Promise.allSettled([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  if (images.status === "rejected") throw images.reason;
  if (labels.status === "rejected") throw labels.reason;
  return idxDataset(images.value, labels.value, { where: `${imagesPath} with ${labelsPath}`, ...options });
}

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
export const FASHION_MNIST_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test images 28x28, 10 classes, read
 * from Debian's dataset-fashion-mnist package. The 10,000 official test images are the fixed test set
 * (marked "test"); `trainRows` keeps only the first that many training images.
 */
export async function loadFashionMnist(options: { dir?: string; dtype?: DType; trainRows?: number } = {}): Promise<Dataset> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const file = (name: string) => `${dir}/${name}-ubyte.gz`;
  try {
    await readFile(file("t10k-labels-idx1"));
  } catch {
    throw new NnlabError(
      `data.source "fashion-mnist": expected Debian's dataset-fashion-mnist package (its files in ${dir}); received no such files: install it with: sudo apt-get install -y dataset-fashion-mnist`,
    );
  }
  const classes = FASHION_MNIST_CLASSES;
  let train = await loadIdxDataset(file("train-images-idx3"), file("train-labels-idx1"), { dtype: options.dtype, classes });
  if (options.trainRows !== undefined && options.trainRows < train.x.rows) {
    const keep = options.trainRows * train.x.cols;
    const rows = options.trainRows;
    train = { ...train, x: new Tensor(rows, train.x.cols, train.x.data.slice(0, keep)), y: new Tensor(rows, 1, train.y.data.slice(0, rows)), ids: train.ids.slice(0, rows) };
  }
  const test = await loadIdxDataset(file("t10k-images-idx3"), file("t10k-labels-idx1"), { dtype: options.dtype, classes });
  return withTestSet(train, test, "fashion-mnist test images");
}
