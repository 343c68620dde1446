/** The input plane as a grid, for the boundary view and the network diagram's unit maps alike. */
import { Tensor } from "../../src/index.js";

/** A resolution x resolution grid over the data's extent (raw inputs), row 0 at the top, cell centres. */
export function planeGrid(extent: readonly [number, number, number, number], resolution: number): Tensor {
  const [x0, x1, y0, y1] = extent;
  const grid = Tensor.zeros(resolution * resolution, 2, "float64");
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const i = r * resolution + c;
      grid.data[2 * i] = x0 + ((c + 0.5) / resolution) * (x1 - x0);
      grid.data[2 * i + 1] = y1 - ((r + 0.5) / resolution) * (y1 - y0);
    }
  }
  return grid;
}
