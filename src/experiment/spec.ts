/**
 * The experiment spec: one JSON document for data, split, model, regularization, optimizer and training,
 * with readable errors (path, expected, received). Browser-safe: the CLI reads spec files with it, and the
 * library and the page parse the same specs (issue 12 moves the runner here too).
 */
import { z } from "zod";
import { CSV_DELIMITERS } from "../data/csv-dialect.js";
import { generators, INPUT_FEATURES } from "../data/generators.js";
import { realDatasets } from "../data/real-datasets.js";
import { NnlabError } from "../errors.js";
import { nonFiniteLiterals } from "./json-literals.js";

const datasetNames = [...Object.keys(generators), ...Object.keys(realDatasets)] as [string, ...string[]];
const initializers = ["zeros", "randomNormal", "he", "heUniform", "lecun", "lecunUniform", "glorot", "glorotUniform"] as const;

/**
 * Sizes past which allocation fails (a RangeError deep in a typed array) or takes the machine's memory:
 * far beyond any network or data set these experiments need, so a typo like 1e12 is caught here.
 * MAX_WEIGHTS is what a run can save: a checkpoint holds the weights and Adam's two moments as the base64
 * of their bytes (32 characters a float64 weight), model.json each weight as a decimal (about 21), and one
 * JavaScript string holds at most 2^29 - 24 characters. At 50 million, a 16.4-million-weight network
 * trained and then failed at its first checkpoint ("RangeError: Invalid string length", exit 1, nothing kept).
 */
export const MAX_UNITS = 100_000;
export const MAX_WEIGHTS = 10_000_000;
export const MAX_EXAMPLES = 10_000_000;

const splitRatios = z.array(z.number().min(0).max(1)).min(2).max(3);

// initScale is the std of "randomNormal" only: He, LeCun and Glorot set theirs from the fan-in, so a
// scale beside them was accepted and ignored (a layer asked for 10x He trained at He's std)
const scaleWithRandomNormal = (layer: { init?: string; initScale?: number }) => layer.initScale === undefined || layer.init === "randomNormal";
// reported on initScale itself: the page drops a refused field, and dropping "init" left the error standing
const initScaleRule = { message: 'expected only with "init": "randomNormal" (the other initializers take their scale from the fan-in)', path: ["initScale"] };

const hiddenLayer = z.strictObject({
  units: z.number().int().positive().max(MAX_UNITS, `expected at most ${MAX_UNITS} units per layer`),
  activation: z.enum(["relu", "leakyRelu", "tanh", "sigmoid", "linear"]).default("relu"),
  /** Default: He for ReLU, LeCun for tanh and sigmoid. */
  init: z.enum(initializers).optional(),
  /** The std of "randomNormal" (the course's large random init is 10). */
  initScale: z.number().positive().optional(),
  /** Overrides the spec-wide regularization for this layer. */
  l2: z.number().min(0).optional(),
  l1: z.number().min(0).optional(),
  dropout: z.number().min(0).lt(1).optional(),
}).refine(scaleWithRandomNormal, initScaleRule);

/** An experiment: data, split, model, regularization, optimizer, training. Every field has a default. */
export const experimentSpec = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' and '-' only").default("run"),
  seed: z.number().int().default(1),
  data: z
    .strictObject({
      /**
       * A built-in dataset name (a generator, or a real set: iris, wine, breast-cancer, digits), or a path to
       * a CSV file (relative to the spec file).
       */
      source: z.string().default("football"),
      /** For CSV: the label column and feature columns (names or 0-based indices). */
      label: z.union([z.string(), z.number().int().min(0)]).optional(),
      features: z.array(z.union([z.string(), z.number().int().min(0)])).optional(),
      onInvalidRow: z.enum(["error", "drop"]).default("error"),
      /**
       * For CSV: what the label column holds. "auto" (the default) reads whole numbers with at most 20
       * distinct values, and any text, as classes, and other numbers as a regression target; say
       * "classification" for 30 numbered classes, "regression" for a 1-10 score.
       */
      task: z.enum(["auto", "classification", "regression"]).optional(),
      /**
       * For CSV: the field separator, ",", ";" or "\t"; absent or "auto": found from the file's first lines,
       * with its decimal mark (a semicolon-separated file may write "1,5"; see detectCsvDialect).
       */
      delimiter: z.enum(CSV_DELIMITERS, { error: `expected one of ${CSV_DELIMITERS.map((d) => JSON.stringify(d)).join(", ")}` }).optional(),
      /**
       * A CSV of test rows (relative to the spec file), read with the same columns: the test set is then
       * that file for every run, and the source splits into train and dev only.
       */
      test: z.string().min(1).optional(),
      /** For an IDX image file as `source`: the labels' IDX file (relative to the spec file). */
      labels: z.string().min(1).optional(),
      /** For IDX test images as `test`: their labels' IDX file (relative to the spec file). */
      testLabels: z.string().min(1).optional(),
      /** For CSV: a column (name or index) whose values, train, dev or test, decide each row's part. */
      splitColumn: z.union([z.string(), z.number().int().min(0)]).optional(),
      /**
       * For the generators: the seed their points are drawn with (default: the spec's seed), so that a sweep
       * over the spec's seed can keep one data set, and with the split's seed one test set.
       */
      seed: z.number().int().optional(),
      /** For built-in datasets: size, noise, classes. */
      n: z.number().int().min(10).max(MAX_EXAMPLES).optional(),
      noise: z.number().min(0).optional(),
      classes: z.number().int().min(2).optional(),
      /**
       * For 2-D data (x1, x2): the network's inputs, computed from them (TensorFlow Playground's feature
       * toggles): any of x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2. Absent: x1 and x2 as they are.
       * Computed by withInputFeatures as loadExperimentData loads the data (the CLI, the library and the page alike).
       */
      inputFeatures: z
        .array(z.enum(INPUT_FEATURES))
        .min(1)
        .refine((names) => new Set(names).size === names.length, "each feature at most once")
        .optional(),
    })
    .default({ source: "football", onInvalidRow: "error" }),
  /**
   * "auto", ratios [train, dev] or [train, dev, test], or { ratios, seed }: the split's own seed (default:
   * the spec's seed), so that a sweep over seeds keeps one test set.
   */
  split: z
    .union([
      z.literal("auto"),
      splitRatios,
      z.strictObject({ ratios: z.union([z.literal("auto"), splitRatios]).default("auto"), seed: z.number().int().optional() }),
    ])
    .default("auto"),
  normalize: z.boolean().default(true),
  /**
   * A regression target standardized on the training split while the network learns it (class labels
   * are not scaled: on classification data it is unused, with a warning). Predictions, saved models, exports and every cost reported stay in the
   * target's own units: see Sequential.targetNormalization. Off by default, so that a spec keeps its bits;
   * the doctor names a target far from unit scale (target-not-normalized), and `nnlab improve` on a CSV
   * starts with it on.
   */
  normalizeTarget: z.boolean().optional(),
  model: z
    .strictObject({
      dtype: z.enum(["float32", "float64"]).default("float64"),
      /**
       * The output layer's initialization (default: the Dense default for its activation). The playground sets it
       * with the hidden layers' so that "zeros" zeroes the whole network, the notes' symmetry demonstration.
       */
      output: z.strictObject({ init: z.enum(initializers).optional(), initScale: z.number().positive().optional() }).refine(scaleWithRandomNormal, initScaleRule).optional(),
      /** May be empty: no hidden layer is logistic (or softmax, or linear) regression. */
      hidden: z.array(hiddenLayer).default([{ units: 20, activation: "relu" }, { units: 3, activation: "relu" }]),
    })
    .default({ dtype: "float64", hidden: [{ units: 20, activation: "relu" }, { units: 3, activation: "relu" }] }),
  /** L2 lambda (cost += lambda/(2m) sum w^2) and L1 lambda (lambda/m sum |w|) for every Dense layer, the output included; dropout rate after every hidden layer. */
  l2: z.number().min(0).default(0),
  l1: z.number().min(0).default(0),
  dropout: z.number().min(0).lt(1).default(0),
  optimizer: z
    .strictObject({
      name: z.enum(["sgd", "momentum", "adam"]).default("sgd"),
      learningRate: z.number().positive().default(0.3),
      momentum: z.number().min(0).lt(1).optional(),
      beta1: z.number().min(0).lt(1).optional(),
      beta2: z.number().min(0).lt(1).optional(),
      weightDecay: z.number().min(0).optional(),
    })
    // fields of another optimizer were accepted and ignored ("sgd" with momentum 0.9 ran plain SGD)
    // each reported on the field itself (the page drops a refused field and keeps the rest of a link)
    .refine((o) => o.momentum === undefined || o.name === "momentum", { message: 'expected only with "name": "momentum" (its velocity is momentum\'s alone)', path: ["momentum"] })
    .refine((o) => o.beta1 === undefined || o.name === "adam", { message: 'expected only with "name": "adam" (Adam\'s moment averages)', path: ["beta1"] })
    .refine((o) => o.beta2 === undefined || o.name === "adam", { message: 'expected only with "name": "adam" (Adam\'s moment averages)', path: ["beta2"] })
    // decoupled decay multiplies the weights by 1 - learningRate x weightDecay each step: at 1 or more they
    // are zeroed or flip sign every step (DESIGN.md: the factor lies in (0, 1))
    .refine((o) => o.weightDecay === undefined || o.learningRate * o.weightDecay < 1, { message: "expected learningRate x weightDecay below 1 (each step multiplies the weights by 1 - learningRate x weightDecay)", path: ["weightDecay"] })
    .default({ name: "sgd", learningRate: 0.3 }),
  training: z
    .strictObject({
      epochs: z.number().int().positive().default(3000),
      batchSize: z.union([z.literal("full"), z.number().int().positive()]).default("full"),
      earlyStopping: z
        .union([
          z.literal(false),
          z.strictObject({
            patience: z.number().int().min(0).default(100),
            minDelta: z.number().min(0).default(0),
            // the values fit logs (full*: with dropout; *Accuracy: a classifier): a typo was accepted here and
            // stopped the run at its first epoch (on the page, the training worker failed)
            monitor: z.enum(["valLoss", "valDataLoss", "valAccuracy", "loss", "dataLoss", "regularizationLoss", "accuracy", "fullLoss", "fullDataLoss", "fullAccuracy"]).default("valLoss"),
          }),
        ])
        .default(false),
      /**
       * Stop when training diverges though the cost is finite (far above its start, oscillating without
       * trend, a ReLU layer dead in the first epochs); false trains on regardless. NaN always stops.
       */
      stopOnDivergence: z.boolean().default(true),
    })
    .default({ epochs: 3000, batchSize: "full", earlyStopping: false, stopOnDivergence: true }),
  /**
   * On-the-fly augmentation of the training batches only (never dev or test), seeded, before
   * normalization: jitter (std added to every feature); and for image data (the image shape comes with
   * the data: digits, IDX, Fashion-MNIST) random horizontal flips (half the images), shifts of up to
   * `shift` pixels each way, rotations of up to `rotate` degrees either way, and Gaussian noise of std
   * `noise`, in the pixels' own units (IDX and Fashion-MNIST pixels are in [0, 1], digits' counts in 0..16).
   * Applied as flips, shifts, rotations, noise, then jitter (src/experiment/build.ts augmentationFor).
   */
  augment: z
    .strictObject({
      jitter: z.number().min(0).optional(),
      flip: z.boolean().optional(),
      shift: z.number().int().min(0).max(100).optional(),
      rotate: z.number().min(0).max(180).optional(),
      noise: z.number().min(0).optional(),
    })
    .optional(),
  /**
   * Human-level or Bayes error, for the bias/variance diagnosis. Absent: 0 is assumed, and the doctor says
   * that none was given (where classes overlap or labels are noisy, no model reaches 0).
   */
  baselineError: z.number().min(0).max(1).optional(),
  /**
   * Class weights for an imbalanced classification set: "balanced" (scikit-learn's n / (k * count_c), from
   * the training split) or one weight per class (binary: [w0, w1]); each example's loss counts its class's
   * weight (src/losses). Absent: every example counts the same.
   */
  // all weights 0 made every loss 0: the run "trained" without moving and was diagnosed as high bias
  classWeight: z
    .union([z.literal("balanced"), z.array(z.number().min(0)).min(2).refine((w) => w.some((v) => v > 0), "at least one class weight above 0 (with all of them 0 every example's loss is 0 and nothing is learned)")])
    .optional(),
});

export type ExperimentSpec = z.infer<typeof experimentSpec>;
export const builtInDatasets = datasetNames;

/**
 * Whether the spec has hidden layers and all of them are linear: one linear map however wide or deep
 * (improve's high-bias remedy and the doctor's probe then change the activation, not the width).
 */
export function allHiddenLinear(spec: ExperimentSpec): boolean {
  return spec.model.hidden.length > 0 && spec.model.hidden.every((h) => h.activation === "linear");
}

/** The value at a path of keys in a spec (["training", "earlyStopping", "patience"]), undefined where there is none. */
export function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function pathText(path: PropertyKey[]): string {
  return path.length === 0 ? "(the spec)" : path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("");
}

/** JSON for a message, with Infinity and NaN as such (JSON.stringify writes null), at most 100 characters. */
function showJson(value: unknown): string {
  const mark = "\u0000";
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? `${mark}${v}${mark}` : v)) ?? String(value);
  } catch {
    // nested past the stack (3000 arrays deep in a spec file): "unexpected error: RangeError", exit 1
    text = Array.isArray(value) ? "an array nested too deep to show" : "an object nested too deep to show";
  }
  const shown = text.replace(/"\\u0000([^"]*)\\u0000"/g, "$1");
  return shown.length > 100 ? `${shown.slice(0, 97)}...` : shown;
}

/**
 * A received value as a person wrote it: JSON shows Infinity as null, so a non-finite number is
 * shown as its literal in the spec's text (1e999) when known.
 */
function receivedText(value: unknown, literal: string | undefined): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN (not a number)" : `${literal ?? String(value)} (not a finite number)`;
  }
  return showJson(value);
}

/** What an issue expected, in plain words, without its ", received <type>". */
function expectation(issue: z.core.$ZodIssue): string {
  return plainExpectation(issue.message).replace(/, received \S+$/, "");
}

const BOUNDS: Record<string, string> = { ">=": "of at least", ">": "above", "<=": "of at most", "<": "below" };

/**
 * A zod message in the words the rest of nnlab uses: "Too big: expected number to be <1" reads "expected a
 * number below 1", "Too small: expected array to have >=2 items" reads "expected at least 2 items", and
 * zod's "Invalid input: " and "Invalid option: " go (the CLI, the page's spec card and its links share it).
 */
export function plainExpectation(message: string): string {
  return message
    .replace(/^(Invalid (input|option)|Too (big|small)): /, "")
    .replace(/expected number to be (>=|>|<=|<)\s*(\S+)/, (_m, op: string, v: string) => `expected a number ${BOUNDS[op]} ${v}`)
    .replace(/expected (array|string) to have (>=|>|<=|<)\s*(\S+) (items|characters)/, (_m, _kind: string, op: string, v: string, unit: string) => `expected ${BOUNDS[op]!.replace(/^of /, "")} ${v} ${v === "1" ? unit.replace(/s$/, "") : unit}`)
    // zod's type names as words: "expected int" read as a type, not as "a whole number"
    .replace(/\b(expected|or) (int|number|string|boolean|array|object)\b/g, (_m, lead: string, type: string) => `${lead} ${TYPE_WORDS[type]}`);
}

const TYPE_WORDS: Record<string, string> = { int: "a whole number", number: "a number", string: "a string", boolean: "true or false", array: "an array", object: "an object" };

/**
 * A union's issue ("Invalid input") as the issues of the alternative that got furthest (an array of
 * split ratios with a bad ratio: that ratio's issue), or as "expected A or B" when none got past the
 * value's type.
 */
function unionIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "invalid_union") return [issue];
  // an alternative the value matched in type, but not in a bound (four split ratios: too many items)
  const typeMatched = (branch: z.core.$ZodIssue[]) => branch.length > 0 && branch.every((i) => i.code !== "invalid_type" && i.code !== "invalid_value" && i.code !== "invalid_union");
  const deeper = issue.errors.find((branch) => branch.some((i) => i.path.length > 0)) ?? issue.errors.find(typeMatched);
  if (deeper) return deeper.flatMap((i) => unionIssues({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue));
  const options = [...new Set(issue.errors.map((branch) => (branch[0] ? expectation(branch[0]).replace(/^expected /, "") : "")).filter(Boolean))];
  return options.length ? [{ ...issue, message: `expected ${options.join(" or ")}` }] : [issue];
}

/**
 * Every schema problem on its own line: field path, what was expected, what was received. `text`, the
 * spec's JSON as written, lets a number too large for a double be quoted as written.
 */
export function formatSpecIssues(source: string, input: unknown, issues: z.core.$ZodIssue[], text?: string): string {
  let literals: Map<string, string> | undefined;
  const lines = issues.flatMap(unionIssues).map((issue) => {
    const where = pathText(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(valueAtShape(issue.path));
      return `${where}: unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}${known.length ? ` (expected one of: ${known.join(", ")})` : ""}`;
    }
    const received = valueAt(input, issue.path);
    const nonFinite = typeof received === "number" && !Number.isFinite(received);
    if (nonFinite && text !== undefined) literals ??= nonFiniteLiterals(text);
    let expected = expectation(issue);
    if (nonFinite && expected === "expected a number") expected = "expected a finite number";
    return `${where}: ${expected}; received ${receivedText(received, literals?.get(JSON.stringify(issue.path)))}`;
  });
  return `${source}: invalid experiment spec:\n  ${lines.join("\n  ")}`;
}

/** The field names the schema allows at a path (for "unknown field" messages). */
function valueAtShape(path: PropertyKey[]): Record<string, unknown> {
  let schema: z.ZodType = experimentSpec;
  for (const key of path) {
    let inner: z.ZodType = schema;
    while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodObject) schema = inner.shape[key as string] as z.ZodType;
    else if (inner instanceof z.ZodArray) schema = inner.element as z.ZodType;
    else if (inner instanceof z.ZodUnion) schema = (inner.options.find((o) => o instanceof z.ZodObject) as z.ZodType) ?? inner;
    if (!schema) return {};
  }
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  if (inner instanceof z.ZodUnion) inner = (inner.options.find((o) => o instanceof z.ZodObject) as z.ZodType) ?? inner;
  return inner instanceof z.ZodObject ? inner.shape : {};
}

/**
 * Validates a parsed spec, filling defaults; throws one readable error listing every problem. `text`,
 * the JSON it was parsed from, lets messages quote numbers as written.
 */
export function parseSpec(input: unknown, source = "spec", text?: string): ExperimentSpec {
  // Absent is the default spec; a file that says null is not (it would train the built-in default unasked).
  const result = experimentSpec.safeParse(input === undefined ? {} : input);
  if (!result.success) throw new NnlabError(formatSpecIssues(source, input, result.error.issues, text));
  const spec = result.data;
  const ratios = splitRatiosOf(spec);
  if (Array.isArray(ratios) && Math.abs(ratios.reduce((s, r) => s + r, 0) - 1) > 1e-9) {
    const where = Array.isArray(spec.split) ? "split" : "split.ratios";
    throw new NnlabError(`${source}: invalid experiment spec:\n  ${where}: ratios must sum to 1; received ${JSON.stringify(ratios)}`);
  }
  if (spec.data.test !== undefined && spec.data.splitColumn !== undefined) {
    throw new NnlabError(
      `${source}: invalid experiment spec:\n  data: expected either data.test (a test file) or data.splitColumn (a column naming each row's part); received both`,
    );
  }
  if (spec.data.testLabels !== undefined && spec.data.test === undefined) {
    throw new NnlabError(
      `${source}: invalid experiment spec:\n  data.testLabels: expected it only with data.test (the test images it labels); received ${JSON.stringify(spec.data.testLabels)} without data.test`,
    );
  }
  if (spec.data.labels !== undefined && spec.data.test !== undefined && spec.data.testLabels === undefined) {
    throw new NnlabError(
      `${source}: invalid experiment spec:\n  data.testLabels: expected the labels' IDX file of the test images ${JSON.stringify(spec.data.test)}; received nothing`,
    );
  }
  // fit logs the full* values (the cost with dropout off) only where some layer drops units: early stopping
  // on one of them failed at the end of the first epoch, with a list of logged values and no reason
  const monitor = spec.training.earlyStopping ? spec.training.earlyStopping.monitor : null;
  if (monitor?.startsWith("full") && !(spec.dropout > 0 || spec.model.hidden.some((h) => (h.dropout ?? 0) > 0))) {
    const plain = monitor === "fullLoss" ? "loss" : monitor === "fullDataLoss" ? "dataLoss" : "accuracy";
    throw new NnlabError(
      `${source}: invalid experiment spec:\n  training.earlyStopping.monitor: expected "${plain}" for a model without dropout (the full* values, the cost with dropout off, are logged only where dropout is on); received "${monitor}"`,
    );
  }
  // The input and output sizes come with the data (checkNetworkSize); the hidden layers alone can be checked now.
  const units = spec.model.hidden.map((h) => h.units);
  const weights = weightCount(units);
  if (weights > MAX_WEIGHTS) {
    throw new NnlabError(
      `${source}: invalid experiment spec:\n  model.hidden: expected at most ${MAX_WEIGHTS} weights between the hidden layers; received ${weights} (${units.join("-")}); use fewer units`,
    );
  }
  return spec;
}

/** The split's ratios ("auto" or an array), whichever form the spec gives them in. */
export function splitRatiosOf(spec: ExperimentSpec): "auto" | number[] {
  return typeof spec.split === "string" || Array.isArray(spec.split) ? spec.split : spec.split.ratios;
}

/** The seed of the split: its own when the spec gives one, else the spec's seed. */
export function splitSeedOf(spec: ExperimentSpec): number {
  return typeof spec.split === "object" && !Array.isArray(spec.split) && spec.split.seed !== undefined ? spec.split.seed : spec.seed;
}

/** The weights of fully connected layers of these sizes, in order. */
function weightCount(sizes: number[]): number {
  return sizes.slice(1).reduce((sum, n, i) => sum + n * sizes[i]!, 0);
}

/** Refuses a network with more than MAX_WEIGHTS weights before any memory is allocated for it. */
export function checkNetworkSize(source: string, inputSize: number, hiddenUnits: number[], outputUnits: number): void {
  const sizes = [inputSize, ...hiddenUnits, outputUnits];
  const weights = weightCount(sizes);
  if (weights > MAX_WEIGHTS) {
    throw new NnlabError(`${source}: the network ${sizes.join("-")} would have ${weights} weights; at most ${MAX_WEIGHTS} fit (use fewer units or features)`);
  }
}

/** Sets a dotted path ("optimizer.learningRate", "l2") in a copy of a plain spec object. */
/** Each optimizer's own fields beside name, learningRate and weightDecay (the spec refuses the others'). */
const OPTIMIZER_FIELDS: Record<string, readonly string[]> = { sgd: [], momentum: ["momentum"], adam: ["beta1", "beta2"] };

/**
 * Switching the optimizer drops the fields of the one before (a sweep over optimizer.name from a base with
 * momentum 0.9, improve's "Adam at 0.01" from a momentum spec, the page's optimizer menu): the spec
 * refuses momentum beside "adam" rather than ignore it.
 */
export function dropForeignOptimizerFields(optimizer: Record<string, unknown>): void {
  const own = OPTIMIZER_FIELDS[String(optimizer.name)];
  if (!own) return;
  for (const field of Object.values(OPTIMIZER_FIELDS).flat()) if (!own.includes(field)) delete optimizer[field];
}

export function withValue(spec: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(spec ?? {}) as Record<string, unknown>;
  const keys = path.split(".");
  // a path through __proto__ wrote into Object.prototype: every object of the process then had the field
  const unsafe = keys.find((key) => key === "__proto__" || key === "constructor" || key === "prototype");
  if (unsafe !== undefined) throw new NnlabError(`${path}: expected a path of spec fields; received the segment ${JSON.stringify(unsafe)}, which names no field`);
  let node = copy;
  keys.slice(0, -1).forEach((key) => {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
  if (path === "optimizer.name") dropForeignOptimizerFields(node);
  return copy;
}
