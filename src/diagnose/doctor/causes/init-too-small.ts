import type { CauseRule } from "../types.js";
import { costNum, costText, diedWhileGrowing, harmed, hiddenLayers, num, percent } from "../signals.js";

const adviceFor = (activation: string) => (activation === "relu" || activation === "leakyRelu" ? "he" : "lecun");

/**
 * Initial weights so small that each layer shrinks the signal: the activations fade through the layers,
 * the first layers' gradients vanish, and training has not grown the weights out of it.
 */
export const initTooSmall: CauseRule = {
  id: "init-too-small",
  assess(e) {
    if (!harmed(e)) return null;
    const hidden = hiddenLayers(e);
    // Layers that started small and stayed small, or whose ReLU units died in the first epochs while their
    // weights grew from the small start towards the advised std (a network that learned well on, its units
    // dead: init-small on Adam, where He's init took the dev MSE from 0.16 to 0.0133)
    const died = hidden.filter((l) => diedWhileGrowing(e, l));
    const small = hidden.filter((l) => l.initScale < 0.3 && (l.finalScale < 0.5 || died.includes(l)));
    if (!small.length) return null;
    const firstStd = hidden[0]?.activationStdAtInit ?? 0;
    const lastHidden = hidden[hidden.length - 1];
    const fade = firstStd > 0 && lastHidden ? lastHidden.activationStdAtInit / firstStd : 1;
    const vanishing = e.gradientRatioAtInit < 1e-2;
    const stillVanishing = e.gradientRatioAtEnd < 1e-2 || (lastHidden !== undefined && lastHidden.activationStdAtEnd < 1e-3);
    if (!((fade < 1e-2 || vanishing) && (stillVanishing || e.cost.shape.learned < 0.2)) && !died.length) return null;
    const evidence = [
      `${small.map((l) => `${l.weight} started at ${num(l.initScale)} times the advised std (${num(l.advisedStd)}) and ended at ${num(l.finalScale)} times`).join("; ")}`,
    ];
    if (fade < 1e-2) evidence.push(`at initialization the signal faded through the layers: the last hidden layer's outputs had std ${costNum(lastHidden!.activationStdAtInit)}, ${costNum(fade)} times the first's`);
    for (const l of died) {
      const share = l.deadFromShare ?? l.deadMax;
      const after = share < l.deadMax ? `; at most ${percent(l.deadMax)}, ${percent(l.deadAtEnd)} at the end` : `, ${percent(l.deadAtEnd)} at the end`;
      evidence.push(`${percent(share)} of ${l.weight}'s ReLU units were dead by epoch ${l.deadFromEpoch} (${percent(l.deadAtInit)} at initialization${after}), while its weights were still growing from ${num(l.initScale)} times the advised std (they reached at most ${num(l.maxScale)} times it, never past it): the units died on the way up from too small a start, not from a step past the weights' usual size`);
    }
    if (vanishing) evidence.push(`the first layer's gradient was ${costNum(e.gradientRatioAtInit)} times the last layer's at initialization${e.gradientRatioAtEnd < 1e-2 ? ` and still ${costNum(e.gradientRatioAtEnd)} times at the end` : ""}: the first layers barely learn`);
    evidence.push(costText(e));
    const act = small[0]!.activation;
    const scale = `scale the initial weights to the fan-in: "init": "${adviceFor(act)}" (std sqrt(${adviceFor(act) === "he" ? 2 : 1}/fan_in)) instead of ${percent(small[0]!.initScale)} of it`;
    // Sigmoid's slope is at most 1/4: the notes' initialization alone does not carry the gradient through a
    // stack of them (five sigmoid layers of 10 on moons, SGD 0.5: LeCun's init left the cost at a constant
    // prediction's, W1's gradient 4.3e-3 times the last layer's; tanh with LeCun's init: 100% train accuracy).
    const sigmoids = hidden.filter((l) => l.activation === "sigmoid").length;
    const advice =
      sigmoids >= 3
        ? [`tanh hidden units with "init": "lecun" (std sqrt(1/fan_in)): the notes' initialization alone does not carry the gradient through ${sigmoids} sigmoid layers (sigmoid's slope is at most 1/4)`, scale]
        : [scale];
    return {
      id: "init-too-small",
      score: 0.86,
      evidence,
      advice,
      accountsFor: ["high-bias", "undertrained", "learning-rate-too-low"],
      symptom: "vanishing signal from too small initial weights",
    };
  },
};
