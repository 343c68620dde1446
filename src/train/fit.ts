import type { Augmentation } from "../data/augment.js";
import { checkPositiveInteger, fail } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import { Rng } from "../tensor/rng.js";
import { gatherRowsInto, Tensor } from "../tensor/tensor.js";
import type { Callback, TrainingState } from "./callbacks/callback.js";
import { History } from "./history.js";
import { countCorrect } from "./metrics.js";
import { nonFiniteCauses, TrainingDivergedError } from "./non-finite.js";

export interface FitOptions {
  /** Passes over the training set. */
  epochs: number;
  /** Examples per gradient step; "full" (or any size >= the set) is full-batch gradient descent. Default 32. */
  batchSize?: number | "full";
  /** Reshuffle the examples before each epoch (ignored for full batches, where order cannot matter). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling stream. Default: the model's own stream, derived from its seed. */
  seed?: number;
  /** A dev set (a Dataset, or { x, y }), evaluated after every epoch with dropout off; never augmented. */
  validationData?: { x: Tensor; y: Tensor; ids?: ArrayLike<number> } | [Tensor, Tensor];
  /**
   * Applied to every training batch (a copy) before normalization, from a stream seeded like the
   * shuffling; never to the validation data.
   */
  augment?: Augmentation;
  callbacks?: Callback[];
  /**
   * Also record the cost of the whole training set with dropout off after each epoch ("fullLoss").
   * Default: when the model has dropout, whose training cost is not a well-defined J.
   */
  recordFullCost?: boolean;
  /**
   * What to do when a batch cost is NaN or infinite: "throw" a TrainingDivergedError (default) or "stop"
   * and return the history. Either way the model is put back to its weights at the start of that epoch
   * and the error or history.stop names the likely causes.
   */
  onNonFinite?: "throw" | "stop";
}

/** Trains `model` on (x, y); see FitOptions and History. */
export function fit(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): History {
  const epochs = fitEpochs(model, x, y, options);
  for (;;) {
    const next = epochs.next();
    if (next.done) return next.value;
  }
}

/**
 * fit that hands the event loop back at least every `yieldEveryMs` (default 50 ms), between epochs, so
 * that a signal handler (Ctrl-C), a UI or a message can run during training; same results as fit.
 */
export async function fitAsync(
  model: Sequential,
  x: Tensor,
  y: Tensor,
  options: FitOptions & { yieldEveryMs?: number },
): Promise<History> {
  const epochs = fitEpochs(model, x, y, options);
  const every = options.yieldEveryMs ?? 50;
  let last = Date.now();
  for (;;) {
    const next = epochs.next();
    if (next.done) return next.value;
    if (Date.now() - last >= every) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    }
  }
}

/** The training loop, one epoch per step of the generator; fit and fitAsync drive it. */
function* fitEpochs(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): Generator<number, History> {
  if (!options || typeof options !== "object") fail("fit", "options { epochs, ... }", options);
  const loss = model.requireLoss("fit");
  const optimizer = model.optimizer!;
  const epochs = checkPositiveInteger("fit", "epochs", options.epochs);
  const augment = options.augment ?? null;
  // With augmentation, batches are gathered raw, augmented, then normalized; otherwise the whole
  // training set is normalized once.
  const input = augment ? model.checkInputs(x, "fit") : model.prepareInputs(x, "fit");
  model.checkTargets(y, x.rows, "fit");
  const target = y.dtype === model.dtype ? y : y.clone(model.dtype);
  const m = x.rows;
  if (m === 0) fail("fit", "at least one training example", "0 rows");
  const requested = options.batchSize ?? 32;
  if (requested !== "full") checkPositiveInteger("fit", "batchSize", requested);
  const batchSize = requested === "full" ? m : Math.min(requested, m);
  const fullBatch = batchSize === m;
  const gather = !fullBatch || augment !== null;
  const shuffle = (options.shuffle ?? true) && !fullBatch;
  const rng = options.seed === undefined ? model.defaultShuffleRng : new Rng(options.seed);
  const augmentRng = rng.fork();
  const onNonFinite = options.onNonFinite ?? "throw";
  if (onNonFinite !== "throw" && onNonFinite !== "stop") fail("fit", 'onNonFinite must be "throw" or "stop"', onNonFinite);

  const history = new History();
  let validation: { x: Tensor; y: Tensor } | null = null;
  if (options.validationData) {
    const v = Array.isArray(options.validationData)
      ? { x: options.validationData[0], y: options.validationData[1] }
      : options.validationData;
    const leak = model.normalization?.leakWarning(v, "validation");
    if (leak) history.warnings.push(leak);
    const vx = model.prepareInputs(v.x, "fit (validationData)");
    model.checkTargets(v.y, v.x.rows, "fit (validationData)");
    validation = { x: vx, y: v.y.dtype === model.dtype ? v.y : v.y.clone(model.dtype) };
  }
  const recordFull = options.recordFullCost ?? model.hasDropout;
  const callbacks = options.callbacks ?? [];
  model.trainingExamples = m;
  const params = model.params();
  const threshold = loss.task === "binary" ? 0.5 : 0;
  const classify = loss.task !== "regression";

  // Sized once: the permutation, the batch buffers (a full one and the last partial one), a snapshot
  // of the weights at the start of each epoch to fall back to if the cost stops being finite.
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const batches = Math.ceil(m / batchSize);
  const lastSize = m - (batches - 1) * batchSize;
  const makeBatch = (rows: number) => ({
    x: Tensor.zeros(rows, input.cols, model.dtype),
    y: Tensor.zeros(rows, target.cols, model.dtype),
  });
  const full = gather ? makeBatch(batchSize) : { x: input, y: target };
  const partial = lastSize === batchSize ? full : makeBatch(lastSize);
  const epochStart = params.map((p) => p.value.data.slice());
  let normalizedCopy: Tensor | null = null;
  const normalizedInput = (): Tensor => {
    if (!augment) return input;
    normalizedCopy ??= model.prepareInputs(x, "fit");
    return normalizedCopy;
  };

  const started = Date.now();
  const state: TrainingState = {
    model,
    history,
    epoch: 0,
    epochs,
    batch: 0,
    batches,
    batchLoss: NaN,
    logs: {},
    elapsedMs: 0,
    get x() {
      return normalizedInput();
    },
    y: target,
  };
  for (const c of callbacks) c.onTrainBegin?.(state);

  let diverged: TrainingDivergedError | null = null;
  let stopRequested = false;
  for (let epoch = 0; epoch < epochs && !stopRequested; epoch++) {
    state.epoch = epoch;
    for (let i = 0; i < params.length; i++) epochStart[i]!.set(params[i]!.value.data);
    for (const c of callbacks) c.onEpochBegin?.(state);
    if (shuffle) rng.shuffle(order);
    let lossSum = 0;
    let dataLossSum = 0;
    let regSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const end = Math.min(m, start + batchSize);
      const batch = end - start === batchSize ? full : partial;
      if (gather) {
        gatherRowsInto(input, order, start, end, batch.x);
        gatherRowsInto(target, order, start, end, batch.y);
        if (augment) {
          augment.apply(batch.x, augmentRng);
          model.normalization?.transformInPlace(batch.x);
        }
      }
      const cost = model.computeGradients(batch.x, batch.y, { mode: "train", m });
      if (!Number.isFinite(cost)) {
        for (let i = 0; i < params.length; i++) params[i]!.value.data.set(epochStart[i]!);
        const causes = nonFiniteCauses(model, normalizedInput(), optimizer.learningRate);
        const message =
          `fit: the cost became ${cost} at epoch ${epoch}, batch ${b}; the weights were put back to those at the start of epoch ${epoch}. Likely causes:\n` +
          causes.map((c) => `  - ${c}`).join("\n");
        history.stop = { reason: "nonFiniteCost", epoch, message };
        diverged = new TrainingDivergedError(message, history, epoch, b, causes);
        break;
      }
      const rows = end - start;
      lossSum += cost * rows;
      dataLossSum += model.lastDataLoss * rows;
      regSum += model.lastRegularizationLoss * rows;
      if (classify) correct += countCorrect(model.output!, batch.y, threshold);
      optimizer.step(params);
      state.batch = b;
      state.batchLoss = cost;
      for (const c of callbacks) if (c.onBatchEnd?.(state) === "stop") stopRequested = true;
    }
    if (diverged) break;
    const logs: Record<string, number> = {
      loss: lossSum / m,
      dataLoss: dataLossSum / m,
      regularizationLoss: regSum / m,
    };
    if (classify) logs.accuracy = correct / m;
    if (recordFull) {
      const e = model.evaluatePrepared(normalizedInput(), target, m, loss);
      logs.fullLoss = e.loss;
      logs.fullDataLoss = e.dataLoss;
      if (e.accuracy !== undefined) logs.fullAccuracy = e.accuracy;
    }
    if (validation) {
      const e = model.evaluatePrepared(validation.x, validation.y, m, loss);
      logs.valLoss = e.loss;
      logs.valDataLoss = e.dataLoss;
      if (e.accuracy !== undefined) logs.valAccuracy = e.accuracy;
    }
    history.record(epoch, logs);
    state.logs = logs;
    state.elapsedMs = Date.now() - started;
    for (const c of callbacks) if (c.onEpochEnd?.(state) === "stop") stopRequested = true;
    history.stop = { reason: stopRequested ? "callback" : "completed", epoch };
    yield epoch;
  }
  for (const c of callbacks) c.onTrainEnd?.(state);
  if (diverged && onNonFinite === "throw") throw diverged;
  return history;
}
