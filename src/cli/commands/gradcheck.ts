import { buildModel, checkGradients, fit, fitNormalizations, Rng, splitData } from "../../internal.js";
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
  const { data } = await loadData(spec, specPath);
  const { train } = splitData(spec, data);
  const rows = Math.min(examples, train.x.rows);
  const pick = Int32Array.from({ length: rows }, (_, i) => i);
  const x = train.x.gatherRows(pick);
  const y = train.y.gatherRows(pick);
  const model = buildModel(spec, data, { trainSplit: train }); // "balanced" weights counted on the training rows
  fitNormalizations(model, spec, train);
  if (epochs > 0) fit(model, train.x, train.y, { epochs, batchSize: spec.training.batchSize, seed: spec.seed, onNonFinite: "stop" });
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
  output(options, report, () =>
    [
      `Gradient check of ${checkedText} on ${rows} examples (${report.method}, epsilon ${report.epsilon}${epochs ? `, after ${epochs} epochs` : ", at initialization"}${report.dropoutSwitchedOff ? ", dropout off" : ""}); cost J = ${Number(report.cost.toPrecision(6))}${report.costScale !== 1 ? ` (the target is standardized: the gradients checked are those of J / ${Number(report.costScale.toPrecision(4))} = ${Number((report.cost / report.costScale).toPrecision(6))}, the cost the optimizer minimizes)` : ""}`,
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

/** Parameters checked when --sample is not given: all of them up to this many, else a random sample of this many. */
const DEFAULT_SAMPLE = 10_000;

/** A numeric option, or undefined when absent; anything else is a CliError naming the flag. */
function option(flag: string, text: string | undefined, expected: string, ok: (v: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new CliError(`gradcheck: ${flag} must be ${expected}; received ${JSON.stringify(text)}`);
  return value;
}
