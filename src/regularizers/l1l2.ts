import { fail } from "../errors.js";
import { l1 } from "./l1.js";
import { l2 } from "./l2.js";
import type { Regularizer } from "./regularizer.js";

/** Both penalties (elastic net): l1(options.l1) + l2(options.l2), each with its own convention. */
export function l1l2(options: { l1?: number; l2?: number }): Regularizer {
  if (!options || typeof options !== "object") fail("l1l2", "options { l1, l2 }", options);
  const a = l1(options.l1 ?? 0);
  const b = l2(options.l2 ?? 0);
  return {
    config: { type: "l1l2", l1: options.l1 ?? 0, l2: options.l2 ?? 0 },
    penalty: (w, m) => a.penalty(w, m) + b.penalty(w, m),
    addGradient(w, m, into) {
      a.addGradient(w, m, into);
      b.addGradient(w, m, into);
    },
  };
}

export function regularizerFromConfig(config: { type: string; l1?: number; l2?: number }): Regularizer {
  if (!config || typeof config !== "object") fail("regularizer", 'a config such as { type: "l2", l2: 0.1 }', config);
  // an unknown type (an edited model file's "dropconnect") was loaded as l1l2 without a word
  if (config.type !== "l1" && config.type !== "l2" && config.type !== "l1l2") fail("regularizer", 'type "l1", "l2" or "l1l2"', config.type);
  // each strength the type saves must be there: a missing one ({ type: "l2", lambda: 1 }) was read as 0,
  // a model that trained without the penalty its file names
  const keys: Array<"l1" | "l2"> = config.type === "l1l2" ? ["l1", "l2"] : [config.type];
  for (const key of keys) {
    if (typeof config[key] !== "number") fail("regularizer", `the "${config.type}" config needs ${key}, a number >= 0, as saveModel writes it`, config[key]);
  }
  if (config.type === "l1") return l1(config.l1!);
  if (config.type === "l2") return l2(config.l2!);
  return l1l2({ l1: config.l1!, l2: config.l2! });
}
