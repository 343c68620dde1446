import type { History } from "../../src/index.js";

/**
 * How many epochs the worker keeps of its run's History: twice what the doctor reads (MAX_CURVE_POINTS in
 * doctor-card.ts), so that the doctor still reads every epoch of a run of up to 10,000 epochs.
 */
export const MAX_HISTORY_POINTS = 20_000;

/**
 * Keeps a run's History bounded however long the page trains. The trainer records one value per key per
 * epoch (about 70 bytes an epoch): at the playground's 10,000-100,000 epochs a second, that grew the
 * worker's heap without end (issue 14, defect 3). Past `capacity` epochs the kept epochs are thinned to
 * every `stride`-th one (the stride doubles each time), as CurveStore does the page's curves; the newest
 * epoch is always kept, so the curves' last values and early stopping's "best epoch is the last" read
 * what the trainer just recorded. Between thinnings, an epoch off the grid is dropped as soon as a newer
 * one arrives, so the kept epochs stay evenly spaced (plus the newest).
 */
export class BoundedHistory {
  private stride = 1;

  constructor(readonly capacity = MAX_HISTORY_POINTS) {
    if (!(capacity >= 4)) throw new Error(`BoundedHistory: capacity must be at least 4; received ${capacity}`);
  }

  /** One in how many epochs is kept now. */
  get every(): number {
    return this.stride;
  }

  /** Call after the trainer recorded an epoch. Changes `history` in place (O(1), or O(capacity) once per doubling). */
  afterRecord(history: History): void {
    const n = history.length;
    // the one before the newest was kept only for being the newest
    if (n >= 2 && history.epochs[n - 2]! % this.stride !== 0) dropSecondToLast(history);
    if (history.length > this.capacity) {
      this.stride *= 2;
      keepOnGrid(history, this.stride);
    }
  }
}

function columns(history: History): Array<number[]> {
  return [history.epochs, ...Object.values(history.values)];
}

function dropSecondToLast(history: History): void {
  for (const column of columns(history)) {
    column[column.length - 2] = column[column.length - 1]!;
    column.length--;
  }
}

/** Keeps the epochs that are multiples of `stride`, and the newest. */
function keepOnGrid(history: History, stride: number): void {
  const epochs = history.epochs;
  const n = epochs.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (epochs[i]! % stride === 0 || i === n - 1) keep.push(i);
  for (const column of columns(history)) {
    for (let k = 0; k < keep.length; k++) column[k] = column[keep[k]!]!;
    column.length = keep.length;
  }
}
