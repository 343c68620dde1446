import type { CauseRule } from "../types.js";
import { biasText, harmed, num, percent, costNum } from "../signals.js";

const adviceFor = (activation: string) => (activation === "relu" || activation === "leakyRelu" ? "he" : "lecun");

/**
 * Initial weights far larger than the fan-in calls for, still large at the end: the output starts
 * confidently wrong (a huge first cost), tanh/sigmoid units saturate, gradients explode or die.
 */
export const initTooLarge: CauseRule = {
  id: "init-too-large",
  assess(e) {
    if (!harmed(e)) return null;
    // still large at the end: a large start that training has since shrunk is not a cause any more
    const large = e.layers.filter((l) => l.initScale > 3 && l.finalScale > 2.5);
    if (!large.length) return null;
    const consequences: string[] = [];
    if (e.cost.initial > 3 * e.cost.constant) {
      consequences.push(`the initial weights cost ${costNum(e.cost.initial)}, ${num(e.cost.initial / e.cost.constant)} times a constant prediction's ${costNum(e.cost.constant)}${e.task === "regression" ? ": the outputs start far from the targets" : ": the outputs start confidently wrong"}`);
    }
    const saturated = large.filter((l) => l.hidden && (l.activation === "tanh" || l.activation === "sigmoid") && l.saturatedAtInit > 0.5);
    for (const l of saturated) consequences.push(`${percent(l.saturatedAtInit)} of ${l.weight}'s ${l.activation} outputs were saturated at initialization, where their gradient is near 0`);
    if (e.gradientRatioAtInit > 100) consequences.push(`the first layer's gradient was ${num(e.gradientRatioAtInit)} times the last layer's at initialization (exploding)`);
    if (!consequences.length) return null;
    const worst = large.reduce((a, b) => (b.initScale > a.initScale ? b : a));
    const act = worst.activation;
    // A first cost far above a constant prediction's is the init's doing whatever the learning rate: it
    // then explains a divergence too (a smaller rate does not rescue such a start).
    const dominant = e.cost.initial > 5 * e.cost.constant;
    return {
      id: "init-too-large",
      score: dominant ? 0.93 : 0.86,
      evidence: [
        `${large.map((l) => `${l.weight} started at ${num(l.initScale)} times the advised std (${num(l.advisedStd)}) and is still ${num(l.finalScale)} times it at the end`).join("; ")}`,
        ...consequences,
        biasText(e),
      ],
      // where the spec sets it: a hidden layer's "init", or the output layer's under model.output (the
      // probe and the suggested spec apply this change to every layer: experiment/notes-init.ts)
      advice: [
        `scale the initial weights to the fan-in: ${worst.hidden ? `"init": "${adviceFor(act)}"` : `"output": { "init": "lecun" }`} (std sqrt(${worst.hidden && adviceFor(act) === "he" ? 2 : 1}/fan_in)), not ${num(worst.initScale)} times it (${worst.weight})${large.length > 1 ? `; the same for ${large.filter((l) => l !== worst).map((l) => l.weight).join(", ")}` : ""}`,
      ],
      accountsFor: ["high-bias", "undertrained", "learning-rate-too-low", ...(dominant ? (["learning-rate-too-high"] as const) : [])],
      symptom: "initial weights too large",
    };
  },
};
