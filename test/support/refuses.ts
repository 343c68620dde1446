import { expect } from "vitest";
import { NnlabError } from "../../src/index.js";

/** Asserts that `call` throws an NnlabError of one line matching `pattern` (bad input said in one line). */
export function refuses(call: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(NnlabError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).not.toContain("\n");
}
