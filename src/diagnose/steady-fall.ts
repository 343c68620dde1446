/** Whether a cost curve falls steadily, judged on block means so that epoch-to-epoch noise does not count. */
export interface SteadyFall {
  steady: boolean;
  /** Mean of each block of epochs, first to last. */
  blockMeans: number[];
  /** Blocks whose mean is above the previous block's. */
  rises: number[];
  message: string;
}

/**
 * The notes' check for dropout: J with dropout is not well defined, so switch dropout off and check that
 * the cost of the whole network falls (here: the record of it kept during training, `fullLoss`). The
 * curve is cut into `blocks` blocks; each must average no higher than the one before (within `slack`,
 * relative, for a flat tail).
 */
export function checkSteadyFall(values: number[], options: { blocks?: number; slack?: number; what?: string } = {}): SteadyFall {
  const blocks = Math.min(options.blocks ?? 5, Math.max(1, values.length));
  const slack = options.slack ?? 0.01;
  const what = options.what ?? "the cost";
  const size = values.length / blocks;
  const blockMeans = Array.from({ length: blocks }, (_, b) => {
    const part = values.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    return part.reduce((s, v) => s + v, 0) / Math.max(1, part.length);
  });
  const rises = blockMeans.flatMap((m, b) => (b > 0 && m > blockMeans[b - 1]! * (1 + slack) ? [b] : []));
  const steady = rises.length === 0 && values.every(Number.isFinite);
  return {
    steady,
    blockMeans,
    rises,
    message: steady
      ? `${what} fell steadily over training (block means ${blockMeans.map((m) => m.toFixed(4)).join(" > ")})`
      : `${what} did not fall steadily (it rose in block${rises.length > 1 ? "s" : ""} ${rises.map((b) => b + 1).join(", ")} of ${blocks}): check backprop with dropout off, or lower the learning rate`,
  };
}
