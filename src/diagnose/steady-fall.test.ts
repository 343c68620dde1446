import { describe, expect, it } from "vitest";
import { checkSteadyFall } from "./steady-fall.js";

describe("checkSteadyFall", () => {
  it("a noisy but falling curve falls steadily; one that climbs back does not", () => {
    const falling = Array.from({ length: 100 }, (_, i) => 1 / (1 + i / 10) + 0.02 * Math.sin(i * 7));
    expect(checkSteadyFall(falling).steady).toBe(true);
    const rising = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 - i / 100 : 0.5 + (i - 50) / 50));
    const check = checkSteadyFall(rising, { what: "the dropout-off cost" });
    expect(check.steady).toBe(false);
    expect(check.rises).toEqual([3, 4]);
    expect(check.message).toMatch(/the dropout-off cost did not fall steadily \(it rose in blocks 4, 5 of 5\)/);
    expect(checkSteadyFall([1, 0.5, NaN, 0.2]).steady).toBe(false);
  });
});
