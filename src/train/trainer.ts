import { checkPositiveInteger, fail, NnlabError } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { checkModel, EVALUATION_CHUNK, type Sequential } from "../model/sequential.js";
import type { Param } from "../layers/layer.js";
import type { Loss } from "../losses/loss.js";
import type { Optimizer } from "../optim/optimizer.js";
import { Rng } from "../tensor/rng.js";
import { gatherRowsInto, rowView, Tensor, type TypedArray } from "../tensor/tensor.js";
import type { Augmentation } from "../data/augment.js";
import type { Callback, TrainingState } from "./callbacks/callback.js";
import type { FitOptions } from "./fit-options.js";
import { History } from "./history.js";
import { countCorrect } from "../model/count-correct.js";
import { divergenceFacts, TrainingDivergedError } from "./non-finite.js";
import { type Divergence, DivergenceWatch } from "./divergence.js";
import { checkArrays, type TrainerSnapshot } from "./trainer-snapshot.js";
import { constantPredictorCost } from "../losses/constant-cost.js";
import { COST_SAMPLE_ROWS, evenlySpacedRows } from "./evenly-spaced.js";

interface Batch {
  x: Tensor;
  y: Tensor;
}

/**
 * The training loop, one gradient step at a time: fit runs it to the end; the playground steps it,
 * pauses it and resumes it. Everything the loop needs is sized here once (the permutation, the batch
 * buffers, a snapshot of the weights to fall back to), so a step allocates nothing.
 *
 * An epoch begins with a snapshot of the weights, the callbacks' onEpochBegin and a reshuffle; it ends
 * with the epoch's logs (see History), recorded, and the callbacks' onEpochEnd. A callback's "stop" ends
 * training at the end of the current epoch (Keras' convention).
 *
 * Between steps, snapshot() copies everything later steps depend on (weights, optimizer state, position,
 * order, random streams, the fallback weights, the divergence watch, the history, the callbacks' state)
 * as plain data; restore() of it into a new Trainer over the same model, data and options continues with
 * the same bits as if training had never stopped.
 */
export class Trainer {
  readonly model: Sequential;
  readonly history = new History();
  readonly state: TrainingState;
  /** Gradient steps taken so far. */
  iteration = 0;
  private readonly loss: Loss;
  private readonly optimizer: Optimizer;
  private readonly params: readonly Param[];
  private readonly epochs: number;
  private readonly m: number;
  private readonly batchSize: number;
  private readonly batches: number;
  private readonly gather: boolean;
  private readonly viewable: boolean;
  /** The view batches by batch position, with the row each starts at. */
  private readonly views: Array<Batch & { first: number }> = [];
  private readonly shuffle: boolean;
  private readonly rng: Rng;
  private readonly augmentRng: Rng;
  private readonly augment: Augmentation | null;
  private readonly input: Tensor;
  private readonly target: Tensor;
  private readonly rawX: Tensor;
  /** Batches are gathered from raw inputs and normalized one by one (augmentation, or a large set). */
  private readonly rawBatches: boolean;
  private readonly validation: Batch | null;
  private readonly recordFull: boolean;
  private readonly onNonFinite: "throw" | "stop";
  private readonly callbacks: Callback[];
  private readonly order: Int32Array;
  private readonly full: Batch;
  private readonly partial: Batch;
  private readonly epochStart: TypedArray[];
  /** The weights of the epoch with the lowest training cost so far: what a diverged run falls back to. */
  private readonly healthy: TypedArray[];
  private healthyCost = Infinity;
  private healthyEpoch = -1;
  private readonly watch: DivergenceWatch | null;
  private started = Date.now();
  private normalizedCopy: Tensor | null = null;
  private epochIndex = 0;
  private batchIndex = 0;
  private sums = { loss: 0, dataLoss: 0, regularization: 0, correct: 0 };
  private stopRequested = false;
  private finished = false;
  private ended = false;
  private diverged: TrainingDivergedError | null = null;
  /** The options of every step's computeGradients, made once so that a step allocates nothing. */
  private readonly stepOptions: { mode: "train"; m: number };

  constructor(model: Sequential, x: Tensor, y: Tensor, options: FitOptions) {
    checkModel("fit", model);
    checkTensor("fit", "x", x);
    if (!options || typeof options !== "object") fail("fit", "options { epochs, ... }", options);
    this.model = model;
    this.loss = model.requireLoss("fit");
    // a model with a loss but no optimizer (cloneModel copies the loss, not the optimizer or its state)
    // failed at the first step with "Cannot read properties of null (reading 'step')"
    if (!model.optimizer) throw new NnlabError("fit: the model has a loss but no optimizer (cloneModel does not copy it); call model.compile({ loss, optimizer }) first");
    this.optimizer = model.optimizer;
    this.epochs = checkPositiveInteger("fit", "epochs", options.epochs);
    this.augment = checkAugmentation(options.augment);
    const m = x.rows;
    if (m === 0) fail("fit", "at least one training example", "0 rows");
    const requested = options.batchSize ?? 32;
    if (requested !== "full") checkPositiveInteger("fit", "batchSize", requested);
    this.batchSize = requested === "full" ? m : Math.min(requested, m);
    const fullBatch = this.batchSize === m;
    this.gather = !fullBatch || this.augment !== null;
    // With augmentation, batches are gathered raw, augmented, then normalized; so are the minibatches of a
    // large normalized set (a normalized copy of a million rows would double the data's memory; the
    // elementwise (x - mu) / sigma gives the same bits either way). Otherwise the set is normalized once.
    this.rawBatches = this.augment !== null || (this.gather && m > EVALUATION_CHUNK && model.normalization != null);
    this.input = this.rawBatches ? model.checkInputs(x, "fit") : model.prepareInputs(x, "fit");
    this.rawX = x;
    model.checkTargets(y, x.rows, "fit");
    this.target = y.dtype === model.dtype ? y : y.clone(model.dtype);
    this.m = m;
    this.stepOptions = { mode: "train", m };
    this.shuffle = (options.shuffle ?? true) && !fullBatch;
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) fail("fit", "seed must be a safe integer", options.seed);
    this.rng = options.seed === undefined ? model.defaultShuffleRng : new Rng(options.seed);
    this.augmentRng = this.rng.fork();
    this.onNonFinite = options.onNonFinite ?? "throw";
    if (this.onNonFinite !== "throw" && this.onNonFinite !== "stop") fail("fit", 'onNonFinite must be "throw" or "stop"', this.onNonFinite);

    this.validation = null;
    if (options.validationData) {
      const v = Array.isArray(options.validationData)
        ? { x: options.validationData[0], y: options.validationData[1] }
        : options.validationData;
      const leak = model.normalization?.leakWarning(v, "validation");
      if (leak) this.history.warnings.push(leak);
      const vx = model.prepareInputs(v.x, "fit (validationData)");
      model.checkTargets(v.y, v.x.rows, "fit (validationData)");
      this.validation = { x: vx, y: v.y.dtype === model.dtype ? v.y : v.y.clone(model.dtype) };
    }
    this.recordFull = options.recordFullCost ?? model.hasDropout;
    this.callbacks = checkCallbacks(options.callbacks);
    model.trainingExamples = m;
    this.params = model.params();

    this.order = Int32Array.from({ length: m }, (_, i) => i);
    this.batches = Math.ceil(m / this.batchSize);
    const lastSize = m - (this.batches - 1) * this.batchSize;
    const makeBatch = (rows: number): Batch => ({
      x: Tensor.zeros(rows, this.input.cols, model.dtype),
      y: Tensor.zeros(rows, this.target.cols, model.dtype),
    });
    this.full = this.gather ? makeBatch(this.batchSize) : { x: this.input, y: this.target };
    // batches may be views of the stored rows where nothing is done to them in place (no augmentation or
    // normalization per batch) and they are already in the model's element type
    this.viewable = !this.rawBatches && this.input.dtype === model.dtype && this.target.dtype === model.dtype;
    this.partial = lastSize === this.batchSize ? this.full : makeBatch(lastSize);
    this.epochStart = this.params.map((p) => p.value.data.slice());
    this.healthy = this.params.map((p) => p.value.data.slice());
    // The cost of the initial weights (on at most 4096 examples) and of a constant prediction: the two
    // levels against which the divergence watch and the diagnosis read the curve.
    const sample = Math.min(m, COST_SAMPLE_ROWS);
    const probeRows = evenlySpacedRows(m, sample);
    // With augmentation the curve's costs are those of augmented batches, so the start is measured on the
    // sample augmented (by a copy of the augmentation's stream: training draws as it would without this):
    // strong noise on digits put every epoch "above 4 times its starting value" measured on clean rows,
    // and the run stopped as diverged at a learning rate of 1e-5 (an audit helper)
    const start = model.evaluatePrepared(
      this.augment ? this.augmentedRows(probeRows) : sample === m ? this.normalizedInput() : this.preparedRows(probeRows),
      sample === m ? this.target : this.target.gatherRows(probeRows),
      m,
      this.loss,
    );
    this.history.initial = { loss: start.loss, dataLoss: start.dataLoss, accuracy: start.accuracy, constantCost: constantPredictorCost(this.loss, this.target) };
    // The initial weights are the first healthy candidate, at their own measured cost: an epoch's mean
    // batch cost includes whatever blew up during it, so a run that blew up in epoch 0 scored epoch 1's
    // start (W1 std 8.8e54, cost 5.2e47) below epoch 0's and put it back over initial weights costing 0.627.
    // (With dropout the candidates are scored by their cost without masks, fullLoss: see endEpoch.)
    if (Number.isFinite(start.loss)) {
      this.healthyCost = start.loss;
      this.healthyEpoch = 0;
    }
    const divergence = options.stopOnDivergence ?? true;
    this.watch = divergence
      ? new DivergenceWatch(model, this.preparedRows(evenlySpacedRows(m, 128)), start.loss, this.history.initial.constantCost, this.epochs, divergence === true ? {} : divergence)
      : null;

    const trainer = this;
    this.state = {
      model,
      history: this.history,
      epoch: 0,
      epochs: this.epochs,
      batch: 0,
      batches: this.batches,
      batchLoss: NaN,
      logs: {},
      elapsedMs: 0,
      get x() {
        return trainer.normalizedInput();
      },
      gatherX: (rows: Int32Array) => trainer.preparedRows(rows),
      y: this.target,
    };
    for (const c of this.callbacks) c.onTrainBegin?.(this.state);
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.epochIndex;
  }

  /** True once the epochs are done, a callback stopped training, or the cost stopped being finite. */
  get done(): boolean {
    return this.finished;
  }

  /** The training inputs as the first layer sees them (normalized). */
  private normalizedInput(): Tensor {
    if (!this.rawBatches) return this.input;
    this.normalizedCopy ??= this.model.prepareInputs(this.rawX, "fit");
    return this.normalizedCopy;
  }

  /** Some training rows augmented as a batch is, by a copy of the augmentation's stream, then normalized. */
  private augmentedRows(rows: Int32Array): Tensor {
    const picked = this.input.gatherRows(rows);
    const draws = new Rng(0);
    draws.setState(this.augmentRng.getState());
    this.augment!.apply(picked, draws);
    this.model.normalization?.transformInPlace(picked);
    return picked;
  }

  /** Some training rows as the first layer sees them (normalized), without normalizing the whole set. */
  preparedRows(rows: Int32Array): Tensor {
    const picked = this.input.gatherRows(rows);
    if (this.rawBatches) this.model.normalization?.transformInPlace(picked);
    return picked;
  }

  /** One gradient step on one batch; returns false once training is over. */
  step(): boolean {
    if (this.finished) return false;
    const { model, params, state } = this;
    if (this.batchIndex === 0) {
      state.epoch = this.epochIndex;
      for (let i = 0; i < params.length; i++) this.epochStart[i]!.set(params[i]!.value.data);
      for (const c of this.callbacks) c.onEpochBegin?.(state);
      if (this.shuffle) this.rng.shuffle(this.order);
    }
    const b = this.batchIndex;
    const start = b * this.batchSize;
    const end = Math.min(this.m, start + this.batchSize);
    let batch = end - start === this.batchSize ? this.full : this.partial;
    if (this.gather && this.viewable && isRun(this.order, start, end)) {
      // rows in their stored order (no shuffling): the batch is a view of them, as a slice is in PyTorch;
      // a Fashion-MNIST epoch copied 188 MB for nothing (~50 ms of a 500 ms native epoch)
      // (made once per batch position and kept: no allocation per step while the order stays)
      const first = this.order[start]!;
      let view = this.views[b];
      if (view?.first !== first) view = this.views[b] = { first, x: rowView(this.input, first, first + end - start), y: rowView(this.target, first, first + end - start) };
      batch = view;
    } else if (this.gather) {
      gatherRowsInto(this.input, this.order, start, end, batch.x);
      gatherRowsInto(this.target, this.order, start, end, batch.y);
      if (this.rawBatches) {
        this.augment?.apply(batch.x, this.augmentRng);
        model.normalization?.transformInPlace(batch.x);
      }
    }
    const cost = model.computeGradients(batch.x, batch.y, this.stepOptions);
    if (!Number.isFinite(cost)) {
      this.divergedAt(cost, b);
      return false;
    }
    const rows = end - start;
    const sums = this.sums;
    sums.loss += cost * rows;
    sums.dataLoss += model.lastDataLoss * rows;
    sums.regularization += model.lastRegularizationLoss * rows;
    if (this.loss.task !== "regression") sums.correct += countCorrect(model.output!, batch.y, this.loss.task === "binary" ? 0.5 : 0);
    this.optimizer.step(params);
    this.iteration++;
    state.batch = b;
    state.batchLoss = cost;
    for (const c of this.callbacks) if (c.onBatchEnd?.(state) === "stop") this.stopRequested = true;
    if (++this.batchIndex === this.batches) this.endEpoch();
    return !this.finished;
  }

  /** Steps to the end of the current epoch; returns false once training is over. */
  runEpoch(): boolean {
    const epoch = this.epochIndex;
    while (!this.finished && this.epochIndex === epoch) this.step();
    return !this.finished;
  }

  /**
   * Asks training to stop as a callback's "stop" would: at the end of the epoch under way, or at once
   * between epochs.
   */
  requestStop(): void {
    if (this.finished) return;
    this.stopRequested = true;
    if (this.batchIndex === 0) {
      this.history.stop = { reason: "callback", epoch: this.epochIndex - 1 };
      this.finished = true;
    }
  }

  /**
   * Stops training between steps (Ctrl-C), mid-epoch if need be: the epoch under way is left out of the
   * history, and the weights go back to its start, the last recorded epoch's, so that what the history,
   * early stopping's best epoch and the saved model say are of one set of weights (a resume continues from
   * a checkpoint taken before this). Before the first epoch has ended it asks for the end of that epoch
   * instead (requestStop), so that a run always has an epoch to report.
   */
  stopNow(): void {
    if (this.finished) return;
    if (this.epochIndex === 0 || this.batchIndex === 0) return this.requestStop();
    for (let i = 0; i < this.params.length; i++) this.params[i]!.value.data.set(this.epochStart[i]!);
    this.stopRequested = true;
    this.history.stop = { reason: "callback", epoch: this.epochIndex - 1 };
    this.finished = true;
  }

  /**
   * A copy, as plain data, of everything the steps to come depend on. `history: false` leaves out the
   * per-epoch values (a run that logs them elsewhere saves copying them); restore then needs them back.
   * Take it between steps, before finish() (which may put back other weights).
   */
  snapshot(options: { history?: boolean } = {}): TrainerSnapshot {
    if (this.ended) throw new NnlabError("Trainer.snapshot: training has ended (finish() ran); take snapshots before finish()");
    const optimizer = this.optimizer;
    if (!optimizer.getState) throw new NnlabError(`Trainer.snapshot: the optimizer "${optimizer.name}" has no getState, so its state cannot be saved`);
    const copies = (arrays: readonly TypedArray[]) => arrays.map((a) => a.slice());
    return {
      format: "nnlab-trainer",
      version: 1,
      examples: this.m,
      batchSize: this.batchSize,
      epoch: this.epochIndex,
      batch: this.batchIndex,
      iteration: this.iteration,
      sums: { ...this.sums },
      stopRequested: this.stopRequested,
      finished: this.finished,
      order: this.order.slice(),
      shuffleRng: this.rng.getState(),
      augmentRng: this.augmentRng.getState(),
      weights: copies(this.params.map((p) => p.value.data)),
      modelRandom: this.model.getRandomState(),
      optimizer: optimizer.getState(this.params),
      epochStart: copies(this.epochStart),
      healthy: copies(this.healthy),
      healthyCost: this.healthyCost,
      healthyEpoch: this.healthyEpoch,
      watch: this.watch?.getState() ?? null,
      history: this.history.getState({ columns: options.history ?? true }),
      callbacks: this.callbacks.map((c) => (c.getState ? c.getState() : null)),
      diverged: this.diverged ? { message: this.diverged.message, epoch: this.diverged.epoch, batch: this.diverged.batch, facts: [...this.diverged.facts] } : null,
      elapsedMs: Date.now() - this.started,
    };
  }

  /**
   * Continues from a snapshot of a Trainer over the same model architecture, training data, batch size
   * and callbacks (in the same order). The weights, the optimizer's and the callbacks' state, the position
   * and the random streams are all put back; a snapshot taken without its history needs the history's
   * epochs and values put back into it first.
   */
  restore(snapshot: TrainerSnapshot): void {
    const where = "Trainer.restore";
    if (!snapshot || snapshot.format !== "nnlab-trainer") fail(where, "a snapshot from Trainer.snapshot", snapshot?.format ?? snapshot);
    if (snapshot.version !== 1) fail(where, "a snapshot of version 1", snapshot.version);
    if (this.ended) throw new NnlabError(`${where}: this trainer has ended (finish() ran); restore into a new one`);
    if (snapshot.examples !== this.m) fail(where, `a snapshot of training on ${this.m} examples`, snapshot.examples);
    if (snapshot.batchSize !== this.batchSize) fail(where, `a snapshot with batch size ${this.batchSize}`, snapshot.batchSize);
    if (!Number.isInteger(snapshot.batch) || snapshot.batch < 0 || snapshot.batch >= this.batches) fail(where, `a batch index in [0, ${this.batches})`, snapshot.batch);
    if (!(snapshot.order instanceof Int32Array) || !isPermutation(snapshot.order, this.m)) fail(where, `an order that is a permutation of the ${this.m} example indices`, snapshot.order);
    if (!Array.isArray(snapshot.callbacks) || snapshot.callbacks.length !== this.callbacks.length) {
      fail(where, `the state of ${this.callbacks.length} callbacks (the same ones, in the same order)`, snapshot.callbacks?.length);
    }
    const values = this.params.map((p) => p.value.data);
    checkArrays(where, "weights", snapshot.weights, values);
    checkArrays(where, "epochStart", snapshot.epochStart, values);
    checkArrays(where, "healthy", snapshot.healthy, values);
    if (!this.optimizer.setState) throw new NnlabError(`${where}: the optimizer "${this.optimizer.name}" has no setState`);
    if (!this.watch !== !snapshot.watch) fail(where, `a snapshot ${this.watch ? "with" : "without"} a divergence watch (as stopOnDivergence now asks)`, snapshot.watch);
    this.history.setState(snapshot.history);
    this.optimizer.setState(this.params, snapshot.optimizer);
    this.model.setRandomState(snapshot.modelRandom);
    this.rng.setState(snapshot.shuffleRng);
    this.augmentRng.setState(snapshot.augmentRng);
    this.params.forEach((p, i) => {
      p.value.data.set(snapshot.weights[i]!);
      this.epochStart[i]!.set(snapshot.epochStart[i]!);
      this.healthy[i]!.set(snapshot.healthy[i]!);
    });
    this.order.set(snapshot.order);
    this.watch?.setState(snapshot.watch!);
    this.callbacks.forEach((c, i) => {
      const saved = snapshot.callbacks[i];
      if (saved === null || saved === undefined) return;
      if (!c.setState) fail(where, `callback ${i} to take back its state (it has no setState)`, saved);
      c.setState(saved, { weights: values });
    });
    this.epochIndex = snapshot.epoch;
    this.batchIndex = snapshot.batch;
    this.iteration = snapshot.iteration;
    this.sums = { ...snapshot.sums };
    this.healthyCost = snapshot.healthyCost;
    this.healthyEpoch = snapshot.healthyEpoch;
    this.stopRequested = snapshot.stopRequested;
    const d = snapshot.diverged;
    this.diverged = d ? new TrainingDivergedError(d.message, this.history, d.epoch, d.batch, [...d.facts]) : null;
    // Finished as the snapshot was, except that a trainer given more epochs goes on.
    this.finished = this.diverged !== null || (this.batchIndex === 0 && (this.stopRequested || this.epochIndex >= this.epochs));
    this.started = Date.now() - snapshot.elapsedMs;
    const state = this.state;
    state.epoch = this.epochIndex;
    state.elapsedMs = snapshot.elapsedMs;
    state.logs = {};
    for (const [key, column] of Object.entries(this.history.values)) if (column.length) state.logs[key] = column[column.length - 1]!;
  }

  /** Runs to the end, then finish(). */
  run(): History {
    while (this.runEpoch());
    return this.finish();
  }

  /**
   * Ends training (early, if it is not over): the callbacks' onTrainEnd (early stopping puts back its
   * best weights here), then the history — or a TrainingDivergedError when the cost stopped being finite
   * and onNonFinite is "throw".
   */
  finish(): History {
    if (!this.ended) {
      this.ended = true;
      this.finished = true;
      for (const c of this.callbacks) c.onTrainEnd?.(this.state);
      // (early stopping may have put back other weights after a divergence, and said so in the stop's message)
      if (this.diverged && this.history.stop?.message) this.diverged.message = this.history.stop.message;
    }
    if (this.diverged && this.onNonFinite === "throw") throw this.diverged;
    return this.history;
  }

  private endEpoch(): void {
    const { m, model, loss, history, state } = this;
    const epoch = this.epochIndex;
    const logs: Record<string, number> = {
      loss: this.sums.loss / m,
      dataLoss: this.sums.dataLoss / m,
      regularizationLoss: this.sums.regularization / m,
    };
    if (loss.task !== "regression") logs.accuracy = this.sums.correct / m;
    if (this.recordFull) {
      const e = this.rawBatches && !this.augment ? model.evaluateRaw(this.input, this.target, m, loss) : model.evaluatePrepared(this.normalizedInput(), this.target, m, loss);
      logs.fullLoss = e.loss;
      logs.fullDataLoss = e.dataLoss;
      if (e.accuracy !== undefined) logs.fullAccuracy = e.accuracy;
    }
    if (this.validation) {
      const e = model.evaluatePrepared(this.validation.x, this.validation.y, m, loss);
      logs.valLoss = e.loss;
      logs.valDataLoss = e.dataLoss;
      if (e.accuracy !== undefined) logs.valAccuracy = e.accuracy;
    }
    history.record(epoch, logs);
    state.logs = logs;
    // With dropout, an epoch's cost is that of masked batches: at dropout 0.9 on a regression, 50 to 150
    // times the same weights' cost without masks (150.8 beside 1.37), so a run whose cost fell every epoch
    // was stopped as "diverged" against its unmasked start, and its initial weights put back (a doctor
    // audit, session 26). Where the unmasked cost is recorded (fullLoss, the default with dropout), the
    // weights are scored and watched by it: those at this epoch's end, the start of the next.
    const full = this.recordFull && Number.isFinite(logs.fullLoss) ? logs.fullLoss! : null;
    if (full !== null) {
      if (full < this.healthyCost) {
        this.healthyCost = full;
        this.healthyEpoch = epoch + 1;
        for (let i = 0; i < this.params.length; i++) this.healthy[i]!.set(this.params[i]!.value.data);
      }
    } else if (logs.loss! < this.healthyCost) {
      // With full batches, logs.loss is the cost of the weights at the epoch's start (close to it otherwise).
      this.healthyCost = logs.loss!;
      this.healthyEpoch = epoch;
      for (let i = 0; i < this.params.length; i++) this.healthy[i]!.set(this.epochStart[i]!);
    }
    const diverged = this.watch?.check(epoch, logs.fullLoss ?? logs.loss!);
    if (diverged) {
      this.divergedAt(logs.loss!, this.batches - 1, diverged);
      return;
    }
    state.elapsedMs = Date.now() - this.started;
    for (const c of this.callbacks) if (c.onEpochEnd?.(state) === "stop") this.stopRequested = true;
    history.stop = { reason: this.stopRequested ? "callback" : "completed", epoch };
    this.sums = { loss: 0, dataLoss: 0, regularization: 0, correct: 0 };
    this.batchIndex = 0;
    this.epochIndex++;
    if (this.stopRequested || this.epochIndex >= this.epochs) this.finished = true;
  }

  /**
   * Puts back the last healthy weights (those of the epoch with the lowest training cost, never weights
   * that had already blown up) and records why training stopped, with the facts at the stop (the cause
   * is the doctor's to name, from the whole run).
   */
  private divergedAt(cost: number, batch: number, divergence?: Divergence): void {
    const { params, history } = this;
    const epoch = this.epochIndex;
    const restoreEpoch = this.healthyEpoch;
    if (restoreEpoch >= 0) for (let i = 0; i < params.length; i++) params[i]!.value.data.set(this.healthy[i]!);
    else for (let i = 0; i < params.length; i++) params[i]!.value.data.set(this.epochStart[i]!);
    const facts = divergenceFacts(this.model, this.normalizedInput(), this.optimizer.learningRate);
    const what = divergence ? divergence.message : `the cost became ${Number.isNaN(cost) ? "not a number" : "infinite"} at epoch ${epoch}, batch ${batch}`;
    const restored = this.restoredWords(restoreEpoch, epoch);
    const message = `fit: training diverged: ${what}; ${restored}. Measured at the stop:\n` + facts.map((c) => `  - ${c}`).join("\n");
    history.stop = { reason: divergence ? "diverged" : "nonFiniteCost", epoch, message, divergence: divergence?.kind, weightGrowth: divergence?.weightGrowth, restoredEpoch: restoreEpoch };
    this.diverged = new TrainingDivergedError(message, history, epoch, batch, facts);
    this.finished = true;
    this.batchIndex = 0;
  }

  /**
   * Which weights a divergence put back, and why they: those at the start of the epoch whose training cost
   * (its mean over the epoch's batches, as the weights moved; with dropout, the unmasked cost of the
   * weights at an epoch's end) was the lowest and below the initial weights' own cost; never weights of
   * that cost, which may have blown up already.
   */
  private restoredWords(restoreEpoch: number, epoch: number): string {
    const initialCost = this.history.initial!.loss.toPrecision(4);
    const cost = this.healthyCost.toPrecision(4);
    if (restoreEpoch > 0) {
      return this.recordFull
        ? `the weights after epoch ${restoreEpoch - 1} were put back (the lowest training cost measured without dropout's masks, ${cost}; the initial weights cost ${initialCost})`
        : `the weights at the start of epoch ${restoreEpoch} were put back (the epoch with the lowest training cost, ${cost}, over its batches; the initial weights cost ${initialCost})`;
    }
    if (restoreEpoch < 0 || epoch === 0) return "the initial weights were put back";
    if (this.recordFull) return `the initial weights were put back (no epoch ended with weights costing less without dropout's masks than theirs, ${initialCost})`;
    return this.healthyCost < this.history.initial!.loss
      ? `the initial weights were put back (epoch 0, which began with them, had the lowest training cost, ${cost}, over its batches)`
      : `the initial weights were put back (no epoch's training cost over its batches was below theirs, ${initialCost})`;
  }
}

/** fit's `augment` option: absent, or an Augmentation (an object with apply(batch, rng)). */
function checkAugmentation(augment: unknown): Augmentation | null {
  if (augment === undefined || augment === null) return null;
  if (typeof augment !== "object" || typeof (augment as Partial<Augmentation>).apply !== "function") {
    fail("fit", "augment must be an Augmentation such as jitter({ std: 0.1 }) or randomFlip({ height, width })", augment);
  }
  return augment as Augmentation;
}

const CALLBACK_HOOKS = ["onTrainBegin", "onEpochBegin", "onBatchEnd", "onEpochEnd", "onTrainEnd", "getState", "setState"] as const;

/** fit's `callbacks` option: absent, or an array of callback objects whose hooks are functions. */
function checkCallbacks(callbacks: unknown): Callback[] {
  if (callbacks === undefined) return [];
  if (!Array.isArray(callbacks)) fail("fit", "callbacks must be an array of callbacks, e.g. [new EarlyStopping({ patience: 10 })]", callbacks);
  callbacks.forEach((c: unknown, i) => {
    if (!c || typeof c !== "object") fail("fit", `callbacks[${i}] must be a callback (an object with onEpochEnd, ...)`, c);
    for (const hook of CALLBACK_HOOKS) {
      const f = (c as Record<string, unknown>)[hook];
      if (f !== undefined && typeof f !== "function") fail("fit", `callbacks[${i}].${hook} must be a function`, f);
    }
  });
  return callbacks as Callback[];
}

/** Whether order[start..end) are consecutive rows (first, first + 1, ...). */
function isRun(order: Int32Array, start: number, end: number): boolean {
  const first = order[start]!;
  for (let k = start + 1; k < end; k++) if (order[k] !== first + (k - start)) return false;
  return true;
}

/** Whether `order` holds each of 0..n-1 once (a corrupt order would read outside the data). */
function isPermutation(order: Int32Array, n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = order[i]!;
    if (k < 0 || k >= n || seen[k]) return false;
    seen[k] = 1;
  }
  return true;
}

