/**
 * The notes' remedy for each cause the doctor names, made concrete as a few candidate changes to a spec
 * (dotted paths and new values). `improve` trains each candidate and keeps the best one only if it beats
 * the current spec beyond noise, so a remedy offers a small range (a log scale for penalties and learning
 * rates) rather than one guess.
 */
import type { CauseId } from "../diagnose/doctor/types.js";
import { morePatience, raisedRate } from "../diagnose/doctor/causes/undertrained.js";
import { overlongAveraging } from "../optim/averaging.js";
import { notesInitialization } from "../experiment/notes-init.js";
import { TARGET_STEPS } from "./start.js";
import { allHiddenLinear, type ExperimentSpec, valueAt } from "../experiment/spec.js";

export interface Candidate {
  /** What changes, in words: "L2 lambda 0.1". */
  label: string;
  /** Dotted spec paths and their new values. */
  change: Record<string, unknown>;
}

export interface Remedy {
  cause: CauseId;
  /** The knob the candidates vary, in words: "L2 lambda", "hidden units". */
  knob: string;
  candidates: Candidate[];
}

/** What a remedy may know besides the spec. */
export interface RemedyContext {
  /** The learning-rate range test's suggestion, when one was run. */
  suggestedLearningRate?: number | null;
  /** Whether the data are images (augmentation by flips and shifts applies). */
  images?: boolean;
  /** Rows in the training split (the largest sensible network and batch depend on it). */
  trainRows?: number;
  /**
   * "undertrained" because early stopping went back to an early epoch (the doctor's keptTooEarly): then
   * patience or no early stopping is the remedy, and more epochs change nothing; otherwise the reverse
   * (the budget ran out, and early stopping never stopped the run).
   */
  keptTooEarly?: boolean;
  /**
   * The run's cost ended within 5% of a constant prediction's (the doctor's learnedNothing): a
   * network that learned nothing is not short of capacity, so the high-bias remedy tries the optimizer and
   * the initialization beside a bigger network.
   */
  learnedNothing?: boolean;
  /**
   * The dev cost (valLoss) at each epoch of the current spec's diagnosed run (its own seed). Early stopping
   * changes a run only where the dev cost failed to improve at some epoch: training is the same up to a stop,
   * and without one the best epoch's weights are put back only where it is not the last.
   */
  devCost?: readonly number[];
}

const round = (v: number) => Number(v.toPrecision(2));
const distinct = (candidates: Candidate[]) => {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = JSON.stringify(c.change);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * Rates on the cause's side of the current one (lower for too high, higher for too low): the range test's
 * suggestion where it points that way (one that does not, e.g. a range test whose cost was lowest at its
 * top end, offered 10 for a rate of 5 that was too high), then the factors; rates within 10% of one already
 * offered are dropped (0.099 beside 0.1 trained to the same result).
 */
function learningRates(spec: ExperimentSpec, factors: number[], suggested: number | null | undefined, direction: "lower" | "higher"): Candidate[] {
  const rate = spec.optimizer.learningRate;
  const rates = [...(suggested ? [round(suggested)] : []), ...factors.map((f) => round(rate * f))];
  const kept: number[] = [];
  for (const r of rates) {
    if (!(r > 0) || (direction === "lower" ? r >= rate : r <= rate)) continue;
    // the spec refuses a rate at which weight decay would zero or flip the weights every step
    if (r * (spec.optimizer.weightDecay ?? 0) >= 1) continue;
    if (kept.some((k) => Math.abs(k - r) <= 0.1 * Math.max(k, r))) continue;
    kept.push(r);
  }
  return kept.map((r) => ({ label: `learning rate ${r}`, change: { "optimizer.learningRate": r } }));
}

/**
 * Whether the notes' initialization would change anything: Dense already starts ReLU layers with He and
 * tanh/sigmoid layers with LeCun, so only an init or a scale set by hand, or a linear layer (Glorot), differs.
 * (An unchanged candidate trained bit-identical copies of the current spec: three trainings for nothing.)
 */
function initWouldChange(spec: ExperimentSpec): boolean {
  const output = spec.model.output;
  if (output?.init !== undefined || output?.initScale !== undefined) return true;
  return spec.model.hidden.some((h) => {
    const advised = h.activation === "relu" || h.activation === "leakyRelu" ? "he" : "lecun";
    const byDefault = h.activation === "relu" || h.activation === "leakyRelu" || h.activation === "tanh" || h.activation === "sigmoid";
    return h.initScale !== undefined || (h.init === undefined ? !byDefault : h.init !== advised);
  });
}

/** He for ReLU layers, LeCun for the others (the notes' initialization), with no extra scale; with `epochsFactor`, that many times the epochs too. */
function advisedInit(spec: ExperimentSpec, epochsFactor = 1): Candidate {
  const label = "He initialization for ReLU layers, LeCun for the others";
  if (epochsFactor === 1) return { label, change: notesInitialization(spec) };
  const epochs = spec.training.epochs * epochsFactor;
  return { label: `${label}, ${epochs} epochs`, change: { ...notesInitialization(spec), "training.epochs": epochs } };
}

/** Each hidden layer `factor` times wider (at most 1024 units); a network without one gains a layer. */
function wider(spec: ExperimentSpec, factor: number): Candidate {
  const hidden = spec.model.hidden.length
    ? spec.model.hidden.map((h) => ({ ...h, units: Math.min(1024, Math.max(h.units + 1, Math.round(h.units * factor))) }))
    : [{ units: 16, activation: "relu" as const }];
  return { label: `hidden units ${hidden.map((h) => h.units).join("-")}`, change: { "model.hidden": hidden } };
}

/** Each hidden layer `factor` times wider, and one more layer like the last: a bigger and a deeper net. */
function widerAndDeeper(spec: ExperimentSpec, factor: number): Candidate | null {
  if (spec.model.hidden.length === 0 || spec.model.hidden.length >= 4) return null;
  const hidden = (wider(spec, factor).change["model.hidden"] as ExperimentSpec["model"]["hidden"]).slice();
  hidden.push({ ...hidden[hidden.length - 1]! });
  return { label: `hidden units ${hidden.map((h) => h.units).join("-")} (one more layer)`, change: { "model.hidden": hidden } };
}

/** Every hidden layer's own penalty and dropout removed, so that the spec-wide one decides. */
function withoutLayerRegularization(spec: ExperimentSpec): Record<string, unknown> {
  if (!spec.model.hidden.some((h) => h.l2 !== undefined || h.l1 !== undefined || h.dropout !== undefined)) return {};
  return { "model.hidden": spec.model.hidden.map(({ l2: _l2, l1: _l1, dropout: _d, ...h }) => h) };
}

/** The hidden layers without their own `field` (l2 or dropout), as a change; none where no layer sets it. */
function withoutLayerField(spec: ExperimentSpec, field: "l2" | "dropout"): Record<string, unknown> {
  if (!spec.model.hidden.some((h) => h[field] !== undefined)) return {};
  return { "model.hidden": spec.model.hidden.map(({ [field]: _f, ...h }) => h) };
}

/** Whether every dotted path of `change` holds its value in `spec` already (compared as JSON). */
function unchanged(spec: ExperimentSpec, change: Record<string, unknown>): boolean {
  return Object.entries(change).every(([path, value]) => JSON.stringify(valueAt(spec, path.split("."))) === JSON.stringify(value));
}

/**
 * Early stopping on the dev cost, patience a tenth of the epochs (at least 5), for a spec without it; null
 * where it could change nothing. A stop comes after patience + 1 epochs without improvement on the best
 * one, so it cuts a run of E epochs short only with patience at most E - 3: at 3 epochs, patience 5 trained
 * the current spec bit for bit (an audit, digits), and patience 0 is what can act there. Below 3 epochs only
 * putting back the better of two epochs' weights can act (patience 0 too); one epoch leaves nothing to choose.
 * Where the diagnosed run's dev cost is known and early stopping would have left that run as it was (a dev
 * cost that fell at every one of the 3 epochs: patience 0 trained the same bits again), none either.
 */
function earlyStoppingCandidate(spec: ExperimentSpec, devCost?: readonly number[]): Candidate | null {
  const epochs = spec.training.epochs;
  if (spec.training.earlyStopping !== false || epochs < 2) return null;
  const tenth = Math.max(5, Math.round(epochs / 10));
  const patience = Math.min(tenth, Math.max(0, epochs - 3));
  if (devCost && devCost.length === epochs && !stoppingActs(devCost, patience)) return null;
  const label = patience === tenth ? "early stopping (patience 10% of the epochs)" : `early stopping (patience ${patience}: a larger one could not act within ${epochs} epochs)`;
  return { label, change: { "training.earlyStopping": { patience } } };
}

/**
 * Whether early stopping on these per-epoch dev costs (patience `patience`, minDelta 0, the best weights
 * put back) would end the run other than as it ran: a stop before the last epoch, or a best epoch before it.
 */
function stoppingActs(devCost: readonly number[], patience: number): boolean {
  let best = NaN;
  let bestEpoch = -1;
  let wait = 0;
  for (let epoch = 0; epoch < devCost.length; epoch++) {
    const value = devCost[epoch]!;
    if (bestEpoch < 0 || value < best) {
      if (Number.isFinite(value)) {
        best = value;
        bestEpoch = epoch;
        wait = 0;
        continue;
      }
    }
    if (++wait > patience && epoch < devCost.length - 1) return true;
  }
  return bestEpoch !== devCost.length - 1;
}

function l2Values(spec: ExperimentSpec): number[] {
  // a log scale around the current lambda, or the notes' 0.01..1 where there is none
  return spec.l2 > 0 ? [spec.l2 * 3, spec.l2 * 10, spec.l2 * 30].map(round) : [0.01, 0.1, 1];
}

/**
 * The candidate changes for a cause, or null when the notes' remedies are not changes to the spec (a data
 * problem: the labels or the features, not the network).
 */
export function remedyFor(cause: CauseId, spec: ExperimentSpec, context: RemedyContext = {}): Remedy | null {
  const remedy = remedyOf(cause, spec, context);
  // a candidate that sets every path to the value it has already is the current spec again (hidden units
  // at their cap of 1024, regularization scaled down from 0): three trainings for a known result
  return remedy && { ...remedy, candidates: remedy.candidates.filter((c) => !unchanged(spec, c.change)) };
}

/**
 * A run of under a tenth of the start's gradient steps is far from done, and a step of 3x the epochs
 * cannot show it: SGD at 0.3 on full batches of moons for 5 epochs (5 steps) stayed at 12% with 15 epochs,
 * and the loop ended "no remedy helped"; 500 epochs reach 2.5% (an improve audit). The candidate: the
 * start's steps (src/improve/start.ts), where that is more than 3x the epochs.
 */
function startSteps(spec: ExperimentSpec, context: RemedyContext): Candidate | null {
  const epochs = spec.training.epochs;
  const batch = spec.training.batchSize;
  if (batch !== "full" && !context.trainRows) return null; // (the steps an epoch takes are not known)
  const stepsPerEpoch = batch === "full" ? 1 : Math.ceil(context.trainRows! / batch);
  if (epochs * stepsPerEpoch >= TARGET_STEPS / 10) return null;
  const toTarget = Math.ceil(TARGET_STEPS / stepsPerEpoch);
  return toTarget > epochs * 3 ? { label: `${toTarget} epochs (about ${TARGET_STEPS} steps)`, change: { "training.epochs": toTarget } } : null;
}

function remedyOf(cause: CauseId, spec: ExperimentSpec, context: RemedyContext): Remedy | null {
  switch (cause) {
    case "learning-rate-too-high": {
      const rates = learningRates(spec, [0.1, 0.01], context.suggestedLearningRate, "lower");
      // averages that remember too long overshoot at any rate: the usual settings first, at the same rate
      // (momentum 0.999 at 0.1 on moons: 12% dev error, 3% at momentum 0.9, 12% at a tenth of the rate)
      const averaging = overlongAveraging(spec.optimizer);
      return averaging
        ? { cause, knob: "optimizer", candidates: [{ label: averaging.label, change: averaging.change }, ...rates] }
        : { cause, knob: "learning rate", candidates: rates };
    }
    case "learning-rate-too-low":
      return { cause, knob: "learning rate", candidates: learningRates(spec, [10, 100], context.suggestedLearningRate, "higher") };
    case "undertrained": {
      const epochs = spec.training.epochs;
      const stopping = spec.training.earlyStopping;
      if (context.keptTooEarly && stopping) {
        const patience = morePatience(stopping.patience, epochs);
        const candidates: Candidate[] = [];
        // the dev accuracy moves in steps of a dev example and stops on a plateau the dev cost falls through
        // (300 moons at noise 0.2, patience 5 on valAccuracy: dev error 16.7/11.7/13.3% on 3 seeds, 15.0/8.3/13.3%
        // at patience 20, 1.7/3.3/16.7% at 20 watching valLoss)
        if (stopping.monitor === "valAccuracy") {
          const change: Record<string, unknown> = { "training.earlyStopping.monitor": "valLoss" };
          if (patience !== null) change["training.earlyStopping.patience"] = patience;
          candidates.push({ label: `early stopping on the dev cost (valLoss)${patience !== null ? `, patience ${patience}` : ""}`, change });
        }
        if (patience !== null) candidates.push({ label: `early stopping patience ${patience}`, change: { "training.earlyStopping.patience": patience } });
        candidates.push({ label: "no early stopping", change: { "training.earlyStopping": false } });
        return { cause, knob: "early stopping", candidates };
      }
      const candidates: Candidate[] = [
        { label: `${epochs * 3} epochs`, change: { "training.epochs": epochs * 3 } },
      ];
      const steps = startSteps(spec, context);
      if (steps) candidates.push(steps);
      // a rate at the bottom of the usual range is why the cost still falls (the doctor's first advice then):
      // 600 moons on Adam at 1e-4 kept 9.7% dev error, its 900 epochs 10.6%; 1e-3 in the same 300 epochs 4.2%
      const raised = raisedRate(spec.optimizer.name, spec.optimizer.learningRate);
      if (raised !== null) candidates.unshift({ label: `learning rate ${round(raised)}`, change: { "optimizer.learningRate": round(raised) } });
      if (spec.optimizer.name !== "adam") {
        candidates.push({ label: `Adam at learning rate 0.01`, change: { "optimizer.name": "adam", "optimizer.learningRate": 0.01 } });
      }
      return { cause, knob: "training time", candidates };
    }
    case "symmetric-init":
    case "init-too-small":
    case "init-too-large":
      // the notes' initialization where the spec has it already (He for ReLU by default) trains the same bits
      if (!initWouldChange(spec)) return { cause, knob: "initialization", candidates: [] };
      // and with 3x the epochs: a network freed from saturation trains as any other, and may need more
      // epochs than the saturated one took to its plateau (moons, 16-16 tanh at init scale 10 on SGD 0.1,
      // 300 epochs: 10.8% dev; LeCun 11.3%, still falling, so not kept, and the loop went on with the
      // bad initialization to end at 10.8%; LeCun with 900 epochs 1.25%: an improve audit). Not with early
      // stopping, which ends both where the dev cost stops falling: the same three runs twice.
      return { cause, knob: "initialization", candidates: spec.training.earlyStopping ? [advisedInit(spec)] : [advisedInit(spec), advisedInit(spec, 3)] };
    case "inputs-not-normalized":
      return { cause, knob: "input normalization", candidates: spec.normalize ? [] : [{ label: "inputs standardized", change: { normalize: true } }] };
    case "target-not-normalized":
      return { cause, knob: "target normalization", candidates: spec.normalizeTarget ? [] : [{ label: "target standardized", change: { normalizeTarget: true } }] };
    case "over-regularized": {
      const base = withoutLayerRegularization(spec);
      const candidates: Candidate[] = [];
      // the optimizer's weight decay is regularization too (the doctor names it): scaled with the rest
      const decay = spec.optimizer.weightDecay ?? 0;
      const decayed = (f: number) => (decay > 0 ? { "optimizer.weightDecay": round(decay * f) } : {});
      // the label names the regularizers in use ("L2 lambda 0.01"): "L2 0.01, L1 0, dropout 0" listed two the
      // spec never had (birthwt at L2 0.1, session 23); where none of the spec's own is set (its layers carry
      // theirs, which every candidate clears), "L2 lambda 0"
      const inUse = ([["L2 lambda", spec.l2], ["L1 lambda", spec.l1], ["dropout", spec.dropout], ["weight decay", decay]] as const).filter(([, v]) => v > 0);
      const named = (f: number) => inUse.map(([name, v]) => `${name} ${round(v * f)}`).join(", ") || "L2 lambda 0";
      for (const f of [0.1, 0.01]) {
        candidates.push({
          label: named(f),
          change: { ...base, l2: round(spec.l2 * f), l1: round(spec.l1 * f), dropout: round(spec.dropout * f), ...decayed(f) },
        });
      }
      candidates.push({ label: "no regularization", change: { ...base, l2: 0, l1: 0, dropout: 0, ...decayed(0) } });
      return { cause, knob: "regularization", candidates: distinct(candidates) };
    }
    case "high-bias": {
      // linear hidden layers compose to one linear map: no width, depth or optimizer makes it more than a
      // linear model (circles, 16-16 linear: 50% with all of those; ReLU 1.25%)
      if (allHiddenLinear(spec)) {
        const withActivation = (activation: "relu" | "tanh"): Candidate => ({
          label: `${activation === "relu" ? "ReLU" : "tanh"} hidden layers (they were linear)`,
          change: { "model.hidden": spec.model.hidden.map((h) => ({ ...h, activation })) },
        });
        const candidates = [withActivation("relu"), withActivation("tanh")];
        // and with Adam where the optimizer is slow: each change alone can fail on a run too short for it
        // (moons, 16-16 linear on SGD at 0.003 for 50 epochs: ReLU 12.9%, Adam 12.9%, each not kept, and the
        // loop ended at 11.3% dev; ReLU with Adam at 0.01 1.7%: a review, session 21)
        if (spec.optimizer.name !== "adam") {
          const relu = withActivation("relu");
          candidates.push({ label: `${relu.label}, Adam at learning rate 0.01`, change: { ...relu.change, "optimizer.name": "adam", "optimizer.learningRate": 0.01 } });
        }
        return { cause, knob: "activation", candidates };
      }
      if (context.learnedNothing) {
        // five sigmoid layers on SGD at 0.01 stayed at 50% on moons; 4 and 16 times wider too; Adam: 2.5%
        const candidates: Candidate[] = [];
        // a run of one epoch has no curve to call "undertrained" by: it learned nothing in its few steps
        // (moons, SGD 0.3, one full batch: 17.1% dev after Adam and wider networks; 3000 steps reach 1.2%)
        const steps = startSteps(spec, context);
        if (steps) candidates.push(steps);
        if (spec.optimizer.name !== "adam") candidates.push({ label: "Adam at learning rate 0.01", change: { "optimizer.name": "adam", "optimizer.learningRate": 0.01 } });
        // the range test's rate, where it is over twice the spec's: a network that learned nothing without
        // blowing up (a blow-up is the rate-too-high cause's) may be moving too slowly to learn, and the loop
        // handed the user `nnlab lr-find` after trying only sizes (an audit, session 26: spirals, 2 sigmoid
        // units on SGD at 0.01, 0.43 from the test: 37.8% dev against Adam's 38.9%). A lower rate is not
        // offered: five sigmoid layers on SGD at 0.01 were offered 0.0047, and learned nothing there (50%).
        const suggested = context.suggestedLearningRate;
        const rate = spec.optimizer.learningRate;
        if (suggested && Number.isFinite(suggested) && suggested > 2 * rate && round(suggested) * (spec.optimizer.weightDecay ?? 0) < 1) {
          candidates.push({ label: `learning rate ${round(suggested)} (the range test's)`, change: { "optimizer.learningRate": round(suggested) } });
        }
        if (initWouldChange(spec)) candidates.push(advisedInit(spec));
        candidates.push(wider(spec, 4));
        const deeper = widerAndDeeper(spec, 4);
        if (deeper) candidates.push(deeper);
        return { cause, knob: "training (the network learned nothing)", candidates: distinct(candidates) };
      }
      // bold steps: doubling a network that is far too small wastes a step on a gain inside the noise
      const candidates = [wider(spec, 4), wider(spec, 16)];
      const more = widerAndDeeper(spec, 4);
      if (more) candidates.push(more);
      return { cause, knob: "network size", candidates: distinct(candidates) };
    }
    case "high-variance": {
      // a layer's own l2 or dropout (even 0) overrides the spec's: each candidate clears that field of the layers
      const candidates: Candidate[] = l2Values(spec).map((l2) => ({ label: `L2 lambda ${l2}`, change: { l2, ...withoutLayerField(spec, "l2") } }));
      // dropout needs hidden units to drop: without a hidden layer each such trial trained the same network
      if (spec.model.hidden.length > 0) for (const rate of [0.2, 0.4]) if (rate > spec.dropout) candidates.push({ label: `dropout ${rate}`, change: { dropout: rate, ...withoutLayerField(spec, "dropout") } });
      const stopping = earlyStoppingCandidate(spec, context.devCost);
      if (stopping) candidates.push(stopping);
      if (context.images && !spec.augment) {
        // shifts keep every image's class; flips do for clothes, not for digits: measured, not assumed
        candidates.push({ label: "augmentation: 1-pixel shifts", change: { augment: { shift: 1 } } });
        candidates.push({ label: "augmentation: flips and 1-pixel shifts", change: { augment: { flip: true, shift: 1 } } });
      }
      return { cause, knob: "regularization", candidates };
    }
    case "data-problem":
      return null;
  }
}
