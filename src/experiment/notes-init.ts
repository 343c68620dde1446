import type { ExperimentSpec } from "./spec.js";

/**
 * The notes' initialization for every layer of `spec`, as a spec change: He for ReLU hidden layers, LeCun
 * for the others (an explicit scale dropped), and LeCun for the output layer where the spec set its
 * initialization (otherwise its default is already scaled to the fan-in). The doctor's probe, its
 * suggested spec and improve's remedy all apply this one change, so that what the doctor advises is what
 * it measured: its probe once set the hidden layers alone while the advice named the output layer's W.
 */
export function notesInitialization(spec: ExperimentSpec): Record<string, unknown> {
  const hidden = spec.model.hidden.map(({ initScale: _scale, ...layer }) => ({
    ...layer,
    init: layer.activation === "relu" || layer.activation === "leakyRelu" ? "he" : "lecun",
  }));
  const output = spec.model.output;
  const setByHand = output?.init !== undefined || output?.initScale !== undefined;
  return { "model.hidden": hidden, ...(setByHand ? { "model.output": { init: "lecun" } } : {}) };
}
