/**
 * Errors raised at nnlab's public boundary. Every message says what was expected and what was
 * received, in the Keras style: "Dropout: rate must be in [0, 1); received 1.5".
 */
export class NnlabError extends Error {
  override name = "NnlabError";
}

/** Describes a received value briefly for an error message. */
export function describe(value: unknown): string {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  return typeof value;
}

/** Throws "where: expected; received <value>" (strings are shown quoted). */
export function fail(where: string, expected: string, received: unknown): never {
  throw new NnlabError(`${where}: ${expected}; received ${describe(received)}`);
}

/** Like fail, with the received part already written out ("3 columns"). */
export function failReceived(where: string, expected: string, received: string): never {
  throw new NnlabError(`${where}: ${expected}; received ${received}`);
}

export function checkPositiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    fail(where, `${name} must be a positive integer`, value);
  }
  return value;
}

export function checkNonNegative(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    fail(where, `${name} must be a finite number >= 0`, value);
  }
  return value;
}

export function checkPositive(where: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    fail(where, `${name} must be a finite number > 0`, value);
  }
  return value;
}

/** Checks lo <= value < hi (or <= hi when `closedHigh`). */
export function checkInRange(
  where: string,
  name: string,
  value: unknown,
  lo: number,
  hi: number,
  closedHigh = false,
): number {
  const ok =
    typeof value === "number" && value >= lo && (closedHigh ? value <= hi : value < hi);
  if (!ok) fail(where, `${name} must be in [${lo}, ${hi}${closedHigh ? "]" : ")"}`, value);
  return value as number;
}
