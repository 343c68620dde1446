import { POINT_SIZE } from "./session.js";

/**
 * The cost curves' points (one per epoch, POINT_SIZE numbers each). Past `capacity` points every
 * other one is dropped, so a run of millions of epochs keeps a bounded, evenly spaced history; the newest
 * point is always kept (the curves end where the run is, and the legend shows its values).
 */
export class CurveStore {
  private data: Float64Array;
  private count = 0;
  /** Keep one epoch in `stride` (doubles each time the store fills up). */
  private stride = 1;
  private readonly capacity: number;
  /** Counts the changes (points added, the store cleared): a chart drawn at one version needs no redraw at it. */
  private changes = 0;

  constructor(capacity = 20_000) {
    this.capacity = capacity;
    this.data = new Float64Array(capacity * POINT_SIZE);
  }

  clear(): void {
    this.changes++;
    this.count = 0;
    this.stride = 1;
  }

  get length(): number {
    return this.count;
  }

  get version(): number {
    return this.changes;
  }

  /** Adds points (epochs in order); the newest is always kept, the others only on the stride's grid. */
  add(points: Float64Array): void {
    if (points.length > 0) this.changes++;
    for (let p = 0; p < points.length; p += POINT_SIZE) {
      // the newest point so far was kept only for being the newest
      if (this.count > 0 && this.get(this.count - 1, 0) % this.stride !== 0) this.count--;
      if (this.count === this.capacity) this.halve();
      this.data.set(points.subarray(p, p + POINT_SIZE), this.count * POINT_SIZE);
      this.count++;
    }
  }

  /** Field `field` (an index into POINT_FIELDS) of point `i`. */
  get(i: number, field: number): number {
    return this.data[i * POINT_SIZE + field]!;
  }

  /** The last point's field, or NaN when empty. */
  last(field: number): number {
    return this.count ? this.get(this.count - 1, field) : NaN;
  }

  private halve(): void {
    this.stride *= 2;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.get(i, 0) % this.stride !== 0) continue;
      this.data.copyWithin(kept * POINT_SIZE, i * POINT_SIZE, (i + 1) * POINT_SIZE);
      kept++;
    }
    this.count = kept;
  }
}
