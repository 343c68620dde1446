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

/**
 * Options of a constructor or a function: an object whose fields are all known, so that a misspelt one
 * is said, not left at its default without a word (`new SGD(0.1)` trained at the default 0.01; a
 * misspelt `{ beta: 0.5 }` left Momentum's 0.9 in place; `moons({ noize: 0.3 })` drew noise 0.1). Fields
 * set to undefined count as left out.
 */
export function checkOptions<T extends object>(where: string, options: T | undefined, known: readonly string[], example = "{ learningRate: 0.01 }"): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) fail(where, `options must be an object such as ${example}`, options);
  const unknown = Object.keys(options).filter((k) => !known.includes(k) && (options as Record<string, unknown>)[k] !== undefined);
  if (unknown.length) failReceived(where, `options may have ${known.join(", ")}`, unknown.map((k) => JSON.stringify(k)).join(", "));
  return options;
}

/**
 * Control characters (newline, tab, escape, C1), line and paragraph separators and bidi overrides/isolates
 * that a CSV header or class label may hold: written as visible escapes, so that one row stays one line and
 * nothing reorders or recolours the terminal.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A name as one printable line: "new\\nline" for "new<LF>line", "\\u{202e}" for a right-to-left override. */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`);
}
