/**
 * The IDX format of the MNIST files (yann.lecun.com/exdb/mnist): a magic number (two zero bytes, the
 * element type, the number of dimensions), each dimension as a big-endian 32-bit count, then the values
 * big-endian, row-major. Browser-safe: this parses bytes; nnlab/node reads (and gunzips) the files.
 */
import { NnlabError } from "../errors.js";
import { type DType, Tensor } from "../tensor/tensor.js";
import { type Dataset, MAX_CLASSES } from "./dataset.js";

export interface IdxArray {
  /** "ubyte", "byte", "short", "int", "float" or "double". */
  type: string;
  dims: number[];
  /** The values as numbers (a view of the bytes for ubyte). */
  values: ArrayLike<number>;
}

const TYPES: Record<number, { name: string; bytes: number }> = {
  0x08: { name: "ubyte", bytes: 1 },
  0x09: { name: "byte", bytes: 1 },
  0x0b: { name: "short", bytes: 2 },
  0x0c: { name: "int", bytes: 4 },
  0x0d: { name: "float", bytes: 4 },
  0x0e: { name: "double", bytes: 8 },
};

/** Parses an IDX file's bytes (not gzipped); `where` names it in messages. */
export function parseIdx(bytes: Uint8Array, where = "idx"): IdxArray {
  const type = TYPES[bytes[2]!];
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !type || bytes[3] === 0) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new NnlabError(`${where}: expected an IDX file (magic 00 00 <type 08..0e> <dimensions>); received bytes ${head || "(none)"}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = bytes[3]!;
  const start = 4 + 4 * rank;
  if (bytes.length < start) throw new NnlabError(`${where}: expected ${rank} dimension sizes after the magic number; received a file of ${bytes.length} bytes`);
  const dims = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d));
  const count = dims.reduce((p, d) => p * d, 1);
  const expected = start + count * type.bytes;
  if (bytes.length !== expected) {
    throw new NnlabError(`${where}: expected ${expected} bytes for ${type.name} values of shape ${dims.join("x")}; received ${bytes.length}`);
  }
  if (type.name === "ubyte") return { type: type.name, dims, values: bytes.subarray(start) };
  const values = new Float64Array(count);
  const read = {
    byte: (o: number) => view.getInt8(o),
    short: (o: number) => view.getInt16(o),
    int: (o: number) => view.getInt32(o),
    float: (o: number) => view.getFloat32(o),
    double: (o: number) => view.getFloat64(o),
  }[type.name as "byte"]!;
  for (let i = 0; i < count; i++) values[i] = read(start + i * type.bytes);
  return { type: type.name, dims, values };
}

/**
 * A classification dataset from an IDX image array ([n, height, width] or [n, features]) and an IDX label
 * array ([n], class indices 0..k-1). ubyte pixels are scaled to [0, 1] (divided by 255).
 */
export function idxDataset(images: IdxArray, labels: IdxArray, options: { where?: string; dtype?: DType; classes?: Array<string | number> } = {}): Dataset {
  const where = options.where ?? "idx";
  const n = images.dims[0] ?? 0;
  if (images.dims.length < 2) throw new NnlabError(`${where}: expected images of 2 or more dimensions ([n, height, width]); received shape ${images.dims.join("x")}`);
  if (labels.dims.length !== 1 || labels.dims[0] !== n) {
    throw new NnlabError(`${where}: expected ${n} labels (shape [${n}]) for ${n} images; received labels of shape [${labels.dims.join(", ")}]`);
  }
  const cols = images.dims.slice(1).reduce((p, d) => p * d, 1);
  const x = Tensor.zeros(n, cols, options.dtype ?? "float64");
  const scale = images.type === "ubyte" ? 1 / 255 : 1;
  const v = images.values;
  for (let i = 0; i < x.data.length; i++) x.data[i] = v[i]! * scale;
  if (images.type === "float" || images.type === "double") {
    // integers are finite by type; a NaN or an infinity in a float file was blamed on a shuffled dev row
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i]!)) throw new NnlabError(`${where}: expected finite pixel values; received ${v[i]} in image ${Math.floor(i / cols)}, value ${i % cols}`);
    }
  }
  const y = Tensor.zeros(n, 1, options.dtype ?? "float64");
  let max = 0;
  for (let i = 0; i < n; i++) {
    const label = labels.values[i]!;
    if (!Number.isInteger(label) || label < 0) throw new NnlabError(`${where}: expected class indices 0, 1, 2, ... as labels; received ${label} at position ${i}`);
    // checked before the class list is made from the largest index (2e9 exhausted the heap)
    const limit = options.classes ? options.classes.length : MAX_CLASSES;
    if (label >= limit) {
      throw new NnlabError(`${where}: expected class indices below ${limit} (${options.classes ? `the ${limit} classes of this set` : `at most ${MAX_CLASSES} classes`}); received ${label} at position ${i}`);
    }
    y.data[i] = label;
    max = Math.max(max, label);
  }
  const classes = options.classes ?? Array.from({ length: Math.max(2, max + 1) }, (_, k) => k);
  const [height, width, channels] = images.dims.length === 3 ? [images.dims[1]!, images.dims[2]!, 1] : images.dims.length === 4 ? [images.dims[1]!, images.dims[2]!, images.dims[3]!] : [0, 0, 0];
  const data: Dataset = {
    x,
    y,
    featureNames: Array.from({ length: cols }, (_, j) => `pixel${j}`),
    labelName: "label",
    task: classes.length <= 2 ? "binary" : "multiclass",
    classes,
    ids: Int32Array.from({ length: n }, (_, i) => i),
  };
  if (height > 0) data.image = { height, width, channels };
  return data;
}
