/**
 * Settings that were accepted and then ignored or misread (the notes audit and the library audit, session
 * 15): initScale beside an initializer that takes its scale from the fan-in, another optimizer's fields,
 * weight decay that zeroes or flips the weights each step, optimizer options that are not an object or are
 * misspelt, and weight decay the doctor could not see. Each case failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { Adam, blobs, EarlyStopping, generate, Momentum, moons, parseSpec, runExperiment, SGD, spirals, withValue } from "../src/index.js";
import { fileDataLoader } from "../src/node/index.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const refusal = (spec: unknown) => {
  try {
    parseSpec(spec);
  } catch (e) {
    return (e as Error).message.split("\n").slice(1).map((l) => l.trim());
  }
  return null;
};

describe("the spec refuses fields that would be ignored", () => {
  it("initScale only with randomNormal, on hidden and output layers", () => {
    expect(refusal({ model: { hidden: [{ units: 4, init: "he", initScale: 10 }] } })).toEqual(['model.hidden[0].initScale: expected only with "init": "randomNormal" (the other initializers take their scale from the fan-in); received 10']);
    expect(refusal({ model: { hidden: [], output: { initScale: 2 } } })).toEqual(['model.output.initScale: expected only with "init": "randomNormal" (the other initializers take their scale from the fan-in); received 2']);
    expect(refusal({ model: { hidden: [{ units: 4, init: "randomNormal", initScale: 10 }], output: { init: "randomNormal", initScale: 0.1 } } })).toBeNull();
  });

  it("another optimizer's fields", () => {
    expect(refusal({ optimizer: { name: "sgd", momentum: 0.9 } })).toEqual([`optimizer.momentum: expected only with "name": "momentum" (its velocity is momentum's alone); received 0.9`]);
    expect(refusal({ optimizer: { name: "momentum", beta2: 0.5 } })).toEqual([`optimizer.beta2: expected only with "name": "adam" (Adam's moment averages); received 0.5`]);
    expect(refusal({ optimizer: { name: "adam", beta1: 0.8, beta2: 0.99 } })).toBeNull();
  });

  it("weight decay with learningRate x weightDecay of 1 or more (the weights zeroed or flipped each step)", () => {
    expect(refusal({ optimizer: { name: "sgd", learningRate: 0.5, weightDecay: 4 } })).toEqual(["optimizer.weightDecay: expected learningRate x weightDecay below 1 (each step multiplies the weights by 1 - learningRate x weightDecay); received 4"]);
    expect(refusal({ optimizer: { name: "sgd", learningRate: 0.5, weightDecay: 1.9 } })).toBeNull();
  });

  it("switching the optimizer drops the one before's fields, so a sweep over optimizer.name from a momentum spec runs", () => {
    const base = parseSpec({ optimizer: { name: "momentum", learningRate: 0.1, momentum: 0.8, weightDecay: 0.01 } });
    const adam = parseSpec(withValue(base, "optimizer.name", "adam"));
    expect(adam.optimizer).toEqual({ name: "adam", learningRate: 0.1, weightDecay: 0.01 });
    expect(parseSpec(withValue(adam, "optimizer.name", "momentum")).optimizer.name).toBe("momentum");
    expect(parseSpec(withValue(base, "optimizer.name", "momentum")).optimizer.momentum).toBe(0.8);
  });
});

describe("the optimizers' constructors", () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return null;
  };
  it("refuse options that are not an object, misspelt fields, and decay at or beyond 1 a step", () => {
    expect(message(() => new SGD(0.1 as never))).toBe("NnlabError: SGD: options must be an object such as { learningRate: 0.01 }; received 0.1");
    expect(message(() => new Momentum({ learningRate: 0.01, beta: 1 } as never))).toBe('NnlabError: Momentum: options may have learningRate, momentum, weightDecay; received "beta"');
    expect(message(() => new SGD({ learningRate: 0.5, weightDecay: 4 }))).toBe("NnlabError: SGD: learningRate x weightDecay must be below 1 (each step multiplies the weights by 1 - learningRate x weightDecay); received 0.5 x 4 = 2");
    expect(message(() => new Adam({ learningRate: 0.01, beta1: 0.8, weightDecay: 0.01 }))).toBeNull();
    expect(new Momentum().momentum).toBe(0.9);
  });
});

describe("the doctor sees the optimizer's weight decay", () => {
  it("weight decay that crushed the weights is over-regularized (lower weightDecay), as the same update through l2 is", async () => {
    // SGD 0.3 with weightDecay 1/3 on 120 training moons: the update of an L2 lambda of 40
    const common = { seed: 1, data: { source: "moons", n: 200 }, training: { epochs: 600 } };
    const decayed = await runExperiment(parseSpec({ ...common, optimizer: { name: "sgd", learningRate: 0.3, weightDecay: 1 / 3 } }));
    const first = decayed.diagnosis.causes[0]!;
    expect(first.id).toBe("over-regularized");
    expect(first.evidence[0]).toMatch(/^the optimizer's weight decay 0\.333 \(each step multiplies the weights by 1 - 0\.3 x 0\.333 = 0\.9, the update an L2 lambda of 40 gives on these 120 training examples\) has shrunk the weights' norm/);
    expect(first.advice).toContain("lower the optimizer's weightDecay about 10 times (to 0.0333), then tune it on the dev set (a sweep on a log scale)");
    const viaL2 = await runExperiment(parseSpec({ ...common, l2: 40, optimizer: { name: "sgd", learningRate: 0.3 } }));
    expect(viaL2.diagnosis.causes[0]!.id).toBe("over-regularized");
    // a light decay that did not hold the network back is not blamed
    const light = await runExperiment(parseSpec({ ...common, optimizer: { name: "sgd", learningRate: 0.3, weightDecay: 1e-4 } }));
    expect(light.diagnosis.causes.map((c) => c.id)).not.toContain("over-regularized");
  });
});

describe("early stopping's monitor", () => {
  it("is one of the values fit logs, refused in the spec rather than at the first epoch", () => {
    const lines = refusal({ training: { earlyStopping: { patience: 5, monitor: "devLoss" } } })!;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^training\.earlyStopping\.monitor: expected one of "valLoss"\|"valDataLoss"\|"valAccuracy"\|"loss".*; received "devLoss"$/);
    expect(refusal({ training: { earlyStopping: { patience: 5, monitor: "valAccuracy" } } })).toBeNull();
  });

  it("a full* value (the cost with dropout off) is refused on a model without dropout, naming the plain one (an audit helper)", () => {
    // it passed the spec and failed at the end of the first epoch with a list of logged values
    expect(refusal({ training: { earlyStopping: { patience: 5, monitor: "fullLoss" } } })).toEqual([
      'training.earlyStopping.monitor: expected "loss" for a model without dropout (the full* values, the cost with dropout off, are logged only where dropout is on); received "fullLoss"',
    ]);
    expect(refusal({ training: { earlyStopping: { patience: 5, monitor: "fullAccuracy" } } })![0]).toContain('expected "accuracy"');
    expect(refusal({ dropout: 0.2, training: { earlyStopping: { patience: 5, monitor: "fullLoss" } } })).toBeNull();
    expect(refusal({ model: { hidden: [{ units: 4, dropout: 0.1 }] }, training: { earlyStopping: { patience: 5, monitor: "fullDataLoss" } } })).toBeNull();
  });

  it("a monitor that was never finite stops without an 'epoch -1' (an audit helper)", () => {
    const stopping = new EarlyStopping({ monitor: "valLoss", patience: 2 });
    const history = { epochs: [0, 1, 2], stop: null } as unknown as Parameters<EarlyStopping["onTrainEnd"]>[0]["history"];
    stopping.onTrainBegin();
    let said: unknown;
    for (let epoch = 0; epoch < 3; epoch++) said = stopping.onEpochEnd({ epoch, logs: { valLoss: NaN } } as unknown as Parameters<EarlyStopping["onEpochEnd"]>[0]);
    expect(said).toBe("stop");
    stopping.onTrainEnd({ history, model: { params: () => [] } } as unknown as Parameters<EarlyStopping["onTrainEnd"]>[0]);
    expect(history.stop!.message).toBe("valLoss was not a finite number in any of the 3 epochs");
  });
});

describe("the data's knobs where they apply (session 16)", () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  };
  const failure = async (spec: unknown, loader?: ReturnType<typeof fileDataLoader>) => {
    try {
      await runExperiment(parseSpec(spec), loader ? { loadData: loader } : {});
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  };

  it("the generators refuse a misspelt option and options of the wrong type (noize was drawn at the default noise)", () => {
    expect(message(() => generate("moons", { noize: 0.3 } as never))).toBe('moons: options may have n, noise, seed, shuffle; received "noize"');
    expect(message(() => moons({ classes: 3 } as never))).toBe('moons: options may have n, noise, seed, shuffle; received "classes"');
    expect(message(() => blobs({ seed: 1.5 }))).toBe("blobs: seed must be a whole number; received 1.5");
    expect(message(() => spirals({ turns: -1 }))).toBe("spirals: turns must be a finite number > 0; received -1");
    expect(message(() => moons({ shuffle: "no" as never }))).toBe('moons: shuffle must be true or false; received "no"');
    // a field left undefined is a field left out (the spec passes every knob, set or not)
    expect(generate("circles", { n: 20, noise: undefined, classes: undefined }).x.rows).toBe(20);
    expect(blobs({ n: 30, classes: 5 }).classes).toHaveLength(5);
  });

  it("the spec refuses classes for a generator whose classes are fixed, and the generators' knobs for a file", async () => {
    expect(await failure({ data: { source: "moons", classes: 3 }, training: { epochs: 1 } })).toBe(
      'data.classes: expected nothing for "moons" (its classes are fixed; blobs and spirals take a number of classes); received 3',
    );
    const dir = mkdtempSync(join(tmpdir(), "nnlab-knobs-"));
    writeFileSync(join(dir, "t.csv"), `x1,y\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 2}`).join("\n")}\n`);
    const csv = { source: join(dir, "t.csv") };
    expect(await failure({ data: { ...csv, noise: 0.3 }, training: { epochs: 1 } }, fileDataLoader())).toBe(
      "data.noise: expected nothing for a file (size, noise and classes are the generators' knobs); received 0.3",
    );
    expect(await failure({ data: { ...csv, n: 50 }, training: { epochs: 1 } }, fileDataLoader())).toMatch(/^data\.n: expected nothing for a file/);
    expect(await failure({ data: csv, training: { epochs: 1 } }, fileDataLoader())).toBeNull();
  });
});
