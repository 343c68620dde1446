import { builtInDatasets, type ExperimentSpec, parseSpec } from "../../src/index.js";

/**
 * The page's state is an experiment spec, the same document `nnlab train` runs: the form edits it, the
 * URL encodes it, "Export spec" hands it out, and the worker builds it with buildExperiment. These are
 * the page's own choices around it: where it starts, and the names of its knobs.
 */
export type Spec = ExperimentSpec;
export type HiddenLayer = Spec["model"]["hidden"][number];

/** The built-in sets the dataset menu offers (a spec's other sources are CSV files). */
export const DATASETS: readonly string[] = builtInDatasets;
export const ACTIVATIONS = ["relu", "leakyRelu", "tanh", "sigmoid", "linear"] as const;
export const INITS = ["zeros", "randomNormal", "he", "heUniform", "lecun", "lecunUniform", "glorot", "glorotUniform"] as const;
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
/** The form's layer-count field goes this far; a spec with more layers still opens. */
export const MAX_FORM_LAYERS = 6;

/** Where the page starts: a small tanh network on circles, trained with Adam in minibatches. */
export const DEFAULT_SPEC: Readonly<Spec> = Object.freeze(
  parseSpec(
    {
      name: "playground",
      data: { source: "circles", n: 400, noise: 0.1 },
      model: {
        hidden: [
          { units: 8, activation: "tanh", init: "lecun" },
          { units: 8, activation: "tanh", init: "lecun" },
        ],
        output: { init: "lecun" },
      },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 3000, batchSize: 32 },
    },
    "the page's default spec",
  ),
);

export function copySpec(spec: Readonly<Spec>): Spec {
  return structuredClone(spec) as Spec;
}

/** Whether the spec's data is a built-in generator's (else a CSV the page must be handed). */
export function isBuiltIn(spec: Readonly<Spec>): boolean {
  return DATASETS.includes(spec.data.source);
}

/**
 * Whether the spec's data is read by Node alone: Fashion-MNIST (Debian's package) or IDX files. The page
 * cannot read them, nor be handed them as it is handed a CSV.
 */
export function readInNodeOnly(spec: Readonly<Spec>): boolean {
  return spec.data.source === "fashion-mnist" || spec.data.labels !== undefined;
}

/** A spec from JSON text (pasted, fetched): the spec, or the library's readable message; never throws. */
export function specFromText(text: string, source = "spec"): { spec: Spec } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `${source}: not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return checkedSpec(json, source, text);
}

/** parseSpec without the exception: the spec with its defaults filled, or the message listing every problem. */
export function checkedSpec(json: unknown, source = "spec", text?: string): { spec: Spec } | { problem: string } {
  try {
    return { spec: parseSpec(json, source, text) };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** The spec as a file: the whole document, defaults filled in, as `nnlab train` reads it. */
export function specJson(spec: Readonly<Spec>): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
