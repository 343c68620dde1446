import { buildModel, checkGradients, fit, fitNormalizations, Rng, splitData } from "../../index.js";
import { loadData } from "../experiment.js";
import { CliError, type GlobalOptions, EXIT, output } from "../context.js";
import { readSpec } from "../spec.js";
import { formatTable } from "../table.js";

/**
 * nnlab gradcheck <spec.json>: the gradient check of the spec's model (float64, two-sided, every
 * parameter) on a few training examples, optionally after some epochs of training.
 */
export async function gradcheckCommand(
  specPath: string,
  options: GlobalOptions & { examples?: string; epochs?: string; epsilon?: string; sample?: string },
): Promise<number> {
  // Checked before any work: a NaN count or a negative epsilon would make a FAIL verdict of its own.
  const examples = option("--examples", options.examples, "a whole number >= 1", (v) => Number.isInteger(v) && v >= 1) ?? 64;
  const epochs = option("--epochs", options.epochs, "a whole number >= 0", (v) => Number.isInteger(v) && v >= 0) ?? 0;
  const epsilon = option("--epsilon", options.epsilon, "a number > 0", (v) => v > 0);
  const sampleAll = options.sample?.trim() === "all";
  const sampleGiven = sampleAll ? undefined : option("--sample", options.sample, 'a whole number >= 1 or "all"', (v) => Number.isInteger(v) && v >= 1);
  const spec = await readSpec(specPath);
  const { data } = await loadData(spec, specPath, options);
  const { train } = splitData(spec, data);
  const rows = Math.min(examples, train.x.rows);
  const pick = Int32Array.from({ length: rows }, (_, i) => i);
  const x = train.x.gatherRows(pick);
  const y = train.y.gatherRows(pick);
  const model = buildModel(spec, data, { trainSplit: train }); // "balanced" weights counted on the training rows
  fitNormalizations(model, spec, train);
  // A pre-training that diverges puts back its last healthy weights (fit's onNonFinite "stop"), and the check
  // runs on those, with the header saying so: "after 1000 epochs" was printed over the initial weights. Not
  // refused with exit 3: a wrong gradient is one cause of a divergence, and the check on finite weights is
  // what tells it from a learning rate too high, which a user sent away would not learn.
  const trained = epochs > 0 ? pretraining(fit(model, train.x, train.y, { epochs, batchSize: spec.training.batchSize, seed: spec.seed, onNonFinite: "stop" }), epochs) : null;
  // Two cost evaluations per parameter: every one of a wide network's (91,000 for 784-100-10) ran for minutes
  // without a word; a random sample of them, spread over every tensor, still names the tensor at fault.
  const total = model.countParams();
  const sample = sampleAll ? undefined : (sampleGiven ?? (total > DEFAULT_SAMPLE ? DEFAULT_SAMPLE : undefined));
  const sampled = sample !== undefined && sample < total;
  const report = checkGradients(model, x, y, { epsilon, m: train.x.rows, ...(sampled ? { sample, rng: new Rng(spec.seed) } : {}) });
  // fewer checked than the parameters: drawn at random, or (with every one tried) some left out at a ReLU kink, said below the table
  const checkedText = sampled
    ? `${report.checked} of ${total} parameters (drawn at random with the spec's seed; --sample all for every one)`
    : report.checked < total
      ? `${report.checked} of ${total} parameters (every one tried; the rest left out at a kink, as said below)`
      : `${total} parameters`;
  output(options, trained ? { ...report, training: trained } : report, () =>
    [
      `Gradient check of ${checkedText} on ${rows} examples (${report.method}, epsilon ${report.epsilon}, ${weightsText(trained)}${report.dropoutSwitchedOff ? ", dropout off" : ""}); cost J = ${Number(report.cost.toPrecision(6))}${report.costScale !== 1 ? ` (the target is standardized: the gradients checked are those of J / ${Number(report.costScale.toPrecision(4))} = ${Number((report.cost / report.costScale).toPrecision(6))}, the cost the optimizer minimizes)` : ""}`,
      ...(trained?.diverged
        ? [
            `Training diverged after ${trained.epochsTrained} of the ${trained.epochsAsked} epochs asked for (--epochs): its last healthy weights, ${trained.weightsAfterEpochs === 0 ? "the initial ones" : `those after ${trained.weightsAfterEpochs} epoch${trained.weightsAfterEpochs === 1 ? "" : "s"}`}, were put back, and they are the ones checked. A wrong gradient is one cause of a divergence (this check tells); if it passes, lower the learning rate.`,
          ]
        : []),
      "",
      formatTable(
        ["tensor", "difference", "verdict", "checked", "worst entry", "backprop", "numerical"],
        report.perTensor.map((t) => [
          t.name,
          t.difference.toExponential(2),
          t.verdict,
          `${t.checked}/${t.size}${t.kinks ? ` (+${t.kinks} at a kink)` : ""}`,
          t.worst[0] ? `[${t.worst[0].index.join(", ")}]` : "-",
          t.worst[0]?.backprop ?? "-",
          t.worst[0]?.numerical ?? "-",
        ]),
      ),
      "",
      `Overall difference ${report.difference.toExponential(3)}: ${report.verdict.toUpperCase()}. ${report.message}`,
    ].join("\n"),
  );
  return report.verdict === "fail" ? EXIT.checkFailed : EXIT.ok;
}

/**
 * What the --epochs pre-training did: the epochs asked for and trained, whether it diverged, and after how
 * many epochs the weights checked are (those put back after a divergence).
 */
function pretraining(history: { length: number; stop: { reason: string; epoch: number; restoredEpoch?: number } }, epochs: number) {
  const stop = history.stop;
  if (stop.reason !== "diverged" && stop.reason !== "nonFiniteCost") return { epochsAsked: epochs, epochsTrained: history.length, diverged: false, weightsAfterEpochs: history.length };
  // restoredEpoch: the epoch whose starting weights were put back, the weights after that many epochs (-1: the initial ones)
  return { epochsAsked: epochs, epochsTrained: stop.epoch, diverged: true, weightsAfterEpochs: Math.max(0, stop.restoredEpoch ?? -1) };
}

/** The header's words for the weights checked. */
function weightsText(trained: ReturnType<typeof pretraining> | null): string {
  if (!trained) return "at initialization";
  const after = trained.weightsAfterEpochs;
  return after === 0 ? "on the initial weights" : `after ${after} epoch${after === 1 ? "" : "s"}`;
}

/** Parameters checked when --sample is not given: all of them up to this many, else a random sample of this many. */
const DEFAULT_SAMPLE = 10_000;

/** A numeric option, or undefined when absent; anything else is a CliError naming the flag. */
function option(flag: string, text: string | undefined, expected: string, ok: (v: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new CliError(`gradcheck: ${flag} must be ${expected}; received ${JSON.stringify(text)}`);
  return value;
}
