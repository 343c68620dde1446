/**
 * A grid search: axes of values for some knobs of a spec, and every combination of them as a trial.
 * Knobs are named by short aliases ("lambda", "rate", "lr") or by their dotted path in the spec.
 */
import { NnlabError } from "../errors.js";
import { parseSpec, withValue } from "../experiment/spec.js";
import type { TrialTask } from "./trial.js";

/** A swept knob: its name (as the user wrote it), its path in the spec and its values. */
export interface GridAxis {
  name: string;
  path: string;
  values: Array<number | string>;
}

/** Short names for the knobs people sweep; anything else is a dotted path into the spec. */
export const GRID_ALIASES: Readonly<Record<string, string>> = {
  lambda: "l2",
  l2: "l2",
  l1: "l1",
  rate: "dropout",
  dropout: "dropout",
  lr: "optimizer.learningRate",
  learningRate: "optimizer.learningRate",
  epochs: "training.epochs",
  batch: "training.batchSize",
  batchSize: "training.batchSize",
  seed: "seed",
};

/**
 * Reads one axis from "NAME=V1,V2,..." (numbers where they parse, else strings such as "full"), or null
 * when the text does not have that shape: the caller words the error for where the text came from.
 */
export function parseGridAxis(text: string): GridAxis | null {
  const match = /^([A-Za-z][\w.]*)=(.+)$/.exec(text);
  if (!match) return null;
  const [, name, list] = match;
  const values = list!.split(",").map((v) => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v.trim()));
  // Key order matters: a sweep's folder name is a hash of its axes' JSON.
  return { name: name!, path: GRID_ALIASES[name!] ?? name!, values };
}

/** A grid value as the spec takes it: true and false are switches (normalize, normalizeTarget), the rest as written. */
const specValue = (v: number | string): number | string | boolean => (v === "true" ? true : v === "false" ? false : v);

/** Every combination of the axes' values, the last axis varying fastest (the trials' index order). */
export function gridPoints(axes: readonly GridAxis[]): Array<Record<string, number | string>> {
  return axes.reduce<Array<Record<string, number | string>>>(
    (combos, axis) => combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v }))),
    [{}],
  );
}

/** "lambda=0.1, rate=0.2": a trial's values as people read them. */
export function gridLabel(values: Record<string, number | string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

export interface GridTrialsOptions {
  /** Names the base spec in error messages ("sweep.json" gives "sweep.json with rate=1.5: ..."). */
  source?: string;
  /** Carried by every task: where a relative CSV `data.source` is read from. */
  specPath?: string;
  folds?: number;
}

/**
 * The grid's trials: the base spec (raw JSON, before defaults) with each combination's values set, each
 * validated, so that a value the spec refuses is reported with the combination that holds it before
 * any trial runs.
 */
export function gridTrials(base: unknown, axes: readonly GridAxis[], options: GridTrialsOptions = {}): TrialTask[] {
  return pointTrials(base, axes, gridPoints(axes), options);
}

/**
 * Trials for given points (a grid's combinations, random draws): each point's values set into the base
 * spec at its knobs' paths, validated, the trial's index its place in `points`.
 */
export function pointTrials(
  base: unknown,
  knobs: ReadonlyArray<{ name: string; path: string }>,
  points: ReadonlyArray<Record<string, number | string>>,
  options: GridTrialsOptions = {},
): TrialTask[] {
  const source = options.source ?? options.specPath ?? "spec";
  refuseShadowedKnobs(base, knobs, source);
  return points.map((values, index) => {
    let spec: unknown = base;
    for (const knob of knobs) spec = withValue(spec, knob.path, specValue(values[knob.name]!));
    return { index, values, spec: parseSpec(spec, `${source} with ${gridLabel(values)}`), specPath: options.specPath, folds: options.folds };
  });
}

/**
 * A hidden layer's own l2, l1 or dropout overrides the spec's (src/experiment/build.ts): a sweep of the
 * top-level knob would leave that layer as it was, and the table would label the trials with values they
 * did not train with ("rate=0" trained with the layer's dropout 0.2). Refused before any trial runs.
 */
function refuseShadowedKnobs(base: unknown, knobs: ReadonlyArray<{ name: string; path: string }>, source: string): void {
  const hidden = (base as { model?: { hidden?: unknown } } | null)?.model?.hidden;
  if (!Array.isArray(hidden)) return;
  for (const knob of knobs) {
    if (knob.path !== "l2" && knob.path !== "l1" && knob.path !== "dropout") continue;
    const at = hidden.findIndex((layer) => layer && typeof layer === "object" && (layer as Record<string, unknown>)[knob.path] !== undefined);
    if (at < 0) continue;
    const own = (hidden[at] as Record<string, unknown>)[knob.path];
    throw new NnlabError(
      `${source}: the axis "${knob.name}" sets the spec's ${knob.path}, but model.hidden[${at}] sets its own ${knob.path} ${JSON.stringify(own)}, which overrides it; remove the layer's ${knob.path}, or sweep model.hidden.${at}.${knob.path}`,
    );
  }
}
