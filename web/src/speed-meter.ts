/**
 * Iterations per second over the last second or so of wall-clock time (training and the time spent
 * posting and yielding alike: the speed a person gets, not the speed of the kernels alone).
 */
export class SpeedMeter {
  private samples: Array<{ at: number; count: number }> = [];
  private readonly windowMs: number;

  constructor(windowMs = 1000) {
    this.windowMs = windowMs;
  }

  /** Starts counting afresh from time `now` (ms). */
  reset(now: number): void {
    this.samples = [{ at: now, count: 0 }];
  }

  /** `count` iterations finished at time `at` (ms). */
  add(count: number, at: number): void {
    this.samples.push({ at, count });
    while (this.samples.length > 2 && at - this.samples[1]!.at > this.windowMs) this.samples.shift();
  }

  perSecond(now: number): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0]!;
    const span = now - first.at;
    if (span <= 0) return 0;
    let count = 0;
    for (let i = 1; i < this.samples.length; i++) count += this.samples[i]!.count;
    return (1000 * count) / span;
  }
}
