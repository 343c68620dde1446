import { expect } from "vitest";
import { NnlabError } from "../../src/index.js";

/** The error `call` throws, which must be an NnlabError. */
export function nnlabError(call: () => unknown): NnlabError {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(NnlabError);
  return error as NnlabError;
}

/** Asserts that `call` throws an NnlabError of one line matching `pattern` (bad input said in one line). */
export function refuses(call: () => unknown, pattern: RegExp): void {
  const { message } = nnlabError(call);
  expect(message).toMatch(pattern);
  expect(message).not.toContain("\n");
}
