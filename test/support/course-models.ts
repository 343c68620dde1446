/** The course exercises' networks, built through the public API. */
import { Dense, Dropout, type Layer, type Regularizer, Sequential, SGD, Tensor } from "../../src/index.js";
import { courseWeight, fixtures } from "./course-data.js";

/** Football: 2-20-3-1, ReLU, ReLU, sigmoid, from the exercise's initial weights; lr 0.3. */
export function footballModel(options: { regularizer?: Regularizer; dropoutRate?: number; seed?: number } = {}): {
  model: Sequential;
  dropouts: Dropout[];
} {
  const reg = options.regularizer;
  const dropouts: Dropout[] = [];
  const maybeDropout = (): Layer[] => {
    if (!options.dropoutRate) return [];
    const d = new Dropout({ rate: options.dropoutRate });
    dropouts.push(d);
    return [d];
  };
  const layers: Layer[] = [
    new Dense({ units: 20, activation: "relu", kernelRegularizer: reg }),
    ...maybeDropout(),
    new Dense({ units: 3, activation: "relu", kernelRegularizer: reg }),
    ...maybeDropout(),
    new Dense({ units: 1, activation: "sigmoid", kernelRegularizer: reg }),
  ];
  const model = new Sequential({ inputSize: 2, dtype: "float64", seed: options.seed ?? 0, layers });
  const f = fixtures.football_init;
  model.setWeights({ W1: courseWeight(f.W1), W2: courseWeight(f.W2), W3: courseWeight(f.W3) });
  model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.3 }) });
  return { model, dropouts };
}

/** The exercise's frozen dropout masks (rows = units, columns = examples) as [examples, units]. */
export function frozenMask(rows: string[]): Tensor {
  return Tensor.from2D(rows.map((r) => Array.from(r, Number))).transpose();
}
