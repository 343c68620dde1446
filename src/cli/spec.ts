import { readFile } from "node:fs/promises";
import { z } from "zod";
import { generators } from "../data/generators.js";
import { NnlabError } from "../errors.js";

const datasetNames = Object.keys(generators) as [string, ...string[]];
const initializers = ["zeros", "randomNormal", "he", "heUniform", "lecun", "lecunUniform", "glorot", "glorotUniform"] as const;

const hiddenLayer = z.strictObject({
  units: z.number().int().positive(),
  activation: z.enum(["relu", "leakyRelu", "tanh", "sigmoid", "linear"]).default("relu"),
  /** Default: He for ReLU, LeCun for tanh and sigmoid. */
  init: z.enum(initializers).optional(),
  /** The std of "randomNormal" (the course's large random init is 10). */
  initScale: z.number().positive().optional(),
  /** Overrides the spec-wide regularization for this layer. */
  l2: z.number().min(0).optional(),
  l1: z.number().min(0).optional(),
  dropout: z.number().min(0).lt(1).optional(),
});

/** An experiment: data, split, model, regularization, optimizer, training. Every field has a default. */
export const experimentSpec = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "use letters, digits, '.', '_' and '-' only").default("run"),
  seed: z.number().int().default(1),
  data: z
    .strictObject({
      /** A built-in dataset name, or a path to a CSV file (relative to the spec file). */
      source: z.string().default("football"),
      /** For CSV: the label column and feature columns (names or 0-based indices). */
      label: z.union([z.string(), z.number().int().min(0)]).optional(),
      features: z.array(z.union([z.string(), z.number().int().min(0)])).optional(),
      onInvalidRow: z.enum(["error", "drop"]).default("error"),
      /** For built-in datasets: size, noise, classes. */
      n: z.number().int().min(10).optional(),
      noise: z.number().min(0).optional(),
      classes: z.number().int().min(2).optional(),
    })
    .default({ source: "football", onInvalidRow: "error" }),
  split: z.union([z.literal("auto"), z.array(z.number().min(0).max(1)).min(2).max(3)]).default("auto"),
  normalize: z.boolean().default(true),
  model: z
    .strictObject({
      dtype: z.enum(["float32", "float64"]).default("float64"),
      hidden: z.array(hiddenLayer).min(1).default([{ units: 20, activation: "relu" }, { units: 3, activation: "relu" }]),
    })
    .default({ dtype: "float64", hidden: [{ units: 20, activation: "relu" }, { units: 3, activation: "relu" }] }),
  /** L2 lambda (the course's lambda / 2m convention), L1 lambda and dropout rate for every hidden layer. */
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
            monitor: z.string().default("valLoss"),
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
  /** On-the-fly jitter of the training inputs (std, before normalization). */
  augment: z.strictObject({ jitter: z.number().min(0) }).optional(),
  /** Human-level or Bayes error, for the bias/variance diagnosis. */
  baselineError: z.number().min(0).max(1).default(0),
});

export type ExperimentSpec = z.infer<typeof experimentSpec>;
export const builtInDatasets = datasetNames;

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function pathText(path: PropertyKey[]): string {
  return path.length === 0 ? "(the spec)" : path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("");
}

/** Every schema problem on its own line: field path, what was expected, what was received. */
export function formatSpecIssues(source: string, input: unknown, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const where = pathText(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(valueAtShape(issue.path));
      return `${where}: unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}${known.length ? ` (expected one of: ${known.join(", ")})` : ""}`;
    }
    const received = valueAt(input, issue.path);
    const expected = issue.message.replace(/^Invalid input: /, "").replace(/, received \w+$/, "");
    return `${where}: ${expected}; received ${received === undefined ? "nothing" : JSON.stringify(received)}`;
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

/** Validates a parsed spec, filling defaults; throws one readable error listing every problem. */
export function parseSpec(input: unknown, source = "spec"): ExperimentSpec {
  const result = experimentSpec.safeParse(input ?? {});
  if (!result.success) throw new NnlabError(formatSpecIssues(source, input, result.error.issues));
  const spec = result.data;
  if (Array.isArray(spec.split) && Math.abs(spec.split.reduce((s, r) => s + r, 0) - 1) > 1e-9) {
    throw new NnlabError(`${source}: invalid experiment spec:\n  split: ratios must sum to 1; received ${JSON.stringify(spec.split)}`);
  }
  return spec;
}

/** Reads and validates a spec file. */
export async function readSpec(path: string): Promise<ExperimentSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NnlabError(code === "ENOENT" ? `${path}: no such spec file` : `${path}: cannot read the spec (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NnlabError(`${path}: the spec is not valid JSON: ${(error as Error).message}`);
  }
  return parseSpec(json, path);
}

/** Sets a dotted path ("optimizer.learningRate", "l2") in a copy of a plain spec object. */
export function withValue(spec: unknown, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(spec ?? {}) as Record<string, unknown>;
  const keys = path.split(".");
  let node = copy;
  keys.slice(0, -1).forEach((key) => {
    if (!node[key] || typeof node[key] !== "object") node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
  return copy;
}
