/**
 * An error that is not bad input (a bug) is reported as one line that says so and how to see more;
 * --debug prints its stack trace. Errors the file system or memory raise are bad input (exit 2).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { explain, main } from "../../src/cli/main.js";

// `nnlab runs` stands in for any command with a bug.
vi.mock("../../src/cli/commands/runs.js", () => ({
  runsCommand: async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
}));

let stderr = "";
afterEach(() => {
  vi.restoreAllMocks();
  stderr = "";
});
const captureStderr = () =>
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });

describe("unexpected errors", () => {
  it("one line, exit 1, pointing at --debug", async () => {
    captureStderr();
    expect(await main(["--runs", "no-such-folder", "runs"])).toBe(1);
    expect(stderr).toBe(
      "nnlab: unexpected error: TypeError: Cannot read properties of undefined (reading 'x') (run again with --debug for the stack trace)\n",
    );
  });

  it("--debug prints the stack trace", async () => {
    captureStderr();
    expect(await main(["--debug", "--runs", "no-such-folder", "runs"])).toBe(1);
    expect(stderr).toMatch(/^nnlab: unexpected error: TypeError: Cannot read properties of undefined \(reading 'x'\)\n\s+at /);
  });
});

describe("explain", () => {
  it("a file-system error nobody caught: its path, what the code means, exit 2", () => {
    const error = Object.assign(new Error("EEXIST: file already exists, mkdir 'out'"), { code: "EEXIST", syscall: "mkdir", path: "out" });
    expect(explain(error)).toEqual({ line: "out: already exists (as a file where a folder was expected, or the reverse) (EEXIST from mkdir)", code: 2 });
  });

  it("an allocation too large: not enough memory, exit 2", () => {
    const { line, code } = explain(new RangeError("Invalid typed array length: 2000000000000"));
    expect(code).toBe(2);
    expect(line).toBe("not enough memory for the model or the data (Invalid typed array length: 2000000000000); use fewer or smaller layers, or less data");
  });

  it("anything else is unexpected, exit 1", () => {
    expect(explain(new Error("boom\nsecond line"))).toEqual({
      line: "unexpected error: Error: boom (run again with --debug for the stack trace)",
      code: 1,
      unexpected: true,
    });
  });
});
