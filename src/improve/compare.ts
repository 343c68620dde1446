/**
 * Whether a change made things better beyond noise. Both specs are trained with the same seeds (same
 * initial draws where the shapes match, same batch order), so the comparison is paired: the gain is the
 * mean over seeds of (current dev score - candidate dev score) for an error rate, of log(current /
 * candidate) for a cost. Noise is the larger of two margins: the seeds' (2 x sd / sqrt(k) of the paired
 * gains for an error rate, Student's t x sd / sqrt(k) for a cost) and the dev set's (sqrt(p (1 - p) / n)
 * for an error rate p on n examples, the rows' standard error relative to the cost for a cost: a gain
 * smaller than that is a few dev examples, not a better model). An error-rate gain that every one of three
 * or more seeds shows needs only to beat the dev set's noise.
 */
export interface Comparison {
  /** Mean of current - candidate over the seeds (positive: the candidate is better). */
  gain: number;
  /** The margin the gain had to exceed. */
  noise: number;
  better: boolean;
  /**
   * The seeds the gain and the noise were measured on: those both specs finished without diverging. 0
   * where there were none (gain Infinity and noise 0 if the candidate diverged less often) or where the
   * candidate diverged more often (gain and noise NaN).
   */
  seedsCompared: number;
  /**
   * Costs only (compareCosts): the geometric mean over the seeds of current / candidate, and the ratio it
   * had to exceed.
   */
  ratio?: number;
  noiseRatio?: number;
}

/** Seeds whose run diverged: their dev score is NaN. */
export const divergedCount = (devBySeed: readonly number[]) => devBySeed.filter((v) => !Number.isFinite(v)).length;

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** Student's t at 97.5% for 1..10 degrees of freedom (beyond, 2). */
const T_975 = [12.71, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** `factor` x sd / sqrt(k) of the paired gains (factor: 2, or Student's t for k - 1 degrees of freedom). */
function pairedNoise(gains: readonly number[], factor: "2" | "t"): number {
  if (gains.length < 2) return 0;
  const m = mean(gains);
  const variance = gains.reduce((s, g) => s + (g - m) ** 2, 0) / (gains.length - 1);
  const f = factor === "2" ? 2 : (T_975[gains.length - 2] ?? 2);
  return (f * Math.sqrt(variance)) / Math.sqrt(gains.length);
}

/**
 * Compares dev scores (error rates for a classifier, data costs for a regression) of the current spec and a
 * candidate, seed for seed. `devExamples` and `errorRate` give the dev set's own noise for error rates;
 * for costs, `costNoise`, the current spec's dev cost's standard error from its rows (the trials measure
 * it), or a relative 1% where it is not known. The 1% alone let pure noise through: with seed-to-seed
 * spread far above it, a regression kept a change no better than the spec 12-33% of the time (3 seeds).
 */
export function compareDev(current: readonly number[], candidate: readonly number[], devExamples: number, errorRate: boolean, costNoise?: number): Comparison {
  if (current.length !== candidate.length || current.length === 0) {
    throw new Error(`compareDev: expected one score per seed for both; received ${current.length} and ${candidate.length}`);
  }
  // A seed that diverged scores NaN. Fewer divergences is better only if the seeds both finished do not
  // say the candidate is worse beyond noise (a current spec that diverged on one seed of three "lost" to a
  // candidate 31 points worse on the other two); more divergences is never better; an equal number is
  // judged on the seeds both finished.
  const divergedCurrent = divergedCount(current);
  const divergedCandidate = divergedCount(candidate);
  if (divergedCurrent > 0 || divergedCandidate > 0) {
    const both = current.flatMap((c, i) => (Number.isFinite(c) && Number.isFinite(candidate[i]) ? [i] : []));
    // no seed both finished: a candidate that finished where the current spec diverged is better beyond
    // any noise (gain Infinity, as a diverged spec's cost is); one that diverged more has nothing to measure
    if (divergedCandidate > divergedCurrent || both.length === 0) {
      const better = divergedCandidate < divergedCurrent;
      return { gain: better ? Infinity : NaN, noise: better ? 0 : NaN, better, seedsCompared: 0 };
    }
    const paired = compareDev(both.map((i) => current[i]!), both.map((i) => candidate[i]!), devExamples, errorRate, costNoise);
    const better = divergedCandidate < divergedCurrent ? paired.gain > -paired.noise : paired.better;
    return { ...paired, better, seedsCompared: both.length };
  }
  const gains = current.map((c, i) => c - candidate[i]!);
  const gain = mean(gains);
  const base = mean(current);
  if (!errorRate) return compareCosts(current, candidate, gain, base, Math.max(costNoise ?? 0, 0.01 * Math.abs(base)));
  const setNoise = devSetNoise(base, devExamples);
  // With a few seeds the spread of the gains is itself a rough estimate: for an error rate, a gain that every
  // seed shows (a sign test: 1 in 2^k by chance) and that exceeds the dev set's noise counts even when that
  // spread is wide. Not for a cost: see compareCosts.
  const everySeed = gains.length >= 3 && gains.every((g) => g > 0);
  const noise = everySeed ? setNoise : Math.max(pairedNoise(gains, "2"), setNoise);
  return { gain, noise, better: gain > noise, seedsCompared: gains.length };
}

/** The dev set's own standard error of an error rate p on n examples, sqrt(p (1 - p) / n), with p at least 1 / n (a 0% error is not exact). */
export function devSetNoise(p: number, n: number): number {
  return Math.sqrt((Math.max(p, 1 / n) * (1 - p)) / Math.max(1, n));
}

/**
 * Costs are compared as ratios: the paired gains are log(current / candidate), judged with Student's t
 * against the larger of their spread and the dev cost's own standard error (relative to the cost). A
 * regression's seeds differ far more than its dev set's noise (plane: seed sd 66% of the cost, the rows'
 * standard error 19%), and the sign test kept a change no better than the spec 12% of the time, 34% as the
 * best of 6 (1-4% with Student's t, test/improve/noise.test.ts). On differences, a start whose seeds ended
 * far apart set a margin no candidate could pass: unstandardized inputs at dev costs 79.8, 2.61 and 1.50
 * against 0, 0, 0 for the standardized ones (a gain of 28.0 against a margin of 112) were kept as they were
 * (an audit helper, session 18); their ratios, each 50 to 1600, are beyond any such doubt. `gain` and
 * `noise` are given in cost units (noise: the fall of the mean cost that a ratio at the margin would give).
 */
function compareCosts(current: readonly number[], candidate: readonly number[], gain: number, base: number, setNoise: number): Comparison {
  // (a cost of exactly 0 is a perfect fit: its ratio is taken against the smallest positive double)
  const logGains = current.map((c, i) => Math.log(Math.max(c, Number.MIN_VALUE)) - Math.log(Math.max(candidate[i]!, Number.MIN_VALUE)));
  const logGain = mean(logGains);
  const logNoise = Math.max(pairedNoise(logGains, "t"), Math.log1p(setNoise / Math.max(base, Number.MIN_VALUE)));
  return { gain, noise: base * -Math.expm1(-logNoise), better: logGain > logNoise, seedsCompared: current.length, ratio: Math.exp(logGain), noiseRatio: Math.exp(logNoise) };
}
