import { checkInRange, checkNonNegative, checkPositiveInteger, fail } from "../errors.js";
import { portableCos, portableSin } from "../tensor/portable-math.js";
import type { Rng } from "../tensor/rng.js";
import type { Tensor, TypedArray } from "../tensor/tensor.js";

/**
 * Changes a batch of training examples in place, at random, from the stream it is given. fit applies it
 * to each training batch (a copy, never the data set itself), before normalization; dev and test sets
 * are never augmented.
 */
export interface Augmentation {
  readonly name: string;
  apply(batch: Tensor, rng: Rng): void;
}

/** Image rows are flattened [height, width, channels] (channels last, row-major). */
export interface ImageShape {
  height: number;
  width: number;
  channels?: number;
}

function checkImage(where: string, shape: ImageShape, batch?: Tensor): Required<ImageShape> {
  const height = checkPositiveInteger(where, "height", shape.height);
  const width = checkPositiveInteger(where, "width", shape.width);
  const channels = checkPositiveInteger(where, "channels", shape.channels ?? 1);
  if (batch && batch.cols !== height * width * channels) {
    fail(where, `rows of height * width * channels = ${height * width * channels} values`, `${batch.cols} columns`);
  }
  return { height, width, channels };
}

/** Mirrors one image row left-right (horizontal) or top-bottom, in place. A flip of a flip is the identity. */
export function flipImage(row: TypedArray, offset: number, shape: Required<ImageShape>, horizontal: boolean): void {
  const { height, width, channels } = shape;
  if (horizontal) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width >> 1; x++) {
        const a = offset + (y * width + x) * channels;
        const b = offset + (y * width + (width - 1 - x)) * channels;
        for (let c = 0; c < channels; c++) {
          const t = row[a + c]!;
          row[a + c] = row[b + c]!;
          row[b + c] = t;
        }
      }
    }
  } else {
    const stride = width * channels;
    for (let y = 0; y < height >> 1; y++) {
      const a = offset + y * stride;
      const b = offset + (height - 1 - y) * stride;
      for (let k = 0; k < stride; k++) {
        const t = row[a + k]!;
        row[a + k] = row[b + k]!;
        row[b + k] = t;
      }
    }
  }
}

/** Random horizontal and/or vertical flips, each with `probability`. */
export function randomFlip(options: ImageShape & { horizontal?: boolean; vertical?: boolean; probability?: number }): Augmentation {
  const shape = checkImage("randomFlip", options);
  const horizontal = options.horizontal ?? true;
  const vertical = options.vertical ?? false;
  const p = checkInRange("randomFlip", "probability", options.probability ?? 0.5, 0, 1, true);
  return {
    name: "randomFlip",
    apply(batch, rng) {
      checkImage("randomFlip", shape, batch);
      for (let r = 0; r < batch.rows; r++) {
        if (horizontal && rng.uniform() < p) flipImage(batch.data, r * batch.cols, shape, true);
        if (vertical && rng.uniform() < p) flipImage(batch.data, r * batch.cols, shape, false);
      }
    },
  };
}

/**
 * Resamples each image through a random geometric map from an output pixel to the index of its source
 * pixel (nearest neighbour), or -1 for a pixel from outside the image, which gets `fill`.
 */
function resample(
  name: string,
  shape: Required<ImageShape>,
  fill: number,
  draw: (rng: Rng, params: Float64Array) => void,
  map: (params: Float64Array, x: number, y: number) => number,
): Augmentation {
  let scratch: Float64Array | null = null;
  const params = new Float64Array(4); // this example's random shift or angle, drawn without allocating
  const { width, height } = shape;
  return {
    name,
    apply(batch, rng) {
      checkImage(name, shape, batch);
      const channels = shape.channels;
      if (!scratch || scratch.length !== batch.cols) scratch = new Float64Array(batch.cols);
      for (let r = 0; r < batch.rows; r++) {
        const offset = r * batch.cols;
        scratch.set(batch.data.subarray(offset, offset + batch.cols));
        draw(rng, params);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const from = map(params, x, y);
            for (let c = 0; c < channels; c++) {
              batch.data[offset + (y * width + x) * channels + c] = from >= 0 ? scratch[from * channels + c]! : fill;
            }
          }
        }
      }
    },
  };
}

/** The flat index of pixel (x, y), or -1 outside the image. */
function pixel(shape: Required<ImageShape>, x: number, y: number): number {
  return x >= 0 && x < shape.width && y >= 0 && y < shape.height ? y * shape.width + x : -1;
}

/**
 * Random translation by up to `maxShift` pixels each way, padding with `fill` (the same as padding by
 * maxShift and taking a random crop of the original size).
 */
export function randomShift(options: ImageShape & { maxShift: number; fill?: number }): Augmentation {
  const shape = checkImage("randomShift", options);
  // whole pixels, at most the image's size (0.5 was taken and never shifted; 1e10 failed on the first batch)
  const reach = options.maxShift;
  if (!Number.isInteger(reach) || reach < 0 || reach > Math.max(shape.width, shape.height)) {
    fail("randomShift", `maxShift must be a whole number of pixels from 0 to ${Math.max(shape.width, shape.height)} (the image's size)`, reach);
  }
  const fill = options.fill ?? 0;
  if (typeof fill !== "number" || !Number.isFinite(fill)) fail("randomShift", "fill must be a finite number (the value of the pixels shifted in)", fill);
  return resample(
    "randomShift",
    shape,
    fill,
    (rng, p) => {
      p[0] = rng.int(2 * reach + 1) - reach;
      p[1] = rng.int(2 * reach + 1) - reach;
    },
    (p, x, y) => pixel(shape, x - p[0]!, y - p[1]!),
  );
}

/** Random rotation about the centre by up to `maxDegrees` either way. */
export function randomRotation(options: ImageShape & { maxDegrees: number; fill?: number }): Augmentation {
  const shape = checkImage("randomRotation", options);
  const maxDegrees = checkInRange("randomRotation", "maxDegrees", options.maxDegrees, 0, 180, true);
  const cx = (shape.width - 1) / 2;
  const cy = (shape.height - 1) / 2;
  return resample(
    "randomRotation",
    shape,
    options.fill ?? 0,
    (rng, p) => {
      const angle = (rng.uniformIn(-maxDegrees, maxDegrees) * Math.PI) / 180;
      p[0] = portableCos(angle);
      p[1] = portableSin(angle);
    },
    // the inverse map: rotate the output pixel back by -angle to find its source
    (p, x, y) =>
      pixel(shape, Math.round(cx + (x - cx) * p[0]! + (y - cy) * p[1]!), Math.round(cy - (x - cx) * p[1]! + (y - cy) * p[0]!)),
  );
}

/** Adds N(0, std^2) noise to every value (images or any features). */
export function gaussianNoise(options: { std: number }): Augmentation {
  const std = checkNonNegative("gaussianNoise", "std", options.std);
  return {
    name: "gaussianNoise",
    apply(batch, rng) {
      const d = batch.data;
      for (let i = 0; i < d.length; i++) d[i] += std * rng.normal();
    },
  };
}

/**
 * Jitter for tabular and 2-D data: moves each example by N(0, std^2) in every feature, with a
 * per-feature std when given an array (e.g. a fraction of each feature's spread).
 */
export function jitter(options: { std: number | number[] }): Augmentation {
  const stds = options.std;
  (Array.isArray(stds) ? stds : [stds]).forEach((s) => checkNonNegative("jitter", "std", s));
  return {
    name: "jitter",
    apply(batch, rng) {
      if (Array.isArray(stds) && stds.length !== batch.cols) fail("jitter", `${batch.cols} stds (one per feature)`, `${stds.length}`);
      const d = batch.data;
      for (let i = 0; i < batch.rows; i++) {
        for (let j = 0; j < batch.cols; j++) {
          d[i * batch.cols + j] += (Array.isArray(stds) ? stds[j]! : stds) * rng.normal();
        }
      }
    },
  };
}

/** Applies augmentations one after another. */
export function compose(...steps: Augmentation[]): Augmentation {
  return {
    name: steps.map((s) => s.name).join("+"),
    apply(batch, rng) {
      for (const step of steps) step.apply(batch, rng);
    },
  };
}
