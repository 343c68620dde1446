import type { Boundary } from "../observe.js";
import type { Points } from "../protocol.js";

/** Class colours: class 0 orange, class 1 blue (as in TensorFlow Playground), then more for blobs and CSVs. */
export const CLASS_COLOURS: ReadonlyArray<[number, number, number]> = [
  [232, 129, 26],
  [31, 111, 178],
  [46, 158, 84],
  [176, 58, 143],
  [120, 120, 120],
  [196, 160, 0],
];

const colourOf = (k: number) => CLASS_COLOURS[k % CLASS_COLOURS.length]!;

/** A class colour faded towards white by how unsure the model is (confidence 0: white). */
function tint(k: number, confidence: number): [number, number, number] {
  const c = colourOf(k);
  const a = 0.15 + 0.55 * Math.max(0, Math.min(1, confidence));
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/**
 * A regression value as a colour: class 0's orange at the low end of `range`, white in the middle, class
 * 1's blue at the high end (values outside the range take its end colours).
 */
function valueColour(v: number, [lo, hi]: [number, number]): [number, number, number] {
  const t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
  return t < 0.5 ? tint(0, 1 - 2 * t) : tint(1, 2 * t - 1);
}

export interface BoundaryOptions {
  /** Test examples, drawn as squares (TensorFlow Playground's "show test data"); absent: not drawn. */
  test?: Points | null;
  /** Each cell in its class's full colour (or, for regression, the colour of its half of the range): the decision, not the confidence. */
  discretize?: boolean;
}

/** The canvas with no run's picture on it (a spec that did not start), and `text` saying why. */
export function drawNoBoundary(canvas: HTMLCanvasElement, text: string): void {
  const context = canvas.getContext("2d")!;
  context.fillStyle = "#f4f4f4";
  context.fillRect(0, 0, canvas.width, canvas.height);
  canvas.dataset.shows = "nothing";
  delete canvas.dataset.test;
  context.fillStyle = "#555";
  context.font = "14px system-ui, sans-serif";
  context.textAlign = "center";
  context.fillText(text, canvas.width / 2, canvas.height / 2, canvas.width - 20);
}

/** Heat map of the model's predictions, then the points: training filled, dev as rings, test (when asked) as squares. */
/** The most points of one set drawn on each redraw: past it, every k-th point (the same ones each time). */
export const MOST_POINTS_DRAWN = 2000;

/**
 * The step between the points drawn of a set of n: 1 up to MOST_POINTS_DRAWN, else enough to draw at most
 * that many. Every point was an arc on every redraw: a 50,000-row two-feature CSV kept the page's thread
 * busy for over a second at a time while training (3.8 s of 5 in canvas strokes).
 */
export function pointStride(n: number): number {
  return Math.max(1, Math.ceil(n / MOST_POINTS_DRAWN));
}

export function drawBoundary(
  canvas: HTMLCanvasElement,
  boundary: Boundary | null | undefined,
  train: Points | null,
  dev: Points | null,
  features: number,
  options: BoundaryOptions = {},
): void {
  const context = canvas.getContext("2d")!;
  const { width, height } = canvas;
  context.fillStyle = "#f4f4f4";
  context.fillRect(0, 0, width, height);
  // what the canvas shows, for assistive text and the tests: class regions, predicted values, or nothing
  canvas.dataset.shows = !boundary ? "none" : boundary.range ? "values" : "classes";
  if (!boundary) {
    context.fillStyle = "#555";
    context.font = "14px system-ui, sans-serif";
    context.textAlign = "center";
    context.fillText(`the boundary needs 2 input features; this data has ${features}`, width / 2, height / 2, width - 20);
    return;
  }
  const { resolution, values, extent } = boundary;
  const image = new ImageData(resolution, resolution);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // Binary: v = P(class 1), confident at 0 and 1. Several classes: v = class + its probability.
    if (boundary.range) {
      const [lo, hi] = boundary.range;
      const shown = options.discretize ? (v < (lo + hi) / 2 ? lo : hi) : v;
      image.data.set([...valueColour(shown, boundary.range), 255], 4 * i);
      continue;
    }
    const [k, confidence] =
      boundary.classes === 2 ? (v >= 0.5 ? [1, 2 * v - 1] : [0, 1 - 2 * v]) : [Math.floor(v), (v - Math.floor(v) - 1 / boundary.classes) / (1 - 1 / boundary.classes)];
    const [r, g, b] = tint(k, options.discretize ? 1 : confidence);
    image.data.set([r, g, b, 255], 4 * i);
  }
  const cells = document.createElement("canvas");
  cells.width = resolution;
  cells.height = resolution;
  cells.getContext("2d")!.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(cells, 0, 0, width, height);
  const [x0, x1, y0, y1] = extent;
  const px = (a: number) => ((a - x0) / (x1 - x0)) * width;
  const py = (b: number) => (1 - (b - y0) / (y1 - y0)) * height;
  const radius = Math.max(2.5, width / 110);
  const draw = (points: Points | null, filled: boolean) => {
    if (!points) return;
    const stride = pointStride(points.y.length);
    for (let i = 0; i < points.y.length; i += stride) {
      // a regression target is coloured by its value on the heat map's scale; a class by its colour
      const [r, g, b] = boundary.range ? valueColour(points.y[i]!, boundary.range) : colourOf(points.y[i]!);
      context.beginPath();
      context.arc(px(points.x[2 * i]!), py(points.x[2 * i + 1]!), radius, 0, 2 * Math.PI);
      if (filled) {
        context.fillStyle = `rgb(${r},${g},${b})`;
        context.fill();
        context.strokeStyle = "#fff";
        context.lineWidth = 1;
      } else {
        context.strokeStyle = `rgb(${r},${g},${b})`;
        context.lineWidth = 2;
      }
      context.stroke();
    }
  };
  draw(train, true);
  draw(dev, false);
  const test = options.test;
  canvas.dataset.test = String(test ? test.y.length : 0);
  if (!test) return;
  const side = 2 * radius;
  for (let i = 0, stride = pointStride(test.y.length); i < test.y.length; i += stride) {
    const [r, g, b] = boundary.range ? valueColour(test.y[i]!, boundary.range) : colourOf(test.y[i]!);
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.strokeStyle = "#222";
    context.lineWidth = 1.5;
    const x = px(test.x[2 * i]!) - side / 2;
    const y = py(test.x[2 * i + 1]!) - side / 2;
    context.fillRect(x, y, side, side);
    context.strokeRect(x, y, side, side);
  }
}
