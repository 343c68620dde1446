import { checkOptions, checkPositiveInteger, fail, failReceived, NnlabError } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { isOutputActivationLayer, type Layer, type Mode, type OutputActivationLayer, type Param } from "../layers/layer.js";
import { binaryCrossEntropy } from "../losses/binary-cross-entropy.js";
import type { Loss, LossName } from "../losses/loss.js";
import { meanSquaredError } from "../losses/mean-squared-error.js";
import { softmaxCrossEntropy } from "../losses/softmax-cross-entropy.js";
import { Adam } from "../optim/adam.js";
import { Momentum } from "../optim/momentum.js";
import type { Optimizer } from "../optim/optimizer.js";
import { SGD } from "../optim/sgd.js";
import { BufferCache } from "../tensor/buffer-cache.js";
import { Rng, type RngState } from "../tensor/rng.js";
import { checkDType, checkFinite, checkShape, type DType, rowView, Tensor } from "../tensor/tensor.js";
import { countCorrect } from "./count-correct.js";
import { Standardization } from "../data/standardization.js";

export interface SequentialOptions {
  /** Number of input features. */
  inputSize: number;
  /** The layers, first to last. */
  layers: Layer[];
  /** Element type of every parameter and buffer. Default "float32". */
  dtype?: DType;
  /** Seed of the model's random streams (initial weights, dropout masks, shuffling). Default 0. */
  seed?: number;
}

/** SequentialOptions' fields, for refusing a misspelt one (a Record: a new field must be listed). */
const SEQUENTIAL_OPTION_FIELDS: Record<keyof SequentialOptions, true> = { inputSize: true, layers: true, dtype: true, seed: true };
const SEQUENTIAL_OPTION_KEYS = Object.keys(SEQUENTIAL_OPTION_FIELDS);

export interface CompileOptions {
  loss: Loss | LossName;
  optimizer: Optimizer | "sgd" | "momentum" | "adam";
}

/** Costs of a model on a data set. `loss` = `dataLoss` + `regularizationLoss`. */
export interface Evaluation {
  loss: number;
  dataLoss: number;
  regularizationLoss: number;
  /** Fraction classified correctly (classification losses only). */
  accuracy?: number;
  /** Number classified correctly (classification losses only). */
  correct?: number;
  examples: number;
}

/** The default options of the hot methods: one shared object, so a call allocates nothing. */
const NO_OPTIONS: { mode?: Mode; m?: number } = Object.freeze({});

/**
 * Rows per forward pass when predicting or evaluating more rows than this: the layers' activations are
 * sized for one chunk, not the whole set (a million rows through a 20-unit layer would be 160 MB each).
 * Up to this size one pass, as before, so small sets give the same bits.
 */
export const EVALUATION_CHUNK = 16384;

function resolveLoss(loss: Loss | LossName): Loss {
  if (typeof loss !== "string") {
    if (!loss || typeof loss.value !== "function") fail("compile", "loss must be a loss name or a Loss", loss);
    return loss;
  }
  if (loss === "binaryCrossEntropy") return binaryCrossEntropy();
  if (loss === "softmaxCrossEntropy") return softmaxCrossEntropy();
  if (loss === "meanSquaredError") return meanSquaredError();
  return fail("compile", 'loss must be "binaryCrossEntropy", "softmaxCrossEntropy" or "meanSquaredError"', loss);
}

function resolveOptimizer(optimizer: CompileOptions["optimizer"]): Optimizer {
  if (optimizer === "sgd") return new SGD();
  if (optimizer === "momentum") return new Momentum();
  if (optimizer === "adam") return new Adam();
  if (!optimizer || typeof optimizer !== "object" || typeof optimizer.step !== "function") {
    fail("compile", 'optimizer must be "sgd", "momentum", "adam" or an Optimizer', optimizer);
  }
  return optimizer;
}

/**
 * The model each layer was built into. A layer holds the weights of the one model it was built for: the
 * same object twice in one model shared (and overwrote) its buffers, so its gradients were wrong, and a
 * layer given to a second model was rebuilt by it, silently changing the first model's predictions.
 */
const layerOwners = new WeakMap<Layer, Sequential>();

/** Whether `layer` was built into a model (checkLayer would rebuild it, overwriting that model's weights). */
export const belongsToModel = (layer: Layer): boolean => layerOwners.has(layer);

/** Throws unless `value` is a Sequential model (the check at a public function's entry). */
export function checkModel(where: string, value: unknown, name = "model"): Sequential {
  if (!(value instanceof Sequential)) fail(where, `${name} must be a Sequential model`, value);
  return value;
}

/**
 * A stack of layers trained as one network. Parameters are named like the course's: W1, b1, W2, ...
 * numbered by the layers that have parameters.
 */
export class Sequential {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly seed: number;
  readonly layers: readonly Layer[];
  /** Input standardization fitted on the training split; applied to raw inputs everywhere. */
  normalization: Standardization | null = null;
  /**
   * A regression target's standardization (one output), fitted on the training split: the network learns
   * y' = (y - mean) / std, so that neither its initial output nor the gradient's size depends on the
   * target's units (house prices of 2e5 otherwise start the cost at 1e10 and blow SGD up). What the model
   * reports stays in the target's units: predict() returns std * output + mean, and every cost is the
   * standardized problem's cost times std^2 (the data part is then exactly the raw MSE, and the L2
   * penalty scales with it, so that its share of the cost, which the doctor reads, is the one optimized).
   * The gradients are the standardized problem's: see `costScale`.
   */
  targetNormalization: Standardization | null = null;
  /** The original label of each class index (from a Dataset), for predictLabels; null for plain indices. */
  classes: Array<string | number> | null = null;
  /** The input features' names (from a Dataset), so a CSV can be matched by column name. */
  featureNames: string[] | null = null;
  /**
   * Where the inputs are data.inputFeatures (featureNames then names them: x1^2, ...): the two data
   * columns they are computed from, so that `nnlab predict` reads those columns and computes the rest.
   */
  inputFeaturesFrom: string[] | null = null;
  /**
   * What the outputs are, as the model file recorded it from the loss it was trained with: classes or
   * values. Null where unknown (a file from before nnlab saved it): predictsClasses then reads the output.
   */
  outputKind: "classes" | "values" | null = null;
  /** The label column's name (from a CSV Dataset), so that predict scores against that column and no other. */
  labelName: string | null = null;
  /** m in the regularization term lambda / (2m): the size of the training set (set by fit). */
  trainingExamples: number | null = null;
  loss: Loss | null = null;
  optimizer: Optimizer | null = null;
  /** Cost parts of the last `computeGradients` or `cost` call. */
  lastDataLoss = NaN;
  lastRegularizationLoss = NaN;
  private readonly namedParams: Param[];
  private readonly shuffleRng: Rng;
  /** The stream each layer was built with (dropout draws its masks from its own), in layer order. */
  private readonly layerRngs: Rng[] = [];
  private readonly lossGrads = new BufferCache();
  private readonly lossTargets = new BufferCache();
  private lastOutput: Tensor | null = null;

  constructor(options: SequentialOptions) {
    if (!options || typeof options !== "object") fail("Sequential", "options { inputSize, layers }", options);
    checkOptions("Sequential", options, SEQUENTIAL_OPTION_KEYS, "{ inputSize: 2, layers: [...] }");
    this.inputSize = checkPositiveInteger("Sequential", "inputSize", options.inputSize);
    this.dtype = checkDType("Sequential", options.dtype ?? "float32");
    this.seed = options.seed ?? 0;
    // said here, not by the random stream ("Rng: seed must be a safe integer")
    if (!Number.isSafeInteger(this.seed)) fail("Sequential", "seed must be a safe integer", this.seed);
    if (!Array.isArray(options.layers) || options.layers.length === 0) {
      fail("Sequential", "layers must be a non-empty array of layers", options.layers);
    }
    this.layers = [...options.layers];
    // every layer checked before any is built: a refused model leaves its layers as they were
    this.layers.forEach((layer, index) => {
      if (!layer || typeof layer.forward !== "function" || typeof layer.build !== "function") {
        fail("Sequential", `layers[${index}] must be a Layer`, layer);
      }
      const first = this.layers.indexOf(layer);
      if (first !== index) {
        throw new NnlabError(`Sequential: layers[${index}] is the same layer object as layers[${first}]; create a new one (a layer holds its own weights)`);
      }
      if (layerOwners.has(layer)) {
        throw new NnlabError(`Sequential: layers[${index}] already belongs to another model; create a new one (building it here would overwrite that model's weights)`);
      }
    });
    // Dropout drops hidden units (the notes never drop the output): after the last layer it dropped
    // outputs to 0, whose log under cross-entropy "diverged" with advice about the learning rate
    const last = this.layers.length - 1;
    if (last > 0 && this.layers[last]!.type === "dropout") {
      throw new NnlabError(`Sequential: expected the output layer last (dropout drops hidden units, never outputs); received a dropout layer as layers[${last}], after the output layer: put it before the output layer, or remove it`);
    }
    const rng = new Rng(this.seed);
    let size = this.inputSize;
    const named: Param[] = [];
    let numbered = 0;
    this.layers.forEach((layer) => {
      const layerRng = rng.fork();
      this.layerRngs.push(layerRng);
      size = layer.build({ inputSize: size, dtype: this.dtype, rng: layerRng });
      const params = layer.params();
      if (params.length > 0) numbered++;
      for (const p of params) named.push({ ...p, name: `${p.name}${numbered}` });
    });
    this.layers[0]!.inputGradientNeeded = false;
    this.outputSize = size;
    this.namedParams = named;
    this.shuffleRng = rng.fork();
    for (const layer of this.layers) layerOwners.set(layer, this);
  }

  /** The parameters in order W1, b1, W2, b2, ...; stable objects, so optimizers can key state on them. */
  params(): readonly Param[] {
    return this.namedParams;
  }

  /** Total number of trainable numbers. */
  countParams(): number {
    return this.namedParams.reduce((n, p) => n + p.value.size, 0);
  }

  /** The random stream fit shuffles with when it is given no seed of its own. */
  get defaultShuffleRng(): Rng {
    return this.shuffleRng;
  }

  /**
   * The state of every random stream the model owns (each layer's, then the default shuffling stream):
   * with the weights, what a checkpoint needs so that dropout masks after a resume are the ones an
   * uninterrupted run would have drawn.
   */
  getRandomState(): RngState[] {
    return [...this.layerRngs, this.shuffleRng].map((r) => r.getState());
  }

  /** Puts back states from getRandomState of a model with the same layers. */
  setRandomState(states: readonly RngState[]): void {
    const rngs = [...this.layerRngs, this.shuffleRng];
    if (!Array.isArray(states) || states.length !== rngs.length) {
      fail("Sequential.setRandomState", `${rngs.length} stream states (one per layer, then the shuffling stream)`, states);
    }
    rngs.forEach((r, i) => r.setState(states[i]!));
  }

  compile(options: CompileOptions): this {
    if (!options || typeof options !== "object") fail("compile", "options { loss, optimizer }", options);
    this.loss = resolveLoss(options.loss);
    this.optimizer = resolveOptimizer(options.optimizer);
    this.checkOutputFitsLoss(this.loss);
    return this;
  }

  /**
   * A cross-entropy loss reads the outputs as probabilities: after an output activation whose values leave
   * [0, 1] (linear, ReLU, tanh) its log is NaN, and fit said "training diverged ... the cost became NaN at
   * epoch 0" with advice about learning rates (a last Dense without activation: "sigmoid").
   */
  private checkOutputFitsLoss(loss: Loss): void {
    const last = this.layers[this.layers.length - 1];
    if (!loss.pairedActivation || !last || !isOutputActivationLayer(last)) return;
    const name = last.activationName;
    if (name === "linear" || name === "relu" || name === "tanh" || name === "leakyRelu") {
      throw new NnlabError(
        `compile: ${loss.name} needs outputs in [0, 1] (a "${loss.pairedActivation}" output layer); received a "${name}" output layer (give the last Dense activation: "${loss.pairedActivation}")`,
      );
    }
  }

  requireLoss(where: string): Loss {
    if (!this.loss) throw new NnlabError(`${where}: call model.compile({ loss, optimizer }) first`);
    return this.loss;
  }

  /** The output layer when the loss pairs with its activation (then the cost is taken from the logits). */
  private pairedOutput(loss: Loss): OutputActivationLayer | null {
    const last = this.layers[this.layers.length - 1]!;
    if (loss.pairedActivation && isOutputActivationLayer(last) && last.activationName === loss.pairedActivation) {
      return last;
    }
    return null;
  }

  /** Runs the layers; the result is the last layer's own buffer (copy it to keep it). */
  forward(x: Tensor, mode: Mode): Tensor {
    this.lastOutput = this.forwardThrough(x, mode, this.layers.length);
    return this.lastOutput;
  }

  /** The first `count` layers' forward passes. */
  private forwardThrough(x: Tensor, mode: Mode, count: number): Tensor {
    let out = x;
    for (let i = 0; i < count; i++) out = this.layers[i]!.forward(out, mode);
    return out;
  }

  /** The output of the last forward pass (a reused buffer). */
  get output(): Tensor | null {
    return this.lastOutput;
  }

  /** Sum of the parameters' penalties, with m the number of training examples. */
  regularizationLoss(m: number): number {
    let total = 0;
    for (const p of this.namedParams) if (p.regularizer) total += p.regularizer.penalty(p.value, m);
    return total;
  }

  /** Whether any layer behaves differently in training (dropout). */
  get hasDropout(): boolean {
    return this.layers.some((l) => l.type === "dropout");
  }

  /**
   * The cost J = data loss + regularization on (x, y), forward only. `m` is the regularization's
   * number of examples (default: the training set size, or x.rows before any fit).
   */
  cost(x: Tensor, y: Tensor, options: { mode?: Mode; m?: number } = NO_OPTIONS): number {
    return this.costIn(options.mode ?? "eval", x, this.lossTarget(y), options.m ?? this.trainingExamples ?? x.rows);
  }

  /**
   * What every reported cost is the optimized cost times: the target's variance under a target
   * normalization (the gradients computeGradients fills are those of cost / costScale), else 1.
   */
  get costScale(): number {
    const t = this.targetNormalization;
    return t ? t.std[0]! * t.std[0]! : 1;
  }

  /** The targets the loss compares the network's output with: y itself, or y standardized (a reused buffer). */
  private lossTarget(y: Tensor): Tensor {
    const t = this.targetNormalization;
    if (!t) return y;
    if (y.cols !== 1 || t.std.length !== 1) failReceived("targetNormalization", "one target column and one mean and std", `${y.cols} columns, ${t.std.length} values`);
    const out = this.lossTargets.get(y.rows, 1, y.dtype);
    out.data.set(y.data);
    t.transformInPlace(out);
    return out;
  }

  /** cost() without an options object: the training step calls it and must not allocate. `y` is the loss's target (lossTarget). */
  private costIn(mode: Mode, x: Tensor, y: Tensor, m: number): number {
    const loss = this.requireLoss("cost");
    const paired = this.pairedOutput(loss);
    if (paired?.forwardToLogits && loss.valueAndOutputFromLogits) {
      // the output activation and the loss in one pass (they share their exponentials)
      const z = paired.forwardToLogits(this.forwardThrough(x, mode, this.layers.length - 1), mode);
      const out = paired.activationOutput!();
      this.lastDataLoss = loss.valueAndOutputFromLogits(z, y, out);
      this.lastOutput = out;
    } else {
      const out = this.forward(x, mode);
      this.lastDataLoss = paired ? loss.valueFromLogits!(paired.logits(), y) : loss.value(out, y);
    }
    this.lastRegularizationLoss = this.regularizationLoss(m);
    if (this.targetNormalization) {
      const scale = this.costScale;
      this.lastDataLoss *= scale;
      this.lastRegularizationLoss *= scale;
    }
    return this.lastDataLoss + this.lastRegularizationLoss;
  }

  /**
   * Forward, cost and backward on one batch: fills every parameter's `grad` with dJ/dparam and returns
   * J. The batch must already be normalized. Allocation-free once buffers exist for this batch size.
   * Under a target normalization J is the standardized problem's cost: the value returned is J * costScale.
   */
  computeGradients(x: Tensor, y: Tensor, options: { mode?: Mode; m?: number } = NO_OPTIONS): number {
    const loss = this.requireLoss("computeGradients");
    const m = options.m ?? this.trainingExamples ?? x.rows;
    y = this.lossTarget(y);
    const total = this.costIn(options.mode ?? "train", x, y, m);
    const out = this.lastOutput!;
    const grad = this.lossGrads.get(out.rows, out.cols, out.dtype);
    const paired = this.pairedOutput(loss);
    const layers = this.layers;
    let g: Tensor;
    let i = layers.length - 1;
    if (paired) {
      loss.logitsGradient!(out, y, grad);
      g = paired.backwardFromLogits(grad);
    } else {
      loss.gradient(out, y, grad);
      g = layers[i]!.backward(grad);
    }
    for (i--; i >= 0; i--) g = layers[i]!.backward(g);
    for (const p of this.namedParams) if (p.regularizer) p.regularizer.addGradient(p.value, m, p.grad);
    return total;
  }

  /** Checks raw inputs (a tensor of the right width, finite) and returns them in the model's dtype. */
  checkInputs(x: Tensor, where: string): Tensor {
    checkTensor(where, "x", x);
    checkShape(where, "x", x, null, this.inputSize);
    checkFinite(where, "x", x);
    return x.dtype === this.dtype ? x : x.clone(this.dtype);
  }

  /** checkInputs, then the stored normalization (if any): what the first layer sees. */
  prepareInputs(x: Tensor, where: string): Tensor {
    const checked = this.checkInputs(x, where);
    return this.normalization ? this.normalization.transform(checked) : checked;
  }

  /**
   * Outputs for raw inputs (probabilities for sigmoid/softmax outputs), as a new tensor.
   * `monteCarlo: true` keeps dropout on, so repeated calls sample the network (Monte Carlo dropout).
   */
  predict(x: Tensor, options: { monteCarlo?: boolean } = {}): Tensor {
    checkTensor("predict", "x", x);
    const mode = options?.monteCarlo ? "train" : "eval";
    if (x.rows <= EVALUATION_CHUNK) return this.inTargetUnits(this.forward(this.prepareInputs(x, "predict"), mode).clone());
    // a large set is normalized a chunk at a time, never copied whole
    const input = this.checkInputs(x, "predict");
    const out = Tensor.zeros(input.rows, this.outputSize, this.dtype);
    for (let start = 0; start < input.rows; start += EVALUATION_CHUNK) {
      const end = Math.min(input.rows, start + EVALUATION_CHUNK);
      const rows = rowView(input, start, end);
      out.data.set(this.forward(this.normalization ? this.normalization.transform(rows) : rows, mode).data, start * this.outputSize);
    }
    return this.inTargetUnits(out);
  }

  /** The network's outputs (a tensor of its own) mapped in place to the target's units: std * out + mean. */
  private inTargetUnits(out: Tensor): Tensor {
    this.targetNormalization?.inverseTransformInPlace(out);
    return out;
  }

  /** Predicted class per row: 1 when a single output is > 0.5, else the index of the largest output. */
  classify(x: Tensor): number[] {
    checkTensor("classify", "x", x);
    this.requireClassifier("classify");
    return this.classesOf(this.predict(x));
  }

  /**
   * Refuses a model that predicts values: class rules read its outputs as probabilities (a regression's
   * predictions were thresholded at 0.5 into labels 0 and 1 without a word).
   */
  private requireClassifier(where: string): void {
    if (!this.predictsClasses()) {
      failReceived(where, "a model that predicts classes (a classification loss, or a file saved with classes)", "a regression model (predict gives its values)");
    }
  }

  /** classify's rule on outputs already computed (predict's): the network is not run again. */
  classesOf(out: Tensor): number[] {
    this.requireClassifier("classesOf");
    const classes: number[] = [];
    const threshold = this.loss?.task === "binary" || this.outputSize === 1 ? 0.5 : 0;
    for (let r = 0; r < out.rows; r++) {
      if (out.cols === 1) classes.push(out.data[r]! > threshold ? 1 : 0);
      else {
        let best = 0;
        for (let j = 1; j < out.cols; j++) if (out.data[r * out.cols + j]! > out.data[r * out.cols + best]!) best = j;
        classes.push(best);
      }
    }
    return classes;
  }

  /** Checks targets against the loss and the output size. */
  checkTargets(y: Tensor, rows: number, where: string): void {
    checkTensor(where, "y", y);
    if (y.rows !== rows) failReceived(where, `y must have one row per example of x (${rows})`, `${y.rows} rows`);
    checkFinite(where, "y", y);
    this.requireLoss(where).checkTargets(y, this.outputSize);
  }

  /** Cost and accuracy on raw inputs, dropout off. */
  evaluate(x: Tensor, y: Tensor, options: { m?: number } = {}): Evaluation {
    const loss = this.requireLoss("evaluate");
    checkTensor("evaluate", "x", x);
    this.checkTargets(y, x.rows, "evaluate");
    // a large set is normalized a chunk at a time, never copied whole
    if (x.rows > EVALUATION_CHUNK) return this.evaluateInChunks(this.checkInputs(x, "evaluate"), y, options.m, loss, true);
    const input = this.prepareInputs(x, "evaluate");
    return this.evaluatePrepared(input, y, options.m, loss);
  }

  /** evaluate() on inputs that are already normalized and checked (used inside fit). */
  evaluatePrepared(x: Tensor, y: Tensor, m: number | undefined, loss: Loss = this.requireLoss("evaluate")): Evaluation {
    if (x.rows > EVALUATION_CHUNK) return this.evaluateInChunks(x, y, m, loss, false);
    const total = this.cost(x, y, { mode: "eval", m: m ?? this.trainingExamples ?? x.rows });
    const result: Evaluation = {
      loss: total,
      dataLoss: this.lastDataLoss,
      regularizationLoss: this.lastRegularizationLoss,
      examples: x.rows,
    };
    if (loss.task !== "regression") {
      result.correct = countCorrect(this.lastOutput!, y, this.pairedOutput(loss) || loss.task === "binary" ? 0.5 : 0);
      result.accuracy = result.correct / x.rows;
    }
    return result;
  }

  /** evaluatePrepared on checked but not yet normalized inputs: a large set is normalized a chunk at a time. */
  evaluateRaw(x: Tensor, y: Tensor, m: number | undefined, loss: Loss = this.requireLoss("evaluate")): Evaluation {
    if (x.rows > EVALUATION_CHUNK) return this.evaluateInChunks(x, y, m, loss, true);
    return this.evaluatePrepared(this.normalization ? this.normalization.transform(x) : x, y, m, loss);
  }

  /** evaluatePrepared over EVALUATION_CHUNK rows at a time: the mean data loss and the correct count add up by rows. */
  private evaluateInChunks(x: Tensor, y: Tensor, m: number | undefined, loss: Loss, normalize: boolean): Evaluation {
    const regularizationM = m ?? this.trainingExamples ?? x.rows;
    const threshold = this.pairedOutput(loss) || loss.task === "binary" ? 0.5 : 0;
    let dataLossSum = 0;
    let correct = 0;
    for (let start = 0; start < x.rows; start += EVALUATION_CHUNK) {
      const end = Math.min(x.rows, start + EVALUATION_CHUNK);
      const yChunk = new Tensor(end - start, y.cols, y.data.subarray(start * y.cols, end * y.cols));
      const rows = rowView(x, start, end);
      this.costIn("eval", normalize && this.normalization ? this.normalization.transform(rows) : rows, this.lossTarget(yChunk), regularizationM);
      dataLossSum += this.lastDataLoss * (end - start);
      if (loss.task !== "regression") correct += countCorrect(this.lastOutput!, yChunk, threshold);
    }
    const dataLoss = dataLossSum / x.rows;
    const regularizationLoss = this.lastRegularizationLoss;
    this.lastDataLoss = dataLoss;
    const result: Evaluation = { loss: dataLoss + regularizationLoss, dataLoss, regularizationLoss, examples: x.rows };
    if (loss.task !== "regression") {
      result.correct = correct;
      result.accuracy = correct / x.rows;
    }
    return result;
  }

  /**
   * Whether the model predicts classes (else a value per output: a regression). The loss says so where the
   * model was compiled; a loaded model has no loss, so then: class labels saved with it, or an output
   * activation that gives probabilities (sigmoid, softmax), as the ONNX and TensorFlow.js export read it.
   */
  predictsClasses(): boolean {
    if (this.loss) return this.loss.task !== "regression";
    if (this.outputKind) return this.outputKind === "classes";
    if (this.classes) return true;
    const last = [...this.layers].reverse().find((l) => l.type !== "dropout");
    const name = last && isOutputActivationLayer(last) ? last.activationName : null;
    return name === "sigmoid" || name === "softmax";
  }

  /** Predicted labels in the data's own terms (e.g. "cat"), via `classes`; class indices without them. */
  predictLabels(x: Tensor): Array<string | number> {
    checkTensor("predictLabels", "x", x);
    this.requireClassifier("predictLabels");
    const classes = this.classes;
    return this.classify(x).map((c) => (classes ? classes[c]! : c));
  }

  /** Weights by name (W1, b1, ...), as nested rows [inputs][outputs]. */
  getWeights(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    for (const p of this.namedParams) out[p.name] = p.value.toArray();
    return out;
  }

  /** Sets weights by name; each must match the parameter's shape. Names not given are left as they are. */
  setWeights(weights: Record<string, ArrayLike<ArrayLike<number>> | Tensor>): void {
    for (const [name, value] of Object.entries(weights)) {
      const p = this.namedParams.find((q) => q.name === name);
      if (!p) fail("setWeights", `a parameter name among ${this.namedParams.map((q) => q.name).join(", ")}`, name);
      const t = value instanceof Tensor ? value : Tensor.from2D(value, this.dtype);
      checkShape("setWeights", name, t, p.value.rows, p.value.cols);
      // a NaN weight made every prediction NaN, found only when fit "diverged" at epoch 0
      const bad = t.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) failReceived("setWeights", `${name} must hold finite numbers`, `${t.data[bad]} at row ${Math.floor(bad / t.cols)}, column ${bad % t.cols}`);
      p.value.data.set(t.data);
    }
  }

  /** One line per layer: type, output size, parameter count. */
  summary(): string {
    const lines = [`Sequential: ${this.inputSize} inputs, ${this.dtype}, ${this.countParams()} parameters`];
    this.layers.forEach((layer, i) => {
      const n = layer.params().reduce((s, p) => s + p.value.size, 0);
      lines.push(`  ${i}: ${layer.type} ${JSON.stringify(layer.getConfig())} (${n} parameters)`);
    });
    return lines.join("\n");
  }
}
