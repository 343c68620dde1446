/**
 * What the settings form shows for a spec, and what it adds, where the spec leaves a choice to a default
 * or to another layer: kept apart from the form's elements so that the rules are tested without a browser.
 */
import type { HiddenLayer, Spec } from "./page-spec.js";

/**
 * The Initialization menu's value ("" is "default": He for ReLU, LeCun for tanh and sigmoid) and the
 * random scale: the first hidden layer's, which the menu sets for every layer. The output layer's only
 * when there are no hidden layers: with hidden layers and none of their own, they train with their
 * activation's default whatever the output layer has (it showed "zeros" for ReLU layers trained with He).
 */
export function shownInit(spec: Readonly<Spec>): { init: string; initScale?: number } {
  const from = spec.model.hidden.length ? spec.model.hidden[0] : spec.model.output;
  return { init: from?.init ?? "", ...(from?.initScale !== undefined ? { initScale: from.initScale } : {}) };
}

/**
 * A hidden layer added by the layer count: like the last one (its units, activation and initialization),
 * without its own regularization. The first one takes `activation`, the menu's (the person may have
 * picked it with no hidden layer to set), and the output layer's initialization, which the menu showed.
 */
export function newLayer(spec: Readonly<Spec>, activation: HiddenLayer["activation"]): HiddenLayer {
  const last = spec.model.hidden.at(-1);
  const from = last ?? { units: 8, activation, init: spec.model.output?.init, initScale: spec.model.output?.initScale };
  const { units, init, initScale } = from;
  return { units, activation: from.activation, ...(init ? { init } : {}), ...(initScale !== undefined ? { initScale } : {}) } as HiddenLayer;
}

/**
 * Why the input-feature boxes (x1², sin x1, ...) cannot be used: they are computed from x1 and x2, so the
 * data must have exactly 2 input features (the library refuses the spec otherwise). null: they can.
 */
export function inputFeaturesRefusal(dataFeatures: number): string | null {
  return dataFeatures === 2 ? null : `These are computed from 2 input features (x1, x2); this data has ${dataFeatures}.`;
}

/**
 * A number field as the form reads it: its text, and whether the browser could not read what was typed
 * (validity.badInput: "1e309", "-", "1e"; the field's value is then "", as for an empty field).
 */
export interface NumberReading {
  text: string;
  badInput: boolean;
}

/**
 * What a number field takes, in the form's own words: its label, whether it takes only whole numbers, its
 * bounds (min/max inclusive, above/below exclusive: the field's min, max, data-above, data-below
 * attributes), and whether it may be left empty (the spec's default).
 */
export interface NumberRule {
  label: string;
  integer?: boolean;
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  optional?: boolean;
}

/** "a whole number from 0 to 6", "a number above 0", "a number at least 0 and below 1", ", or nothing for the default". */
export function expectedNumber(rule: NumberRule): string {
  const kind = rule.integer ? "a whole number" : "a number";
  const lower = rule.min !== undefined ? `at least ${rule.min}` : rule.above !== undefined ? `above ${rule.above}` : null;
  const upper = rule.max !== undefined ? `at most ${rule.max}` : rule.below !== undefined ? `below ${rule.below}` : null;
  const range = rule.min !== undefined && rule.max !== undefined ? `from ${rule.min} to ${rule.max}` : [lower, upper].filter((p) => p !== null).join(" and ");
  return `${kind}${range ? ` ${range}` : ""}${rule.optional ? ", or nothing for the default" : ""}`;
}

/** What was typed, as a message says it: "nothing (the field is empty)", "text that is not a number", or the text. */
function received(reading: NumberReading): string {
  if (reading.badInput) return "text that is not a number";
  const text = reading.text.trim();
  if (text === "") return "nothing (the field is empty)";
  return Number.isFinite(Number(text)) ? text : "text that is not a number";
}

/**
 * Why a number field's value cannot be used, in one line ("Examples: expected a whole number at least 10,
 * or nothing for the default; received text that is not a number"); null when it can. Only a truly empty
 * optional field means "the default": text the browser could not read is refused, not taken as empty.
 */
export function numberProblem(rule: NumberRule, reading: NumberReading): string | null {
  const text = reading.text.trim();
  if (!reading.badInput && text === "" && rule.optional) return null;
  const value = Number(text);
  const fits =
    !reading.badInput &&
    text !== "" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.below === undefined || value < rule.below);
  return fits ? null : `${rule.label}: expected ${expectedNumber(rule)}; received ${received(reading)}`;
}

/** The split's three fields, in percent. */
export const SPLIT_PARTS = ["train", "dev", "test"] as const;
export type SplitPart = (typeof SPLIT_PARTS)[number];
/**
 * What each share may be: Train and Dev above 0 (a run with no training or no dev example fails, in the
 * spec's fractions), Test 0 to 100 (no test set). index.html's data-above="0" on Train and Dev says it.
 */
const SPLIT_RANGE: Readonly<Record<SplitPart, { rule: NumberRule; words: string }>> = {
  train: { rule: { label: "Train %", above: 0, max: 100 }, words: "above 0 and at most 100" },
  dev: { rule: { label: "Dev %", above: 0, max: 100 }, words: "above 0 and at most 100" },
  test: { rule: { label: "Test %", min: 0, max: 100 }, words: "0 to 100" },
};
const splitExpected = (part: SplitPart) => `expected ${SPLIT_RANGE[part].words}, the three summing to 100`;

/** The split's fields as fractions of 1 (percentages that miss 100 by a rounding are scaled to sum to 1). */
export function splitRatios(shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  return Math.abs(total - 100) < 0.05 ? shares.map((p) => p / total) : shares.map((p) => p / 100);
}

/**
 * Why the split's percentages cannot be used, said on the field that changed ("Train %: expected above 0
 * and at most 100, the three summing to 100; received 150"): the spec's message spoke of fractions the
 * form does not show ("expected a number of at most 1; received 1.5"); null when they can.
 */
export function splitProblem(changed: SplitPart, readings: Readonly<Record<SplitPart, NumberReading>>): string | null {
  const label = (part: SplitPart) => SPLIT_RANGE[part].rule.label;
  const own = numberProblem(SPLIT_RANGE[changed].rule, readings[changed]);
  if (own) return `${label(changed)}: ${splitExpected(changed)}; ${own.slice(own.indexOf("received "))}`;
  for (const part of SPLIT_PARTS) {
    if (part !== changed && numberProblem(SPLIT_RANGE[part].rule, readings[part])) {
      return `${label(changed)}: ${splitExpected(changed)}; received ${readings[changed].text.trim()}, with ${label(part)} not a number ${SPLIT_RANGE[part].words}`;
    }
  }
  const shares = SPLIT_PARTS.map((part) => Number(readings[part].text));
  const total = shares.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 100) < 0.05) return null;
  return `${label(changed)}: ${splitExpected(changed)}; received ${SPLIT_PARTS.map((p) => readings[p].text.trim()).join(" + ")} = ${+total.toFixed(6)}`;
}

/**
 * Decoupled weight decay multiplies the weights by 1 - learning rate x weight decay each step, which the
 * spec refuses at 1 or more (its message, on the Learning-rate field, spoke of optimizer.weightDecay):
 * said on the field that changed, in the form's words ("Weight decay: expected below 1 / learning rate
 * (20 at 0.05); received 20"). null: the product is below 1, or there is no weight decay (undefined).
 */
export function decayProblem(changed: "learning-rate" | "weight-decay", learningRate: number, weightDecay: number | undefined): string | null {
  if (weightDecay === undefined || !(learningRate * weightDecay >= 1)) return null;
  const limit = (x: number) => String(+(1 / x).toPrecision(6));
  return changed === "weight-decay"
    ? `Weight decay: expected below 1 / learning rate (${limit(learningRate)} at ${learningRate}); received ${weightDecay}`
    : `Learning rate: expected below 1 / weight decay (${limit(weightDecay)} with weight decay ${weightDecay}); received ${learningRate}`;
}

/** keep_prob (1 - rate) as the Model card writes it: up to 4 decimals ("0.999" for a rate of 0.001, not "1.00"). */
export function keepProbText(rate: number): string {
  return Number.isFinite(rate) ? String(+(1 - rate).toFixed(4)) : "?";
}

/** What early stopping watches, in the page's words: "the dev cost" for valLoss, else the value's own name. */
export function monitorWords(monitor: string): string {
  return monitor === "valLoss" ? "the dev cost" : monitor;
}

/** The form's menus and fields that the spec may set per layer, where a layer's own value overrides the form's. */
export type PerLayerField = "l2" | "l1" | "activation" | "init";

/**
 * Notes for the fields whose value is not what every layer trains with: a hidden layer's own L2 or L1
 * (the field is the spec-wide value, which the other layers use), mixed activations or initializations
 * (the menu shows the first layer's). A field without a note shows what the whole run uses.
 */
export function perLayerNotes(spec: Readonly<Spec>): Partial<Record<PerLayerField, string>> {
  const notes: Partial<Record<PerLayerField, string>> = {};
  const hidden = spec.model.hidden;
  for (const field of ["l2", "l1"] as const) {
    const own = hidden.flatMap((h, i) => (h[field] !== undefined ? [`hidden layer ${i + 1} has ${h[field]}`] : []));
    if (own.length) notes[field] = `per layer: ${own.join(", ")} (see the spec); this value is the other layers'`;
  }
  const activations = hidden.map((h) => h.activation);
  if (new Set(activations).size > 1) notes.activation = `per layer: ${activations.join(", ")} (see the spec); a choice here sets every layer`;
  const initOf = (layer: { init?: string; initScale?: number } | undefined) =>
    `${layer?.init ?? "default"}${layer?.initScale !== undefined ? ` × ${layer.initScale}` : ""}`;
  const inits = hidden.map(initOf);
  const output = spec.model.output?.init !== undefined && hidden.length ? [`output ${initOf(spec.model.output)}`] : [];
  if (new Set(inits).size > 1 || (output.length && `output ${inits[0]}` !== output[0])) {
    notes.init = `per layer: ${[...inits, ...output].join(", ")} (see the spec); a choice here sets every layer`;
  }
  return notes;
}

/** A percentage typed in the form as the spec's fraction, without the division's last-bit noise (1.3 -> 0.013, not 0.013000000000000001). */
export function fromPercent(p: number): number {
  return Number((p / 100).toPrecision(12));
}
