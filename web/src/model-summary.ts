import { Dense, Dropout, type Sequential } from "../../src/index.js";
import { keepProbText } from "./form-rules.js";

/** The network in the page's words: one line per layer, with keep_prob beside each dropout rate. */
export function modelSummary(model: Sequential): string {
  const lines = [`${model.inputSize} inputs → ${model.outputSize} output${model.outputSize > 1 ? "s" : ""}, ${model.countParams()} parameters`];
  for (const layer of model.layers) {
    const count = layer.params().reduce((n, p) => n + p.value.size, 0);
    if (layer instanceof Dense) lines.push(`dense ${layer.units} ${layer.activationName} (${count} parameters)`);
    else if (layer instanceof Dropout) lines.push(`dropout rate ${layer.rate} (keep_prob ${keepProbText(layer.rate)})`);
    else lines.push(layer.type);
  }
  return lines.join("\n");
}
