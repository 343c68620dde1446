import { describe, expect, it } from "vitest";
import { TextCells } from "./text-cells.js";

describe("TextCells", () => {
  it("gives back every cell as pushed, across blocks, empty cells and multi-byte text included", () => {
    const cells = new TextCells();
    const written = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? "" : i % 5 === 0 ? `é,"${i}"\n` : `r${i}`));
    for (const cell of written) cells.push(cell);
    expect(cells.length).toBe(10_000);
    // in order, as predict reads them, and out of order
    expect(Array.from({ length: 10_000 }, (_, i) => cells.get(i))).toEqual(written);
    for (const i of [9_999, 0, 4_095, 4_096, 8_191, 8_192, 1]) expect(cells.get(i)).toBe(written[i]);
  });
});
