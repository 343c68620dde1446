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
