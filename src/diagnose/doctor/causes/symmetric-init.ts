import type { CauseRule } from "../types.js";
import { costText, hiddenLayers } from "../signals.js";

/** Every unit of a layer started with the same weights and got the same updates: symmetry never broke. */
export const symmetricInit: CauseRule = {
  id: "symmetric-init",
  assess(e) {
    const stuck = hiddenLayers(e).filter((l) => l.identicalAtInit && l.identicalAtEnd);
    if (!stuck.length) return null;
    const names = stuck.map((l) => l.weight).join(", ");
    return {
      id: "symmetric-init",
      score: 0.95,
      evidence: [
        `every unit of ${names} had the same incoming weights at initialization and still has after ${e.epochs.trained} epochs: each layer computes one function however many units it has`,
        `${costText(e)}`,
      ],
      advice: [`initialize the weights randomly to break the symmetry: "init": "he" for ReLU layers, "lecun" for tanh (the notes' advice; never zeros for weights)`],
      accountsFor: ["high-bias", "undertrained", "learning-rate-too-low", "init-too-small", "learning-rate-too-high"],
      symptom: `symmetry not broken in ${names}`,
    };
  },
};
